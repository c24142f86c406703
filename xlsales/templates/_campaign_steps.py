"""The funnel steps of a campaign, and the counts a spec gives per step: read by the
campaign's funnel sheet and by its follow-up over time.

Private to :mod:`xlsales.templates.campaign`; apart so that the follow-up
(:mod:`._campaign_periods`, which the campaign imports) reads the same steps.
"""

from __future__ import annotations

from ..spec import SpecModel
from ._spec_types import Count

__all__ = ["STEPS", "Steps"]

#: Funnel steps of a campaign, in order.
STEPS = ("contacts", "responses", "meetings", "clients", "contracts")


class Steps(SpecModel):
    """Counts per funnel step (any may be left out)."""

    contacts: Count | None = None
    responses: Count | None = None
    meetings: Count | None = None
    clients: Count | None = None
    contracts: Count | None = None
