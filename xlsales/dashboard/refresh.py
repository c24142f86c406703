"""The refresh: one implementation, whatever starts it.

:func:`run` reads the settings and the inputs from a :class:`Source`, checks them,
analyses them and hands the resulting :class:`~.plan.Plan` to a :class:`Sink`. The
headless CLI passes a :class:`~.package.WorkbookFile` as both; Excel's ribbon button
and xlwings Lite pass the open workbook through :mod:`.excel`. Nothing is written when
a problem is fatal: :class:`~xlsales.errors.InputError` carries every problem found.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..errors import InputError, Location, Problem
from ..i18n import DEFAULT_LANG, text
from .analysis import Analysis, analyse, analysis_period
from .columns import Kind, Schema, match_headers
from .extract import RawTable, read_extract
from .layout import DATA_TABLES
from .parsing import parse_dates, parse_months, parse_numbers, parse_text
from .refresh_plan import DataFill, Plan, plan_from
from .settings import SETTING_NAMES, Settings, read_settings
from .validate import Checked, check_advisors, check_leads, check_objectives

__all__ = ["Source", "Sink", "Progress", "Outcome", "STEPS", "run", "refresh_file",
           "summary"]

#: The steps a refresh reports, in order (keys of ``dashboard.message``).
STEPS = ("reading", "checking", "analysing", "writing")

#: Called with a step key of :data:`STEPS` (and ``"loading"``) as the refresh goes.
Progress = Callable[[str], None]


class Source(Protocol):
    """Where a refresh reads: named setting cells and data tables."""

    def named_values(self, names: list[str]) -> dict[str, Any]: ...

    def location(self, name: str) -> Location: ...

    def read_table(self, name: str) -> RawTable: ...

    def table_header(self, name: str) -> list[str]: ...


class Sink(Protocol):
    """Where a refresh writes."""

    def apply(self, plan: Plan) -> None: ...


@dataclass
class Outcome:
    """What a refresh did: the analysis written and the warnings listed."""

    analysis: Analysis
    plan: Plan
    warnings: list[Problem]
    settings: Settings


def _quiet(step: str) -> None:
    """No progress to show."""


def _checked(raw: RawTable | None, check: Callable[..., Checked], *args: Any) -> Checked | None:
    if raw is None or len(raw) == 0:
        return None
    return check(raw, *args)


def _data_fill(table: str, schema: Schema, raw: RawTable, table_header: list[str]
               ) -> DataFill:
    """The cells of an extract loaded into a data table, column by column in the
    table's order: numbers and dates typed, labels as given, an unreadable cell as its
    text (only set-aside rows keep one)."""
    found, _ = match_headers(schema, raw.header)
    mapped, _ = match_headers(schema, table_header)
    by_position = {position: key for key, position in mapped.items()}
    kinds, columns = [], []
    size = len(raw)
    for position in range(len(table_header)):
        key = by_position.get(position)
        values = raw.columns[found[key]] if key in found else np.full(size, None, dtype=object)
        kind = schema.column(key).kind if key else Kind.TEXT
        if kind in (Kind.AMOUNT, Kind.COUNT):
            parsed, bad = parse_numbers(values)
            column_kind = "number"
        elif kind is Kind.DATE:
            parsed, bad = parse_dates(values)
            column_kind = "date"
        elif kind is Kind.MONTH:
            months, bad = parse_months(values)
            parsed = np.array([None if np.isnat(m) else str(m)[:7] for m in months],
                              dtype=object)
            column_kind = "text"
        else:
            parsed, bad = parse_text(values), np.zeros(size, dtype=bool)
            column_kind = "text"
        if bad.any():
            parsed = parsed.astype(object)
            parsed[bad] = parse_text(values[bad])
            column_kind = "mixed"
        kinds.append(column_kind)
        columns.append(parsed)
    return DataFill(table, kinds, columns)


def run(
    source: Source,
    sink: Sink,
    extracts: dict[str, RawTable] | None = None,
    progress: Progress = _quiet,
) -> Outcome:
    """Refresh a dashboard.

    Parameters
    ----------
    source, sink : Source, Sink
        Where the settings and data are read, and where the plan is written.
    extracts : dict, optional
        Inputs read from files (``leads``, ``objectives``, ``advisors``): they replace
        the workbook's data tables, and are loaded into them.
    progress : callable
        Told each step as it starts.

    Raises
    ------
    InputError
        When a problem is fatal; nothing was written.
    """
    extracts = extracts or {}
    progress("reading")
    names = list(SETTING_NAMES.values())
    settings, problems = read_settings(source.named_values(names), source.location)
    if problems:
        raise InputError(problems)
    raws = {spec.key: extracts.get(spec.key) or source.read_table(spec.table)
            for spec in DATA_TABLES}
    progress("checking")
    leads = check_leads(raws["leads"], settings)
    found = list(leads.problems)
    objectives = advisors = None
    if not leads.fatal and not leads.frame.empty:
        period = analysis_period(leads.frame, settings)
        objectives = _checked(raws["objectives"], check_objectives, settings, period)
        advisors = _checked(raws["advisors"], check_advisors, settings)
        for checked in (objectives, advisors):
            if checked is not None:
                found += checked.problems
    if not any(p.fatal for p in found) and leads.frame.empty:
        raw = raws["leads"]
        found.append(Problem(raw.where(raw.header_row), text("dashboard.problem.none_kept",
                                                             settings.lang)))
    if any(p.fatal for p in found):
        raise InputError(found, settings.lang)
    progress("analysing")
    warnings = [p for p in found if not p.fatal]
    set_aside = sum(c.set_aside for c in (leads, objectives, advisors) if c is not None)
    analysis = analyse(leads.frame, objectives.frame if objectives else None,
                       advisors.frame if advisors else None, settings, warnings, set_aside)
    fills = []
    for spec in DATA_TABLES:
        if spec.key in extracts:
            header = source.table_header(spec.table)
            fills.append(_data_fill(spec.table, spec.schema, extracts[spec.key], header))
    plan = plan_from(analysis, fills)
    progress("writing")
    sink.apply(plan)
    return Outcome(analysis, plan, warnings, settings)


def summary(outcome: Outcome) -> str:
    """One or two lines saying what the refresh did, in the dashboard's language."""
    lang = outcome.settings.lang
    figures = outcome.analysis.figures
    premium = f"{figures['premium_total']:,.0f} €".replace(",", "\u202f")
    if lang == "en":
        premium = f"€{figures['premium_total']:,.0f}"
    lines = [text("dashboard.message.done", lang).format(
        leads=f"{figures['leads_total']:,.0f}".replace(",", "\u202f" if lang == "fr" else ","),
        clients=f"{figures['clients_total']:,.0f}".replace(",",
                                                            "\u202f" if lang == "fr" else ","),
        premium=premium)]
    if outcome.warnings:
        lines.append(text("dashboard.message.warnings", lang).format(
            count=len(outcome.warnings)))
    return "\n".join(lines)


def refresh_file(
    book: Path | str,
    data: Path | str | None = None,
    objectives: Path | str | None = None,
    advisors: Path | str | None = None,
    progress: Progress = _quiet,
) -> Outcome:
    """Refresh a dashboard workbook on disk (the headless entry point).

    With ``data`` (and ``objectives``, ``advisors``), those files are read, checked and
    loaded into the workbook's data tables before the analysis; without, the data
    tables already in the workbook are analysed.
    """
    from .workbook_file import WorkbookFile, check_unlocked

    path = Path(book)
    with _no_cycle_collection(), WorkbookFile(path, DEFAULT_LANG) as workbook:
        lang = _workbook_lang(workbook)
        workbook.lang = lang
        check_unlocked(path, lang)
        extracts = {}
        files = {"leads": data, "objectives": objectives, "advisors": advisors}
        if any(files.values()):
            progress("loading")
        for spec in DATA_TABLES:
            source = files[spec.key]
            if source is not None:
                extracts[spec.key] = read_extract(source, spec.schema, lang)
        return run(workbook, workbook, extracts, progress)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Hold Python's cycle collector while millions of cells are alive: it would walk
    them over and over (seconds on a million leads) and find no cycle to free."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _workbook_lang(workbook: Any) -> str:
    value = workbook.named_values([SETTING_NAMES["lang"]]).get(SETTING_NAMES["lang"])
    lang = str(value or "").strip().lower()
    return lang if lang in ("fr", "en") else DEFAULT_LANG
