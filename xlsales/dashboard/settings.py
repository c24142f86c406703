"""The dashboard's settings: what the manager sets on the Paramètres sheet.

Each setting is a named input cell (the names are the contract between the sheet and
the refresh, whatever the sheet is called or where the cell sits). A blank setting takes
its default; a setting that cannot be read is a problem at its cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..core import DEFAULT_AMBER, normalise_label
from ..errors import Location, Problem
from ..i18n import DEFAULT_LANG, LANGS, text

__all__ = ["Settings", "SETTING_NAMES", "read_settings", "policy_labels"]

#: Defined name of each setting's cell.
SETTING_NAMES = {
    "lang": "Langue",
    "amber": "Seuil_Orange",
    "band_1": "Anciennete_Seuil_1",
    "band_2": "Anciennete_Seuil_2",
    "period_start": "Periode_Debut",
    "period_end": "Periode_Fin",
    "policy": "Lignes_Invalides",
}


@dataclass(frozen=True)
class Settings:
    """What a refresh needs to know beyond the data.

    ``set_aside`` chooses what a row-level problem does: stop the refresh (the
    default: nothing silently wrong) or set the row aside and list it in Contrôles.
    """

    lang: str = DEFAULT_LANG
    amber: float = DEFAULT_AMBER
    bands: tuple[float, float] = (1.0, 3.0)
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    set_aside: bool = False


def policy_labels(lang: str) -> tuple[str, str]:
    """The two choices of the invalid-rows setting: (stop, set aside)."""
    return text("dashboard.settings.stop", lang), text("dashboard.settings.set_aside", lang)


def _policy(value: Any) -> bool:
    folded = normalise_label(str(value))
    for lang in LANGS:
        stop, aside = (normalise_label(label) for label in policy_labels(lang))
        if folded == stop:
            return False
        if folded == aside:
            return True
    raise ValueError(value)


def read_settings(  # noqa: C901
    values: Mapping[str, Any],
    where: Callable[[str], Location],
) -> tuple[Settings, list[Problem]]:
    """Settings from the values of the named cells.

    Parameters
    ----------
    values : mapping
        Defined name → cell value (missing names take their default).
    where : callable
        Defined name → location of its cell, for the problems.

    Returns
    -------
    Settings, list of Problem
        The settings, and the problems found (all fatal).

    Examples
    --------
    >>> settings, problems = read_settings({"Seuil_Orange": 0.8, "Langue": "en"},
    ...                                    lambda name: Location(sheet="Paramètres"))
    >>> settings.amber, settings.lang, settings.bands, problems
    (0.8, 'en', (1.0, 3.0), [])
    """
    # Imported here: the generator needs the names above, not pandas (a third of
    # `xlsales new dashboard`).
    from .parsing import is_blank, parse_dates, parse_numbers

    lang_value = values.get(SETTING_NAMES["lang"])
    lang = str(lang_value).strip().lower() if not is_blank(lang_value) else DEFAULT_LANG
    problems: list[Problem] = []
    if lang not in LANGS:
        problems.append(Problem(where(SETTING_NAMES["lang"]),
                                text("dashboard.problem.bad_lang", DEFAULT_LANG), lang_value))
        lang = DEFAULT_LANG

    def bad(key: str, message: str) -> None:
        name = SETTING_NAMES[key]
        problems.append(Problem(where(name), text(f"dashboard.problem.{message}", lang),
                                values.get(name)))

    def number(key: str, default: float) -> float:
        value = values.get(SETTING_NAMES[key])
        if is_blank(value):
            return default
        parsed, wrong = parse_numbers([value])
        if wrong[0]:
            bad(key, "bad_number")
            return default
        return float(parsed[0])

    def date(key: str) -> dt.date | None:
        value = values.get(SETTING_NAMES[key])
        if is_blank(value):
            return None
        parsed, wrong = parse_dates([value])
        if wrong[0]:
            bad(key, "bad_date")
            return None
        return parsed[0].astype(dt.date)

    amber = number("amber", DEFAULT_AMBER)
    if not 0 <= amber <= 1:
        bad("amber", "bad_amber")
    band_1, band_2 = number("band_1", 1.0), number("band_2", 3.0)
    if not 0 < band_1 < band_2:
        bad("band_2", "bad_bands")
    start, end = date("period_start"), date("period_end")
    if start and end and end < start:
        bad("period_end", "bad_period")
    policy = values.get(SETTING_NAMES["policy"])
    set_aside = False
    if not is_blank(policy):
        try:
            set_aside = _policy(policy)
        except ValueError:
            bad("policy", "bad_policy")
    settings = Settings(lang, amber, (band_1, band_2), start, end, set_aside)
    return settings, problems
