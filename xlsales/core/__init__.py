"""The KPI core: every definition of domain.md, once, on numpy and pandas.

No Excel here. Scalars in give a float out and an undefined figure raises a
:class:`KpiError`; arrays in give an array out with NaN where a denominator is zero.
"""

from ._arith import TOLERANCE, at_least, ceil_decimal, floor_decimal
from .action_plan import AnsoffStrategy, ansoff, month_index, spread_budget
from .attainment import (
    DEFAULT_AMBER,
    Status,
    attainment,
    gap,
    objective_status,
    remaining,
    run_rate,
    significant_gap,
    status,
)
from .concentration import gini, share, top_count, top_share
from .costs import (
    PERIODICITIES,
    acquisition_cost,
    cost_per_contact,
    cost_per_contract,
    months_spanned,
    normalise_periodicity,
    per_client,
    period_cost,
    roi,
)
from .film import ABSENT, MOVEMENTS, STATUSES, movements, transitions
from .forecast import (
    PROGNOSIS_RULES,
    PROGNOSIS_STEPS,
    SCORE_LABELS,
    global_prognosis,
    normalise_rule,
    score,
    weighted_pipeline,
)
from .funnel import (
    LOST,
    STAGES,
    conversion_rate,
    funnel,
    normalise_label,
    normalise_status,
    reached,
    stage_codes,
    stage_rate,
)
from .growth import growth, volatility
from .kpi_errors import (
    KpiError,
    NoDataError,
    NotReachedError,
    OutOfRangeError,
    UnknownLabelError,
    ZeroDenominatorError,
)
from .portfolio import cumulative_share, premium_per_contract
from .profitability import (
    breakeven,
    breakeven_date,
    breakeven_units,
    contribution_margin,
    margin_rate,
    operating_result,
    safety_margin,
)
from .segments import Quadrant, Segment, quadrants, segment, segments, untapped_potential
from .tables import GROUP_COLUMNS, TOTAL, band_labels, group_table, seniority_band, tenure_years

__all__ = [
    # comparisons and floors as a person reads the figures
    "TOLERANCE",
    "at_least",
    "ceil_decimal",
    "floor_decimal",
    # errors
    "KpiError",
    "NoDataError",
    "NotReachedError",
    "OutOfRangeError",
    "UnknownLabelError",
    "ZeroDenominatorError",
    # funnel and conversion
    "STAGES",
    "LOST",
    "conversion_rate",
    "funnel",
    "normalise_label",
    "normalise_status",
    "reached",
    "stage_codes",
    "stage_rate",
    # cost and return
    "PERIODICITIES",
    "acquisition_cost",
    "cost_per_contact",
    "cost_per_contract",
    "months_spanned",
    "normalise_periodicity",
    "per_client",
    "period_cost",
    "roi",
    # objectives
    "DEFAULT_AMBER",
    "Status",
    "attainment",
    "gap",
    "objective_status",
    "remaining",
    "run_rate",
    "significant_gap",
    "status",
    # profitability
    "breakeven",
    "breakeven_date",
    "breakeven_units",
    "contribution_margin",
    "margin_rate",
    "operating_result",
    "safety_margin",
    # performance analysis
    "GROUP_COLUMNS",
    "TOTAL",
    "Quadrant",
    "Segment",
    "band_labels",
    "cumulative_share",
    "gini",
    "group_table",
    "growth",
    "premium_per_contract",
    "quadrants",
    "segment",
    "segments",
    "seniority_band",
    "share",
    "tenure_years",
    "top_count",
    "top_share",
    "untapped_potential",
    "volatility",
    # commercial action plan
    "AnsoffStrategy",
    "ansoff",
    "month_index",
    "spread_budget",
    # pipeline and the film
    "ABSENT",
    "MOVEMENTS",
    "STATUSES",
    "movements",
    "transitions",
    "PROGNOSIS_RULES",
    "PROGNOSIS_STEPS",
    "SCORE_LABELS",
    "global_prognosis",
    "normalise_rule",
    "score",
    "weighted_pipeline",
]
