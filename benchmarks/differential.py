"""The differential test: every KPI with a formula twin, on three engines at once.

Random and edge inputs are drawn for each KPI that has a formula twin
(:mod:`xlsales.templates.twins`), with a fixed seed. All the cases go into ONE
workbook, one row each: the inputs as cells (numbers, numeric text, booleans, blanks,
dates, error values) and the twin formula over them. LibreOffice recalculates it once;
each recalculated twin is then compared with the UDF (``udfs.py``) called on the same
cells, and with the core called directly when the inputs are plain numbers: numbers
within a relative 1e-9, errors of the same kind, labels and dates equal. The only
differences allowed are the decided ones: a blank input gives a blank, and the cases
of :data:`xlsales.templates.twins.TEXT_INSTEAD_OF_ERRORS` give a text.

``tests/test_differential.py`` runs it at a size that takes seconds; the larger run:

    python benchmarks/differential.py [--cases 300] [--seed 12]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import udfs  # noqa: E402
from xlsales import core, libreoffice  # noqa: E402
from xlsales.coercion import kpi_error, to_excel  # noqa: E402
from xlsales.templates import twins as fx  # noqa: E402

__all__ = ["Err", "Kpi", "Case", "KPIS", "draw_cases", "write_book", "compare", "run"]

ERRORS = ("#DIV/0!", "#NUM!", "#N/A", "#VALUE!")
ZERO, NEVER = "z", "n"  # the twins' words for a zero denominator, a threshold not reached
STATUS = ("vert", "orange", "rouge")
YES_NO = ("oui", "non")
FIRST_INPUT, RESULT_COL = 2, 14  # columns C.. for inputs, O for the twin


class Err(str):
    """An error value typed in an input cell (``=#NUM!``), not a text."""


Value = Any  # float | int | str | Err | bool | None | dt.date | list[...]


@dataclass
class Kpi:
    """A KPI with a twin: how to draw its inputs, write its twin, call its UDF and core.

    ``kinds`` says what each argument is: ``num`` (one cell), ``date`` (one cell),
    ``label`` (one cell of text), ``range`` (a row of cells)."""

    name: str
    kinds: tuple[str, ...]
    twin: Callable[..., str]
    udf: Callable[..., Any] | None
    core: Callable[..., Any] | None
    draw: Callable[[random.Random], list[Value]]
    edges: list[list[Value]] = field(default_factory=list)
    date_result: bool = False


@dataclass
class Case:
    kpi: Kpi
    inputs: list[Value]
    row: int = 0


def _amount(rng: random.Random) -> float:
    return rng.choice([round(rng.uniform(0, 5000), 2), float(rng.randint(0, 300)),
                       round(rng.uniform(0, 1), 3)])


def _odd(rng: random.Random, value: Value) -> Value:
    """Now and then, replace a value by an edge: zero, a blank, numeric text, a
    boolean, text, an error value, a negative."""
    roll = rng.random()
    if roll < 0.70:
        return value
    return rng.choice([0.0, None, "12", True, "abc", Err(rng.choice(ERRORS)), -value
                       if isinstance(value, float) else 0.0])


def _nums(count: int, edge: bool = True) -> Callable[[random.Random], list[Value]]:
    def draw(rng: random.Random) -> list[Value]:
        values = [_amount(rng) for _ in range(count)]
        return [_odd(rng, v) for v in values] if edge else values
    return draw


def _date(rng: random.Random) -> dt.date:
    return dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 3000))


def _row(rng: random.Random, low: int, high: int) -> list[Value]:
    values: list[Value] = [_amount(rng) for _ in range(rng.randint(low, high))]
    roll = rng.random()
    if roll < 0.1 and values:
        values[rng.randrange(len(values))] = Err(rng.choice(ERRORS))
    elif roll < 0.2 and values:
        values[rng.randrange(len(values))] = rng.choice(["abc", None])
    elif roll < 0.25:
        values = [0.0] * len(values)
    elif roll < 0.3 and values:
        values[0] = -values[0] - 1
    return values


# ------------------------------------------------------------------ exact boundaries


def _exact_status(objective: int, amber: str = "0.9") -> list[Value]:
    """Actual = objective × amber as decimals: exactly the amber threshold on paper."""
    return [float(Decimal(objective) * Decimal(amber)), float(objective), float(amber)]


def _point_mort_edges(count: int) -> list[list[Value]]:
    """Inputs whose offset SR / CA × days is a whole number on paper but falls just
    below it in binary: Python's floor would give a day less."""
    found: list[list[Value]] = []
    start = dt.date(2022, 2, 1)
    for days in (100, 150, 90, 365):
        for ca in (1000, 1200, 2500, 4000):
            for cv in (100, 300, 400, 700):
                for target in range(1, days):
                    # CF so that SR = CA × target / days; SR / CA × days = target.
                    mcv_rate = Decimal(ca - cv) / Decimal(ca)
                    cf = float(Decimal(ca) * target / days * mcv_rate)
                    sr = cf / ((ca - cv) / ca)
                    offset = sr / ca * days
                    if offset < target and math.floor(offset) == target - 1:
                        found.append([cf, float(ca), float(cv), start,
                                      start + dt.timedelta(days=days - 1)])
                        break
                if len(found) >= count:
                    return found
    return found


def _exact_gaps() -> list[list[Value]]:
    """A relative gap of exactly 10 % either way (99 for 90, 60.3 for 67...)."""
    out: list[list[Value]] = []
    for objective in (90, 67, 30, 70, 110, 3, 7):
        for factor in ("1.1", "0.9"):
            out.append([float(Decimal(objective) * Decimal(factor)), float(objective), 0.1])
    return out


# ------------------------------------------------------------------ the KPIs


def _ratio(name: str, fn: Callable[..., Any]) -> Kpi:
    return Kpi(name, ("num", "num"), lambda a, b: fx.ratio(a, b, ZERO), getattr(udfs, name),
               fn, _nums(2), [[0.0, 0.0], [5.0, 0.0], [Err("#NUM!"), Err("#DIV/0!")],
                              ["12", 4.0], [True, 4.0], [None, 3.0], ["abc", 2.0]])


def _status_twin(actual: str, objective: str, amber: str) -> str:
    return fx.status(fx.attainment(actual, objective, ZERO), amber, STATUS)


def _significant_twin(actual: str, objective: str, threshold: str) -> str:
    return fx.significant_gap(fx.gap(actual, objective, relative=True, zero=ZERO), threshold,
                              YES_NO)


def _significant_core(actual: float, objective: float, threshold: float) -> str:
    return YES_NO[0] if core.significant_gap(actual, objective, threshold) else YES_NO[1]


def _breakeven_twin(fixed: str, revenue: str, variable: str) -> str:
    return fx.breakeven(fixed, revenue, variable, NEVER)


def _draw_status(rng: random.Random) -> list[Value]:
    objective = float(rng.randint(0, 200))
    actual = round(objective * rng.uniform(0.7, 1.2), rng.choice([0, 1, 2]))
    return [_odd(rng, actual), _odd(rng, objective), rng.choice([0.9, 0.8, 0.95, 0.5])]


def _draw_profit(rng: random.Random) -> list[Value]:
    ca = float(rng.randint(0, 200000))
    cv = round(ca * rng.uniform(0.2, 1.1), 2)
    cf = round(rng.uniform(0, ca), 2)
    return [_odd(rng, cf), _odd(rng, ca), _odd(rng, cv)]


def _draw_dates(rng: random.Random) -> list[Value]:
    start = _date(rng)
    end = start + dt.timedelta(days=rng.randint(-20, 800))
    return [start, end]


def _draw_period_cost(rng: random.Random) -> list[Value]:
    return [_odd(rng, _amount(rng)), rng.choice(PERIODICITY_WORDS),
            _odd(rng, float(rng.randint(0, 24))), rng.choice([1.0, 2.0, None, -1.0]),
            rng.choice([4.0, 4.33, None, -1.0])]


PERIODICITY_WORDS = ("une fois", "semaine", "mois", "semestre", "an")


def _period_cost_twin(amount: str, periodicity: str, months: str, quantity: str,
                      weeks: str) -> str:
    # The workbooks look the occurrences up in their periodicity table; the same table
    # inline here, a blank weeks per month being the default 4.
    per_week = f'IF({weeks}="",4,{weeks})*{months}'
    occurrences = (f'IF({periodicity}="une fois",1,IF({periodicity}="semaine",{per_week},'
                   f'IF({periodicity}="mois",{months},IF({periodicity}="semestre",'
                   f"{months}/6,{months}/12))))")
    return fx.numbers_unless_blank([amount, periodicity, months], fx.period_cost(
        amount, quantity, occurrences, checked=(periodicity, months, weeks)),
        texts=(periodicity,))


def _period_cost_core(amount: float, periodicity: str, months: float, quantity: Any,
                      weeks: Any) -> float:
    return float(core.period_cost(amount, periodicity, months,
                                  1 if quantity is None else quantity,
                                  4 if weeks is None else weeks))


def _draw_top(rng: random.Random) -> list[Value]:
    return [_row(rng, 0, 10), rng.choice([0.2, 0.5, 1.0, 2.0, 3.0, 0.25, 1.5, 0.0, 12.0])]


def _series(rng: random.Random, low: int, high: int) -> list[Value]:
    """Values of consecutive periods, filled without gaps (the growth twins read them
    by position): numbers, now and then a zero or an error value."""
    values: list[Value] = [_amount(rng) for _ in range(rng.randint(low, high))]
    for index in range(len(values)):
        roll = rng.random()
        if roll < 0.05:
            values[index] = 0.0
        elif roll < 0.08:
            values[index] = Err(rng.choice(ERRORS))
    return values


def _range(refs: list[str]) -> str:
    return f"{refs[0]}:{refs[-1]}"


def _growth_udf(values: list[Value]) -> Any:
    out = udfs.kpi_growth(values)
    return out[0][0] if isinstance(out, list) else out


def _growth_core(values: list[float]) -> Any:
    return float(core.growth(values)[0])


def _volatility_twin(refs: list[str]) -> str:
    if len(refs) < 2:  # one value: no shifted column, no rate; the UDF's #N/A
        return f"IF(ISERROR({refs[0]}),{refs[0]},#N/A)"
    return fx.volatility(_range(refs[:-1]), _range(refs[1:]))


def _make_kpis() -> list[Kpi]:
    kpis = [_ratio(name, fn) for name, fn in (
        ("kpi_conversion", core.conversion_rate), ("kpi_cac", core.acquisition_cost),
        ("kpi_cost_per_contact", core.cost_per_contact),
        ("kpi_cost_per_contract", core.cost_per_contract),
        ("kpi_per_client", core.per_client), ("kpi_attainment", core.attainment),
        ("kpi_share", core.share))]
    kpis += [
        Kpi("kpi_roi", ("num", "num"), lambda r, c: fx.roi(r, c, ZERO), udfs.kpi_roi,
            core.roi, _nums(2), [[10.0, 0.0], [Err("#N/A"), Err("#NUM!")]]),
        Kpi("kpi_gap", ("num", "num"), lambda a, o: fx.gap(a, o), udfs.kpi_gap, core.gap,
            _nums(2)),
        Kpi("kpi_gap(relative)", ("num", "num"), lambda a, o: fx.gap(a, o, True, ZERO),
            lambda a, o: udfs.kpi_gap(a, o, True), lambda a, o: core.gap(a, o, True),
            _nums(2), [[99.0, 90.0], [5.0, 0.0]]),
        Kpi("kpi_remaining", ("num", "num"), fx.remaining, udfs.kpi_remaining,
            core.remaining, _nums(2)),
        Kpi("kpi_run_rate", ("num", "num", "num"), fx.run_rate, udfs.kpi_run_rate,
            core.run_rate, _nums(3), [[12.0, 4.0, 12.0], [12.0, -1.0, 12.0],
                                      [12.0, 4.0, -12.0], [5.0, 0.0, 12.0],
                                      [Err("#NUM!"), -1.0, Err("#N/A")]]),
        Kpi("kpi_status", ("num", "num", "num"), _status_twin, udfs.kpi_status,
            core.objective_status, _draw_status,
            [_exact_status(o) for o in (67, 30, 70, 10, 90, 110, 3)]
            + [_exact_status(o, "0.8") for o in (7, 13, 67)] + [[67.0, 67.0, 0.9]]),
        Kpi("significant_gap", ("num", "num", "num"), _significant_twin, None,
            _significant_core, lambda rng: [*_nums(2, edge=False)(rng), 0.1],
            _exact_gaps()),
        Kpi("kpi_margin_rate", ("num", "num"), fx.margin_rate, udfs.kpi_margin_rate,
            core.margin_rate, _nums(2), [[0.0, 5.0]]),
        Kpi("kpi_breakeven", ("num", "num", "num"), _breakeven_twin, udfs.kpi_breakeven,
            core.breakeven, _draw_profit, [[1000.0, 500.0, 500.0], [1000.0, 0.0, -5.0]]),
        Kpi("kpi_breakeven_units", ("num", "num", "num"),
            lambda f, p, u: fx.breakeven_units(f, p, u, NEVER), udfs.kpi_breakeven_units,
            core.breakeven_units, _nums(3), [[26298.5, 454.0, 180.0], [100.0, 5.0, 5.0]]),
        Kpi("kpi_breakeven_date", ("num", "num", "num", "date", "date"),
            lambda f, r, v, s, e: fx.breakeven_date(_breakeven_twin(f, r, v), r, s, e),
            udfs.kpi_breakeven_date, core.breakeven_date,
            lambda rng: [*_draw_profit(rng), *_draw_dates(rng)],
            _point_mort_edges(12) + [[26298.5, 100250.0, 46990.0, dt.date(2022, 2, 1),
                                      dt.date(2022, 6, 30)]],
            date_result=True),
        Kpi("kpi_safety_margin", ("num", "num", "num"),
            lambda r, f, v: fx.safety_margin(r, _breakeven_twin(f, r, v)),
            udfs.kpi_safety_margin, core.safety_margin,
            lambda rng: [_draw_profit(rng)[i] for i in (1, 0, 2)],
            [[Err("#NUM!"), Err("#DIV/0!"), 1.0], [100.0, 10.0, 100.0]]),
        Kpi("kpi_safety_margin(relative)", ("num", "num", "num"),
            lambda r, f, v: fx.safety_margin(r, _breakeven_twin(f, r, v), relative=True),
            lambda r, f, v: udfs.kpi_safety_margin(r, f, v, True),
            lambda r, f, v: core.safety_margin(r, f, v, True),
            lambda rng: [_draw_profit(rng)[i] for i in (1, 0, 2)],
            [[Err("#VALUE!"), Err("#N/A"), Err("#NUM!")]]),
        Kpi("kpi_months", ("date", "date"), fx.months_spanned, udfs.kpi_months,
            core.months_spanned, _draw_dates,
            [[dt.date(2022, 2, 1), dt.date(2022, 6, 30)],
             [dt.date(2022, 2, 1), dt.date(2022, 1, 31)]]),
        Kpi("kpi_period_cost", ("num", "label", "num", "num", "num"), _period_cost_twin,
            udfs.kpi_period_cost, _period_cost_core, _draw_period_cost,
            [[450.2, "semaine", 5.0, 2.0, 4.0], [100.0, "mois", -1.0, 1.0, 4.0],
             [100.0, "semaine", 3.0, 1.0, None], [100.0, "an", 18.0, -2.0, 4.0]]),
        Kpi("kpi_top_share", ("range", "num"), lambda v, t: fx.top_share(_range(v), t),
            udfs.kpi_top_share, core.top_share, _draw_top,
            [[[50.0, 30.0, 10.0, 5.0, 5.0], 0.2], [[5.0] * 10, 0.2], [[3.0, 3.0, 1.0], 1.0],
             [[0.1] * 10, 0.3], [[], 0.5], [[4.0, 2.0], 1.5]]),
        Kpi("kpi_gini", ("range",), lambda v: fx.gini(_range(v)), udfs.kpi_gini, core.gini,
            lambda rng: [_row(rng, 0, 10)],
            [[[0.0, 0.0, 0.0, 100.0]], [[10.0, 10.0, 10.0]], [[1.0, 2.0, 2.0, 3.0, 3.0]]]),
        Kpi("kpi_growth", ("range",), lambda v: fx.growth(v[0], v[1]), _growth_udf,
            _growth_core, lambda rng: [_series(rng, 2, 2)],
            [[[100.0, 110.0]], [[0.0, 5.0]], [[Err("#N/A"), Err("#NUM!")]]]),
        Kpi("kpi_volatility", ("range",), _volatility_twin, udfs.kpi_volatility,
            core.volatility, lambda rng: [_series(rng, 1, 10)],
            [[[100.0, 110.0, 99.0, 120.0]], [[100.0, 110.0]], [[0.0, 1.0, 2.0]],
             [[5.0, 5.0, 5.0, 5.0]]]),
    ]
    return kpis


KPIS = _make_kpis()


def draw_cases(per_kpi: int, seed: int = 12) -> list[Case]:
    """The edge cases of every KPI, then ``per_kpi`` random ones each (fixed seed)."""
    rng = random.Random(seed)
    cases = []
    for kpi in KPIS:
        cases += [Case(kpi, list(inputs)) for inputs in kpi.edges]
        cases += [Case(kpi, kpi.draw(rng)) for _ in range(per_kpi)]
    for row, case in enumerate(cases, start=1):
        case.row = row
    return cases


# ------------------------------------------------------------------ the workbook


def _write_value(sheet: Any, row: int, col: int, value: Value, date_fmt: Any) -> None:
    if value is None:
        return
    if isinstance(value, Err):
        sheet.write_formula(row, col, f"={value}")
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, str):
        sheet.write_string(row, col, value)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), date_fmt)
    else:
        sheet.write_number(row, col, value)


def write_book(cases: Sequence[Case], path: Path) -> Path:
    """One row per case: the KPI, the inputs, the twin formula (column O)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Cas")
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    for case in cases:
        sheet.write_string(case.row, 0, case.kpi.name)
        col = FIRST_INPUT
        refs: list[Any] = []
        for kind, value in zip(case.kpi.kinds, case.inputs, strict=True):
            if kind == "range":
                cells = []
                for item in value:
                    _write_value(sheet, case.row, col, item, date_fmt)
                    cells.append(xl_rowcol_to_cell(case.row, col))
                    col += 1
                if not cells:  # an empty range: one blank cell
                    cells.append(xl_rowcol_to_cell(case.row, col))
                    col += 1
                refs.append(cells)
            else:
                _write_value(sheet, case.row, col, value, date_fmt)
                refs.append(xl_rowcol_to_cell(case.row, col))
                col += 1
        assert col <= RESULT_COL, case
        sheet.write_formula(case.row, RESULT_COL, "=" + case.kpi.twin(*refs),
                            date_fmt if case.kpi.date_result else None)
    book.close()
    return path


# ------------------------------------------------------------------ the comparison


def _udf_input(value: Value) -> Any:
    if isinstance(value, list):
        return [_udf_input(v) for v in value]
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())  # what xlwings hands a UDF
    if isinstance(value, Err):
        return str(value)
    return value


def _plain(value: Value) -> bool:
    if isinstance(value, list):
        return all(isinstance(v, float) for v in value)
    return (isinstance(value, (float, dt.date)) and not isinstance(value, bool)) or (
        isinstance(value, str) and not isinstance(value, Err) and value in PERIODICITY_WORDS)


def _core_result(case: Case) -> Any:
    assert case.kpi.core is not None
    try:
        result = case.kpi.core(*case.inputs)
    except core.KpiError as exc:
        return kpi_error(exc).value
    return to_excel(result)


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, dt.datetime):
        expected = expected.date()
    if isinstance(got, dt.datetime):
        got = got.date()
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return (isinstance(got, (int, float)) and not isinstance(got, bool)
                and math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-12))
    return bool(expected == got)


def _allowed(case: Case, udf: Any, twin: Any) -> bool:
    """The decided differences: a blank input gives a blank; the cases listed in
    TEXT_INSTEAD_OF_ERRORS give a text."""
    scalars = [v for kind, v in zip(case.kpi.kinds, case.inputs, strict=True)
               if kind != "range"]
    if twin is None and any(v is None for v in scalars):
        return True
    name = case.kpi.name.split("(")[0]
    is_text = twin is None or (isinstance(twin, str) and twin not in ERRORS)
    return is_text and isinstance(udf, str) and fx.text_instead_of_error(name, udf)


def compare(cases: Sequence[Case], recalculated: Path) -> list[str]:
    """Every disagreement between the twin (as recalculated), the UDF and the core."""
    with warnings.catch_warnings():
        # A point mort beyond 9999 would be a date openpyxl cannot read; the twins give
        # #NUM! there, so a warning would only mean a disagreement, which compare shows.
        warnings.simplefilter("ignore", UserWarning)
        sheet = openpyxl.load_workbook(recalculated, data_only=True)["Cas"]
    problems = []
    for case in cases:
        twin = sheet.cell(case.row + 1, RESULT_COL + 1).value
        if twin == ZERO or twin == NEVER:
            twin = "text"
        expected = None
        if case.kpi.udf is not None:
            expected = case.kpi.udf(*(_udf_input(v) for v in case.inputs))
        if case.kpi.core is not None and all(_plain(v) for v in case.inputs):
            from_core = _core_result(case)
            if expected is None:
                expected = from_core
            elif not _same(from_core, expected):
                problems.append(f"{case.kpi.name}{case.inputs}: core {from_core!r}, "
                                f"UDF {expected!r}")
        if expected is None:
            continue
        if not (_same(expected, twin) or _allowed(case, expected, twin)):
            problems.append(f"row {case.row + 1} {case.kpi.name}{case.inputs}: "
                            f"UDF/core {expected!r}, workbook {twin!r}")
    return problems


def run(per_kpi: int, seed: int, folder: Path) -> tuple[int, list[str], float]:
    """Draw, write, recalculate once, compare: (cases, problems, seconds)."""
    began = time.perf_counter()
    cases = draw_cases(per_kpi, seed)
    book = write_book(cases, folder / "differential.xlsx")
    recalculated = libreoffice.recalculate(book, folder / "recalculated")
    problems = compare(cases, recalculated)
    return len(cases), problems, time.perf_counter() - began


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=300, help="random cases per KPI")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="xlsales-diff-") as folder:
        count, problems, seconds = run(args.cases, args.seed, Path(folder))
    print(f"{count} cases over {len(KPIS)} KPIs, {len(problems)} disagreements, "
          f"{seconds:.1f} s")
    for problem in problems[:50]:
        print(" ", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
