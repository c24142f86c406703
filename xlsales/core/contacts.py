"""Next contacts that have passed (docs/definitions.md, "Pipeline"): the follow-up a
prospect was promised and did not get."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from .funnel import LOST, STAGES, normalise_status
from .kpi_errors import UnknownLabelError

__all__ = ["CLOSED_STATUSES", "days_overdue", "overdue_count"]

#: A prospect with one of these statuses expects no further contact.
CLOSED_STATUSES = frozenset({STAGES[-1], LOST})


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _open(status: Any) -> bool:
    if status is None or status == "":
        return True
    try:
        return normalise_status(str(status)) not in CLOSED_STATUSES
    except UnknownLabelError:
        return True


def days_overdue(next_contacts: Sequence[Any], statuses: Sequence[Any], on: dt.date
                 ) -> list[int | None]:
    """Per prospect, the days its next contact is overdue at ``on``: ``on`` − next
    contact, when that is positive and the prospect is still open (neither client nor
    lost); ``None`` otherwise (no date, a future date, a closed prospect).

    >>> days_overdue([dt.date(2022, 6, 15), dt.date(2022, 7, 2), dt.date(2022, 6, 1), None],
    ...              ["engagé", "contacté", "client", "qualifié"], dt.date(2022, 6, 30))
    [15, None, None, None]
    """
    out: list[int | None] = []
    for when, status in zip(next_contacts, statuses, strict=True):
        day = _day(when)
        late = (on - day).days if day is not None else 0
        out.append(late if late > 0 and _open(status) else None)
    return out


def overdue_count(next_contacts: Iterable[Any], statuses: Iterable[Any], on: dt.date) -> int:
    """How many open prospects have a next contact before ``on``.

    >>> overdue_count([dt.date(2022, 6, 15), dt.date(2022, 6, 29)], ["engagé", "perdu"],
    ...               dt.date(2022, 6, 30))
    1
    """
    late = days_overdue(list(next_contacts), list(statuses), on)
    return sum(1 for days in late if days is not None)
