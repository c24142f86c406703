"""Prospect pipelines per advisor (seed 004): split the agency's prospect file, read
the returns, consolidate the agency's pipeline.

Each recipient gets the prospects they own (``owner`` in the base spec) with their
offers and recorded photos, and the photo of the distribution day (their statuses at
the spec's date), so that the returned workbook shows the film since. Without a base
spec, each gets an empty prospect file in their name.

The consolidation, per advisor and for the agency, through the core: the photo
(prospects by status), the funnel (reached per stage, conversion), the weighted
forecast (Σ amount × prognosis) and the prospects' global prognosis by the workbook's
rule, the film between the last recorded photo and the returned statuses; and the
union of the prospects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import core
from ..dashboard.workbook_file import WorkbookFile
from ..errors import InputError, Location, Problem
from ..i18n import text
from ..prospects.book import read_inputs
from ..prospects.names import status_label
from ..spec import load
from ..templates.pipeline import RULES, PipelineSpec, SnapshotEntry
from .consolidated import Column, TableSheet
from .roster import Recipient, team_message

__all__ = ["TABLES", "PipelineReturn", "load_base", "part_for", "spec_for", "period",
           "read_return", "consolidate"]

_STATUS_COLUMNS = tuple(Column(f"status_{i}", "number", 10) for i in range(len(core.STATUSES)))
TABLES = (
    TableSheet("photo", "Tbl_Photo", (Column("advisor", "label", 22), *_STATUS_COLUMNS,
                                      Column("prospects", "number", 10)), total=True),
    TableSheet("funnel", "Tbl_Entonnoir", (
        Column("advisor", "label", 22),
        *(Column(f"reached_{i}", "number", 10) for i in range(len(core.STAGES))),
        Column("conversion", "percent", 12)), total=True, attainment=()),
    TableSheet("forecast", "Tbl_Previsions", (
        Column("advisor", "label", 22), Column("offers", "number", 9),
        Column("offer_amount", "euro", 14), Column("weighted", "euro", 14),
        Column("with_offer", "number", 11), Column("mean_prognosis", "percent", 12)),
        total=True),
    TableSheet("film", "Tbl_Film", (
        Column("advisor", "label", 22), Column("date_1", "date", 11),
        Column("date_2", "date", 11), Column("new", "number", 10),
        Column("removed", "number", 10), Column("won", "number", 10),
        Column("lost", "number", 10)), total=True),
    TableSheet("prospects", "Tbl_Prospects", (
        Column("advisor", "label", 22), Column("id", "label", 11),
        Column("target", "label", 8), Column("status", "label", 11),
        Column("potential", "euro", 13), Column("prognosis", "percent", 11),
        Column("weighted", "euro", 13)), data=True),
)


# -- distribution ---------------------------------------------------------------------

def load_base(spec_path: Path | None, data: Path | None, lang: str) -> PipelineSpec:
    """The agency's prospect file (or an empty one dated today)."""
    if data is not None:
        raise InputError([Problem(Location(key="--data"),
                                  team_message("no_data_for_kind", lang, kind="pipeline"))],
                         lang)
    if spec_path is None:
        return PipelineSpec(name=text("team.pipeline_name", lang), date=dt.date.today())
    return load(spec_path, PipelineSpec, lang)


def period(base: PipelineSpec) -> str:
    """The period in file names: the photo's year."""
    return str(base.date.year)


def _owned(base: PipelineSpec, recipient: Recipient) -> set[str]:
    advisors = {core.normalise_label(a) for a in recipient.advisors}
    return {p.id for p in base.prospects if core.normalise_label(p.owner) in advisors}


def part_for(base: PipelineSpec, recipient: Recipient) -> PipelineSpec:
    """The recipient's prospects, offers and photos (and the photo of the day)."""
    ids = _owned(base, recipient)
    prospects = [p for p in base.prospects if p.id in ids]
    snapshots = [s.model_copy(update={"statuses": {k: v for k, v in s.statuses.items()
                                                   if k in ids}})
                 for s in base.snapshots]
    if prospects and all(s.date != base.date for s in snapshots):
        snapshots.append(SnapshotEntry(date=base.date,
                                       statuses={p.id: p.status for p in prospects}))
    return base.model_copy(update={
        "name": f"{base.name} — {recipient.name}",
        "agency": recipient.agency or base.agency,
        "owners": list(recipient.advisors),
        "prospects": prospects,
        "offers": [o for o in base.offers if o.prospect in ids],
        "activity": [],
        "snapshots": [s for s in snapshots if s.statuses],
    })


def spec_for(part: PipelineSpec, recipient: Recipient, share: float) -> PipelineSpec:
    """The recipient's pipeline workbook (``part`` already is)."""
    return part


def unassigned(base: PipelineSpec, recipients: list[Recipient]) -> int:
    """Prospects whose owner is nobody of the team: not distributed."""
    owned: set[str] = set()
    for recipient in recipients:
        owned |= _owned(base, recipient)
    return len(base.prospects) - len(owned)


# -- reading a return -----------------------------------------------------------------

@dataclass
class PipelineReturn:
    """What the consolidation needs of one return."""

    prospects: list[dict[str, Any]]
    offers: list[tuple[str, float, float]]
    rule: str
    date: dt.date | None
    photo: tuple[dt.date, dict[str, str]] | None


def _offers(book: WorkbookFile, known: set[str]) -> list[tuple[str, float, float]]:
    names = ("Offres_Prospect", "Offres_Montant", "Offres_Pronostic")
    columns = [book.named_column(name)[4] for name in names]
    out = []
    for prospect, amount, prognosis in zip(*columns, strict=False):
        if prospect is None or str(prospect).strip() not in known:
            continue
        if isinstance(amount, (int, float)) and isinstance(prognosis, (int, float)):
            out.append((str(prospect).strip(), float(amount), float(prognosis)))
    return out


def _rule(book: WorkbookFile, lang: str) -> str:
    value = str(book.named_values(["Regle_Pronostic"]).get("Regle_Pronostic") or "").strip()
    for rule in RULES:
        if value in {text(f"pipeline.settings.rule_{rule}", lg) for lg in ("fr", "en")}:
            return rule
    raise InputError([Problem(book.location("Regle_Pronostic"),
                              team_message("unknown_choice", lang), value or None)], lang)


def read_return(book: WorkbookFile, lang: str) -> PipelineReturn:
    """Read a returned pipeline workbook (the checks of ``xlsales snapshot``); raise
    :class:`InputError` with every problem, each with its cell."""
    inputs = read_inputs(book, lang)
    known = {p["id"] for p in inputs.prospects}
    day = book.named_values(["Pipeline_Date"]).get("Pipeline_Date")
    if isinstance(day, dt.datetime):
        day = day.date()
    last = inputs.snapshots[-1] if inputs.snapshots else None
    return PipelineReturn(inputs.prospects, _offers(book, known), _rule(book, lang),
                          day if isinstance(day, dt.date) else None,
                          (last.date, last.statuses) if last else None)


# -- consolidation --------------------------------------------------------------------

def _prognoses(part: PipelineReturn) -> dict[str, float]:
    """Each prospect's global prognosis by the workbook's rule (the core's)."""
    by_prospect: dict[str, list[float]] = {}
    for prospect, _, prognosis in part.offers:
        by_prospect.setdefault(prospect, []).append(prognosis)
    if part.rule == "manual":
        return {}
    return {k: core.global_prognosis(v, part.rule) for k, v in by_prospect.items()}


def _photo(statuses: list[str]) -> list[Any]:
    counts = [sum(1 for s in statuses if s == status) for status in core.STATUSES]
    return [*counts, len(statuses)]


def _funnel(statuses: list[str]) -> list[Any]:
    frame = core.funnel(statuses)
    reached = [int(v) for v in frame["reached"]]
    conversion = core.conversion_rate(reached[-1], reached[0]) if reached[0] else None
    return [*reached, conversion]


def _forecast(offers: list[tuple[str, float, float]], prognoses: dict[str, float]) -> list[Any]:
    amounts = [o[1] for o in offers]
    weighted = core.weighted_pipeline(amounts, [o[2] for o in offers]) if offers else 0.0
    values = list(prognoses.values())
    mean = sum(values) / len(values) if values else None
    return [len(offers), float(sum(amounts)), weighted, len({o[0] for o in offers}), mean]


def _film(part: PipelineReturn) -> list[Any]:
    if part.photo is None:
        return [None, part.date, None, None, None, None]
    moves = core.movements(part.photo[1], {p["id"]: p["status"] for p in part.prospects})
    return [part.photo[0], part.date, *(moves[k] for k in core.MOVEMENTS)]


def consolidate(parts: list[tuple[Recipient, PipelineReturn]], lang: str
                ) -> tuple[dict[str, list[list[Any]]], dict[str, list[Any]]]:
    """The consolidated tables' rows and totals, every figure through the core; the
    agency's figures are the core's on the union of the returns (prospect ids kept
    apart per advisor)."""
    rows: dict[str, list[list[Any]]] = {t.table: [] for t in TABLES}
    every: list[str] = []
    all_offers: list[tuple[str, float, float]] = []
    all_prognoses: dict[str, float] = {}
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for recipient, part in parts:
        statuses = [p["status"] for p in part.prospects]
        every += statuses
        prognoses = _prognoses(part)
        rows["Tbl_Photo"].append([recipient.name, *_photo(statuses)])
        rows["Tbl_Entonnoir"].append([recipient.name, *_funnel(statuses)])
        rows["Tbl_Previsions"].append([recipient.name, *_forecast(part.offers, prognoses)])
        rows["Tbl_Film"].append([recipient.name, *_film(part)])
        tag = recipient.key + "/"
        all_offers += [(tag + o[0], o[1], o[2]) for o in part.offers]
        all_prognoses.update({tag + k: v for k, v in prognoses.items()})
        if part.photo is not None:
            before.update({tag + k: v for k, v in part.photo[1].items()})
            after.update({tag + p["id"]: p["status"] for p in part.prospects})
        weighted = {p: sum(a * g for q, a, g in part.offers if q == p) for p in prognoses}
        for prospect in part.prospects:
            rows["Tbl_Prospects"].append([
                recipient.name, prospect["id"], prospect["target"],
                status_label(prospect["status"], lang), prospect["potential"],
                prognoses.get(prospect["id"]), weighted.get(prospect["id"])])
    word = text("team.total", lang)
    moves = core.movements(before, after)
    totals = {
        "Tbl_Photo": [word, *_photo(every)],
        "Tbl_Entonnoir": [word, *_funnel(every)],
        "Tbl_Previsions": [word, *_forecast(all_offers, all_prognoses)],
        "Tbl_Film": [word, None, None, *(moves[k] for k in core.MOVEMENTS)],
    }
    return rows, totals
