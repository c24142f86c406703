"""The two operations on a pipeline workbook: take a snapshot ("la photo"), refresh the
film.

``snapshot`` appends the prospects' statuses at a date to the snapshots table (a
snapshot is never rewritten: a date already recorded, or a date in the future, is
refused) and recomputes the film; ``refresh`` recomputes the film only. Both check the prospects and
offers first and write nothing when a problem is found; both patch only what they own
(the snapshots table for a snapshot, the film's tables and dates) and save atomically.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from ..dashboard.refresh_plan import DataFill, Plan
from ..dashboard.workbook_file import WorkbookFile, check_unlocked
from ..errors import InputError, Location, Problem, WorkbookFormatError
from .book import PipelineInputs, Snapshot, message, read_inputs, workbook_lang
from .film_tables import chosen_snapshots, film_plan
from .names import SNAPSHOT_TABLE, status_label

__all__ = ["snapshot", "refresh"]

_KINDS = ["date", "text", "text", "text", "number"]


def _open(path: Path) -> tuple[WorkbookFile, str]:
    book = WorkbookFile(path)
    lang = workbook_lang(book)
    book.lang = lang
    try:
        book.package.table(SNAPSHOT_TABLE)
    except KeyError:
        book.close()
        raise WorkbookFormatError(f"{path.name} : " + message(
            "not_pipeline", lang, table=SNAPSHOT_TABLE)) from None
    check_unlocked(path, lang)
    return book, lang


def _snapshot_fill(inputs: PipelineInputs, day: dt.date, lang: str) -> DataFill:
    rows = list(inputs.snapshot_rows)
    for prospect in inputs.prospects:
        rows.append((day, prospect["id"], prospect["target"],
                     status_label(prospect["status"], lang), prospect["potential"]))
    dates = np.array([np.datetime64(r[0].date() if isinstance(r[0], dt.datetime) else r[0], "D")
                      for r in rows], dtype="datetime64[D]")
    texts = [np.array([r[i] for r in rows], dtype=object) for i in (1, 2, 3)]
    potential = np.array([r[4] if isinstance(r[4], (int, float)) else np.nan for r in rows],
                         dtype=float)
    return DataFill(SNAPSHOT_TABLE, _KINDS, [dates, *texts, potential])


def _done(lang: str, snapshots: list[Snapshot], dates: tuple) -> str:
    first, second = chosen_snapshots(snapshots, dates)
    if first is None or second is None:
        return message("film_partial", lang)
    return message("film_done", lang, start=first.date.strftime("%d/%m/%Y"),
                   end=second.date.strftime("%d/%m/%Y"))


def _check_order(snapshots: list[Snapshot], day: dt.date, force: bool, where: Location,
                 lang: str) -> str:
    """Refuse a photo dated before the last one recorded: it would hold today's statuses
    under an earlier date, and the film would run backwards. With ``force``, a warning."""
    last = max((snapshot.date for snapshot in snapshots), default=None)
    if last is None or day > last:
        return ""
    values = {"date": day.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")}
    if not force:
        raise InputError([Problem(where, message("before_last", lang, **values), day)], lang)
    return message("before_last_forced", lang, **values) + "\n"


def snapshot(path: Path | str, day: dt.date | None = None, today: dt.date | None = None,
             force: bool = False) -> str:
    """Record the prospects' statuses at ``day`` (today by default) and recompute the
    film; return what was done, in the workbook's language. A ``day`` before the last
    photo is refused unless ``force``."""
    path = Path(path)
    today = today or dt.date.today()
    day = day or today
    book, lang = _open(path)
    with book:
        if day > today:
            raise InputError([Problem(Location(file=path.name, key="--date"),
                                      message("future_date", lang, date=day.isoformat()),
                                      day)], lang)
        inputs = read_inputs(book, lang)
        if any(snapshot.date == day for snapshot in inputs.snapshots):
            raise InputError([Problem(Location(file=path.name, key="--date"),
                                      message("taken", lang, date=day.isoformat()), day)],
                             lang)
        warning = _check_order(inputs.snapshots, day, force,
                               Location(file=path.name, key="--date"), lang)
        if not inputs.prospects:
            raise InputError([Problem(Location(file=path.name), message("no_prospect", lang))],
                             lang)
        snapshots = sorted([*inputs.snapshots, Snapshot(day, {p["id"]: p["status"]
                                                     for p in inputs.prospects})],
                        key=lambda snapshot: snapshot.date)
        plan = film_plan(snapshots, inputs.film_dates, lang)
        book.apply(Plan(plan.tables, plan.figures, [_snapshot_fill(inputs, day, lang)]))
    recorded = message("snapshot_done", lang, date=day.strftime("%d/%m/%Y"),
                       count=len(inputs.prospects), snapshots=len(snapshots))
    return warning + recorded + "\n" + _done(lang, snapshots, inputs.film_dates)


def refresh(path: Path | str) -> str:
    """Recompute the film of a pipeline workbook; return what was done."""
    path = Path(path)
    book, lang = _open(path)
    with book:
        inputs = read_inputs(book, lang)
        book.apply(film_plan(inputs.snapshots, inputs.film_dates, lang))
    return _done(lang, inputs.snapshots, inputs.film_dates)
