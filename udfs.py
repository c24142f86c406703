"""The xlsales function catalogue: the KPI functions a sales manager types in a cell.

Excel loads this module (xlwings add-in settings: UDF Modules = ``udfs``). Each function
is an xlwings UDF whose body is one call into the KPI core; :mod:`xlsales.coercion` does
what Excel would (ranges summed as SUM sums them, error cells passed through, zero
denominators as ``#DIV/0!``) and never lets an exception reach a cell. Called as plain
Python, as xlwings Lite and the tests do, a range is a list or a list of lists.

The examples are seed 003's worked case (Abeille Assurances, Langon) unless they say
otherwise; ``docs/functions.md`` is generated from this module.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

import xlwings as xw

from xlsales import core
from xlsales.coercion import (
    Aligned,
    Categories,
    Date,
    Each,
    Flag,
    Label,
    Labels,
    Number,
    Numbers,
    Sum,
    Texts,
    call,
)
from xlsales.function_help import arg_doc, function_help, wizard_language

F = TypeVar("F", bound=Callable[..., Any])

__all__ = [
    "kpi_conversion",
    "kpi_cac",
    "kpi_cost_per_contact",
    "kpi_cost_per_contract",
    "kpi_roi",
    "kpi_per_client",
    "kpi_period_cost",
    "kpi_months",
    "kpi_attainment",
    "kpi_gap",
    "kpi_remaining",
    "kpi_run_rate",
    "kpi_status",
    "kpi_contribution_margin",
    "kpi_margin_rate",
    "kpi_breakeven",
    "kpi_breakeven_units",
    "kpi_breakeven_date",
    "kpi_safety_margin",
    "kpi_result",
    "kpi_funnel",
    "kpi_stage_rate",
    "kpi_weighted_pipeline",
    "kpi_prognosis",
    "kpi_score",
    "kpi_segment",
    "kpi_share",
    "kpi_top_share",
    "kpi_gini",
    "kpi_untapped_potential",
    "kpi_growth",
    "kpi_volatility",
    "kpi_table",
]

CATEGORY = "xlsales"
#: The function wizard's language (French unless Excel's or XLSALES_LANG says English).
WIZARD_LANG = wizard_language()


def _documented(fn: F) -> F:
    """``@xw.arg`` for every argument of ``fn``: its help in Excel's function wizard,
    from the one catalogue (``xlsales/locales/<lang>/functions.yaml``, which LibreOffice's
    add-in and docs/functions.md read too), in :data:`WIZARD_LANG`, and error cells
    passed in as their text. The wizard's description of the function is the catalogue's
    one line too, not the docstring, which stays the developer's reference."""
    for name in reversed(inspect.signature(fn).parameters):
        fn = xw.arg(name, doc=arg_doc(fn.__name__, name, WIZARD_LANG), err_to_str=True)(fn)
    if hasattr(fn, "__xlfunc__"):  # xlwings on Windows; elsewhere its decorators do nothing
        fn.__xlfunc__["ret"]["doc"] = function_help(fn.__name__, WIZARD_LANG).description
    return fn


# ---------------------------------------------------------------- funnel and cost


@xw.func(category=CATEGORY)
@_documented
def kpi_conversion(converted, base):
    """Taux de conversion: Σconverted / Σbase.

    The ratio of every funnel step: taux de qualification, de retour, de prise de RDV,
    de transformation, and efficacité globale (new clients / contacts).

    >>> kpi_conversion([50, 25], [2500, 1500])
    0.01875
    """
    return call(core.conversion_rate, Sum(converted), Sum(base))


@xw.func(category=CATEGORY)
@_documented
def kpi_cac(cost, clients):
    """Coût d'acquisition client (CAC): Σcost / Σclients.

    >>> kpi_cac(2330, 5)
    466.0
    """
    return call(core.acquisition_cost, Sum(cost), Sum(clients))


@xw.func(category=CATEGORY)
@_documented
def kpi_cost_per_contact(cost, contacts):
    """Coût par prospect (par contact): Σcost / Σcontacts.

    >>> round(kpi_cost_per_contact(2330, 600), 4)
    3.8833
    """
    return call(core.cost_per_contact, Sum(cost), Sum(contacts))


@xw.func(category=CATEGORY)
@_documented
def kpi_cost_per_contract(cost, contracts):
    """Coût par contrat: Σcost / Σcontracts.

    >>> kpi_cost_per_contract(2330, 10)
    233.0
    """
    return call(core.cost_per_contract, Sum(cost), Sum(contracts))


@xw.func(category=CATEGORY)
@_documented
def kpi_roi(revenue, cost):
    """Retour sur investissement (ROI): (Σrevenue − Σcost) / Σcost.

    >>> round(kpi_roi(4500, 2330), 4)
    0.9313
    """
    return call(core.roi, Sum(revenue), Sum(cost))


@xw.func(category=CATEGORY)
@_documented
def kpi_per_client(amount, clients):
    """Contrats par client, or panier moyen: Σamount / Σclients.

    >>> kpi_per_client([105, 55], [50, 25])
    2.1333333333333333
    """
    return call(core.per_client, Sum(amount), Sum(clients))


@xw.func(category=CATEGORY)
@_documented
def kpi_period_cost(amount, periodicity, months, quantity=1, weeks_per_month=4):
    """Coût sur la période: a periodic cost line converted to a period of months.

    Two salaried sales people, 20 h a week at 22.51 €, February to June 2022:

    >>> round(kpi_period_cost(450.2, "semaine", 5, 2), 2)
    18008.0
    """
    return call(core.period_cost, Number(amount), Label(periodicity), Number(months),
                Number(quantity, default=1), Number(weeks_per_month, default=4))


@xw.func(category=CATEGORY)
@_documented
def kpi_months(start, end):
    """Durée en mois: calendar months from start to end, both included.

    >>> kpi_months("2022-02-01", "2022-06-30")
    5
    """
    return call(core.months_spanned, Date(start), Date(end))


# ---------------------------------------------------------------- objectives


@xw.func(category=CATEGORY)
@_documented
def kpi_attainment(actual, objective):
    """Taux d'atteinte: Σactual / Σobjective.

    >>> round(kpi_attainment(50, 70), 4)
    0.7143
    """
    return call(core.attainment, Sum(actual), Sum(objective))


@xw.func(category=CATEGORY)
@_documented
def kpi_gap(actual, objective, relative=False):
    """Écart: Σactual − Σobjective; écart relatif when relative is TRUE.

    >>> kpi_gap(653, 650), round(kpi_gap(653, 650, True), 4)
    (3.0, 0.0046)
    """
    return call(core.gap, Sum(actual), Sum(objective), Flag(relative))


@xw.func(category=CATEGORY)
@_documented
def kpi_remaining(actual, objective):
    """Reste à faire: max(Σobjective − Σactual, 0).

    >>> kpi_remaining(50, 70)
    20.0
    """
    return call(core.remaining, Sum(actual), Sum(objective))


@xw.func(category=CATEGORY)
@_documented
def kpi_run_rate(actual, elapsed, total):
    """Projection (run rate): Σactual × total / elapsed, activity assumed linear.

    Twelve contracts after 4 months of a 12-month year:

    >>> kpi_run_rate(12, 4, 12)
    36.0
    """
    return call(core.run_rate, Sum(actual), Number(elapsed), Number(total))


@xw.func(category=CATEGORY)
@_documented
def kpi_status(actual, objective, amber=0.9):
    """Statut: vert from 100 % attainment, orange from the amber threshold, rouge below.

    >>> kpi_status(653, 650), kpi_status(67, 90)
    ('vert', 'rouge')
    """
    return call(core.objective_status, Sum(actual), Sum(objective),
                Number(amber, default=core.DEFAULT_AMBER))


# ---------------------------------------------------------------- profitability


@xw.func(category=CATEGORY)
@_documented
def kpi_contribution_margin(revenue, variable_costs):
    """Marge sur coûts variables (MCV): ΣCA − ΣCV.

    CA = 105 × 454 + 55 × 956; CV = 653 × 30 + 323 × 50 + 75 × 150:

    >>> kpi_contribution_margin([47670, 52580], [19590, 16150, 11250])
    53260.0
    """
    return call(core.contribution_margin, Sum(revenue), Sum(variable_costs))


@xw.func(category=CATEGORY)
@_documented
def kpi_margin_rate(revenue, variable_costs):
    """Taux de marge sur coûts variables: (ΣCA − ΣCV) / ΣCA.

    >>> round(kpi_margin_rate([47670, 52580], [19590, 16150, 11250]), 6)
    0.531272
    """
    return call(core.margin_rate, Sum(revenue), Sum(variable_costs))


@xw.func(category=CATEGORY)
@_documented
def kpi_breakeven(fixed_costs, revenue, variable_costs):
    """Seuil de rentabilité in value: ΣCF / taux de MCV; #NUM! when ΣCA <= ΣCV.

    Rent, flyers, phone and salaries over February to June 2022:

    >>> round(kpi_breakeven([7750, 385, 155.5, 18008], [47670, 52580],
    ...                     [19590, 16150, 11250]), 2)
    49501.03
    """
    return call(core.breakeven, Sum(fixed_costs), Sum(revenue), Sum(variable_costs))


@xw.func(category=CATEGORY)
@_documented
def kpi_breakeven_units(fixed_costs, unit_price, unit_variable_cost):
    """Seuil de rentabilité in units: ΣCF / (price − unit variable cost); #NUM! when
    that margin is zero or negative.

    >>> round(kpi_breakeven_units(26298.5, 454, [30, 150]), 2)
    95.98
    """
    return call(core.breakeven_units, Sum(fixed_costs), Sum(unit_price),
                Sum(unit_variable_cost))


@xw.func(category=CATEGORY)
@_documented
def kpi_breakeven_date(fixed_costs, revenue, variable_costs, start, end):
    """Point mort: start + SR / CA × (end − start + 1 day), whole days rounded down.

    >>> kpi_breakeven_date(26298.5, 100250, 46990, "2022-02-01", "2022-06-30")
    datetime.date(2022, 4, 16)
    """
    return call(core.breakeven_date, Sum(fixed_costs), Sum(revenue), Sum(variable_costs),
                Date(start), Date(end))


@xw.func(category=CATEGORY)
@_documented
def kpi_safety_margin(revenue, fixed_costs, variable_costs, relative=False):
    """Marge de sécurité: CA − SR; indice de sécurité (CA − SR) / CA when relative.

    >>> round(kpi_safety_margin(100250, 26298.5, 46990, True), 4)
    0.5062
    """
    return call(core.safety_margin, Sum(revenue), Sum(fixed_costs), Sum(variable_costs),
                Flag(relative))


@xw.func(category=CATEGORY)
@_documented
def kpi_result(revenue, fixed_costs, variable_costs):
    """Résultat: MCV − CF.

    >>> kpi_result(100250, 26298.5, 46990)
    26961.5
    """
    return call(core.operating_result, Sum(revenue), Sum(fixed_costs), Sum(variable_costs))


# ---------------------------------------------------------------- funnel by status


@xw.func(category=CATEGORY)
@_documented
def kpi_funnel(statuses, stages=None):
    """Entonnoir: per stage, prospects that reached it (cumulative) and the rate from the
    previous stage. A lost prospect (perdu) has reached contacté. Returns a table.

    >>> kpi_funnel(["recensé", "qualifié", "client", "perdu", "engagé"])
    [['étape', 'atteints', 'taux'], ['recensé', 5, None], ['qualifié', 4, 0.8], ['contacté', 3, 0.75], ['engagé', 2, 0.6666666666666666], ['client', 1, 0.5]]
    """  # noqa: E501
    return call(core.funnel, Labels(statuses), Texts(stages))


@xw.func(category=CATEGORY)
@_documented
def kpi_stage_rate(statuses, from_stage, to_stage):
    """Taux de passage: reached(to_stage) / reached(from_stage).

    >>> kpi_stage_rate(["contacté", "engagé", "client", "perdu"], "contacté", "engagé")
    0.5
    """
    return call(core.stage_rate, Labels(statuses), Label(from_stage), Label(to_stage))


# ---------------------------------------------------------------- pipeline


@xw.func(category=CATEGORY)
@_documented
def kpi_weighted_pipeline(amounts, prognoses):
    """Prévision pondérée: Σ amount × prognosis; a pair with a blank is skipped;
    #NUM! for a prognosis outside 0–100 %.

    >>> kpi_weighted_pipeline([1000, 2500, 400, 900], [0.2, 0.6, 1, None])
    2100.0
    """
    return call(core.weighted_pipeline, Aligned(amounts), Aligned(prognoses))


@xw.func(category=CATEGORY)
@_documented
def kpi_prognosis(prognoses, rule="max"):
    """Pronostic global: the prognosis of a prospect under the agency's rule.

    >>> kpi_prognosis([0.2, 0.6]), round(kpi_prognosis([0.2, 0.6], "combiné"), 2)
    (0.6, 0.68)
    """
    return call(core.global_prognosis, Numbers(prognoses), Label(rule, default="max"))


@xw.func(category=CATEGORY)
@_documented
def kpi_score(potential, thresholds, labels=None):
    """Score by accessible potential: a value at or above a threshold moves up a label.

    >>> kpi_score(12000, [5000, 10000, 50000])
    'important'
    """
    return call(core.score, Each(potential), Numbers(thresholds), Texts(labels))


# ---------------------------------------------------------------- performance


@xw.func(category=CATEGORY)
@_documented
def kpi_segment(effort, result, efforts, results):
    """Segment effort/résultat against the group's medians (>= median is high):
    performant, efficace, actif à convertir, à accompagner.

    >>> kpi_segment(30, 4000, [10, 20, 30], [5000, 9000, 4000])
    'actif à convertir'
    """
    return call(core.segment, Number(effort), Number(result), Numbers(efforts),
                Numbers(results))


@xw.func(category=CATEGORY)
@_documented
def kpi_share(value, values):
    """Part: Σvalue / Σvalues.

    >>> kpi_share(4000, [4000, 12000])
    0.25
    """
    return call(core.share, Sum(value), Sum(values))


@xw.func(category=CATEGORY)
@_documented
def kpi_top_share(values, top):
    """Concentration: share of the total held by the top items.

    >>> kpi_top_share([50, 30, 10, 5, 5], 0.2)
    0.5
    """
    return call(core.top_share, Numbers(values), Number(top))


@xw.func(category=CATEGORY)
@_documented
def kpi_gini(values):
    """Coefficient de Gini: Σi Σj |xi − xj| / (2 n² mean).

    >>> kpi_gini([0, 0, 0, 100])
    0.75
    """
    return call(core.gini, Numbers(values))


@xw.func(category=CATEGORY)
@_documented
def kpi_untapped_potential(leads, conversion, network_conversion, network_premium_per_contract):
    """Potentiel non exploité: (network conversion − region conversion) × leads × network
    premium per contract, when positive.

    >>> round(kpi_untapped_potential(1000, 0.10, 0.15, 600), 6)
    30000.0
    """
    return call(core.untapped_potential, Sum(leads), Number(conversion),
                Number(network_conversion), Number(network_premium_per_contract))


@xw.func(category=CATEGORY)
@_documented
def kpi_growth(values):
    """Croissance: (period − previous) / previous, a column of n − 1 rates.

    >>> kpi_growth([100, 110, 99])
    [[0.1], [-0.1]]
    """
    return call(core.growth, Numbers(values))


@xw.func(category=CATEGORY)
@_documented
def kpi_volatility(values):
    """Volatilité: sample standard deviation (STDEV.S) of the period growth rates.

    >>> round(kpi_volatility([100, 110, 99, 120]), 6)
    0.158109
    """
    return call(core.volatility, Numbers(values))


@xw.func(category=CATEGORY)
@_documented
def kpi_table(groups, leads, contracts, premium):
    """Tableau par groupe, by premium descending, then a Total row: group, leads,
    contracts, conversion (contracts / leads), premium, premium per lead, share.

    >>> kpi_table(["Ana", "Bob", "Ana"], [1, 1, 1], [1, 0, 2], [500, 0, 1500])[1]
    ['Ana', 2.0, 3.0, 1.5, 2000.0, 1000.0, 1.0]
    """
    return call(core.group_table, Categories(groups), Aligned(leads), Aligned(contracts),
                Aligned(premium))
