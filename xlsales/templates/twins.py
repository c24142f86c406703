"""The KPIs of the core, written as native spreadsheet formulas.

A generated workbook computes everything itself, in Excel or LibreOffice, with no
Python. Each function here is the formula twin of a core definition (same name where
possible), built from cell references; the workbook tests recalculate the workbooks in
LibreOffice and check every figure against the core. Only functions that Excel 2016 and
LibreOffice 7.4 both compute are used (no XLOOKUP, LET, LAMBDA, FILTER...).

Inputs that are still blank give a blank (``""``) rather than an error, so a blank
template shows blanks. A zero denominator with inputs filled gives ``zero`` (a readable
text such as "aucun client"), never an error value: each such case is listed in
:data:`TEXT_INSTEAD_OF_ERRORS`, the table ``docs/functions.md`` shows. The twins of
range functions a user types as plain formulas (:func:`top_share`, :func:`gini`,
:func:`volatility`, :func:`growth` without ``zero``) return the UDFs' errors instead.

Where the core compares a computed figure with a threshold or floors it, the twin does
it as the core does, at 15 significant digits (:func:`at_least`, :func:`floor_decimal`,
:func:`ceil_decimal`, twins of :func:`xlsales.core.at_least`...), so that both engines
and the core agree on exact boundaries (60.3 / 67 is 90 %).
User labels matched by SUMIF(S), COUNTIF(S), MATCH or VLOOKUP go through
:func:`criterion` or :func:`literal`: ``*``, ``?`` and ``~`` in a name are then plain
characters (those functions ignore case; the specs refuse names differing only by case).
When several inputs are errors, a twin returns the first in argument order, as the UDFs
do (OR, AND and arithmetic evaluate left to right in both engines).
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "TEXT_INSTEAD_OF_ERRORS",
    "TWINS",
    "TextInsteadOfError",
    "text_instead_of_error",
    "at_least",
    "floor_decimal",
    "ceil_decimal",
    "literal",
    "criterion",
    "quote",
    "blank_unless",
    "numbers_unless_blank",
    "ratio",
    "roi",
    "attainment",
    "gap",
    "months_spanned",
    "period_cost",
    "margin_rate",
    "breakeven",
    "breakeven_date",
    "safety_margin",
    "run_rate",
    "remaining",
    "status",
    "significant_gap",
    "ansoff",
    "running_total",
    "sum_to_month",
    "months_elapsed",
    "month_start",
    "spread_budget",
    "lookup",
    "position",
    "breakeven_units",
    "top_share",
    "gini",
    "growth",
    "volatility",
]

class TextInsteadOfError(NamedTuple):
    """A case where a workbook deliberately shows a text (or a blank) where the UDF
    returns an error."""

    functions: tuple[str, ...]  # the UDFs concerned; () for every function with a twin
    when: str
    udf_error: str  # the UDF's error value; "" when the UDF returns a number
    shows: str
    why: str


_RATES = ("kpi_conversion", "kpi_cac", "kpi_cost_per_contact", "kpi_cost_per_contract",
          "kpi_per_client", "kpi_attainment", "kpi_share", "kpi_roi", "kpi_gap",
          "kpi_margin_rate", "kpi_run_rate")

#: Every case where a workbook shows a text or a blank where the UDF returns an error,
#: as decided (docs/functions.md shows this table). The differential test
#: (tests/test_differential.py) accepts exactly these differences and no other.
TEXT_INSTEAD_OF_ERRORS: tuple[TextInsteadOfError, ...] = (
    TextInsteadOfError((), "an input is blank", "",
                       "a blank", "a template not yet filled shows blanks, not zeros"),
    TextInsteadOfError(_RATES, "zero denominator", "#DIV/0!",
                       "the template's word (\"aucun client\", \"objectif nul\"...) or a "
                       "blank", "a rate of nothing reads as a sentence in a report"),
    TextInsteadOfError(("kpi_breakeven", "kpi_breakeven_units", "kpi_breakeven_date"),
                       "CA <= CV (unit margin <= 0)", "#NUM!",
                       "the template's word (\"non atteint\")",
                       "a break-even never reached is a finding, not a fault"),
    TextInsteadOfError(("kpi_safety_margin",), "CA <= CV", "#NUM!", "a blank",
                       "no margin to show when the break-even is never reached"),
    TextInsteadOfError(("kpi_safety_margin",), "CA = 0 (relative)", "#DIV/0!", "a blank",
                       "as the rates"),
    TextInsteadOfError(("kpi_status",), "objective 0", "#DIV/0!", "a blank",
                       "no status without an attainment"),
    TextInsteadOfError(("significant_gap",), "objective 0 (core.significant_gap, no UDF)",
                       "#DIV/0!", "a blank", "no gap to judge without an objective"),
    TextInsteadOfError(("kpi_growth",), "the previous period is 0", "#DIV/0!",
                       "the template's word, when it gives one", "as the rates"),
)


_PLAIN = "none needed, a plain formula"
_TABLE = "none: a table, which the templates build with COUNTIFS/SUMIFS"

#: The formula twin of each UDF (a function of this module), or why it has none; the
#: function reference shows it, the differential test checks every twin listed.
TWINS: dict[str, str] = {
    "kpi_conversion": "ratio",
    "kpi_cac": "ratio",
    "kpi_cost_per_contact": "ratio",
    "kpi_cost_per_contract": "ratio",
    "kpi_roi": "roi",
    "kpi_per_client": "ratio",
    "kpi_period_cost": "period_cost",
    "kpi_months": "months_spanned",
    "kpi_attainment": "attainment",
    "kpi_gap": "gap",
    "kpi_remaining": "remaining",
    "kpi_run_rate": "run_rate",
    "kpi_status": "status",
    "kpi_contribution_margin": f"{_PLAIN} (=CA-CV)",
    "kpi_margin_rate": "margin_rate",
    "kpi_breakeven": "breakeven",
    "kpi_breakeven_units": "breakeven_units",
    "kpi_breakeven_date": "breakeven_date",
    "kpi_safety_margin": "safety_margin",
    "kpi_result": f"{_PLAIN} (=CA-CV-CF)",
    "kpi_funnel": _TABLE,
    "kpi_stage_rate": "none: COUNTIFS of the statuses reached, as the pipeline workbook",
    "kpi_weighted_pipeline": f"{_PLAIN} (=SUMPRODUCT(amounts,prognoses))",
    "kpi_prognosis": "none: an array formula of the pipeline workbook (MAX(IF(...)))",
    "kpi_score": "none: LOOKUP(potential,thresholds,labels), as the pipeline workbook",
    "kpi_segment": "none: two comparisons with MEDIAN, no workbook needs it",
    "kpi_share": "ratio",
    "kpi_top_share": "top_share",
    "kpi_gini": "gini",
    "kpi_untapped_potential": f"{_PLAIN} (=MAX((network-region)*leads*premium,0))",
    "kpi_growth": "growth",
    "kpi_volatility": "volatility",
    "kpi_table": _TABLE,
}


def text_instead_of_error(function: str, udf_error: str) -> bool:
    """Whether a workbook may show a text where ``function`` returns ``udf_error``.

    >>> text_instead_of_error("kpi_cac", "#DIV/0!"), text_instead_of_error("kpi_cac", "#NUM!")
    (True, False)
    """
    return any(function in row.functions and row.udf_error == udf_error
               for row in TEXT_INSTEAD_OF_ERRORS)


#: core.TOLERANCE as a formula constant.
_TOLERANCE = "1E-14"


def at_least(x: str, threshold: str) -> str:
    """``x >= threshold`` as a person decides it, the twin of
    :func:`xlsales.core.at_least`: equal to 15 significant digits counts as reached.

    >>> at_least("H5", "Seuil_Orange")
    'H5>=Seuil_Orange-1E-14*MAX(ABS(H5),ABS(Seuil_Orange))'
    """
    return f"{x}>={threshold}-{_TOLERANCE}*MAX(ABS({x}),ABS({threshold}))"


def floor_decimal(x: str) -> str:
    """INT of ``x`` as a person reads ``x`` (:func:`xlsales.core.floor_decimal`).

    >>> floor_decimal("B2/B3*100")
    'INT(B2/B3*100+1E-14*ABS(B2/B3*100))'
    """
    return f"INT({x}+{_TOLERANCE}*ABS({x}))"


def ceil_decimal(x: str) -> str:
    """The whole number above ``x`` as a person reads ``x``
    (:func:`xlsales.core.ceil_decimal`).

    >>> ceil_decimal("B2*B3")
    '-INT(-(B2*B3)+1E-14*ABS(B2*B3))'
    """
    return f"-INT(-({x})+{_TOLERANCE}*ABS({x}))"


def literal(ref: str) -> str:
    """A label as MATCH and VLOOKUP must see it to find it literally: ``~``, ``*`` and
    ``?`` escaped (a number is left a number).

    >>> literal("A6")
    'IF(ISTEXT(A6),SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(A6,"~","~~"),"*","~*"),"?","~?"),A6)'
    """
    escaped = f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({ref},"~","~~"),"*","~*"),"?","~?")'
    return f"IF(ISTEXT({ref}),{escaped},{ref})"


def criterion(ref: str) -> str:
    """A SUMIF(S)/COUNTIF(S) criterion that matches the label in ``ref`` exactly (case
    aside): wildcards escaped, and ``=`` in front so that a label starting with ``<``,
    ``>`` or ``=`` is not read as a comparison.

    >>> criterion("A6")
    '"="&IF(ISTEXT(A6),SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(A6,"~","~~"),"*","~*"),"?","~?"),A6)'
    """
    return f'"="&{literal(ref)}'


def quote(text: str) -> str:
    """A text constant inside a formula.

    >>> print(quote('le "client" perdu'))
    "le ""client"" perdu"
    """
    return '"' + text.replace('"', '""') + '"'


def blank_unless(refs: list[str], expr: str) -> str:
    """``expr``, or blank while any of ``refs`` is blank; an error value in ``refs`` is
    passed on, the first in argument order. Nested IFs rather than one OR: LibreOffice's
    OR does not return the first of several errors.

    >>> blank_unless(["A1", "B1"], "A1*B1")
    'IF(A1="","",IF(B1="","",A1*B1))'
    """
    out = expr
    for ref in reversed(refs):
        out = f'IF({ref}="","",{out})'
    return out


def numbers_unless_blank(refs: list[str], expr: str, texts: tuple[str, ...] = ()) -> str:
    """``expr`` over the numbers in ``refs``, checked one by one in argument order as
    the UDFs coerce them: blank while one is blank, else its error value, or #VALUE!
    for a text that is not a number ("12" is 12, as in Excel's arithmetic). The refs
    in ``texts`` may hold a text (a threshold's "non atteint"): only blanks and errors
    are checked there. The first problem in argument order wins, as in the UDFs.

    >>> numbers_unless_blank(["B2", "C2"], "B2/C2")
    'IF(B2="","",IF(ISERROR(B2*0),B2*0,IF(C2="","",IF(ISERROR(C2*0),C2*0,B2/C2))))'
    """
    out = expr
    for ref in reversed(refs):
        if ref not in texts:
            out = f"IF(ISERROR({ref}*0),{ref}*0,{out})"
        out = f'IF({ref}="","",{out})'
    return out


def ratio(num: str, den: str, zero: str = "") -> str:
    """``num / den`` (conversion, CAC, attainment... all of core's rates).

    >>> ratio("B2", "C2", "aucun client").endswith('IF(C2=0,"aucun client",B2/C2)))))')
    True
    """
    return numbers_unless_blank([num, den], f"IF({den}=0,{quote(zero)},{num}/{den})")


def roi(revenue: str, cost: str, zero: str = "") -> str:
    """(revenue − cost) / cost, as :func:`xlsales.core.roi`.

    >>> roi("E2", "F2").endswith('IF(F2=0,"",(E2-F2)/F2)))))')
    True
    """
    return numbers_unless_blank([revenue, cost],
                                f"IF({cost}=0,{quote(zero)},({revenue}-{cost})/{cost})")


def attainment(actual: str, objective: str, zero: str = "") -> str:
    """actual / objective, as :func:`xlsales.core.attainment`."""
    return ratio(actual, objective, zero)


def gap(actual: str, objective: str, relative: bool = False, zero: str = "") -> str:
    """actual − objective, or (actual − objective) / objective when ``relative``, as
    :func:`xlsales.core.gap`.

    >>> gap("C5", "B5", relative=True).endswith('IF(B5=0,"",(C5-B5)/B5)))))')
    True
    """
    if relative:
        return numbers_unless_blank(
            [actual, objective],
            f"IF({objective}=0,{quote(zero)},({actual}-{objective})/{objective})")
    return numbers_unless_blank([actual, objective], f"{actual}-{objective}")


def months_spanned(start: str, end: str) -> str:
    """Calendar months from start to end, both included (core.months_spanned); #NUM!
    when the end is before the start, as the UDF.

    >>> months_spanned("B3", "B4").endswith(
    ...     'IF(B4<B3,#NUM!,(YEAR(B4)-YEAR(B3))*12+MONTH(B4)-MONTH(B3)+1)))))')
    True
    """
    months = f"(YEAR({end})-YEAR({start}))*12+MONTH({end})-MONTH({start})+1"
    return numbers_unless_blank([start, end], f"IF({end}<{start},#NUM!,{months})")


def period_cost(amount: str, quantity: str, occurrences: str, share: str | None = None,
                checked: tuple[str, str, str] | None = None) -> str:
    """A cost line over the period: amount × quantity × occurrences of its periodicity
    over the period (× the agency's share), as :func:`xlsales.core.period_cost`.

    ``occurrences`` is the lookup of the periodicity in the workbook's table of
    occurrences (1 for once, weeks per month × months for a weekly cost...); a blank
    quantity or share counts as 1. ``checked`` (periodicity, months, weeks per month)
    adds the UDF's checks: the first error value or non-numeric text in argument order,
    then #NUM! for a negative months, quantity or weeks per month (workbooks refuse
    those by data validation as well).
    """
    qty = f'IF({quantity}="",1,{quantity})'
    expr = f"{amount}*{qty}*{occurrences}"
    if share is not None:
        expr += f'*IF({share}="",1,{share})'
    if checked is None:
        return expr
    periodicity, months, weeks = checked
    expr = f"IF(OR(-{months}>0,-{qty}>0,-{weeks}>0),#NUM!,{expr})"
    for ref in (weeks, quantity, months):
        number = f'IF({ref}="",0,{ref})*0'
        expr = f"IF(ISERROR({number}),{number},{expr})"
    expr = f"IF(ISERROR({periodicity}),{periodicity},{expr})"
    return f"IF(ISERROR({amount}*0),{amount}*0,{expr})"


def margin_rate(revenue: str, variable: str) -> str:
    """Taux de MCV: (CA − CV) / CA (core.margin_rate)."""
    expr = f'IF({revenue}=0,"",({revenue}-{variable})/{revenue})'
    return numbers_unless_blank([revenue, variable], expr)


def breakeven(fixed: str, revenue: str, variable: str, never: str) -> str:
    """Seuil de rentabilité: CF / taux de MCV, ``never`` when CA <= CV (core.breakeven)."""
    # CA − CV <= 0 rather than CA <= CV: a subtraction reads numeric text as its number.
    expr = (f"IF({revenue}-{variable}<=0,{quote(never)},"
            f"{fixed}/(({revenue}-{variable})/{revenue}))")
    return numbers_unless_blank([fixed, revenue, variable], expr)


def breakeven_date(threshold: str, revenue: str, start: str, end: str) -> str:
    """Point mort: start + INT(SR / CA × (end − start + 1)) (core.breakeven_date), the
    offset floored at 15 significant digits (:func:`floor_decimal`); the threshold's own
    text when it is never reached, #NUM! when the end is before the start."""
    days = f"({end}-{start}+1)"
    offset = floor_decimal(f"{threshold}/{revenue}*{days}")
    # Beyond 9999-12-31 (serial 2958465) the date leaves the calendar: #NUM!, as the UDF.
    expr = (f"IF({end}-{start}<0,#NUM!,IF(ISNUMBER({threshold}),"
            f"IF({offset}>2958465-{start},#NUM!,{start}+{offset}),{threshold}))")
    return numbers_unless_blank([threshold, revenue, start, end], expr, texts=(threshold,))


def safety_margin(revenue: str, threshold: str, relative: bool = False) -> str:
    """Marge de sécurité CA − SR, or indice (CA − SR) / CA (core.safety_margin)."""
    expr = f"({revenue}-{threshold})" + (f"/{revenue}" if relative else "")
    return numbers_unless_blank([revenue, threshold], f'IF(ISNUMBER({threshold}),{expr},"")',
                                texts=(threshold,))


def run_rate(actual: str, elapsed: str, total: str) -> str:
    """Projection: actual × total / elapsed (core.run_rate); #NUM! for a negative
    length, as the UDF."""
    return numbers_unless_blank([actual, elapsed, total],
                                f'IF(OR(-{elapsed}>0,-{total}>0),#NUM!,'
                                f'IF({elapsed}=0,"",{actual}*{total}/{elapsed}))')


def remaining(actual: str, objective: str) -> str:
    """Reste à faire: max(objective − actual, 0) (core.remaining)."""
    return numbers_unless_blank([actual, objective], f"MAX({objective}-{actual},0)")


def status(rate: str, amber: str, labels: tuple[str, str, str]) -> str:
    """Statut of an attainment: green from 100 %, amber from ``amber``, red below
    (core.status); ``labels`` are the three words in the workbook's language.

    The rate is compared at 15 significant digits (:func:`at_least`); an error in it is
    passed on, a text (a zero objective's word) gives a blank.

    >>> status("H5", "Seuil_Orange", ("vert", "orange", "rouge"))[:52]
    'IF(ISERROR(H5),H5,IF(ISNUMBER(H5),IF(H5>=1-1E-14*MAX'
    """
    green, orange, red = (quote(x) for x in labels)
    return (f"IF(ISERROR({rate}),{rate},IF(ISNUMBER({rate}),IF({at_least(rate, '1')},{green},"
            f'IF({at_least(rate, amber)},{orange},{red})),""))')


def significant_gap(relative_gap: str, threshold: str, labels: tuple[str, str]) -> str:
    """Whether a relative gap is significant: abs(gap) >= threshold
    (core.significant_gap); ``labels`` are yes and no."""
    yes, no = (quote(x) for x in labels)
    reached = at_least(f"ABS({relative_gap})", threshold)
    return f'IF(ISNUMBER({relative_gap}),IF({reached},{yes},{no}),"")'


def ansoff(product: str, market: str, current: str, labels: tuple[str, str, str, str]) -> str:
    """The Ansoff strategy of a product/market pair: pénétration (current product,
    current market), développement de produits (new product), extension de marché (new
    market), diversification (both new). ``current`` is the word for "actuel".
    """
    pen, dev, ext, div = (quote(x) for x in labels)
    cur = quote(current)
    return blank_unless(
        [product, market],
        f"IF({product}={cur},IF({market}={cur},{pen},{ext}),IF({market}={cur},{dev},{div}))",
    )


def running_total(first: str, current: str) -> str:
    """Cumulative figure: the sum from ``first`` (a row-absolute reference such as
    ``C$7``) down to ``current``; blank while ``current`` is blank, so a month not yet
    entered shows no cumulative.

    >>> running_total("D$7", "D9")
    'IF(D9="","",SUM(D$7:D9))'
    """
    return blank_unless([current], f"SUM({first}:{current})")


def sum_to_month(values: str, months: str, elapsed: str) -> str:
    """Cumulative to date: the sum of ``values`` whose month number (``months``, 1 to
    12) is at most ``elapsed``; blank before the plan starts or while no value is
    entered. A month left blank counts for nothing.

    >>> sum_to_month("D7:D18", "A7:A18", "Mois_Ecoules")
    'IF(Mois_Ecoules="","",IF(OR(Mois_Ecoules=0,COUNT(D7:D18)=0),"",SUMIF(A7:A18,"<="&Mois_Ecoules,D7:D18)))'
    """
    expr = (f'IF(OR({elapsed}=0,COUNT({values})=0),"",'
            f'SUMIF({months},"<="&{elapsed},{values}))')
    return blank_unless([elapsed], expr)


def months_elapsed(start: str, as_of: str, total: str) -> str:
    """Months of the plan elapsed at ``as_of`` (its month included), between 0 and
    ``total``: :func:`months_spanned` clipped to the plan (core.month_index).

    >>> months_elapsed("Plan_Debut", "Suivi_Date", "Plan_Mois")
    'IF(Plan_Debut="","",IF(Suivi_Date="","",MAX(0,MIN(Plan_Mois,(YEAR(Suivi_Date)-YEAR(Plan_Debut))*12+MONTH(Suivi_Date)-MONTH(Plan_Debut)+1))))'
    """
    months = f"(YEAR({as_of})-YEAR({start}))*12+MONTH({as_of})-MONTH({start})+1"
    return blank_unless([start, as_of], f"MAX(0,MIN({total},{months}))")


def month_start(start: str, offset: int) -> str:
    """First day of the month ``offset`` months after ``start``'s month.

    >>> month_start("Plan_Debut", 2)
    'IF(Plan_Debut="","",DATE(YEAR(Plan_Debut),MONTH(Plan_Debut)+2,1))'
    """
    return blank_unless([start], f"DATE(YEAR({start}),MONTH({start})+{offset},1)")


def spread_budget(amount: str, start: str, end: str, month: str, months: str) -> str:
    """The share of an action's budget in ``month`` (the first day of a plan month):
    ``amount`` / ``months`` (the months the action spans) when the month lies between
    the action's start and end months, else 0 (:func:`xlsales.core.spread_budget`).

    >>> spread_budget("N7", "J7", "K7", "F$5", "M7")
    'IF(N7="","",IF(J7="","",IF(K7="","",IF(F$5="","",IF(M7="","",IF(AND(F$5>=DATE(YEAR(J7),MONTH(J7),1),F$5<=K7),N7/M7,0))))))'
    """
    inside = f"AND({month}>=DATE(YEAR({start}),MONTH({start}),1),{month}<={end})"
    return blank_unless([amount, start, end, month, months],
                        f"IF({inside},{amount}/{months},0)")


def lookup(key: str, keys: str, values: str, missing: str) -> str:
    """The value beside ``key`` in a two-column list (``keys`` and ``values``, exact
    match, ``*`` and ``?`` taken literally); ``missing`` when the key is not in the
    list, blank while ``key`` is blank.

    >>> lookup("D7", "Codes", "Noms", "inconnu")[:60]
    'IF(D7="","",IF(ISNUMBER(MATCH(IF(ISTEXT(D7),SUBSTITUTE(SUBST'
    """
    match = f"MATCH({literal(key)},{keys},0)"
    return blank_unless([key], f"IF(ISNUMBER({match}),INDEX({values},{match}),{quote(missing)})")


def position(key: str, keys: str) -> str:
    """Position of ``key`` in the list ``keys`` (exact match, ``*`` and ``?`` taken
    literally), blank when it is blank or not in the list.

    >>> position("C18", "Codes").endswith(',Codes,0),""))')
    True
    """
    match = f"MATCH({literal(key)},{keys},0)"
    return blank_unless([key], f'IF(ISNUMBER({match}),{match},"")')


def breakeven_units(fixed: str, price: str, unit_variable: str, never: str) -> str:
    """Seuil de rentabilité in units: CF / (price − unit variable cost), ``never``
    when that margin is zero or negative (core.breakeven_units).

    >>> breakeven_units("B2", "B3", "B4", "non atteint").endswith(
    ...     'IF(B3-B4<=0,"non atteint",B2/(B3-B4))))))))')
    True
    """
    margin = f"({price}-{unit_variable})"
    expr = f"IF({margin[1:-1]}<=0,{quote(never)},{fixed}/{margin})"
    return numbers_unless_blank([fixed, price, unit_variable], expr)


def _first_error(values: str, expr: str) -> str:
    """``expr``, or the first error value of the range ``values`` (a row or a column),
    as the UDFs return it (SUM returns some error, not always the first)."""
    errors = f"ISERROR({values})"
    first = f"INDEX({values},SUMPRODUCT(MATCH(TRUE,{errors},0)))"
    return f"IF(SUMPRODUCT(--{errors})>0,{first},{expr})"


def top_share(values: str, top: str) -> str:
    """Concentration: the share of SUM(``values``) held by the ``top`` largest values,
    a count (>= 1) or a fraction of the values rounded up (core.top_share); ties at the
    last place count once each. Errors as the UDF: #N/A with no value, #NUM! for a
    negative value or a bad ``top``, #DIV/0! for a zero total.
    """
    n = f"COUNT({values})"
    k = f"IF({top}<1,{ceil_decimal(f'{top}*{n}')},MIN({top},{n}))"
    kth = f"LARGE({values},{k})"
    above = f"ISNUMBER({values})*({values}>{kth})"
    share = (f"(SUMPRODUCT({above},{values})+({k}-SUMPRODUCT({above}))*{kth})"
             f"/SUM({values})")
    checks = (f"IF({n}=0,#N/A,IF(MIN({values})<0,#NUM!,"
              f"IF(OR({top}<=0,AND({top}>=1,{top}<>INT({top}))),#NUM!,"
              f"IF(SUM({values})=0,#DIV/0!,{share}))))")
    return _first_error(values, blank_unless([top], checks))


def gini(values: str) -> str:
    """Gini coefficient (core.gini), without an array formula: with r the average
    ascending rank of each value, Σi Σj |xi − xj| / (2 n² mean) =
    Σ x (2r − n − 1) / (n × Σx). COUNTIF compares through the values' text, so the
    values are those typed (15 significant digits at most).
    """
    n = f"COUNT({values})"
    ranks = f'2*COUNTIF({values},"<"&{values})+COUNTIF({values},{values})-{n}'
    expr = (f"IF({n}=0,#N/A,IF(MIN({values})<0,#NUM!,IF(SUM({values})=0,#DIV/0!,"
            f"SUMPRODUCT({values},{ranks})/({n}*SUM({values})))))")
    return _first_error(values, expr)


def growth(previous: str, current: str, zero: str | None = None) -> str:
    """Growth of one period: (current − previous) / previous (core.growth, one rate);
    #DIV/0! after a zero period, or ``zero`` when given.

    >>> growth("B7", "B8").endswith(',(B8-B7)/B7))))')
    True
    """
    rate = f"({current}-{previous})/{previous}"
    if zero is not None:
        rate = f"IF({previous}=0,{quote(zero)},{rate})"
    return numbers_unless_blank([previous, current], rate)


def volatility(previous: str, current: str) -> str:
    """Volatility (core.volatility): the sample standard deviation of the period
    growth rates, without an array formula. ``previous`` and ``current`` are the same
    column shifted by a row (``B7:B18`` and ``B8:B19`` for values in ``B7:B19``), filled
    without gaps. #N/A with no value, #DIV/0! after a zero period or with fewer than two
    rates, as the UDF.
    """
    m = f"COUNT({current})"
    rates = f"({current}-{previous})/{previous}"
    mean = f"SUMPRODUCT({rates})/{m}"
    expr = (f"IF(COUNT({previous})=0,#N/A,IF(OR(COUNTIF({previous},0)>0,{m}<2),#DIV/0!,"
            f"SQRT(SUMPRODUCT(({rates}-{mean})^2)/({m}-1))))")
    # An error in the values is in ``previous``, or it is the last value.
    return _first_error(previous, f"IF(ISERROR(SUM({current})),SUM({current}),{expr})")
