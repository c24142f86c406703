"""Objectives per advisor (seed 001): split the agency's objectives, read the returns,
consolidate the team's follow-up.

Each recipient gets the base spec's indicators and segments, and for every indicator
that accumulates (CA, new clients) their share of each monthly objective (``part`` in
the team file, else an equal share); a level (taux d'équipement) is everyone's
objective as it is. With an extract, the actuals are the recipient's signed premium
(an indicator named like *chiffre d'affaires*, *primes*) and signed leads (*clients*,
*contrats*, *ventes*), per segment (particuliers, professionnels) and month, up to the
extract's last month.

The consolidation compares everyone to date (the last closed month of the returns):
objective and actual to date, gap, attainment, status, projection, remaining, per
advisor and for the team (the sum of the advisors, or their mean for a level); the
significant gaps with their causes and actions; the union of the inputs.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from .. import core
from ..core.consolidation import combine
from ..dashboard.cells import cell_date
from ..dashboard.workbook_file import WorkbookFile
from ..errors import InputError, Location, Problem
from ..i18n import text
from ..ooxml.parts import column_letter
from ..spec import load
from ..templates._objectives_sheets import ACTION_COLUMNS
from ..templates.objectives import Figures, ObjectivesSpec, canonical
from .consolidated import Column, TableSheet
from .roster import Recipient, team_message

__all__ = ["TABLES", "Line", "ObjectivesReturn", "load_base", "spec_for", "period",
           "read_return", "consolidate"]

_FOLLOW = ("Suivi_Indicateur", "Suivi_Segment", "Suivi_Mois", "Suivi_Objectif",
           "Suivi_Realise")

TABLES = (
    # Widths that print on one A4 page across (page_setup fits down to 70 %).
    TableSheet("team", "Tbl_Equipe", (
        Column("advisor", "label", 18), Column("agency", "label", 12),
        Column("indicator", "label", 18), Column("segment", "label", 13),
        Column("objective_to_date", "decimal", 11), Column("actual_to_date", "decimal", 11),
        Column("gap", "decimal", 11), Column("attainment", "percent", 9),
        Column("status", "label", 8), Column("projection", "decimal", 11),
        Column("year_objective", "decimal", 11), Column("remaining", "decimal", 11),
        Column("months", "number", 8)), attainment=("attainment",), team_rows=True),
    TableSheet("gaps", "Tbl_Ecarts", (
        Column("advisor", "label", 22), Column("indicator", "label", 22),
        Column("segment", "label", 15), Column("month", "month", 10),
        Column("objective", "decimal"), Column("actual", "decimal"),
        Column("relative_gap", "percent", 11), Column("cause", "label", 18),
        Column("nature", "label", 14), Column("action", "label", 26),
        Column("owner", "label", 16), Column("due", "date", 11),
        Column("action_status", "label", 12))),
    TableSheet("data", "Tbl_Donnees", (
        Column("advisor", "label", 22), Column("agency", "label", 16),
        Column("indicator", "label", 22), Column("segment", "label", 15),
        Column("month", "month", 10), Column("objective", "decimal"),
        Column("actual", "decimal")), data=True),
)


# -- distribution ---------------------------------------------------------------------

@dataclass(frozen=True)
class Base:
    """The agency's objectives and, per advisor (folded name), the actuals from the
    extract: (indicator, segment, month offset) → value."""

    spec: ObjectivesSpec
    actuals: dict[str, dict[tuple[str, str, int], float]] = field(default_factory=dict)
    last_offset: int = -1


def _measure(indicator: str) -> str | None:
    folded = core.normalise_label(indicator)
    words = set(folded.replace("'", " ").split())
    if words & {"ca", "chiffre", "prime", "primes", "premium", "premiums", "revenue"}:
        return "premium"
    if words & {"client", "clients", "contrat", "contrats", "contract", "contracts",
                "vente", "ventes", "sales", "customers"}:
        return "count"
    return None


def _segment_target(segment: str) -> str | None:
    folded = core.normalise_label(segment)
    if any(w in folded for w in ("particulier", "individu", "b2c", "prive", "menage")):
        return "particulier"
    if any(w in folded for w in ("pro", "b2b", "entreprise", "business")):
        return "professionnel"
    return None


def _read_actuals(path: Path, spec: ObjectivesSpec, lang: str) -> tuple[dict, int]:
    """Signed premium and signed leads per advisor, segment and month of the extract."""
    from ..dashboard.columns import LEADS, match_headers
    from ..dashboard.extract import read_extract
    from ..dashboard.parsing import parse_dates, parse_numbers, parse_targets, parse_text

    raw = read_extract(path, LEADS, lang)
    found, _ = match_headers(LEADS, raw.header)
    needed = [c for c in ("conseiller", "date_signature", "prime") if c not in found]
    if needed:
        raise InputError([Problem(Location(file=raw.file, sheet=raw.sheet), team_message(
            "extract_columns", lang, columns=", ".join(needed)))], lang)
    def column(name: str) -> list[Any]:
        return list(raw.columns[found[name]])

    advisors = parse_text(column("conseiller"))
    signed, _ = parse_dates(column("date_signature"))
    premium, _ = parse_numbers(column("prime"))
    targets = (parse_targets(column("cible"))[0] if "cible" in found
               else np.full(len(raw), None, dtype=object))
    first = spec.follow_up.first_month
    months = len(spec.figures[0].objectives) if spec.figures else 12
    keep = ~np.isnat(signed)
    days = signed[keep].astype("datetime64[M]").astype(int)
    offsets = days - ((first.year - 1970) * 12 + first.month - 1)
    out: dict[str, dict[tuple[str, str, int], float]] = defaultdict(lambda: defaultdict(float))
    segments = {s: _segment_target(s) for s in spec.segments}
    measures = {i.name: _measure(i.name) for i in spec.indicators}
    last = -1
    for advisor, target, offset, amount in zip(advisors[keep], targets[keep], offsets,
                                               premium[keep], strict=True):
        if advisor is None or not 0 <= offset < months:
            continue
        last = max(last, int(offset))
        for segment, wanted in segments.items():
            if len(segments) > 1 and wanted != target:
                continue
            for indicator, measure in measures.items():
                if measure == "premium" and amount == amount:
                    out[core.normalise_label(advisor)][(indicator, segment, int(offset))] += \
                        float(amount)
                elif measure == "count":
                    out[core.normalise_label(advisor)][(indicator, segment, int(offset))] += 1
    return {k: dict(v) for k, v in out.items()}, last


def load_base(spec_path: Path | None, data: Path | None, lang: str) -> Base:
    """The base spec (required) and the actuals of the extract, if any."""
    if spec_path is None:
        raise InputError([Problem(Location(key="--spec"),
                                  team_message("spec_required", lang, kind="objectives"))],
                         lang)
    spec = load(spec_path, ObjectivesSpec, lang)
    if data is None:
        return Base(spec)
    actuals, last = _read_actuals(Path(data), spec, lang)
    return Base(spec, actuals, last)


def period(base: Base) -> str:
    """The period in file names: the year of the first month."""
    return str(base.spec.follow_up.first_month.year)


def part_for(base: Base, recipient: Recipient) -> Base:
    """The part of the base a recipient's workbook needs (their actuals only)."""
    mine: dict[tuple[str, str, int], float] = {}
    for advisor in recipient.advisors:
        for key, value in base.actuals.get(core.normalise_label(advisor), {}).items():
            mine[key] = mine.get(key, 0.0) + value
    return Base(base.spec, {"": mine}, base.last_offset)


def spec_for(part: Base, recipient: Recipient, share: float) -> ObjectivesSpec:
    """The recipient's objectives workbook: their share of each accumulating objective,
    their actuals (from the extract) up to its last month."""
    spec = part.spec
    levels = {i.name for i in spec.indicators if i.aggregation == "last"}
    actuals = part.actuals.get("", {})
    figures = []
    for item in spec.figures:
        scale = 1.0 if item.indicator in levels else share
        objectives = [None if v is None else round(v * scale, 2) for v in item.objectives]
        mine: list[float | None] = []
        if part.last_offset >= 0 and _measure(item.indicator) and item.indicator not in levels:
            mine = [round(actuals.get((item.indicator, item.segment, m), 0.0), 2)
                    for m in range(min(part.last_offset + 1, len(objectives)))]
        figures.append(Figures(indicator=item.indicator, segment=item.segment,
                               objectives=objectives, actuals=mine))
    follow = spec.follow_up.model_copy(update={
        "name": f"{spec.follow_up.name} — {recipient.name}",
        "entity": recipient.name if recipient.advisors == (recipient.name,) else recipient.agency,
    })
    return spec.model_copy(update={"figures": figures, "actions": [], "follow_up": follow})


# -- reading a return -----------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    """One row of a return's follow-up."""

    indicator: str
    segment: str
    month: dt.date
    objective: float | None
    actual: float | None


@dataclass
class ObjectivesReturn:
    """What the consolidation needs of one return."""

    lines: list[Line]
    aggregation: dict[str, str]
    first_month: dt.date | None
    closed_month: dt.date | None
    amber: float
    threshold: float
    actions: list[dict[str, Any]]


def _where(book: WorkbookFile, sheet: str, row: int, col: int) -> Location:
    return Location(file=book.path.name, sheet=sheet, row=row + 1, column=column_letter(col))


def _number(value: Any, where: Location, lang: str, problems: list[Problem]) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        problems.append(Problem(where, team_message("not_amount", lang), value))
        return None
    return float(value)


def _indicators(book: WorkbookFile, lang: str) -> dict[str, str]:
    _, _, _, rows = book.named_rows("Indicateurs_Table", 3)
    words = {text(f"objectives.indicators.{k}", lg): k for k in ("sum", "last")
             for lg in ("fr", "en")}
    return {str(r[0]).strip(): words.get(str(r[2] or "").strip(), "sum")
            for r in rows if r[0] is not None}


def _lines(book: WorkbookFile, known: dict[str, str], lang: str,
           problems: list[Problem]) -> list[Line]:
    columns = [book.named_column(name) for name in _FOLLOW]
    sheet, first, _, _, _ = columns[0]
    segments = {str(v).strip() for v in book.named_column("Segments")[4] if v is not None}
    lines = []
    for i in range(len(columns[0][4])):
        values = [c[4][i] if i < len(c[4]) else None for c in columns]
        if all(v is None for v in values):
            continue
        at = [_where(book, sheet, first + i, c[2]) for c in columns]
        indicator, segment, month, objective, actual = values
        indicator = str(indicator).strip() if indicator is not None else ""
        if indicator not in known:
            problems.append(Problem(at[0], team_message("unknown_indicator", lang),
                                    indicator or None))
            continue
        segment = str(segment).strip() if segment is not None else ""
        if segment not in segments:
            problems.append(Problem(at[1], team_message("unknown_segment", lang),
                                    segment or None))
            continue
        day = cell_date(month)
        if day is None:
            problems.append(Problem(at[2], team_message("not_month", lang), month))
            continue
        lines.append(Line(indicator, segment, day.replace(day=1),
                          _number(objective, at[3], lang, problems),
                          _number(actual, at[4], lang, problems)))
    return lines


def _actions(book: WorkbookFile, lang: str, problems: list[Problem]) -> list[dict[str, Any]]:
    """The actions sheet, read from the column named ``Actions_Suivi`` (status) and the
    template's order of columns around it; its headers must be the template's."""
    sheet, first, status_col, _, statuses = book.named_column("Actions_Suivi")
    start = status_col - ACTION_COLUMNS.index("status")
    expected = {text(f"objectives.actions.{name}", lg): name
                for name in ACTION_COLUMNS for lg in ("fr", "en")}
    heads = book.cells(sheet, first - 1, start, 1, len(ACTION_COLUMNS))[0]
    for offset, name in enumerate(ACTION_COLUMNS):
        if expected.get(str(heads[offset] or "").strip()) != name:
            problems.append(Problem(_where(book, sheet, first - 1, start + offset),
                                    team_message("broken_structure", lang), heads[offset]))
            return []
    out = []
    rows = book.cells(sheet, first, start, len(statuses), len(ACTION_COLUMNS))
    wanted = ("indicator", "segment", "month", "cause", "nature", "action", "owner", "due",
              "status")
    for index, row in enumerate(rows):
        values = {name: row[ACTION_COLUMNS.index(name)] for name in wanted}
        if all(values[n] is None for n in ("indicator", "cause", "action")):
            continue
        item: dict[str, Any] = {"indicator": str(values["indicator"] or "").strip(),
                                "segment": str(values["segment"] or "").strip(),
                                "month": cell_date(values["month"]),
                                "owner": str(values["owner"] or "").strip(),
                                "due": cell_date(values["due"])}
        for name in ("cause", "nature", "action", "status"):
            value = values[name]
            try:
                item[name] = canonical(name, str(value).strip()) if value is not None else ""
            except ValueError:
                col = start + ACTION_COLUMNS.index(name)
                problems.append(Problem(_where(book, sheet, first + index, col),
                                        team_message("unknown_choice", lang), value))
                item[name] = ""
        out.append(item)
    return out


def _rate(book: WorkbookFile, name: str, default: float, lang: str,
          problems: list[Problem]) -> float:
    value = book.named_values([name]).get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        problems.append(Problem(book.location(name), team_message("not_rate", lang), value))
        return default
    return float(value)


def read_return(book: WorkbookFile, lang: str) -> ObjectivesReturn:
    """Read a returned objectives workbook through its defined names; raise
    :class:`InputError` with every value out of range (each with its cell)."""
    problems: list[Problem] = []
    known = _indicators(book, lang)
    lines = _lines(book, known, lang, problems)
    actions = _actions(book, lang, problems)
    settings = book.named_values(["Premier_Mois", "Mois_Clos"])
    amber = _rate(book, "Seuil_Orange", core.DEFAULT_AMBER, lang, problems)
    threshold = _rate(book, "Seuil_Ecart", 0.1, lang, problems)
    if problems:
        raise InputError(problems, lang)
    return ObjectivesReturn(lines, known, cell_date(settings.get("Premier_Mois")),
                            cell_date(settings.get("Mois_Clos")), amber, threshold, actions)


# -- consolidation --------------------------------------------------------------------

def _closing(parts: list[tuple[Recipient, ObjectivesReturn]]) -> dt.date | None:
    """The month the team is compared at: the latest closed month of the returns, or
    the latest month with an actual."""
    closed = [p.closed_month.replace(day=1) for _, p in parts if p.closed_month]
    if closed:
        return max(closed)
    months = [line.month for _, p in parts for line in p.lines if line.actual is not None]
    return max(months) if months else None


def _to_date(lines: list[Line], level: bool, closing: dt.date) -> dict[str, Any]:
    """Objective and actual to date, the year's objective and the months reported of
    one advisor's indicator and segment."""
    reported = sorted((ln for ln in lines if ln.actual is not None and ln.month <= closing),
                      key=lambda ln: ln.month)
    all_objectives = [ln.objective or 0.0 for ln in lines]
    if level:
        last = reported[-1] if reported else None
        return {"objective": last.objective if last else None,
                "actual": last.actual if last else None,
                "year": lines[-1].objective if lines else None, "months": len(reported)}
    if not reported:
        return {"objective": None, "actual": None, "year": float(sum(all_objectives)),
                "months": 0}
    objective = sum(ln.objective or 0.0 for ln in lines if ln.month <= closing)
    return {"objective": float(objective), "actual": float(sum(ln.actual or 0.0
                                                               for ln in reported)),
            "year": float(sum(all_objectives)), "months": len(reported)}


def _figures(values: dict[str, Any], level: bool, elapsed: int, amber: float,
             lang: str) -> list[Any]:
    """gap, attainment, status, projection, year objective, remaining (the core's)."""
    objective, actual, year = values["objective"], values["actual"], values["year"]
    if objective is None or actual is None:
        return [None, None, None, None, year, None]
    gap = core.gap(actual, objective)
    attainment = core.attainment(actual, objective) if objective else None
    status = (text(f"status.{core.status(float(attainment), amber)}", lang)
              if attainment is not None else None)
    projection = actual if level else (core.run_rate(actual, elapsed, 12) if elapsed else None)
    remaining = core.remaining(actual, objective if level else year)
    return [gap, attainment, status, projection, year, remaining]


def _elapsed(first: dt.date | None, closing: dt.date) -> int:
    if first is None:
        return 0
    return (closing.year - first.year) * 12 + closing.month - first.month + 1


def _team_rows(parts: list[tuple[Recipient, ObjectivesReturn]], closing: dt.date,
               lang: str) -> list[list[Any]]:
    aggregation: dict[str, str] = {}
    for _, part in parts:
        aggregation.update(part.aggregation)
    first = min((p.first_month for _, p in parts if p.first_month), default=None)
    amber = parts[0][1].amber
    elapsed = _elapsed(first, closing)
    groups: dict[tuple[str, str], list[tuple[Recipient, dict[str, Any]]]] = defaultdict(list)
    for recipient, part in parts:
        by_key: dict[tuple[str, str], list[Line]] = defaultdict(list)
        for line in part.lines:
            by_key[(line.indicator, line.segment)].append(line)
        for key, lines in by_key.items():
            level = aggregation.get(key[0]) == "last"
            groups[key].append((recipient, _to_date(sorted(lines, key=lambda ln: ln.month),
                                                    level, closing)))
    team_word = text("team.total", lang)
    rows = []
    for (indicator, segment), members in groups.items():
        level = aggregation.get(indicator) == "last"
        for recipient, values in members:
            rows.append([recipient.name, recipient.agency, indicator, segment,
                         values["objective"], values["actual"],
                         *_figures(values, level, elapsed, amber, lang), values["months"]])
        how: Literal["sum", "mean"] = "mean" if level else "sum"
        reported = [v for _, v in members if v["actual"] is not None]
        total = {"objective": combine([v["objective"] for v in reported], how),
                 "actual": combine([v["actual"] for v in reported], how),
                 "year": combine([v["year"] for _, v in members], how),
                 "months": max((v["months"] for _, v in members), default=0)}
        rows.append([team_word, "", indicator, segment, total["objective"], total["actual"],
                     *_figures(total, level, elapsed, amber, lang), total["months"]])
    return rows


def _gap_rows(parts: list[tuple[Recipient, ObjectivesReturn]], lang: str) -> list[list[Any]]:
    rows = []
    for recipient, part in parts:
        actions = {(a["indicator"], a["segment"], a["month"]): a for a in part.actions}
        used = set()
        for line in sorted(part.lines, key=lambda ln: (ln.indicator, ln.segment, ln.month)):
            if line.actual is None or not line.objective:
                continue
            if not core.significant_gap(line.actual, line.objective, part.threshold):
                continue
            key = (line.indicator, line.segment, line.month)
            used.add(key)
            rows.append([recipient.name, line.indicator, line.segment, line.month,
                         line.objective, line.actual,
                         core.gap(line.actual, line.objective, relative=True),
                         *_action_cells(actions.get(key), lang)])
        for key, action in actions.items():
            if key not in used:
                rows.append([recipient.name, key[0], key[1], key[2], None, None, None,
                             *_action_cells(action, lang)])
    return rows


def _action_cells(action: dict[str, Any] | None, lang: str) -> list[Any]:
    if action is None:
        return ["", "", "", "", None, text("objectives.follow_up.no_action", lang)]
    words = [text(f"objectives.{kind}.{action[kind]}", lang) if action[kind] else ""
             for kind in ("cause", "nature", "action")]
    status = text(f"objectives.status.{action['status']}", lang) if action["status"] else ""
    return [*words, action["owner"], action["due"], status]


def consolidate(parts: list[tuple[Recipient, ObjectivesReturn]], lang: str
                ) -> tuple[dict[str, list[list[Any]]], dict[str, list[Any]]]:
    """The consolidated tables' rows (and totals) from the accepted returns."""
    data = [[r.name, r.agency, ln.indicator, ln.segment, ln.month, ln.objective, ln.actual]
            for r, p in parts for ln in p.lines]
    closing = _closing(parts)
    team = _team_rows(parts, closing, lang) if closing else []
    return {"Tbl_Equipe": team, "Tbl_Ecarts": _gap_rows(parts, lang),
            "Tbl_Donnees": data}, {}
