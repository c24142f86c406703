"""The dashboard's scope: one region (or agency), one advisor, or the whole extract.

A regional file cut per agency is the same dashboard refreshed with the
``Filtre_Region`` (or ``Filtre_Conseiller``) setting filled: the refresh keeps the
opportunities of that region or advisor, the objectives of that agency or of its
advisors, and its advisors; everything after (analysis, tables, charts) is the same
refresh. Labels match whatever the case and accents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd

from ..core import normalise_label
from ..errors import Location, Problem
from ..i18n import text
from .settings import SETTING_NAMES, Settings
from .validate import Checked

__all__ = ["restrict", "scope_label"]


def _matches(values: pd.Series, wanted: str) -> np.ndarray:
    folded = normalise_label(wanted)
    uniques = pd.unique(values.astype(object))
    keep = {u for u in uniques if u is not None and not (isinstance(u, float) and np.isnan(u))
            and normalise_label(str(u)) == folded}
    return values.isin(keep).to_numpy()


def scope_label(settings: Settings) -> str:
    """The scope in words (empty for the whole extract).

    >>> scope_label(Settings(scope_region="Nord", scope_advisor="Ana Roux"))
    'Nord, Ana Roux'
    """
    return ", ".join(v for v in (settings.scope_region, settings.scope_advisor) if v)


def _keep(checked: Checked | None, mask: np.ndarray) -> Checked | None:
    if checked is None:
        return None
    return replace(checked, frame=checked.frame[mask].reset_index(drop=True))


def _objectives_kept(table: pd.DataFrame, names: set, region: str | None,
                     advisor: str | None) -> np.ndarray:
    """Objectives per advisor: those of the advisors kept; per agency: the region's
    (none when the scope is one advisor)."""
    if table["level"].iloc[0] == "conseiller":
        return table["key"].isin(names).to_numpy()
    if region and not advisor:
        return _matches(table["key"], region)
    return np.zeros(len(table), dtype=bool)


def restrict(settings: Settings, leads: Checked, objectives: Checked | None,
             advisors: Checked | None, where: Callable[[str], Location]
             ) -> tuple[Checked, Checked | None, Checked | None, list[Problem]]:
    """The inputs restricted to the settings' scope, and a fatal problem when the scope
    matches no opportunity (a misspelt region would otherwise show an empty dashboard)."""
    region, advisor = settings.scope_region, settings.scope_advisor
    if not region and not advisor:
        return leads, objectives, advisors, []
    frame = leads.frame
    mask = np.ones(len(frame), dtype=bool)
    if region:
        mask &= _matches(frame["region"], region)
    if advisor:
        mask &= _matches(frame["conseiller"], advisor)
    if not mask.any():
        key = "scope_advisor" if advisor and not region else "scope_region"
        problem = Problem(where(SETTING_NAMES[key]),
                          text("dashboard.problem.empty_scope", settings.lang),
                          scope_label(settings))
        return leads, objectives, advisors, [problem]
    kept = replace(leads, frame=frame[mask].reset_index(drop=True))
    names = set(kept.frame["conseiller"].astype(object))
    if objectives is not None and not objectives.frame.empty:
        objectives = _keep(objectives, _objectives_kept(objectives.frame, names, region,
                                                        advisor))
    if advisors is not None:
        advisors = _keep(advisors, advisors.frame["conseiller"].isin(names).to_numpy())
    return kept, objectives, advisors, []
