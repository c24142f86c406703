"""The spreadsheet functions :mod:`.formula_eval` computes: those the templates write.

Each follows Excel's documented behaviour where LibreOffice agrees with it (the
cross-engine test, ``tests/test_cached_values.py``, checks every formula cell of every
template against LibreOffice). Aggregates (SUM, COUNT, MIN, MAX, PRODUCT, AND, OR)
skip text and blanks inside ranges and arrays but coerce arguments typed directly;
criteria (SUMIFS, COUNTIFS...) take an operator prefix, wildcards ``* ? ~`` and
compare case-insensitively; exact lookups (VLOOKUP, MATCH 0) take wildcards too.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from ..excel_errors import ExcelError
from .formula_eval import (
    Array,
    Evaluator,
    Function,
    LazyFunction,
    Range,
    approx_equal,
    compare,
    to_number,
    to_text,
    truth,
)
from .formula_parser import Node

__all__ = ["FUNCTIONS", "LAZY", "serial", "from_serial"]

_EPOCH = dt.date(1899, 12, 30)


def serial(day: dt.date) -> float:
    """The spreadsheet serial number of a date (1900 system, from March 1900)."""
    return float((day - _EPOCH).days)


def from_serial(number: float) -> dt.date:
    return _EPOCH + dt.timedelta(days=math.floor(number))


def _values(ev: Evaluator, arg: Any) -> tuple[bool, list[Any]]:
    """(whether ``arg`` is a range or array, its values)."""
    value = ev.deref(arg)
    if isinstance(arg, Range) or isinstance(value, Array):
        return True, list(value.flat()) if isinstance(value, Array) else [value]
    return False, [value]


def _numbers(ev: Evaluator, args: list[Any]) -> list[float] | ExcelError:
    """The numbers an aggregate counts: numbers in ranges, coerced direct arguments."""
    out: list[float] = []
    for arg in args:
        many, values = _values(ev, arg)
        for value in values:
            if isinstance(value, ExcelError):
                return value
            if many:
                if isinstance(value, float) and not isinstance(value, bool):
                    out.append(value)
                continue
            if value is None:
                continue
            number = to_number(value)
            if isinstance(number, ExcelError):
                return number
            out.append(number)
    return out


def _aggregate(fold: Callable[[list[float]], Any]) -> Function:
    def apply(ev: Evaluator, args: list[Any]) -> Any:
        numbers = _numbers(ev, args)
        return numbers if isinstance(numbers, ExcelError) else fold(numbers)
    return apply


def _count(ev: Evaluator, args: list[Any]) -> float:
    total = 0
    for arg in args:
        many, values = _values(ev, arg)
        for value in values:
            if isinstance(value, bool):
                total += 0 if many else 1
            elif isinstance(value, float):
                total += 1
            elif isinstance(value, str) and not many:
                total += not isinstance(to_number(value), ExcelError)
    return float(total)


def _counta(ev: Evaluator, args: list[Any]) -> float:
    return float(sum(value is not None for arg in args for value in _values(ev, arg)[1]))


def _logical(every: bool) -> Function:
    def apply(ev: Evaluator, args: list[Any]) -> Any:
        seen: list[bool] = []
        for arg in args:
            many, values = _values(ev, arg)
            for value in values:
                if isinstance(value, ExcelError):
                    return value
                if value is None or (many and isinstance(value, str)):
                    continue
                flag = truth(value)
                if isinstance(flag, ExcelError):
                    return flag
                seen.append(flag)
        if not seen:
            return ExcelError.VALUE
        return all(seen) if every else any(seen)
    return apply


def _elementwise(fn: Callable[[Any], Any]) -> Function:
    def apply(ev: Evaluator, args: list[Any]) -> Any:
        value = ev.deref(args[0])
        return value.map(fn) if isinstance(value, Array) else fn(value)
    return apply


def _number_fn(fn: Callable[[float], Any]) -> Callable[[Any], Any]:
    def apply(value: Any) -> Any:
        number = to_number(value)
        return number if isinstance(number, ExcelError) else fn(number)
    return apply


def _date_fn(fn: Callable[[dt.date], float]) -> Callable[[Any], Any]:
    def apply(value: Any) -> Any:
        if isinstance(value, str) and value == "":
            return ExcelError.VALUE
        number = to_number(value)
        if isinstance(number, ExcelError):
            return number
        if number < 0:
            return ExcelError.NUM
        return fn(from_serial(number))
    return apply


def _scalars(ev: Evaluator, args: list[Any]) -> list[Any] | ExcelError:
    """Each argument as one number (errors first)."""
    out = []
    for arg in args:
        number = to_number(ev.scalar(arg))
        if isinstance(number, ExcelError):
            return number
        out.append(number)
    return out


def _date(ev: Evaluator, args: list[Any]) -> Any:
    numbers = _scalars(ev, args)
    if isinstance(numbers, ExcelError):
        return numbers
    year, month, day = (math.floor(n) for n in numbers)
    year += 1900 if 0 <= year < 1900 else 0
    months = year * 12 + month - 1
    try:
        first = dt.date(months // 12, months % 12 + 1, 1)
        return serial(first) + day - 1
    except ValueError:
        return ExcelError.NUM


def _shift_months(ev: Evaluator, args: list[Any], end: bool) -> Any:
    numbers = _scalars(ev, args)
    if isinstance(numbers, ExcelError):
        return numbers
    start, months = from_serial(numbers[0]), math.trunc(numbers[1])
    index = start.year * 12 + start.month - 1 + months
    year, month = index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return serial(dt.date(year, month, last if end else min(start.day, last)))


def _today(ev: Evaluator, args: list[Any]) -> float:
    ev.mark_volatile()
    return ev.today


# --- criteria (SUMIFS, COUNTIFS, SUMIF, COUNTIF) -------------------------------------

@lru_cache(maxsize=4096)
def _wildcard(pattern: str) -> re.Pattern[str]:
    """Excel's wildcards: ``*`` any run, ``?`` one character, ``~`` escapes."""
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "~" and i + 1 < len(pattern) and pattern[i + 1] in "*?~":
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if char == "*" else "." if char == "?" else re.escape(char))
        i += 1
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


def _parse_criterion(criterion: Any) -> tuple[str, Any]:
    if criterion is None:
        return "=", 0.0
    if not isinstance(criterion, str):
        return "=", criterion
    for op in ("<=", ">=", "<>", "=", "<", ">"):
        if criterion.startswith(op):
            operand = criterion[len(op):]
            break
    else:
        op, operand = "=", criterion
    number = to_number(operand) if operand.strip() else ExcelError.VALUE
    if not isinstance(number, ExcelError):
        return op, number
    if operand.upper() in ("TRUE", "FALSE"):
        return op, operand.upper() == "TRUE"
    return op, operand


def matcher(criterion: Any) -> Callable[[Any], bool]:
    """Whether a cell meets a criterion (``"<=3"``, ``"abc*"``, ``""``, 5...)."""
    op, operand = _parse_criterion(criterion)
    if operand == "":
        empty = op == "="
        return lambda v: (v is None or v == "") == empty if op in ("=", "<>") else False
    if isinstance(operand, str):
        if op in ("=", "<>"):
            hit = _text_equals(operand)
            return hit if op == "=" else (lambda v: not hit(v))
        return _ordered(op, operand, str)
    if op == "=" and isinstance(operand, float):
        return lambda v: type(v) is float and (v == operand or approx_equal(v, operand))
    if op == "<>":
        return lambda v: not (type(v) is type(operand) and compare(v, operand) == 0)
    return _ordered(op, operand, type(operand))


def _text_equals(operand: str) -> Callable[[Any], bool]:
    """Case-insensitive text equality, with wildcards only when the text has some."""
    if not any(char in operand for char in "*?~"):
        folded = operand.lower()
        return lambda v: isinstance(v, str) and v.lower() == folded
    pattern = _wildcard(operand)
    return lambda v: isinstance(v, str) and pattern.fullmatch(v) is not None


def _ordered(op: str, operand: Any, kind: type) -> Callable[[Any], bool]:
    tests = {"=": lambda c: c == 0, "<": lambda c: c < 0, ">": lambda c: c > 0,
             "<=": lambda c: c <= 0, ">=": lambda c: c >= 0}
    test = tests[op]
    return lambda v: type(v) is kind and test(compare(v, operand))


def _grids(ev: Evaluator, args: list[Any]) -> list[Array] | ExcelError:
    grids = []
    for arg in args:
        value = ev.deref(arg)
        grids.append(value if isinstance(value, Array) else Array(((value,),)))
    if len({g.shape for g in grids}) > 1:
        return ExcelError.VALUE
    return grids


def _selected(ev: Evaluator, pairs: list[Any]) -> list[bool] | ExcelError:
    ranges, criteria = pairs[0::2], pairs[1::2]
    grids = _grids(ev, ranges)
    if isinstance(grids, ExcelError):
        return grids
    keep: list[bool] | None = None
    for source, grid, criterion in zip(ranges, grids, criteria, strict=False):
        value = ev.scalar(criterion)
        if isinstance(value, ExcelError):
            return value
        hits = _hits(ev, source, grid, value)
        keep = hits if keep is None else [a and b for a, b in zip(keep, hits, strict=True)]
    return keep or []


def _hits(ev: Evaluator, source: Any, grid: Array, value: Any) -> list[bool]:
    """Which cells of ``grid`` meet ``value``; remembered per range and criterion, since
    a table of SUMIFS asks the same columns the same questions row after row."""
    key = (source, type(value).__name__, value) if isinstance(source, Range) else None
    if key is not None and key in ev.memo:
        return ev.memo[key]
    test = matcher(value)
    hits = [test(v) for v in grid.flat()]
    if key is not None:
        ev.memo[key] = hits
    return hits


def _sumifs(ev: Evaluator, args: list[Any]) -> Any:
    grids = _grids(ev, [args[0], *args[1::2]])
    if isinstance(grids, ExcelError):
        return grids
    keep = _selected(ev, args[1:])
    if isinstance(keep, ExcelError):
        return keep
    values = [v for v, k in zip(grids[0].flat(), keep, strict=True) if k]
    for value in values:
        if isinstance(value, ExcelError):
            return value
    return math.fsum(v for v in values if isinstance(v, float) and not isinstance(v, bool))


def _countifs(ev: Evaluator, args: list[Any]) -> Any:
    keep = _selected(ev, args)
    return keep if isinstance(keep, ExcelError) else float(sum(keep))


def _sumif(ev: Evaluator, args: list[Any]) -> Any:
    return _sumifs(ev, [args[2] if len(args) > 2 else args[0], args[0], args[1]])


# --- lookups ---------------------------------------------------------------------------

def _exact(value: Any, cells: list[Any]) -> int | None:
    """First position of ``value`` (text: any case, wildcards; others: same type)."""
    if isinstance(value, str):
        same = _text_equals(value)
    else:
        def same(cell: Any) -> bool:
            return type(cell) is type(value) and compare(cell, value) == 0
    return next((i for i, cell in enumerate(cells) if same(cell)), None)


def _below(value: Any, cells: list[Any], descending: bool = False) -> int | None:
    """Last position whose cell (of ``value``'s type) is <= ``value`` (>= when
    ``descending``): the sorted-list answer of an approximate match."""
    found = None
    for i, cell in enumerate(cells):
        if cell is None or _kind(cell) != _kind(value):
            continue
        order = compare(cell, value)
        if isinstance(order, int) and (order >= 0 if descending else order <= 0):
            found = i
        elif not descending:
            break
    return found


def _kind(value: Any) -> int:
    return 2 if isinstance(value, bool) else (1 if isinstance(value, str) else 0)


def _vector(ev: Evaluator, arg: Any) -> list[Any]:
    value = ev.deref(arg)
    return list(value.flat()) if isinstance(value, Array) else [value]


def _match(ev: Evaluator, args: list[Any]) -> Any:
    value = ev.scalar(args[0])
    if isinstance(value, ExcelError):
        return value
    kind = ev.scalar(args[2]) if len(args) > 2 else 1.0
    cells = _vector(ev, args[1])
    if kind == 0:
        found = _exact(value, cells)
    else:
        found = _below(value, cells, descending=to_number(kind) == -1)
    return ExcelError.NA if found is None else float(found + 1)


def _vlookup(ev: Evaluator, args: list[Any]) -> Any:
    value = ev.scalar(args[0])
    if isinstance(value, ExcelError):
        return value
    table = ev.deref(args[1])
    rows = table.rows if isinstance(table, Array) else ((table,),)
    column = to_number(ev.scalar(args[2]))
    if isinstance(column, ExcelError):
        return column
    approximate = truth(ev.scalar(args[3])) if len(args) > 3 else True
    keys = [row[0] for row in rows]
    found = _below(value, keys) if approximate is True else _exact(value, keys)
    if found is None:
        return ExcelError.NA
    if not 1 <= column <= len(rows[0]):
        return ExcelError.REF
    return rows[found][int(column) - 1]


def _index(ev: Evaluator, args: list[Any]) -> Any:
    table = ev.deref(args[0])
    grid = table if isinstance(table, Array) else Array(((table,),))
    numbers = _scalars(ev, args[1:])
    if isinstance(numbers, ExcelError):
        return numbers
    height, width = grid.shape
    row, col = (int(numbers[0]), int(numbers[1]) if len(numbers) > 1 else 1)
    if len(numbers) == 1 and height == 1:
        row, col = 1, row
    if not (1 <= row <= height and 1 <= col <= width):
        return ExcelError.REF
    return grid.rows[row - 1][col - 1]


def _lookup(ev: Evaluator, args: list[Any]) -> Any:
    value = ev.scalar(args[0])
    if isinstance(value, ExcelError):
        return value
    keys = _vector(ev, args[1])
    results = _vector(ev, args[2]) if len(args) > 2 else keys
    found = _below(value, keys)
    if found is None or found >= len(results):
        return ExcelError.NA
    return results[found]


def _rank(ev: Evaluator, args: list[Any]) -> Any:
    value = to_number(ev.scalar(args[0]))
    if isinstance(value, ExcelError):
        return value
    ascending = len(args) > 2 and to_number(ev.scalar(args[2])) not in (0.0, ExcelError.VALUE)
    numbers = [v for v in _vector(ev, args[1])
               if isinstance(v, float) and not isinstance(v, bool)]
    if not any(approx_equal(v, value) for v in numbers):
        return ExcelError.NA
    beaten = [v for v in numbers if not approx_equal(v, value) and (v < value) == ascending]
    return float(1 + len(beaten))


def _sumproduct(ev: Evaluator, args: list[Any]) -> Any:
    grids = _grids(ev, args)
    if isinstance(grids, ExcelError):
        return grids
    columns: list[Iterator[Any]] = [g.flat() for g in grids]
    total = []
    for values in zip(*columns, strict=True):
        product = 1.0
        for value in values:
            if isinstance(value, ExcelError):
                return value
            product *= value if isinstance(value, float) and not isinstance(value, bool) else 0.0
        total.append(product)
    return math.fsum(total)


# --- lazy functions: IF, IFERROR, CHOOSE ---------------------------------------------

def _if(ev: Evaluator, args: tuple[Node, ...], sheet: str) -> Any:
    condition = ev.deref(ev.evaluate(args[0], sheet))

    def branch(index: int) -> Any:
        if index >= len(args):
            return index == 1  # IF(c, x) is FALSE when c is false
        return 0.0 if args[index] == ("missing",) else ev.evaluate(args[index], sheet)

    if isinstance(condition, Array):
        yes, no = ev.deref(branch(1)), ev.deref(branch(2))
        return _pick(condition, yes, no)
    flag = truth(condition)
    if isinstance(flag, ExcelError):
        return flag
    return branch(1 if flag else 2)


def _pick(condition: Array, yes: Any, no: Any) -> Array:
    def at(value: Any, r: int, c: int) -> Any:
        if not isinstance(value, Array):
            return value
        h, w = value.shape
        return value.rows[0 if h == 1 else r][0 if w == 1 else c] if (
            (h == 1 or r < h) and (w == 1 or c < w)) else ExcelError.NA

    def choose(flag: Any, r: int, c: int) -> Any:
        test = truth(flag)
        if isinstance(test, ExcelError):
            return test
        return at(yes if test else no, r, c)

    return Array(tuple(tuple(choose(flag, r, c) for c, flag in enumerate(row))
                       for r, row in enumerate(condition.rows)))


def _iferror(ev: Evaluator, args: tuple[Node, ...], sheet: str) -> Any:
    value = ev.deref(ev.evaluate(args[0], sheet))
    if isinstance(value, Array):
        fallback = ev.scalar(ev.evaluate(args[1], sheet))
        return value.map(lambda v: fallback if isinstance(v, ExcelError) else v)
    return ev.evaluate(args[1], sheet) if isinstance(value, ExcelError) else value


def _choose(ev: Evaluator, args: tuple[Node, ...], sheet: str) -> Any:
    index = to_number(ev.scalar(ev.evaluate(args[0], sheet)))
    if isinstance(index, ExcelError):
        return index
    if not 1 <= int(index) < len(args):
        return ExcelError.VALUE
    return ev.evaluate(args[int(index)], sheet)


def _substitute(ev: Evaluator, args: list[Any]) -> Any:
    parts = [to_text(ev.scalar(arg)) for arg in args[:3]]
    for part in parts:
        if isinstance(part, ExcelError):
            return part
    text, old, new = parts
    if len(args) < 4:
        return text.replace(old, new) if old else text
    nth = to_number(ev.scalar(args[3]))
    if isinstance(nth, ExcelError) or nth < 1:
        return ExcelError.VALUE
    pieces = text.split(old)
    if not old or int(nth) >= len(pieces):
        return text
    return old.join(pieces[:int(nth)]) + new + old.join(pieces[int(nth):])


def _large(ev: Evaluator, args: list[Any]) -> Any:
    numbers = _numbers(ev, args[:1])
    k = to_number(ev.scalar(args[1]))
    for value in (numbers, k):
        if isinstance(value, ExcelError):
            return value
    assert isinstance(numbers, list) and isinstance(k, float)
    rank = math.ceil(k)
    if not 1 <= rank <= len(numbers):
        return ExcelError.NUM
    return sorted(numbers, reverse=True)[rank - 1]


def _sqrt(x: float) -> float | ExcelError:
    return ExcelError.NUM if x < 0 else math.sqrt(x)


def _not(value: Any) -> Any:
    flag = truth(value)
    return flag if isinstance(flag, ExcelError) else not flag


def _min(numbers: list[float]) -> float:
    return min(numbers) if numbers else 0.0


def _max(numbers: list[float]) -> float:
    return max(numbers) if numbers else 0.0


def _product(numbers: list[float]) -> float:
    return math.prod(numbers) if numbers else 0.0


FUNCTIONS: dict[str, Function] = {
    "SUM": _aggregate(math.fsum),
    "MIN": _aggregate(_min),
    "MAX": _aggregate(_max),
    "PRODUCT": _aggregate(_product),
    "COUNT": _count,
    "COUNTA": _counta,
    "AND": _logical(every=True),
    "OR": _logical(every=False),
    "ISNUMBER": _elementwise(lambda v: isinstance(v, float) and not isinstance(v, bool)),
    "ISTEXT": _elementwise(lambda v: isinstance(v, str) and not isinstance(v, ExcelError)),
    "ISERROR": _elementwise(lambda v: isinstance(v, ExcelError)),
    "NOT": _elementwise(_not),
    "SQRT": _elementwise(_number_fn(_sqrt)),
    "SUBSTITUTE": _substitute,
    "LARGE": _large,
    "ABS": _elementwise(_number_fn(abs)),
    "INT": _elementwise(_number_fn(lambda x: float(math.floor(x)))),
    "YEAR": _elementwise(_date_fn(lambda d: float(d.year))),
    "MONTH": _elementwise(_date_fn(lambda d: float(d.month))),
    "DAY": _elementwise(_date_fn(lambda d: float(d.day))),
    "DATE": _date,
    "EDATE": lambda ev, args: _shift_months(ev, args, end=False),
    "EOMONTH": lambda ev, args: _shift_months(ev, args, end=True),
    "TODAY": _today,
    "SUMIFS": _sumifs,
    "COUNTIFS": _countifs,
    "SUMIF": _sumif,
    "COUNTIF": _countifs,
    "VLOOKUP": _vlookup,
    "MATCH": _match,
    "INDEX": _index,
    "LOOKUP": _lookup,
    "RANK": _rank,
    "SUMPRODUCT": _sumproduct,
}

LAZY: dict[str, LazyFunction] = {"IF": _if, "IFERROR": _iferror, "CHOOSE": _choose}
