"""Read and check a pipeline workbook's inputs: prospects, offers, recorded snapshots.

Every problem is reported with its sheet, row and column (the header above the cell)
and the value; a fatal problem stops the snapshot or the refresh before anything is
written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from .. import core
from ..dashboard.cells import cell_date
from ..dashboard.extract import column_letter
from ..dashboard.workbook_file import WorkbookFile
from ..errors import InputError, Location, Problem
from ..i18n import text
from .names import FILM_NAMES, OFFER_NAMES, PROSPECT_NAMES, SNAPSHOT_COLUMNS, SNAPSHOT_TABLE

__all__ = ["Snapshot", "PipelineInputs", "message", "workbook_lang", "read_inputs"]

#: The prospect and offer columns read here.
_PROSPECT_NAMES = {key: PROSPECT_NAMES[key] for key in ("id", "target", "status", "potential")}
_OFFER_NAMES = {key: OFFER_NAMES[key] for key in ("prospect", "amount", "prognosis")}


def message(key: str, lang: str, **values: Any) -> str:
    """A pipeline message in ``lang``."""
    return text(f"pipeline.message.{key}", lang).format(**values)


def workbook_lang(workbook: WorkbookFile) -> str:
    """The language the workbook was generated in (its settings sheet's name)."""
    names = {sheet.name for sheet in workbook.package.sheets}
    for lang in ("fr", "en"):
        if text("pipeline.sheet.settings", lang) in names:
            return lang
    return "fr"


@dataclass
class Snapshot:
    """The statuses recorded at one date: prospect id to canonical status."""

    date: dt.date
    statuses: dict[str, str]


@dataclass
class PipelineInputs:
    """What a snapshot or a refresh reads from a pipeline workbook."""

    prospects: list[dict[str, Any]]
    snapshots: list[Snapshot]
    snapshot_rows: list[tuple[Any, ...]]
    film_dates: tuple[dt.date | None, dt.date | None]
    problems: list[Problem] = field(default_factory=list)


def _where(book: WorkbookFile, sheet: str, row: int, col: int, header: str) -> Location:
    return Location(file=book.path.name, sheet=sheet, row=row + 1,
                    column=f"{column_letter(col)} ({header})" if header else
                    column_letter(col))


def _cell(book: WorkbookFile, columns: dict[str, Any], key: str, *, index: int) -> Location:
    """Where the ``index``-th cell of a named column sits."""
    sheet, row, col, header, _ = columns[key]
    return _where(book, sheet, row + index, col, header)


def _rows(book: WorkbookFile, names: dict[str, str]
          ) -> Iterator[tuple[dict[str, Any], Callable[[str], Location]]]:
    """The non-blank rows of named columns read side by side: each row's values by key,
    and where the row's cell of a key sits."""
    columns = {key: book.named_column(name) for key, name in names.items()}
    length = max((len(col[4]) for col in columns.values()), default=0)
    for i in range(length):
        values = {key: col[4][i] if i < len(col[4]) else None for key, col in columns.items()}
        if all(v is None for v in values.values()):
            continue
        yield values, partial(_cell, book, columns, index=i)


def _read_prospects(book: WorkbookFile, lang: str, problems: list[Problem]
                    ) -> list[dict[str, Any]]:
    prospects, seen = [], set()
    for values, where in _rows(book, _PROSPECT_NAMES):
        prospect_id = values["id"]
        if prospect_id is None:
            problems.append(Problem(where("id"), message("missing_id", lang)))
            continue
        prospect_id = str(prospect_id).strip()
        if prospect_id in seen:
            problems.append(Problem(where("id"), message("duplicate_id", lang, id=prospect_id),
                                    prospect_id))
        seen.add(prospect_id)
        status = values["status"]
        if status is None:
            problems.append(Problem(where("status"), message("missing_status", lang)))
            continue
        try:
            status = core.normalise_status(str(status))
        except core.UnknownLabelError:
            problems.append(Problem(where("status"), message("unknown_status", lang), status))
            continue
        target = values["target"]
        if target is not None and str(target).strip().upper() not in ("B2C", "B2B"):
            problems.append(Problem(where("target"), message("unknown_target", lang), target))
        potential = values["potential"]
        prospects.append({"id": prospect_id, "status": status,
                          "target": str(target).strip().upper() if target else None,
                          "potential": potential if isinstance(potential, (int, float))
                          else None})
    return prospects


def _check_offers(book: WorkbookFile, lang: str, known: set[str],
                  problems: list[Problem]) -> None:
    for values, where in _rows(book, _OFFER_NAMES):
        prospect = values["prospect"]
        if prospect is None or str(prospect).strip() not in known:
            problems.append(Problem(where("prospect"), message("unknown_prospect", lang),
                                    prospect))
        prognosis = values["prognosis"]
        if prognosis is not None and not (
                isinstance(prognosis, (int, float)) and any(
                    abs(float(prognosis) - s) < 1e-9 for s in core.PROGNOSIS_STEPS)):
            problems.append(Problem(where("prognosis"), message("bad_prognosis", lang),
                                    prognosis))
        amount = values["amount"]
        if isinstance(amount, (int, float)) and amount < 0:
            problems.append(Problem(where("amount"), message("negative_amount", lang), amount))


def _read_snapshots(book: WorkbookFile) -> tuple[list[Snapshot], list[tuple[Any, ...]]]:
    raw = book.read_table(SNAPSHOT_TABLE)
    rows = list(zip(*raw.columns, strict=True)) if raw.columns else []
    snapshots: dict[dt.date, dict[str, str]] = {}
    kept = []
    for row in rows:
        day = cell_date(row[0])
        if day is None or row[1] in (None, ""):
            continue
        kept.append(row[: len(SNAPSHOT_COLUMNS)])
        try:
            snapshots.setdefault(day, {})[str(row[1])] = core.normalise_status(str(row[3]))
        except core.UnknownLabelError:
            continue  # the snapshots table is written by the snapshot command: never unknown
    return [Snapshot(day, snapshots[day]) for day in sorted(snapshots)], kept


def read_inputs(book: WorkbookFile, lang: str) -> PipelineInputs:
    """Read the prospects, check the offers, read the recorded snapshots and the film's
    dates; raise :class:`InputError` on any fatal problem."""
    problems: list[Problem] = []
    prospects = _read_prospects(book, lang, problems)
    _check_offers(book, lang, {p["id"] for p in prospects}, problems)
    snapshots, rows = _read_snapshots(book)
    dates = book.named_values(list(FILM_NAMES.values()))
    film_dates = (cell_date(dates.get(FILM_NAMES["date_1"])),
                  cell_date(dates.get(FILM_NAMES["date_2"])))
    recorded = {snapshot.date for snapshot in snapshots}
    for key, day in zip(("date_1", "date_2"), film_dates, strict=True):
        if day is not None and day not in recorded:
            problems.append(Problem(book.location(FILM_NAMES[key]),
                                    message("no_photo", lang), day))
    if problems:
        raise InputError(problems, lang)
    return PipelineInputs(prospects, snapshots, rows, film_dates)

