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
    "scope_region": "Filtre_Region",
    "scope_advisor": "Filtre_Conseiller",
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
    #: The dashboard's scope (see :mod:`.scope`): one region or agency, one advisor.
    scope_region: str | None = None
    scope_advisor: str | None = None


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


def read_settings(
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
    reader = _SettingReader(values, where)
    amber = reader.number("amber", DEFAULT_AMBER)
    if not 0 <= amber <= 1:
        reader.bad("amber", "bad_amber")
    band_1, band_2 = reader.number("band_1", 1.0), reader.number("band_2", 3.0)
    if not 0 < band_1 < band_2:
        reader.bad("band_2", "bad_bands")
    start, end = reader.date("period_start"), reader.date("period_end")
    if start and end and end < start:
        reader.bad("period_end", "bad_period")
    scope = {key: _text(values.get(SETTING_NAMES[key]))
             for key in ("scope_region", "scope_advisor")}
    settings = Settings(reader.lang, amber, (band_1, band_2), start, end, reader.policy(),
                        **scope)
    return settings, reader.problems


class _SettingReader:
    """Reads the settings' named cells one by one; each problem is worded in the
    language the settings choose (read first)."""

    def __init__(self, values: Mapping[str, Any], where: Callable[[str], Location]) -> None:
        # Imported here: the generator needs the names above, not pandas (a third of
        # `xlsales new dashboard`).
        from .parsing import is_blank

        self.values, self.where, self.blank = values, where, is_blank
        self.problems: list[Problem] = []
        value = values.get(SETTING_NAMES["lang"])
        self.lang = str(value).strip().lower() if not is_blank(value) else DEFAULT_LANG
        if self.lang not in LANGS:
            self.problems.append(Problem(where(SETTING_NAMES["lang"]),
                                         text("dashboard.problem.bad_lang", DEFAULT_LANG),
                                         value))
            self.lang = DEFAULT_LANG

    def bad(self, key: str, message: str) -> None:
        name = SETTING_NAMES[key]
        self.problems.append(Problem(self.where(name),
                                     text(f"dashboard.problem.{message}", self.lang),
                                     self.values.get(name)))

    def number(self, key: str, default: float) -> float:
        from .parsing import parse_numbers

        value = self.values.get(SETTING_NAMES[key])
        if self.blank(value):
            return default
        parsed, wrong = parse_numbers([value])
        if wrong[0]:
            self.bad(key, "bad_number")
            return default
        return float(parsed[0])

    def date(self, key: str) -> dt.date | None:
        from .parsing import parse_dates

        value = self.values.get(SETTING_NAMES[key])
        if self.blank(value):
            return None
        parsed, wrong = parse_dates([value])
        if wrong[0]:
            self.bad(key, "bad_date")
            return None
        return parsed[0].astype(dt.date)

    def policy(self) -> bool:
        """Whether rejected rows are set aside (blank: the refresh stops on them)."""
        value = self.values.get(SETTING_NAMES["policy"])
        if self.blank(value):
            return False
        try:
            return _policy(value)
        except ValueError:
            self.bad("policy", "bad_policy")
            return False


def _text(value: Any) -> str | None:
    """A text setting: stripped, None when blank."""
    if value is None:
        return None
    shown = str(value).strip()
    return shown or None
