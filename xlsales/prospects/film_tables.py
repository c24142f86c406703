"""The film's tables, computed through the core from two recorded snapshots."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from .. import core
from ..dashboard.cells import cell_value
from ..dashboard.layout import Field
from ..dashboard.refresh_plan import Plan, TableFill
from ..i18n import section, text
from .book import Snapshot
from .names import FILM_NAMES, FILM_TABLES

__all__ = ["chosen_snapshots", "film_plan"]


def chosen_snapshots(snapshots: list[Snapshot],
                     dates: tuple[dt.date | None, dt.date | None]
                     ) -> tuple[Snapshot | None, Snapshot | None]:
    """The two snapshots the film compares: the dates asked for, or the last two."""
    by_date = {snapshot.date: snapshot for snapshot in snapshots}
    first, second = dates
    if first is None and second is None:
        last_two = snapshots[-2:]
        return (last_two[0] if len(last_two) == 2 else None, last_two[-1] if last_two else None)
    return by_date.get(first) if first else None, by_date.get(second) if second else None


def _fields(count: int) -> tuple[Field, ...]:
    return tuple(Field(f"c{i}", f"c{i}") for i in range(count))


def _counts(snapshot: Snapshot | None) -> dict[str, int] | None:
    if snapshot is None:
        return None
    counts = dict.fromkeys(core.STATUSES, 0)
    for status in snapshot.statuses.values():
        counts[status] += 1
    return counts


def _rates(snapshot: Snapshot | None) -> list[Any]:
    if snapshot is None:
        return [None] * len(core.STAGES)
    funnel = core.funnel(list(snapshot.statuses.values()))
    return [cell_value(r) if r is not None else None for r in funnel["rate"].tolist()]


def film_plan(snapshots: list[Snapshot], dates: tuple[dt.date | None, dt.date | None],
              lang: str) -> Plan:
    """The plan that writes the film between the chosen snapshots."""
    first, second = chosen_snapshots(snapshots, dates)
    labels = section("pipeline.statuses", lang)
    names = [labels[s] for s in core.STATUSES]
    before, after = _counts(first), _counts(second)
    rows = []
    for status, name in zip(core.STATUSES, names, strict=True):
        at_1 = before[status] if before else None
        at_2 = after[status] if after else None
        change = at_2 - at_1 if at_1 is not None and at_2 is not None else None
        rows.append([name, at_1, at_2, change])
    total = [text("pipeline.film.total", lang),
             len(first.statuses) if first else None, len(second.statuses) if second else None,
             len(second.statuses) - len(first.statuses) if first and second else None]
    fills = [TableFill(FILM_TABLES["statuses"][0], _fields(4), rows, total)]
    moves = core.movements(first.statuses, second.statuses) if first and second else {}
    fills.append(TableFill(FILM_TABLES["movements"][0], _fields(2), [
        [text(f"pipeline.film.{key}", lang), moves.get(key)] for key in core.MOVEMENTS], None))
    matrix = core.transitions(first.statuses, second.statuses) if first and second else None
    row_labels = [*names, text("pipeline.film.absent", lang)]
    keys = [*core.STATUSES, core.ABSENT]
    fills.append(TableFill(FILM_TABLES["transitions"][0], _fields(len(keys) + 1), [
        [label, *(np.asarray(matrix.loc[key, keys], dtype=int).tolist() if matrix is not None
                  else [None] * len(keys))]
        for key, label in zip(keys, row_labels, strict=True)], None))
    rate_1, rate_2 = _rates(first), _rates(second)
    fills.append(TableFill(FILM_TABLES["rates"][0], _fields(3), [
        [labels[stage], a, b]
        for stage, a, b in zip(core.STAGES, rate_1, rate_2, strict=True)], None))
    figures = {FILM_NAMES["shown"]: first.date if first else None,
               FILM_NAMES["shown_to"]: second.date if second else None}
    return Plan(fills, figures)
