"""Parse the formulas the templates write into small trees that
:mod:`xlsales.templates.formula_eval` computes.

The grammar is the A1 formula language as XlsxWriter stores it (no leading ``=``):
numbers, "texts", TRUE/FALSE, error literals, cell and range references (optionally
sheet-qualified, quoted or not), workbook-level defined names, function calls, the
operators ``: ^ * / + - & = <> < > <= >=``, unary minus/plus and postfix ``%``, with
Excel's precedence (unary minus binds tighter than ``^``: ``-2^2`` is 4).

A tree is a tuple whose first item names the node: ``("num", 1.0)``, ``("str", "a")``,
``("bool", True)``, ``("err", ExcelError)``, ``("ref", sheet, r1, c1, r2, c2)`` (sheet
``None`` for the formula's own sheet, zero-based rows and columns), ``("name", NAME)``,
``("call", NAME, args)``, ``("bin", op, left, right)``, ``("neg", x)``, ``("pct", x)``
and ``("missing",)`` for an omitted argument.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..excel_errors import ExcelError

__all__ = ["FormulaSyntaxError", "parse", "column_index"]

Node = tuple[Any, ...]


class FormulaSyntaxError(ValueError):
    """A formula this parser does not read (a template wrote something new)."""


_CELL = r"\$?[A-Za-z]{1,3}\$?\d+"
_TOKEN = re.compile(
    r"""\s*(?:
    (?P<str>"(?:[^"]|"")*")
    |(?P<err>\#DIV/0!|\#N/A|\#NAME\?|\#NULL!|\#NUM!|\#REF!|\#VALUE!)
    |(?P<ref>(?:(?P<sheet>'(?:[^']|'')+'|[^\W\d][\w.]*)!)?
        (?P<a>""" + _CELL + r""")(?::(?P<b>""" + _CELL + r"""))?(?![\w(.]))
    |(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
    |(?P<func>[^\W\d][\w.]*)(?=\()
    |(?P<name>[^\W\d][\w.]*)
    |(?P<op><=|>=|<>|[-+*/^&=<>%(),:{}])
    )""",
    re.VERBOSE,
)

# Binary operators: precedence (higher binds tighter).
_BINARY = {"=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1, "&": 2, "+": 3, "-": 3,
           "*": 4, "/": 4, "^": 5}
_UNARY = 6  # above ^ (Excel: -2^2 = 4)
_ERRORS = {e.value: e for e in ExcelError}


def column_index(letters: str) -> int:
    """Zero-based column of ``letters``.

    >>> column_index("A"), column_index("AB")
    (0, 27)
    """
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index - 1


def _cell(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?(\d+)", text)
    assert match  # the token pattern matched it already
    return int(match.group(2)) - 1, column_index(match.group(1))


def _tokens(formula: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    pos = 0
    while pos < len(formula):
        if formula[pos:].strip() == "":
            break
        match = _TOKEN.match(formula, pos)
        if match is None:
            raise FormulaSyntaxError(f"cannot read {formula[pos:]!r} in {formula!r}")
        pos = match.end()
        kind = match.lastgroup if match.lastgroup not in ("sheet", "a", "b") else "ref"
        out.append(_token(kind or "", match))
    return out


def _token(kind: str, match: re.Match[str]) -> tuple[str, Any]:
    if kind == "ref" or match.group("ref"):
        sheet = match.group("sheet")
        if sheet and sheet.startswith("'"):
            sheet = sheet[1:-1].replace("''", "'")
        r1, c1 = _cell(match.group("a"))
        r2, c2 = _cell(match.group("b")) if match.group("b") else (r1, c1)
        return "ref", ("ref", sheet, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))
    if kind == "str":
        return "val", ("str", match.group("str")[1:-1].replace('""', '"'))
    if kind == "err":
        return "val", ("err", _ERRORS[match.group("err")])
    if kind == "num":
        return "val", ("num", float(match.group("num")))
    if kind == "name":
        upper = match.group("name").upper()
        if upper in ("TRUE", "FALSE"):
            return "val", ("bool", upper == "TRUE")
        return "val", ("name", upper)
    return kind, match.group(kind).upper() if kind == "func" else match.group(kind)


class _Parser:
    def __init__(self, formula: str) -> None:
        self.formula = formula
        self.tokens = _tokens(formula)
        self.pos = 0

    def peek(self) -> tuple[str, Any]:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ("end", None)

    def take(self, kind: str, value: Any = None) -> Any:
        token = self.peek()
        if token[0] != kind or (value is not None and token[1] != value):
            raise FormulaSyntaxError(f"expected {value or kind} at token {self.pos} of "
                                     f"{self.formula!r}")
        self.pos += 1
        return token[1]

    def expression(self, floor: int = 0) -> Node:
        left = self.unary()
        while True:
            kind, op = self.peek()
            if kind != "op" or op not in _BINARY or _BINARY[op] < floor:
                return left
            self.pos += 1
            # ^ is left-associative in Excel, like the others.
            left = ("bin", op, left, self.expression(_BINARY[op] + 1))

    def unary(self) -> Node:
        kind, op = self.peek()
        if kind == "op" and op in "+-":
            self.pos += 1
            operand = self.unary()
            return ("neg", operand) if op == "-" else operand
        return self.postfix(self.primary())

    def postfix(self, node: Node) -> Node:
        while self.peek() == ("op", "%"):
            self.pos += 1
            node = ("pct", node)
        return node

    def primary(self) -> Node:
        kind, value = self.peek()
        self.pos += 1
        if kind in ("val", "ref"):
            return value  # type: ignore[no-any-return]
        if kind == "func":
            return self.call(value)
        if (kind, value) == ("op", "("):
            inner = self.expression()
            self.take("op", ")")
            return inner
        raise FormulaSyntaxError(f"unexpected {value!r} in {self.formula!r}")

    def call(self, name: str) -> Node:
        self.take("op", "(")
        args: list[Node] = []
        if self.peek() == ("op", ")"):
            self.pos += 1
            return ("call", name, tuple(args))
        while True:
            if self.peek() in (("op", ","), ("op", ")")):
                args.append(("missing",))
            else:
                args.append(self.expression())
            if self.take("op") == ")":
                return ("call", name, tuple(args))


@lru_cache(maxsize=4096)
def parse(formula: str) -> Node:
    """The tree of ``formula`` (with or without its leading ``=`` or array braces).

    >>> parse("=-A1^2")
    ('bin', '^', ('neg', ('ref', None, 0, 0, 0, 0)), ('num', 2.0))
    >>> parse("SUM('Coûts fixes'!$E$5:$E$16)")
    ('call', 'SUM', (('ref', 'Coûts fixes', 4, 4, 15, 4),))
    """
    text = formula.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    text = text.removeprefix("=")
    # XlsxWriter prefixes newer functions with _xlfn. in the file; the name is the same.
    text = text.replace("_xlfn.", "")
    parser = _Parser(text)
    tree = parser.expression()
    if parser.peek()[0] != "end":
        raise FormulaSyntaxError(f"unexpected {parser.peek()[1]!r} in {formula!r}")
    return tree
