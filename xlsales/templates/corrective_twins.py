"""Formula twins of :mod:`xlsales.core.corrective`: which gaps call for an action, and
the significant over-achievements shown apart (kept beside :mod:`.twins`, same rules)."""

from __future__ import annotations

from .twins import at_least, quote

__all__ = ["gap_calls_for_action", "significant_over_achievement"]


def gap_calls_for_action(relative_gap: str, threshold: str, over_achievement: str,
                         labels: tuple[str, str]) -> str:
    """Yes when abs(gap) >= threshold and the gap is a shortfall, or an over-achievement
    with ``over_achievement`` (a cell holding the yes label) set
    (core.gap_calls_for_action); ``labels`` are yes and no.

    >>> gap_calls_for_action("G6", "Seuil_Ecart", "Action_Depassement", ("oui", "non"))
    'IF(ISNUMBER(G6),IF(AND(ABS(G6)>=Seuil_Ecart-1E-14*MAX(ABS(ABS(G6)),ABS(Seuil_Ecart)),OR(G6<0,Action_Depassement="oui")),"oui","non"),"")'
    """
    yes, no = (quote(x) for x in labels)
    reached = at_least(f"ABS({relative_gap})", threshold)
    return (f"IF(ISNUMBER({relative_gap}),IF(AND({reached},"
            f"OR({relative_gap}<0,{over_achievement}={yes})),{yes},{no}),\"\")")


def significant_over_achievement(relative_gap: str, threshold: str) -> str:
    """TRUE when the relative gap is at least ``threshold`` above the objective
    (core.significant_over_achievement).

    >>> significant_over_achievement("G6", "Seuil_Ecart")
    'IF(ISNUMBER(G6),G6>=Seuil_Ecart-1E-14*MAX(ABS(G6),ABS(Seuil_Ecart)),FALSE)'
    """
    return f"IF(ISNUMBER({relative_gap}),{at_least(relative_gap, threshold)},FALSE)"
