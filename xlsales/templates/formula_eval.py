"""Compute the formulas of a generated workbook, as Excel and LibreOffice do, so that
each formula cell is saved with its true value (see :mod:`.cached_values`).

The engine covers the formula language the templates write (:mod:`.formula_parser`)
and the functions listed in :data:`xlsales.templates.formula_functions.FUNCTIONS`; a
formula using anything else raises :class:`UnsupportedFormulaError` when the workbook
is generated, so a new template cannot silently ship a wrong cached value. Semantics
follow Excel's, where LibreOffice agrees: a blank cell is 0 in arithmetic and ""
in comparisons, text compares case-insensitively and sorts after every number,
numbers compare and subtract at LibreOffice's tolerance (2^-48, relative), errors
propagate left to right, and operators work element-wise on ranges (array
evaluation), which every template's use of ranges inside operators relies on.

Values are ``float``, ``str``, ``bool``, ``None`` (a blank cell),
:class:`~xlsales.excel_errors.ExcelError`, or :class:`Array` (a rectangle of values).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..excel_errors import ExcelError
from .formula_parser import Node, parse, parse_shape

__all__ = ["UnsupportedFormulaError", "Array", "Range", "Evaluator", "Scalar", "CellKey",
           "Function", "LazyFunction", "approx_equal", "to_number", "to_text", "compare",
           "truth"]

Scalar = float | str | bool | None | ExcelError
CellKey = tuple[str, int, int]
#: A function of evaluated arguments (ranges still :class:`Range`).
Function = Callable[["Evaluator", list[Any]], Any]
#: A function that evaluates its own arguments (IF, IFERROR, CHOOSE).
LazyFunction = Callable[["Evaluator", tuple[Node, ...], str], Any]


class UnsupportedFormulaError(ValueError):
    """A formula uses a function or a construct the engine does not compute."""


@dataclass(frozen=True)
class Array:
    """A rectangle of values, row by row."""

    rows: tuple[tuple[Any, ...], ...]

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), len(self.rows[0]) if self.rows else 0

    def flat(self) -> Iterator[Any]:
        for row in self.rows:
            yield from row

    def map(self, fn: Callable[[Any], Any]) -> Array:
        return Array(tuple(tuple(fn(v) for v in row) for row in self.rows))


@dataclass(frozen=True)
class Range:
    """A reference to a rectangle of cells (zero-based, inclusive)."""

    sheet: str
    r1: int
    c1: int
    r2: int
    c2: int


_EPSILON = 1.0 / (16777216.0 * 16777216.0)  # 2^-48, rtl::math::approxEqual


def approx_equal(a: float, b: float) -> bool:
    """LibreOffice's number equality (Excel's 15 significant digits, near enough)."""
    return a == b or abs(a - b) < abs(a) * _EPSILON


def to_number(value: Any) -> float | ExcelError:
    """A scalar as a number in arithmetic: blank 0, TRUE 1, numeric text parsed."""
    if isinstance(value, ExcelError):
        return value
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    if isinstance(value, int):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return ExcelError.VALUE


def to_text(value: Any) -> str | ExcelError:
    """A scalar as text (``&``): numbers in the General format, blanks empty."""
    if isinstance(value, ExcelError):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        text = f"{value:.15G}"
        if "E" in text:
            mantissa, exponent = text.split("E")
            text = f"{mantissa.rstrip('0').rstrip('.') if '.' in mantissa else mantissa}E{exponent}"
        elif "." in text:
            text = text.rstrip("0").rstrip(".")
        return text
    return str(value)


def _rank(value: Any) -> int:
    # Excel's order between types: numbers < text < booleans.
    return 2 if isinstance(value, bool) else (1 if isinstance(value, str) else 0)


def compare(a: Any, b: Any) -> int | ExcelError:
    """-1, 0 or 1 as Excel orders ``a`` and ``b`` (a blank takes the other's type)."""
    for value in (a, b):
        if isinstance(value, ExcelError):
            return value
    if a is None:
        a = "" if isinstance(b, str) else (False if isinstance(b, bool) else 0.0)
    if b is None:
        b = "" if isinstance(a, str) else (False if isinstance(a, bool) else 0.0)
    ra, rb = _rank(a), _rank(b)
    if ra != rb:
        return -1 if ra < rb else 1
    if ra == 1:
        a, b = a.lower(), b.lower()
        return 0 if a == b else (-1 if a < b else 1)
    a, b = float(a), float(b)
    if approx_equal(a, b):
        return 0
    return -1 if a < b else 1


def truth(value: Any) -> bool | ExcelError:
    """A scalar as a condition (IF, AND, OR)."""
    if isinstance(value, ExcelError):
        return value
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    upper = str(value).upper()
    if upper in ("TRUE", "FALSE"):
        return upper == "TRUE"
    return ExcelError.VALUE


def _arith(op: str) -> Callable[[Any, Any], Any]:
    def apply(a: Any, b: Any) -> Any:
        x, y = to_number(a), to_number(b)
        if isinstance(x, ExcelError):
            return x
        if isinstance(y, ExcelError):
            return y
        return _ARITH[op](x, y)
    return apply


def _add(x: float, y: float) -> float:
    # LibreOffice's approxAdd: a sum that cancels to within 2^-48 is 0.
    return 0.0 if (x < 0) != (y < 0) and approx_equal(x, -y) else x + y


def _sub(x: float, y: float) -> float:
    return 0.0 if (x < 0) == (y < 0) and approx_equal(x, y) else x - y


def _div(x: float, y: float) -> float | ExcelError:
    return ExcelError.DIV0 if y == 0 else x / y


def _pow(x: float, y: float) -> float | ExcelError:
    try:
        result = x ** y
    except (OverflowError, ZeroDivisionError):
        return ExcelError.NUM
    return ExcelError.NUM if isinstance(result, complex) else float(result)


_ARITH: dict[str, Callable[[float, float], Any]] = {
    "+": _add, "-": _sub, "*": lambda x, y: x * y, "/": _div, "^": _pow}
_COMPARE = {"=": lambda c: c == 0, "<>": lambda c: c != 0, "<": lambda c: c < 0,
            ">": lambda c: c > 0, "<=": lambda c: c <= 0, ">=": lambda c: c >= 0}


def _comparison(op: str) -> Callable[[Any, Any], Any]:
    test = _COMPARE[op]

    def apply(a: Any, b: Any) -> Any:
        order = compare(a, b)
        return order if isinstance(order, ExcelError) else test(order)
    return apply


def _concat(a: Any, b: Any) -> Any:
    x, y = to_text(a), to_text(b)
    if isinstance(x, ExcelError):
        return x
    if isinstance(y, ExcelError):
        return y
    return x + y


BINARY: dict[str, Callable[[Any, Any], Any]] = {
    **{op: _arith(op) for op in _ARITH}, **{op: _comparison(op) for op in _COMPARE},
    "&": _concat}


def _broadcast(fn: Callable[[Any, Any], Any], a: Any, b: Any) -> Any:
    """``fn`` element by element when either side is an array (Excel's array rules:
    a single row or column stretches; cells outside both shapes are #N/A)."""
    if not isinstance(a, Array) and not isinstance(b, Array):
        return fn(a, b)
    ga = a if isinstance(a, Array) else Array(((a,),))
    gb = b if isinstance(b, Array) else Array(((b,),))
    (ra, ca), (rb, cb) = ga.shape, gb.shape
    rows, cols = max(ra, rb), max(ca, cb)

    def at(grid: Array, h: int, w: int, r: int, c: int) -> Any:
        r = 0 if h == 1 else r
        c = 0 if w == 1 else c
        return grid.rows[r][c] if r < h and c < w else ExcelError.NA

    return Array(tuple(tuple(fn(at(ga, ra, ca, r, c), at(gb, rb, cb, r, c))
                             for c in range(cols)) for r in range(rows)))


class Evaluator:
    """The values of a workbook's formula cells, computed on demand and memoised.

    ``inputs`` are the written constants, ``formulas`` the formula text of each formula
    cell (by sheet name, zero-based row and column), ``names`` the workbook-level
    defined names and what they refer to (``'Sheet'!$A$1:$B$4``).
    """

    def __init__(self, inputs: dict[CellKey, Scalar], formulas: dict[CellKey, str],
                 names: dict[str, str], today: float, functions: dict[str, Function],
                 lazy: dict[str, LazyFunction]) -> None:
        self.functions = functions
        self.lazy = lazy
        self.inputs = inputs
        self.formulas = formulas
        self.names = {name.upper(): parse(text) for name, text in names.items()}
        self.today = today
        self.volatile: set[CellKey] = set()
        self._values: dict[CellKey, Scalar] = {}
        self._grids: dict[Range, Array] = {}
        #: What functions remember between calls (criteria met per range...).
        self.memo: dict[Any, Any] = {}
        self._busy: list[CellKey] = []
        # The references and texts of the formulas being computed, which their shapes'
        # slots stand for (innermost last).
        self._refs: list[tuple[tuple[Node, ...], tuple[str, ...]]] = []

    def value(self, key: CellKey) -> Scalar:
        """The value of one cell (a formula's result, with a blank result as 0)."""
        if key in self._values:
            if key in self.volatile:
                self.mark_volatile()
            return self._values[key]
        if key not in self.formulas:
            return self.inputs.get(key)
        if key in self._busy:
            raise UnsupportedFormulaError(f"circular reference at {key}")
        self._busy.append(key)
        tree, refs, texts = parse_shape(self.formulas[key])
        self._refs.append((refs, texts))
        try:
            result = self.scalar(self.evaluate(tree, key[0]))
        finally:
            self._busy.pop()
            self._refs.pop()
        if key in self.volatile:
            self.mark_volatile()
        self._values[key] = 0.0 if result is None else result
        return self._values[key]

    def grid(self, ref: Range) -> Array:
        """The values of a range, row by row."""
        if ref not in self._grids:
            self._grids[ref] = Array(tuple(
                tuple(self.value((ref.sheet, r, c)) for c in range(ref.c1, ref.c2 + 1))
                for r in range(ref.r1, ref.r2 + 1)))
        return self._grids[ref]

    def deref(self, value: Any) -> Any:
        """A range as its value (one cell) or its array; anything else unchanged."""
        if not isinstance(value, Range):
            return value
        if value.r1 == value.r2 and value.c1 == value.c2:
            return self.value((value.sheet, value.r1, value.c1))
        return self.grid(value)

    def scalar(self, value: Any) -> Scalar:
        """The single value a cell shows: an array's top-left value."""
        value = self.deref(value)
        while isinstance(value, Array):
            value = value.rows[0][0] if value.rows and value.rows[0] else None
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return ExcelError.NUM
        return value

    def evaluate(self, node: Node, sheet: str) -> Any:
        """The value of a tree in a formula on ``sheet`` (ranges stay :class:`Range`)."""
        kind = node[0]
        if kind == "call":
            return self.call(node[1], node[2], sheet)
        if kind == "bin":
            left = self.deref(self.evaluate(node[2], sheet))
            right = self.deref(self.evaluate(node[3], sheet))
            return _broadcast(BINARY[node[1]], left, right)
        if kind in ("neg", "pct"):
            factor = -1.0 if kind == "neg" else 0.01
            operand = self.deref(self.evaluate(node[1], sheet))
            return _broadcast(BINARY["*"], operand, factor)
        return self._leaf(node, sheet)

    def _leaf(self, node: Node, sheet: str) -> Any:
        kind = node[0]
        if kind == "slot":
            node = self._refs[-1][0][node[1]]
            kind = "ref"
        elif kind == "tslot":
            return self._refs[-1][1][node[1]]
        if kind in ("num", "str", "bool", "err"):
            return node[1]
        if kind == "ref":
            return Range(node[1] or sheet, *node[2:])
        if kind == "name":
            if node[1] not in self.names:
                return ExcelError.NAME
            return self.evaluate(self.names[node[1]], sheet)
        if kind == "missing":
            return None
        raise UnsupportedFormulaError(f"cannot compute {node!r}")

    def call(self, name: str, args: tuple[Node, ...], sheet: str) -> Any:
        if name in self.lazy:
            return self.lazy[name](self, args, sheet)
        if name not in self.functions:
            raise UnsupportedFormulaError(f"function {name} is not computed by xlsales")
        return self.functions[name](self, [self.evaluate(arg, sheet) for arg in args])

    def computed(self) -> dict[CellKey, Scalar]:
        """Every value computed so far, by cell."""
        return dict(self._values)

    def mark_volatile(self) -> None:
        """The cell being computed depends on the day it is computed (TODAY())."""
        if self._busy:
            self.volatile.add(self._busy[-1])
