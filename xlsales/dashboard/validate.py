"""Read raw inputs into clean, typed frames, and say exactly what is wrong.

Every problem names its file, sheet, row, column and value. Problems with the file as
a whole (a required column missing, no data) always stop the refresh. Problems with a
row (an unreadable number or date, a negative premium, an unknown status, a duplicate
id, a signature before creation...) stop it too unless the manager chose, on the
Paramètres sheet, to set such rows aside; set-aside rows are listed in Contrôles. A few
things are worth saying but harm nothing (a client with no premium...): those are
warnings and the row is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..errors import Problem
from ..i18n import text
from .columns import ADVISORS, LEADS, OBJECTIVES, Column, Kind, Schema, match_headers
from .extract import MAX_TEXT, RawTable
from .parsing import (
    CellValues,
    parse_dates,
    parse_labels,
    parse_months,
    parse_numbers,
    read_statuses,
    read_targets,
)
from .settings import Settings

__all__ = [
    "MAX_LISTED",
    "Checked",
    "RowProblem",
    "check_leads",
    "check_objectives",
    "check_advisors",
    "message",
    "show_date",
]

#: Problems of one kind listed one by one; beyond, one line counts the others.
MAX_LISTED = 50

_READERS: dict[Kind, Callable[[CellValues], tuple[Any, np.ndarray]]] = {
    Kind.TEXT: lambda v: (parse_labels(v), np.zeros(len(v), dtype=bool)),
    Kind.DATE: parse_dates,
    Kind.MONTH: parse_months,
    Kind.AMOUNT: parse_numbers,
    Kind.COUNT: parse_numbers,
    Kind.STATUS: read_statuses,
    Kind.TARGET: read_targets,
}
_BAD_CELL = {
    Kind.DATE: "bad_date",
    Kind.MONTH: "bad_month",
    Kind.AMOUNT: "bad_number",
    Kind.COUNT: "bad_number",
    Kind.STATUS: "unknown_status",
    Kind.TARGET: "unknown_target",
}


def message(key: str, lang: str, **values: Any) -> str:
    """A problem message in ``lang``.

    >>> message("negative", "en")
    'negative amount'
    """
    return text(f"dashboard.problem.{key}", lang).format(**values)


@dataclass(frozen=True)
class RowProblem(Problem):
    """A problem with one row; ``set_aside`` when the row was put aside (and the
    refresh went on) rather than kept."""

    set_aside: bool = False


@dataclass
class Checked:
    """An input once checked: its clean rows, the problems, the rows set aside."""

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    set_aside: int = 0

    @property
    def fatal(self) -> bool:
        return any(p.fatal for p in self.problems)


class _Check:
    """Collects the problems of one input, listing at most :data:`MAX_LISTED` of a kind."""

    def __init__(self, raw: RawTable, settings: Settings) -> None:
        self.raw = raw
        self.lang = settings.lang
        self.set_aside = settings.set_aside
        self.problems: list[Problem] = []
        self.rejected = np.zeros(len(raw), dtype=bool)
        self.positions: dict[str, int] = {}

    def file_problem(self, key: str, index: int | None = None, value: Any = None,
                     **fmt: Any) -> None:
        where = self.raw.where(self.raw.header_row, index)
        self.problems.append(Problem(where, message(key, self.lang, **fmt), value, True))

    def rows(self, mask: np.ndarray, key: str, column: str | None, values: Any = None,
             reject: bool = True, aside: bool = False, **fmt: Any) -> None:
        """Report the rows of ``mask``.

        A rejected row stops the refresh, or is set aside when the settings say so; a
        row ``aside`` is always set aside with a warning (outside the period); a kept
        row is a warning. Every reason to reject a row is listed; warnings are not
        repeated for a row already rejected.
        """
        reject = reject or aside
        hits = np.flatnonzero(mask if reject and not aside else mask & ~self.rejected)
        if hits.size == 0:
            return
        index = self.positions.get(column) if column else None
        fatal = reject and not aside and not self.set_aside
        shown = hits[:MAX_LISTED]
        for i in shown:
            value = None if values is None else values[i]
            extra = {k: (v[i] if isinstance(v, np.ndarray) else v) for k, v in fmt.items()}
            where = self.raw.where(int(self.raw.rows[i]), index)
            self.problems.append(RowProblem(where, message(key, self.lang, **extra), value,
                                            fatal, reject))
        if hits.size > len(shown):
            where = self.raw.where(None, index)
            more = message("more", self.lang, count=hits.size - len(shown))
            first = message(key, self.lang, **{k: "…" for k in fmt})
            self.problems.append(RowProblem(where, f"{first} — {more}", None, fatal, reject))
        if reject:
            self.rejected[hits] = True

    def read(self, schema: Schema) -> dict[str, np.ndarray] | None:
        """Parse every column of ``schema`` present; None when a required one is missing."""
        raw = self.raw
        self.positions, ambiguous = match_headers(schema, raw.header)
        for header in ambiguous:
            key = "same_meaning" if " / " in header else "ambiguous_column"
            self.file_problem(key, column=header)
        missing = [c.key for c in schema.columns if c.required and c.key not in self.positions]
        if missing:  # one line for all: a narrowed table loses several at once
            self.file_problem("missing_column" if len(missing) == 1 else "missing_columns",
                              column=", ".join(missing))
        for group in schema.one_of:
            if not any(key in self.positions for key in group):
                self.file_problem("missing_one_of", column=" / ".join(group))
        if any(p.fatal for p in self.problems):
            return None
        if len(raw) == 0:
            self.file_problem("no_rows")
            return None
        if raw.long_text:
            self._too_long(schema)
        return {column.key: self._column(column, raw.columns[self.positions[column.key]])
                for column in schema.columns if column.key in self.positions}

    def _column(self, column: Column, values: CellValues) -> Any:
        """One column parsed, its bad, missing, negative or fractional cells reported."""
        parsed, bad = _READERS[column.kind](values)
        if column.kind in _BAD_CELL:
            self.rows(bad, _BAD_CELL[column.kind], column.key, values)
        if column.mandatory:
            blank = pd.isna(parsed) & ~bad
            self.rows(np.asarray(blank), "missing_value", column.key)
        if column.kind in (Kind.AMOUNT, Kind.COUNT):
            self.rows(parsed < 0, "negative", column.key, values)
        if column.kind is Kind.COUNT:
            self.rows(np.isfinite(parsed) & (parsed != np.round(parsed)), "not_whole",
                      column.key, values)
        return parsed

    def _too_long(self, schema: Schema) -> None:
        """Texts longer than an Excel cell holds: loaded, they would be cut or refused."""
        for column in schema.columns:
            if column.key not in self.positions:
                continue
            values = self.raw.columns[self.positions[column.key]]
            lengths = pd.Series(values, dtype=object).map(
                lambda v: len(v) if isinstance(v, str) else 0).to_numpy()
            self.rows(lengths > MAX_TEXT, "text_too_long", column.key,
                      length=lengths, limit=MAX_TEXT)

    def far_future(self, days: np.ndarray, column: str) -> None:
        """Warn of dates past :func:`horizon`: each month up to them becomes a row."""
        limit = horizon()
        self.rows(~np.isnat(days) & (days > np.datetime64(limit, "D")), "far_future", column,
                  reject=False, horizon=show_date(limit, self.lang))

    def done(self, frame: pd.DataFrame) -> Checked:
        keep = ~self.rejected
        frame = frame[keep].reset_index(drop=True)
        # Listed by row, so that a row's problems read together.
        problems = sorted(self.problems, key=lambda p: (p.where.row is None, p.where.row or 0,
                                                         p.where.column))
        return Checked(frame, problems, int(self.rejected.sum()))


def horizon(today: dt.date | None = None) -> dt.date:
    """The last date a lead may plausibly carry: the end of next year.

    >>> horizon(dt.date(2026, 12, 7))
    datetime.date(2027, 12, 31)
    """
    return dt.date((today or dt.date.today()).year + 1, 12, 31)


def _period_mask(days: np.ndarray, period: tuple[Any, Any],
                 unit: Literal["D", "M"] = "D") -> np.ndarray:
    """Days (or months, ``unit="M"``) outside the period; unknown bounds are open."""
    outside = np.zeros(len(days), dtype=bool)
    values = days.astype(f"datetime64[{unit}]")
    if period[0] is not None:
        outside |= values < np.datetime64(period[0], unit)
    if period[1] is not None:
        outside |= values > np.datetime64(period[1], unit)
    return outside & ~np.isnat(days)


def show_date(day: Any, lang: str) -> str:
    """A date as a user of ``lang`` writes it (``…`` when unknown).

    >>> show_date(np.datetime64("2025-01-31"), "fr"), show_date(np.datetime64("2025-01-31"), "en")
    ('31/01/2025', '2025-01-31')
    """
    if day is None or (isinstance(day, np.datetime64) and np.isnat(day)):
        return "…"
    day = pd.Timestamp(day).date()
    return day.strftime("%d/%m/%Y") if lang == "fr" else day.isoformat()


def _period_label(period: tuple[Any, Any], lang: str) -> str:
    return f"{show_date(period[0], lang)} – {show_date(period[1], lang)}"


def check_leads(raw: RawTable, settings: Settings) -> Checked:
    """Check the leads extract and return its clean rows.

    The frame has the columns of :data:`~.columns.LEADS` (dates as datetime64, the
    status as the core spells it), plus ``client`` (status is client), ``premium``
    and ``contracts`` (those of clients: a blank ``nb_contrats`` of a client is 1,
    figures of a lead that is not a client count for nothing) and ``row`` (the row in
    the source).
    """
    check = _Check(raw, settings)
    parsed = check.read(LEADS)
    if parsed is None:
        return Checked(pd.DataFrame(), check.problems)
    n = len(raw)
    blank_text = np.full(n, None, dtype=object)
    signature = parsed.get("date_signature", np.full(n, np.datetime64("NaT"), "datetime64[D]"))
    created = parsed["date_creation"]
    early = ~np.isnat(signature) & ~np.isnat(created) & (signature < created)
    if early.any():
        shown = np.array([show_date(c, settings.lang) for c in created], dtype=object)
        check.rows(early, "signature_before_creation", "date_signature",
                   raw.columns[check.positions["date_signature"]], created=shown)
    ids = pd.Series(parsed["id_lead"], dtype=object)
    repeated = ids.duplicated(keep="first").to_numpy() & ids.notna().to_numpy()
    if repeated.any():
        first_row = pd.Series(raw.rows).groupby(ids.to_numpy()).transform("first").to_numpy()
        check.rows(repeated, "duplicate_id", "id_lead", parsed["id_lead"], first=first_row)
    client = parsed["statut"] == "client"
    prime = np.nan_to_num(parsed["prime"], nan=0.0)
    count = parsed.get("nb_contrats", np.full(n, np.nan))
    check.rows(client & np.isnan(parsed["prime"]), "client_without_premium", "prime",
               reject=False)
    check.rows(~client & ((prime != 0) | (np.nan_to_num(count) != 0)), "not_client_figures",
               "prime", parsed["prime"], reject=False)
    check.rows(client & np.isnat(signature), "client_without_signature", "date_signature",
               reject=False)
    check.far_future(created, "date_creation")
    check.far_future(signature, "date_signature")
    period = (settings.period_start, settings.period_end)
    check.rows(_period_mask(created, period), "outside_period", "date_creation",
               raw.columns[check.positions["date_creation"]], aside=True,
               period=_period_label(period, settings.lang))
    frame = pd.DataFrame(
        {
            "id_lead": parsed["id_lead"],
            "date_creation": created,
            "date_signature": signature,
            "conseiller": parsed["conseiller"],
            "region": parsed["region"],
            "produit": parsed["produit"],
            "canal": parsed.get("canal", blank_text),
            "cible": parsed.get("cible", blank_text),
            "statut": parsed["statut"],
            "client": client,
            "premium": np.where(client, prime, 0.0),
            "contracts": np.where(client, np.nan_to_num(count, nan=1.0), 0.0),
            "row": raw.rows,
        }
    )
    return check.done(frame)


def check_objectives(raw: RawTable, settings: Settings,
                     period: tuple[Any, Any] = (None, None)) -> Checked:
    """Check the objectives and return their clean rows.

    Columns: ``key`` (the advisor, or the agency), ``level`` (``conseiller`` or
    ``agence``), ``month`` (first day, datetime64), ``premium`` and ``contracts``
    (objectives), ``row``. An objective for a month outside the analysed ``period``
    (first and last day) is set aside with a warning: no premium to compare it with.
    """
    check = _Check(raw, settings)
    parsed = check.read(OBJECTIVES)
    if parsed is None:
        return Checked(pd.DataFrame(), check.problems)
    advisors = parsed.get("conseiller")
    level = "conseiller" if advisors is not None and pd.notna(advisors).any() else "agence"
    keys = parsed[level]
    check.rows(np.asarray(pd.isna(keys)), "missing_value", level)
    months = parsed["mois"]
    pairs = pd.DataFrame({"key": keys, "month": months})
    repeated = pairs.duplicated(keep="first").to_numpy() & pairs.notna().all(axis=1).to_numpy()
    check.rows(repeated, "duplicate_objective", "mois", np.array([str(m)[:7] for m in months]))
    check.rows(_period_mask(months, period, "M"), "objective_outside_period", "mois",
               raw.columns[check.positions["mois"]], aside=True,
               period=_period_label(period, settings.lang))
    n = len(raw)
    frame = pd.DataFrame(
        {
            "key": keys,
            "level": level,
            "month": months,
            "premium": parsed["objectif_prime"],
            "contracts": parsed.get("objectif_contrats", np.full(n, np.nan)),
            "row": raw.rows,
        }
    )
    return check.done(frame)


def check_advisors(raw: RawTable, settings: Settings) -> Checked:
    """Check the advisors table (entry dates) and return its clean rows.

    Columns: ``conseiller``, ``region`` (None when absent), ``date_entree``, ``row``.
    """
    check = _Check(raw, settings)
    parsed = check.read(ADVISORS)
    if parsed is None:
        return Checked(pd.DataFrame(), check.problems)
    names = pd.Series(parsed["conseiller"], dtype=object)
    repeated = names.duplicated(keep="first").to_numpy() & names.notna().to_numpy()
    check.rows(repeated, "duplicate_advisor", "conseiller", parsed["conseiller"])
    frame = pd.DataFrame(
        {
            "conseiller": parsed["conseiller"],
            "region": parsed.get("region", np.full(len(raw), None, dtype=object)),
            "date_entree": parsed["date_entree"],
            "row": raw.rows,
        }
    )
    return check.done(frame)
