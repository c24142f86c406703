"""The steps a refresh reports as it goes, for a progress bar or a status bar.

Apart from the refresh so that a caller can size its progress bar before importing the
analysis (and pandas): the headless refresh starts reading the workbook meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["STEPS", "Progress", "quiet"]

#: The steps a refresh reports, in order (keys of ``dashboard.message``).
STEPS = ("reading", "checking", "analysing", "writing")

#: Called with a step key of :data:`STEPS` (and ``"loading"``) as the refresh goes.
Progress = Callable[[str], None]


def quiet(step: str) -> None:
    """No progress to show."""
