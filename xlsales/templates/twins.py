"""The KPIs of the core, written as native spreadsheet formulas.

A generated workbook computes everything itself, in Excel or LibreOffice, with no
Python. Each function here is the formula twin of a core definition (same name where
possible), built from cell references; the workbook tests recalculate the workbooks in
LibreOffice and check every figure against the core. Only functions that Excel 2016 and
LibreOffice 7.4 both compute are used (no XLOOKUP, LET, LAMBDA, FILTER...).

Inputs that are still blank give a blank (``""``) rather than an error, so a blank
template shows blanks. A zero denominator with inputs filled gives ``zero`` (a readable
text such as "aucun client"), never an error value.
"""

from __future__ import annotations

__all__ = [
    "quote",
    "blank_unless",
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
]


def quote(text: str) -> str:
    """A text constant inside a formula.

    >>> print(quote('le "client" perdu'))
    "le ""client"" perdu"
    """
    return '"' + text.replace('"', '""') + '"'


def blank_unless(refs: list[str], expr: str) -> str:
    """``expr``, or blank while any of ``refs`` is blank.

    >>> blank_unless(["A1", "B1"], "A1*B1")
    'IF(OR(A1="",B1=""),"",A1*B1)'
    """
    if len(refs) == 1:
        return f'IF({refs[0]}="","",{expr})'
    return f'IF(OR({",".join(f"{r}=" + chr(34) * 2 for r in refs)}),"",{expr})'


def ratio(num: str, den: str, zero: str = "") -> str:
    """``num / den`` (conversion, CAC, attainment... all of core's rates).

    >>> ratio("B2", "C2", "aucun client")
    'IF(OR(B2="",C2=""),"",IF(C2=0,"aucun client",B2/C2))'
    """
    return blank_unless([num, den], f"IF({den}=0,{quote(zero)},{num}/{den})")


def roi(revenue: str, cost: str, zero: str = "") -> str:
    """(revenue − cost) / cost, as :func:`xlsales.core.roi`.

    >>> roi("E2", "F2")
    'IF(OR(E2="",F2=""),"",IF(F2=0,"",(E2-F2)/F2))'
    """
    return blank_unless([revenue, cost], f"IF({cost}=0,{quote(zero)},({revenue}-{cost})/{cost})")


def attainment(actual: str, objective: str, zero: str = "") -> str:
    """actual / objective, as :func:`xlsales.core.attainment`."""
    return ratio(actual, objective, zero)


def gap(actual: str, objective: str, relative: bool = False, zero: str = "") -> str:
    """actual − objective, or (actual − objective) / objective when ``relative``, as
    :func:`xlsales.core.gap`.

    >>> gap("C5", "B5", relative=True)
    'IF(OR(C5="",B5=""),"",IF(B5=0,"",(C5-B5)/B5))'
    """
    if relative:
        return blank_unless([actual, objective],
                            f"IF({objective}=0,{quote(zero)},({actual}-{objective})/{objective})")
    return blank_unless([actual, objective], f"{actual}-{objective}")


def months_spanned(start: str, end: str) -> str:
    """Calendar months from start to end, both included (core.months_spanned).

    >>> months_spanned("B3", "B4")
    'IF(OR(B3="",B4=""),"",(YEAR(B4)-YEAR(B3))*12+MONTH(B4)-MONTH(B3)+1)'
    """
    months = f"(YEAR({end})-YEAR({start}))*12+MONTH({end})-MONTH({start})+1"
    return blank_unless([start, end], months)


def period_cost(amount: str, quantity: str, occurrences: str, share: str | None = None) -> str:
    """A cost line over the period: amount × quantity × occurrences of its periodicity
    over the period (× the agency's share), as :func:`xlsales.core.period_cost`.

    ``occurrences`` is the lookup of the periodicity in the workbook's table of
    occurrences (1 for once, weeks per month × months for a weekly cost...); a blank
    quantity or share counts as 1.
    """
    expr = f'{amount}*IF({quantity}="",1,{quantity})*{occurrences}'
    if share is not None:
        expr += f'*IF({share}="",1,{share})'
    return expr


def margin_rate(revenue: str, variable: str) -> str:
    """Taux de MCV: (CA − CV) / CA (core.margin_rate)."""
    expr = f'IF({revenue}=0,"",({revenue}-{variable})/{revenue})'
    return blank_unless([revenue, variable], expr)


def breakeven(fixed: str, revenue: str, variable: str, never: str) -> str:
    """Seuil de rentabilité: CF / taux de MCV, ``never`` when CA <= CV (core.breakeven)."""
    expr = f"IF({revenue}<={variable},{quote(never)},{fixed}/(({revenue}-{variable})/{revenue}))"
    return blank_unless([fixed, revenue, variable], expr)


def breakeven_date(threshold: str, revenue: str, start: str, end: str) -> str:
    """Point mort: start + INT(SR / CA × (end − start + 1)) (core.breakeven_date); the
    threshold's own text when it is never reached."""
    days = f"({end}-{start}+1)"
    expr = f"IF(ISNUMBER({threshold}),{start}+INT({threshold}/{revenue}*{days}),{threshold})"
    return blank_unless([threshold, revenue, start, end], expr)


def safety_margin(revenue: str, threshold: str, relative: bool = False) -> str:
    """Marge de sécurité CA − SR, or indice (CA − SR) / CA (core.safety_margin)."""
    expr = f"({revenue}-{threshold})" + (f"/{revenue}" if relative else "")
    return blank_unless([revenue, threshold], f'IF(ISNUMBER({threshold}),{expr},"")')


def run_rate(actual: str, elapsed: str, total: str) -> str:
    """Projection: actual × total / elapsed (core.run_rate)."""
    return blank_unless([actual, elapsed, total],
                        f'IF({elapsed}=0,"",{actual}*{total}/{elapsed})')


def remaining(actual: str, objective: str) -> str:
    """Reste à faire: max(objective − actual, 0) (core.remaining)."""
    return blank_unless([actual, objective], f"MAX({objective}-{actual},0)")


def status(rate: str, amber: str, labels: tuple[str, str, str]) -> str:
    """Statut of an attainment: green from 100 %, amber from ``amber``, red below
    (core.status); ``labels`` are the three words in the workbook's language.

    >>> status("H5", "Seuil_Orange", ("vert", "orange", "rouge"))
    'IF(ISNUMBER(H5),IF(H5>=1,"vert",IF(H5>=Seuil_Orange,"orange","rouge")),"")'
    """
    green, orange, red = (quote(x) for x in labels)
    return f'IF(ISNUMBER({rate}),IF({rate}>=1,{green},IF({rate}>={amber},{orange},{red})),"")'


def significant_gap(relative_gap: str, threshold: str, labels: tuple[str, str]) -> str:
    """Whether a relative gap is significant: abs(gap) >= threshold
    (core.significant_gap); ``labels`` are yes and no."""
    yes, no = (quote(x) for x in labels)
    return f'IF(ISNUMBER({relative_gap}),IF(ABS({relative_gap})>={threshold},{yes},{no}),"")'


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
    'IF(OR(Plan_Debut="",Suivi_Date=""),"",MAX(0,MIN(Plan_Mois,(YEAR(Suivi_Date)-YEAR(Plan_Debut))*12+MONTH(Suivi_Date)-MONTH(Plan_Debut)+1)))'
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
    'IF(OR(N7="",J7="",K7="",F$5="",M7=""),"",IF(AND(F$5>=DATE(YEAR(J7),MONTH(J7),1),F$5<=K7),N7/M7,0))'
    """
    inside = f"AND({month}>=DATE(YEAR({start}),MONTH({start}),1),{month}<={end})"
    return blank_unless([amount, start, end, month, months],
                        f"IF({inside},{amount}/{months},0)")


def lookup(key: str, keys: str, values: str, missing: str) -> str:
    """The value beside ``key`` in a two-column list (``keys`` and ``values``, exact
    match); ``missing`` when the key is not in the list, blank while ``key`` is blank.

    >>> lookup("D7", "Objectifs_Codes", "Objectifs_Indicateurs", "inconnu")
    'IF(D7="","",IF(ISNUMBER(MATCH(D7,Objectifs_Codes,0)),INDEX(Objectifs_Indicateurs,MATCH(D7,Objectifs_Codes,0)),"inconnu"))'
    """
    match = f"MATCH({key},{keys},0)"
    return blank_unless([key], f"IF(ISNUMBER({match}),INDEX({values},{match}),{quote(missing)})")


def position(key: str, keys: str) -> str:
    """Position of ``key`` in the list ``keys`` (exact match), blank when it is blank
    or not in the list.

    >>> position("C18", "Objectifs_Codes")
    'IF(C18="","",IF(ISNUMBER(MATCH(C18,Objectifs_Codes,0)),MATCH(C18,Objectifs_Codes,0),""))'
    """
    match = f"MATCH({key},{keys},0)"
    return blank_unless([key], f'IF(ISNUMBER({match}),{match},"")')
