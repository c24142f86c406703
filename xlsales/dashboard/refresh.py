"""The refresh: one implementation, whatever starts it.

:func:`run` reads the settings and the inputs from a :class:`Source`, checks them,
analyses them and hands the resulting :class:`~.plan.Plan` to a :class:`Sink`. The
headless CLI passes a :class:`~.package.WorkbookFile` as both; Excel's ribbon button
and xlwings Lite pass the open workbook through :mod:`.excel`. Nothing is written when
a problem is fatal: :class:`~xlsales.errors.InputError` carries every problem found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from ..errors import InputError, Location, Problem
from ..i18n import text
from ..ooxml.parts import SHEET_ROWS
from .analysis import Analysis, analyse, analysis_period
from .columns import Kind, Schema, match_headers
from .crm_labels import read_label_map
from .extract import RawTable
from .layout import DATA_TABLES
from .parsing import parse_dates, parse_months, parse_numbers, parse_text
from .progress import Progress, quiet
from .refresh_plan import DataFill, Plan, plan_from
from .scope import restrict, scope_label
from .settings import SETTING_NAMES, Settings, read_settings
from .validate import Checked, check_advisors, check_leads, check_objectives

__all__ = ["Source", "Sink", "Outcome", "MAX_DATA_ROWS", "run", "summary"]

#: The most data rows a data table holds: an Excel sheet has 1,048,576 rows, the
#: table's header takes the first.
MAX_DATA_ROWS = SHEET_ROWS - 1


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
        values: Any = (raw.columns[found[key]] if key in found
                       else np.full(size, None, dtype=object))
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


def _raw_inputs(source: Source, extracts: dict[str, RawTable], lang: str
                ) -> dict[str, RawTable]:
    """The inputs as read (files first, else the workbook's tables), the leads in the
    dashboard's words (the Correspondances table applied)."""
    labels, problems = read_label_map(source.read_table, lang)
    if problems:
        raise InputError(problems, lang)
    raws = {spec.key: extracts[spec.key] if spec.key in extracts
            else source.read_table(spec.table) for spec in DATA_TABLES}
    raws["leads"] = labels.apply(raws["leads"])
    return raws


def _scoped(settings: Settings, leads: Checked, objectives: Checked | None,
            advisors: Checked | None, source: Source
            ) -> tuple[Checked, Checked | None, Checked | None]:
    """The checked inputs restricted to the settings' scope (see :mod:`.scope`)."""
    leads, objectives, advisors, unscoped = restrict(settings, leads, objectives, advisors,
                                                     source.location)
    if unscoped:
        raise InputError(unscoped, settings.lang)
    return leads, objectives, advisors


def _present_only(plan: Plan, source: Source) -> Plan:
    """The plan without the N−1 tables a dashboard made before them lacks (it refreshes
    as before rather than failing)."""
    from ..errors import WorkbookFormatError
    from .layout import block
    from .year_on_year import YOY_BLOCKS

    optional = {block(key).table for key in YOY_BLOCKS}
    kept = []
    for fill in plan.tables:
        if fill.table in optional:
            try:
                source.table_header(fill.table)
            except (WorkbookFormatError, KeyError):
                continue
        kept.append(fill)
    plan.tables = kept
    return plan


def run(
    source: Source,
    sink: Sink,
    extracts: dict[str, RawTable] | None = None,
    progress: Progress = quiet,
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
    # An extract given with no data row is refused, never taken for "no extract":
    # loading it would empty the workbook's table.
    refused = [Problem(raw.where(raw.header_row), text("dashboard.problem.no_rows", settings.lang))
               for raw in extracts.values() if len(raw) == 0]
    # Excel's limit, checked before anything is written (the header takes row 1).
    refused += [Problem(raw.where(), text("dashboard.problem.too_many_rows", settings.lang)
                        .format(count=len(raw), limit=MAX_DATA_ROWS))
                for raw in extracts.values() if len(raw) > MAX_DATA_ROWS]
    if refused:
        raise InputError(refused, settings.lang)
    raws = _raw_inputs(source, extracts, settings.lang)
    progress("checking")
    leads, objectives, advisors, warnings = _check(raws, settings)
    leads, objectives, advisors = _scoped(settings, leads, objectives, advisors, source)
    progress("analysing")
    set_aside = sum(c.set_aside for c in (leads, objectives, advisors) if c is not None)
    analysis = analyse(leads.frame, objectives.frame if objectives else None,
                       advisors.frame if advisors else None, settings, warnings, set_aside)
    fills = [_data_fill(spec.table, spec.schema, extracts[spec.key],
                        source.table_header(spec.table))
             for spec in DATA_TABLES if spec.key in extracts]
    plan = _present_only(plan_from(analysis, fills), source)
    progress("writing")
    sink.apply(plan)
    return Outcome(analysis, plan, warnings, settings)


def _check(raws: dict[str, RawTable], settings: Settings
           ) -> tuple[Checked, Checked | None, Checked | None, list[Problem]]:
    """The inputs checked: leads, objectives and advisors (None when absent or when the
    leads are unusable), and the warnings.

    Raises
    ------
    InputError
        With every fatal problem found, or when no lead is left to analyse.
    """
    leads = check_leads(raws["leads"], settings)
    found = list(leads.problems)
    objectives = advisors = None
    if not leads.fatal and not leads.frame.empty:
        period = analysis_period(leads.frame, settings)
        objectives = _checked(raws["objectives"], check_objectives, settings, period)
        advisors = _checked(raws["advisors"], check_advisors, settings)
        found += [p for c in (objectives, advisors) if c is not None for p in c.problems]
    if not any(p.fatal for p in found) and leads.frame.empty:
        raw = raws["leads"]
        found.append(Problem(raw.where(raw.header_row), text("dashboard.problem.none_kept",
                                                             settings.lang)))
    if any(p.fatal for p in found):
        raise InputError(found, settings.lang)
    return leads, objectives, advisors, [p for p in found if not p.fatal]


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
    if scope_label(outcome.settings):
        lines.append(text("dashboard.message.scope", lang).format(
            scope=scope_label(outcome.settings)))
    if outcome.warnings:
        lines.append(text("dashboard.message.warnings", lang).format(
            count=len(outcome.warnings)))
    return "\n".join(lines)
