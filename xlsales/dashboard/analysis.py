"""The analyses of seed 000 (and the funnel of seed 004) over a checked extract.

Pure: clean frames in (see :mod:`.validate`), tables and headline figures out, every
figure through :mod:`xlsales.core`. Labels come out in the dashboard's language, ready
for cells; a figure the core leaves undefined comes out as NaN (a zero denominator,
shown ``#DIV/0!``) or as the :class:`~xlsales.excel_errors.ExcelError` the core's exception maps to;
``None`` is a blank (no objective, no previous month).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .. import core
from ..errors import Problem
from ..i18n import text
from .cells import excel_error
from .settings import Settings
from .validate import RowProblem

__all__ = [
    "TOP_FRACTION",
    "Block",
    "Analysis",
    "analyse",
    "analysis_period",
    "checks_block",
]

#: The "top 20 %" of Part_Top20_Conseillers.
TOP_FRACTION = 0.2


@dataclass
class Block:
    """One table of the dashboard: a row per item (columns named by field), and the
    figures of its total row when it has one."""

    rows: pd.DataFrame
    total: dict[str, Any] | None = None


@dataclass
class Analysis:
    """Every table and headline figure of a dashboard."""

    blocks: dict[str, Block]
    figures: dict[str, Any]
    period: tuple[dt.date, dt.date]
    warnings: list[Problem] = field(default_factory=list)


def _kpi(fn: Callable[..., Any], *args: Any) -> Any:
    """A scalar figure of the core, or the error value a cell shows for it."""
    try:
        return fn(*args)
    except core.KpiError as error:
        return excel_error(error)


def _label(key: str, lang: str) -> str:
    return text(f"dashboard.{key}", lang)


def _enum_labels(values: Any, namespace: str, lang: str) -> list[Any]:
    return [None if v is None else _label(f"{namespace}.{v.name}", lang) for v in values]


def _category(column: pd.Series) -> pd.Series:
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column
    return column.astype(object).astype("category")


def _sums(frame: pd.DataFrame, by: str, lang: str) -> tuple[np.ndarray, ...]:
    """Per label of ``by`` (blanks labelled "(non renseigné)"), the leads, clients,
    contracts and premium of the rows: the inputs of the core's grouped table, summed
    in one pass over the category codes rather than by hashing a million labels."""
    labels = _category(frame[by])
    codes = labels.cat.codes.to_numpy(dtype=np.int64) + 1  # 0: blank
    size = len(labels.cat.categories) + 1

    def total(weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(codes, weights, minlength=size).astype(float)

    leads = total()
    present = leads > 0
    names = np.array([_label("unknown", lang), *labels.cat.categories], dtype=object)
    return (names[present], leads[present],
            total(frame["client"].to_numpy(dtype=float))[present],
            total(frame["contracts"].to_numpy(dtype=float))[present],
            total(frame["premium"].to_numpy(dtype=float))[present])


def _groups(frame: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    """The core's grouped table (leads, clients, contracts, conversion, premium...)
    over ``by``."""
    names, leads, clients, contracts, premium = _sums(frame, by, lang)
    return core.group_table(names, leads, contracts, premium, clients=clients)


def _split(table: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    body = table.iloc[:-1].reset_index(drop=True)
    total = {str(key): value for key, value in table.iloc[-1].items()}
    total["group"] = _label("total", lang)
    return body, total


def _optional(values: Any, known: np.ndarray) -> np.ndarray:
    """Values where ``known``, ``None`` (a blank) elsewhere."""
    out = np.asarray(values, dtype=object).copy()
    out[~np.asarray(known, dtype=bool)] = None
    return out


def analysis_period(leads: pd.DataFrame, settings: Settings) -> tuple[dt.date, dt.date]:
    """The analysed period: the settings' bounds, or the extract's first and last
    creation dates where the settings leave them blank."""
    created = leads["date_creation"].to_numpy(dtype="datetime64[D]")
    first = settings.period_start or pd.Timestamp(created.min()).date()
    last = settings.period_end or pd.Timestamp(created.max()).date()
    return first, last


def _objective_sums(objectives: pd.DataFrame | None, level: str) -> pd.Series:
    if objectives is None or objectives.empty or objectives["level"].iloc[0] != level:
        return pd.Series(dtype=float)
    keys = objectives["key"].astype(object)
    return objectives["premium"].groupby(keys.to_numpy()).sum()


def _band_names(bounds: tuple[float, float], lang: str) -> list[str]:
    if lang == "fr":
        return core.band_labels(bounds)

    def fmt(x: float) -> str:
        return f"{x:g}"

    low, high = bounds
    below = "below" if low <= 1 else "below_many"
    above = "above_one" if high <= 1 else "above"
    return [
        _label(f"band.{below}", lang).format(bound=fmt(low)),
        _label("band.between", lang).format(low=fmt(low), high=fmt(high)),
        _label(f"band.{above}", lang).format(bound=fmt(high)),
    ]


def _main_regions(leads: pd.DataFrame) -> pd.Series:
    """Each advisor's region: the one most of their leads come from (ties: the first
    in alphabetical order)."""
    advisors = _category(leads["conseiller"])
    regions = _category(leads["region"])
    regions = regions.cat.reorder_categories(sorted(regions.cat.categories))
    a = advisors.cat.codes.to_numpy(dtype=np.int64)
    r = regions.cat.codes.to_numpy(dtype=np.int64)
    known = (a >= 0) & (r >= 0)
    width = max(len(regions.cat.categories), 1)
    counts = np.bincount(a[known] * width + r[known],
                         minlength=len(advisors.cat.categories) * width)
    counts = counts.reshape(len(advisors.cat.categories), width)
    names = np.asarray(regions.cat.categories, dtype=object)
    main = np.where(counts.sum(axis=1) > 0, names[counts.argmax(axis=1)] if width else None,
                    None)
    return pd.Series(main, index=pd.Index(advisors.cat.categories, dtype=object))


def _advisor_profile(leads: pd.DataFrame, advisors: pd.DataFrame | None,
                     names: pd.Series, settings: Settings, period_end: dt.date
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Region and seniority band of each advisor of ``names``."""
    region = names.map(_main_regions(leads)).to_numpy(dtype=object)
    unknown = _label("band.unknown", settings.lang)
    band = np.full(len(names), unknown, dtype=object)
    if advisors is not None and not advisors.empty:
        team = advisors.astype({"conseiller": object, "region": object}).set_index(
            "conseiller")
        listed = team["region"].reindex(names)
        region = np.where(listed.notna(), listed.to_numpy(dtype=object), region)
        entries = team["date_entree"].reindex(names).to_numpy(dtype="datetime64[D]")
        known = ~np.isnat(entries)
        if known.any():
            french = core.seniority_band(entries[known].astype(dt.date), period_end,
                                         settings.bands)
            shown = dict(zip(core.band_labels(settings.bands),
                             _band_names(settings.bands, settings.lang), strict=True))
            band[known] = [shown[b] for b in french]
    return region, band


def _advisors(leads: pd.DataFrame, objectives: pd.DataFrame | None,
              advisors: pd.DataFrame | None, settings: Settings,
              period: tuple[dt.date, dt.date]) -> tuple[Block, dict[str, Any]]:
    lang = settings.lang
    body, total = _split(_groups(leads, "conseiller", lang), lang)
    premium = body["premium"].to_numpy()
    region, band = _advisor_profile(leads, advisors, body["group"], settings, period[1])
    objective = body["group"].map(_objective_sums(objectives, "conseiller"))
    known = objective.notna().to_numpy()
    attainment = core.attainment(premium, objective.fillna(0).to_numpy())
    segments = core.segments(body["leads"].to_numpy(), premium)
    rows = pd.DataFrame(
        {
            "group": body["group"],
            "region": region,
            "band": band,
            "leads": body["leads"],
            "clients": body["clients"],
            "contracts": body["contracts"],
            "conversion": body["conversion"],
            "premium": premium,
            "premium_per_lead": body["premium_per_lead"],
            "share": body["share"],
            "cumulative_share": _cumulative(premium),
            "objective": _optional(objective.to_numpy(), known),
            "attainment": _optional(attainment, known),
            "segment": _enum_labels(segments, "segment", lang),
        }
    )
    objective_total = float(objective.sum()) if known.any() else None
    total.update(
        region=None, band=None, cumulative_share=None, segment=None,
        objective=objective_total,
        attainment=None if objective_total is None else _kpi(
            core.attainment, total["premium"], objective_total),
    )
    figures = {
        "top20": _kpi(core.top_share, premium, TOP_FRACTION),
        "gini": _kpi(core.gini, premium),
    }
    return Block(rows, total), figures


def _cumulative(premium: np.ndarray) -> np.ndarray:
    try:
        return core.cumulative_share(premium)
    except core.KpiError:
        return np.full(len(premium), np.nan)


def _products(leads: pd.DataFrame, lang: str) -> Block:
    body, total = _split(_groups(leads, "produit", lang), lang)
    contracts = body["contracts"].to_numpy()
    value = np.asarray(core.premium_per_contract(body["premium"].to_numpy(), contracts))
    sold = contracts > 0
    quadrant = np.full(len(body), None, dtype=object)
    if sold.any():
        quadrant[sold] = _enum_labels(core.quadrants(contracts[sold], value[sold]),
                                      "quadrant", lang)
    rows = pd.DataFrame(
        {
            "group": body["group"],
            "leads": body["leads"],
            "clients": body["clients"],
            "contracts": contracts,
            "premium": body["premium"],
            "share": body["share"],
            "premium_per_contract": value,
            "quadrant": quadrant,
        }
    )
    total.update(premium_per_contract=_kpi(core.premium_per_contract, total["premium"],
                                           total["contracts"]), quadrant=None)
    return Block(rows, total)


def _regions(leads: pd.DataFrame, objectives: pd.DataFrame | None,
             advisor_regions: pd.Series, lang: str) -> Block:
    body, total = _split(_groups(leads, "region", lang), lang)
    total["group"] = _label("network", lang)
    network = total["conversion"]
    value = _kpi(core.premium_per_contract, total["premium"], total["contracts"])
    conversion = body["conversion"].to_numpy()
    if isinstance(value, float):
        untapped = core.untapped_potential(body["leads"].to_numpy(), conversion, network, value)
    else:
        untapped = np.full(len(body), np.nan)
    by_agency = _objective_sums(objectives, "agence")
    by_advisor = _objective_sums(objectives, "conseiller")
    if not by_advisor.empty:
        by_agency = by_advisor.groupby(advisor_regions.reindex(by_advisor.index)).sum()
    objective = body["group"].map(by_agency)
    known = objective.notna().to_numpy()
    attainment = core.attainment(body["premium"].to_numpy(), objective.fillna(0).to_numpy())
    rows = pd.DataFrame(
        {
            "group": body["group"],
            "leads": body["leads"],
            "clients": body["clients"],
            "conversion": conversion,
            "gap_to_network": core.gap(conversion, np.full(len(body), network)),
            "contracts": body["contracts"],
            "premium": body["premium"],
            "untapped": untapped,
            "objective": _optional(objective.to_numpy(), known),
            "attainment": _optional(attainment, known),
        }
    )
    objective_total = float(objective.sum()) if known.any() else None
    total.update(
        gap_to_network=None, untapped=float(np.nansum(untapped)), objective=objective_total,
        attainment=None if objective_total is None else _kpi(
            core.attainment, total["premium"], objective_total),
    )
    return Block(rows, total)


def _months(leads: pd.DataFrame, objectives: pd.DataFrame | None, settings: Settings,
            period: tuple[dt.date, dt.date]) -> tuple[Block, dict[str, Any]]:
    created = leads["date_creation"].to_numpy(dtype="datetime64[D]").astype("datetime64[M]")
    signed = leads["date_signature"].to_numpy(dtype="datetime64[D]").astype("datetime64[M]")
    client = leads["client"].to_numpy(dtype=bool)
    booked = np.where(np.isnat(signed), created, signed)[client]
    first = np.datetime64(period[0], "M")
    last = max(np.datetime64(period[1], "M"), booked.max() if booked.size else first)
    months = np.arange(first, last + 1)
    size = len(months)
    leads_by = np.bincount((created - first).astype(int), minlength=size)[:size]
    where = (booked - first).astype(int)
    clients_by = np.bincount(where, minlength=size)[:size]
    premium_by = np.bincount(where, weights=leads["premium"].to_numpy()[client],
                             minlength=size)[:size]
    objective = pd.Series(np.nan, index=months)
    if objectives is not None and not objectives.empty:
        sums = objectives.groupby(objectives["month"].to_numpy(dtype="datetime64[M]"))[
            "premium"].sum()
        objective = sums.reindex(months)
    known = objective.notna().to_numpy()
    objective_by = objective.fillna(0).to_numpy()
    attainment = np.asarray(core.attainment(premium_by, objective_by))
    rated = known & ~np.isnan(attainment)
    statuses = np.full(size, None, dtype=object)
    if rated.any():
        statuses[rated] = core.status(attainment[rated], settings.amber)
    status = _enum_labels(statuses, "status", settings.lang)
    growth = np.full(size, None, dtype=object)
    if size > 1:
        growth[1:] = core.growth(premium_by)
    rows = pd.DataFrame(
        {
            "group": months.astype("datetime64[D]").astype(dt.date),
            "leads": leads_by.astype(float),
            "clients": clients_by.astype(float),
            "premium": premium_by,
            "growth": growth,
            "objective": _optional(objective_by, known),
            "attainment": _optional(attainment, known),
            "gap": _optional(core.gap(premium_by, objective_by), known),
            "status": status,
        }
    )
    objective_total = float(objective_by[known].sum()) if known.any() else None
    total = {
        "group": _label("total", settings.lang),
        "leads": float(leads_by.sum()),
        "clients": float(clients_by.sum()),
        "premium": float(premium_by.sum()),
        "growth": None,
        "objective": objective_total,
        "attainment": None if objective_total is None else _kpi(
            core.attainment, float(premium_by.sum()), objective_total),
        "gap": None if objective_total is None else float(
            core.gap(float(premium_by.sum()), objective_total)),
        "status": None,
    }
    figures = {
        "volatility": _kpi(core.volatility, premium_by),
        "months_below": float(sum(s is core.Status.RED for s in statuses)),
    }
    return Block(rows, total), figures


def _seniority(leads: pd.DataFrame, advisors_block: Block, lang: str,
               bands: tuple[float, float]) -> Block:
    team = advisors_block.rows
    order = [*_band_names(bands, lang), _label("band.unknown", lang)]
    band_of = dict(zip(team["group"], team["band"], strict=True))
    advisors = _category(leads["conseiller"])
    band_index = np.array([order.index(band_of.get(name, order[-1]))
                           for name in advisors.cat.categories] + [len(order) - 1])
    per_lead = pd.Series(pd.Categorical.from_codes(band_index[advisors.cat.codes.to_numpy()],
                                                   categories=pd.Index(order)))
    frame = pd.DataFrame({"band": per_lead, "client": leads["client"].to_numpy(),
                          "contracts": leads["contracts"].to_numpy(),
                          "premium": leads["premium"].to_numpy()})
    names, lead_count, clients, contracts, premium = _sums(frame, "band", lang)
    table = core.group_table(names, lead_count, contracts, premium, clients=clients)
    body = table.iloc[:-1].set_index("group")
    present = [b for b in order if b in body.index]
    body = body.reindex(present)
    has_objective = team["objective"].notna()
    objective = team[has_objective].groupby("band")["objective"].sum().reindex(present)
    known = objective.notna().to_numpy()
    premium = body["premium"].to_numpy()
    attainment = core.attainment(premium, objective.fillna(0).to_numpy(dtype=float))
    rows = pd.DataFrame(
        {
            "group": present,
            "advisors": team.groupby("band")["group"].count().reindex(present).to_numpy(
                dtype=float),
            "leads": body["leads"].to_numpy(),
            "clients": body["clients"].to_numpy(),
            "conversion": body["conversion"].to_numpy(),
            "premium": premium,
            "objective": _optional(objective.to_numpy(dtype=float), known),
            "attainment": _optional(attainment, known),
        }
    )
    return Block(rows, dict(advisors_block.total or {}, group=_label("total", lang),
                            advisors=float(len(team))))


def _funnel(leads: pd.DataFrame, lang: str) -> Block:
    statuses = np.asarray(leads["statut"], dtype=object)
    everyone = core.funnel(statuses)
    rows = pd.DataFrame(
        {
            "group": [_label(f"stage.{s}", lang) for s in everyone["stage"]],
            "reached": everyone["reached"].to_numpy(dtype=float),
            "rate": everyone["rate"].to_numpy(dtype=object),
        }
    )
    for target, suffix in (("particulier", "b2c"), ("professionnel", "b2b")):
        mine = (leads["cible"] == target).to_numpy(dtype=bool)
        if mine.any():
            part = core.funnel(statuses[mine])
            rows[f"reached_{suffix}"] = part["reached"].to_numpy(dtype=float)
            rows[f"rate_{suffix}"] = part["rate"].to_numpy(dtype=object)
        else:
            rows[f"reached_{suffix}"] = None
            rows[f"rate_{suffix}"] = None
    return Block(rows)


def _channels(leads: pd.DataFrame, lang: str) -> Block:
    body, total = _split(_groups(leads, "canal", lang), lang)
    columns = ["group", "leads", "clients", "conversion", "premium", "premium_per_lead", "share"]
    return Block(body[columns], total)


def checks_block(problems: list[Problem], lang: str) -> Block:
    """The Contrôles table: one row per problem that did not stop the refresh."""
    rows = []
    for problem in problems:
        action = "set_aside" if isinstance(problem, RowProblem) and problem.set_aside else "kept"
        rows.append(
            {
                "file": problem.where.file,
                "sheet": problem.where.sheet or None,
                "row": None if problem.where.row is None else float(problem.where.row),
                "column": problem.where.column or None,
                "value": None if problem.value is None else str(problem.value),
                "problem": problem.message,
                "action": _label(f"action.{action}", lang),
            }
        )
    columns = ["file", "sheet", "row", "column", "value", "problem", "action"]
    return Block(pd.DataFrame(rows, columns=columns))


def analyse(
    leads: pd.DataFrame,
    objectives: pd.DataFrame | None = None,
    advisors: pd.DataFrame | None = None,
    settings: Settings | None = None,
    warnings: list[Problem] | None = None,
    set_aside: int = 0,
) -> Analysis:
    """Every table and figure of the dashboard.

    Parameters
    ----------
    leads, objectives, advisors : DataFrame
        Checked inputs (:func:`~.validate.check_leads` and friends); objectives and
        advisors are optional.
    settings : Settings
        Thresholds, period and language.
    warnings : list of Problem
        The problems that did not stop the refresh, for the Contrôles table.
    set_aside : int
        Rows set aside by the checks (a headline figure).
    """
    settings = settings or Settings()
    lang = settings.lang
    period = analysis_period(leads, settings)
    advisors_block, advisor_figures = _advisors(leads, objectives, advisors, settings, period)
    regions = pd.Series(advisors_block.rows["region"].to_numpy(),
                        index=advisors_block.rows["group"].to_numpy())
    months_block, month_figures = _months(leads, objectives, settings, period)
    total = advisors_block.total or {}
    objective_total = (float(objectives["premium"].sum())
                       if objectives is not None and not objectives.empty else 0.0)
    figures = {
        "leads_total": total["leads"],
        "clients_total": total["clients"],
        "conversion": total["conversion"],
        "premium_total": total["premium"],
        "premium_per_lead": total["premium_per_lead"],
        "attainment": _kpi(core.attainment, total["premium"], objective_total),
        **advisor_figures,
        "contracts_total": total["contracts"],
        "objective_total": objective_total,
        **month_figures,
        "set_aside": float(set_aside),
        "period_start": period[0],
        "period_end": period[1],
    }
    blocks = {
        "advisors": advisors_block,
        "products": _products(leads, lang),
        "regions": _regions(leads, objectives, regions, lang),
        "months": months_block,
        "seniority": _seniority(leads, advisors_block, lang, settings.bands),
        "funnel": _funnel(leads, lang),
        "channels": _channels(leads, lang),
        "checks": checks_block(list(warnings or []), lang),
    }
    return Analysis(blocks, figures, period, list(warnings or []))
