"""Funnel and conversion: rates between steps, and prospects counted by status.

Seed 004 orders a prospect's progress as recensé → qualifié → contacté → engagé → client.
Counts are cumulative (a client has also been listed, qualified, contacted and engaged)
and a prospect lost to a competitor (perdu) counts as having reached "contacté".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ._arith import divide
from .kpi_errors import OutOfRangeError, UnknownLabelError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "STAGES",
    "LOST",
    "conversion_rate",
    "normalise_label",
    "normalise_status",
    "stage_codes",
    "reached",
    "funnel",
    "stage_rate",
]

#: The ordered stages of the pipeline (docs/definitions.md), in their French canonical spelling.
STAGES: tuple[str, ...] = ("recensé", "qualifié", "contacté", "engagé", "client")
#: The status of a prospect lost to a competitor.
LOST = "perdu"
#: The stage a lost prospect is counted as having reached.
LOST_REACHED = "contacté"

_ALIASES = {
    "recense": "recensé",
    "listed": "recensé",
    "qualifie": "qualifié",
    "qualified": "qualifié",
    "contacte": "contacté",
    "contacted": "contacté",
    "engage": "engagé",
    "engaged": "engagé",
    "client": "client",
    "won": "client",
    "customer": "client",
    "perdu": LOST,
    "lost": LOST,
}


def normalise_label(label: str) -> str:
    """Fold a label for matching: no accents, lower case, single spaces.

    >>> normalise_label("  Contacté ")
    'contacte'
    >>> normalise_label("Actif_à-convertir")
    'actif a convertir'
    """
    decomposed = unicodedata.normalize("NFKD", str(label))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    for sep in "_-\u00a0":
        bare = bare.replace(sep, " ")
    return " ".join(bare.lower().split())


def normalise_status(label: str) -> str:
    """Return the canonical French status for a label in French or English.

    >>> normalise_status("QUALIFIED")
    'qualifié'
    >>> normalise_status("Perdu")
    'perdu'
    >>> normalise_status("maybe")
    Traceback (most recent call last):
    ...
    xlsales.core.kpi_errors.UnknownLabelError: unknown status 'maybe'
    """
    try:
        return _ALIASES[normalise_label(label)]
    except KeyError:
        raise UnknownLabelError(f"unknown status {label!r}") from None


def _code(label: str) -> int:
    status = normalise_status(label)
    return STAGES.index(LOST_REACHED if status == LOST else status)


def stage_codes(statuses: Iterable[Any]) -> np.ndarray:
    """Index in :data:`STAGES` of the furthest stage each status has reached.

    Blanks (``None``, empty text) are skipped; each distinct label is normalised once,
    so a million statuses cost one pass.

    >>> stage_codes(["client", "perdu", None, "Recensé"])
    array([4, 2, 0])
    """
    import pandas as pd  # imported here: workbook generation needs no pandas

    if isinstance(statuses, (pd.Series, pd.Categorical, np.ndarray)):
        labels = pd.Series(statuses)
    else:
        labels = pd.Series(list(statuses), dtype=object)
    codes, uniques = pd.factorize(labels, use_na_sentinel=True)
    # Blank labels and NA (code -1, the last slot) map to -1 and are dropped.
    lookup = np.array([-1 if str(u).strip() == "" else _code(u) for u in uniques] + [-1],
                      dtype=np.int64)
    stages = lookup[codes]
    return stages[stages >= 0]


def conversion_rate(converted: Any, base: Any) -> float | np.ndarray:
    """Taux de conversion: converted / base.

    The same ratio names every step of a funnel: taux de qualification (qualified /
    listed), taux de retour (responses / contacts), taux de prise de RDV (meetings /
    responses), taux de transformation (new clients / meetings) and taux de conversion
    or efficacité globale (new clients / contacts at the top of the funnel).

    Parameters
    ----------
    converted : float or array_like
        Items that reached the later step.
    base : float or array_like
        Items at the earlier step.

    Returns
    -------
    float or ndarray
        The rate as a fraction.

    Raises
    ------
    ZeroDenominatorError
        When ``base`` is zero (scalar inputs; arrays give NaN).

    Examples
    --------
    The Abeille Langon worked case, referral programme, particuliers: 653 coupons for 2,500
    contacts.

    >>> round(conversion_rate(653, 2500), 4)
    0.2612
    """
    return divide(converted, base)


def _stage_positions(stages: Sequence[str] | None) -> list[int]:
    if stages is None:
        return list(range(len(STAGES)))
    positions = []
    for label in stages:
        status = normalise_status(label)
        if status == LOST:
            raise UnknownLabelError("'perdu' is a status, not a funnel stage")
        positions.append(STAGES.index(status))
    if not positions or positions != sorted(set(positions)):
        raise OutOfRangeError("stages must be distinct and in funnel order")
    return positions


def reached(statuses: Iterable[Any]) -> np.ndarray:
    """Number of prospects that reached each stage of :data:`STAGES` (cumulative).

    Examples
    --------
    >>> reached(["recensé", "qualifié", "client", "perdu", "engagé"])
    array([5, 4, 3, 2, 1])
    """
    codes = stage_codes(statuses)
    at_stage = np.bincount(codes, minlength=len(STAGES))
    return at_stage[::-1].cumsum()[::-1]


def funnel(statuses: Iterable[Any], stages: Sequence[str] | None = None) -> pd.DataFrame:
    """The funnel: per stage, the prospects that reached it and the rate from the
    previous stage shown.

    Parameters
    ----------
    statuses : iterable of str
        One status per prospect, French (with or without accents) or English, any case.
        Blanks are skipped.
    stages : sequence of str, optional
        The stages to show, in funnel order (default: all five). Rates are computed
        between consecutive stages shown, e.g. contacté → engagé → client.

    Returns
    -------
    DataFrame
        Columns ``stage``, ``reached`` and ``rate``; ``rate`` is ``None`` on the first
        row and NaN where the previous stage has no prospect.

    Raises
    ------
    UnknownLabelError
        For a status or stage the funnel does not know.

    Examples
    --------
    >>> funnel(["recensé", "qualifié", "client", "perdu", "engagé"])
          stage  reached      rate
    0   recensé        5      None
    1  qualifié        4       0.8
    2  contacté        3      0.75
    3    engagé        2  0.666667
    4    client        1       0.5
    """
    import pandas as pd  # imported here: workbook generation needs no pandas

    positions = _stage_positions(stages)
    counts = reached(statuses)[positions]
    rates: list[Any] = [None]
    rates += list(divide(counts[1:], counts[:-1]))
    return pd.DataFrame(
        {
            "stage": [STAGES[p] for p in positions],
            "reached": counts,
            "rate": pd.Series(rates, dtype=object),
        }
    )


def stage_rate(statuses: Iterable[Any], from_stage: str, to_stage: str) -> float:
    """Conversion between two stages: reached(to) / reached(from).

    Raises
    ------
    OutOfRangeError
        When ``to_stage`` comes before ``from_stage``.
    ZeroDenominatorError
        When no prospect reached ``from_stage``.

    Examples
    --------
    Seed 004's "prospects contactés transformés en prospects engagés":

    >>> stage_rate(["contacté", "engagé", "client", "perdu"], "contacté", "engagé")
    0.5
    """
    start, end = _stage_positions([from_stage])[0], _stage_positions([to_stage])[0]
    if end < start:
        raise OutOfRangeError("to_stage comes before from_stage")
    counts = reached(statuses)
    return divide(int(counts[end]), int(counts[start]))
