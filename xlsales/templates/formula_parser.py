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
from ..ooxml.parts import column_index

__all__ = ["FormulaSyntaxError", "Shape", "parse", "parse_shape"]

Node = tuple[Any, ...]


class FormulaSyntaxError(ValueError):
    """A formula this parser does not read (a template wrote something new)."""


# One cheap alternative per kind of token (a sheet prefix is its own token, so that a
# long defined name is not re-tried as a sheet name at every length).
_TOKEN = re.compile(
    r"""\s*(?:
    ("(?:[^"]|"")*")                                              # 1 text
    |(\#DIV/0!|\#N/A|\#NAME\?|\#NULL!|\#NUM!|\#REF!|\#VALUE!)      # 2 error
    |'((?:[^']|'')+)'!                                            # 3 quoted sheet
    |(\$?[A-Za-z]{1,3}\$?\d+)(?![\w(.!])                           # 4 cell
    |([^\W\d][\w.]*)(?:(!)|(?=(\()))?                              # 5 word, 6 !, 7 (
    |((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)                        # 8 number
    |(<=|>=|<>|[-+*/^&=<>%(),:{}])                                # 9 operator
    |(\x00)                                                       # 10 a reference's slot
    |(\x01)                                                       # 11 a text's slot
    )""",
    re.VERBOSE,
)
_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")

# Binary operators: precedence (higher binds tighter).
_BINARY = {"=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1, "&": 2, "+": 3, "-": 3,
           "*": 4, "/": 4, "^": 5}
_UNARY = 6  # above ^ (Excel: -2^2 = 4)
_ERRORS = {e.value: e for e in ExcelError}


def _cell(text: str) -> tuple[int, int]:
    match = _CELL.fullmatch(text)
    assert match  # the token pattern matched it already
    return int(match.group(2)) - 1, column_index(match.group(1))


def _raw_tokens(formula: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    pos = 0
    while pos < len(formula):
        match = _TOKEN.match(formula, pos)
        if match is None:
            if formula[pos:].strip() == "":
                break
            raise FormulaSyntaxError(f"cannot read {formula[pos:]!r} in {formula!r}")
        pos = match.end()
        out.append(_token(match))
    return out


def _word(match: re.Match[str]) -> tuple[str, Any]:
    word = match.group(5)
    if match.group(6):
        return "sheet", word
    if match.group(7):
        return "func", word.upper()
    upper = word.upper()
    if upper in ("TRUE", "FALSE"):
        return "val", ("bool", upper == "TRUE")
    return "val", ("name", upper)


# The token of each group of _TOKEN (5, 6 and 7, a word, are read by _word).
_KINDS: dict[int, Any] = {
    1: lambda text: ("val", ("str", text[1:-1].replace('""', '"'))),
    2: lambda text: ("val", ("err", _ERRORS[text])),
    3: lambda text: ("sheet", text.replace("''", "'")),
    4: lambda text: ("cell", _cell(text)),
    8: lambda text: ("val", ("num", float(text))),
    9: lambda text: ("op", text),
    10: lambda text: ("slot", None),
    11: lambda text: ("tslot", None),
}


def _token(match: re.Match[str]) -> tuple[str, Any]:
    group = match.lastindex or 0
    if group in (5, 6, 7):
        return _word(match)
    return _KINDS[group](match.group(group))


def _tokens(formula: str) -> list[tuple[str, Any]]:
    """Tokens, with ``sheet! cell : cell`` folded into one reference."""
    raw = _raw_tokens(formula)
    out: list[tuple[str, Any]] = []
    i = 0
    slots = {"slot": 0, "tslot": 0}
    while i < len(raw):
        if raw[i][0] in slots:
            kind = raw[i][0]
            out.append(("val", (kind, slots[kind])))
            slots[kind] += 1
            i += 1
            continue
        sheet = None
        if raw[i][0] == "sheet":
            sheet = raw[i][1]
            i += 1
        if i >= len(raw) or raw[i][0] != "cell":
            if sheet is not None:
                raise FormulaSyntaxError(f"a sheet name without a cell in {formula!r}")
            out.append(raw[i])
            i += 1
            continue
        (r1, c1), (r2, c2) = raw[i][1], raw[i][1]
        if i + 2 < len(raw) and raw[i + 1] == ("op", ":") and raw[i + 2][0] == "cell":
            r2, c2 = raw[i + 2][1]
            i += 2
        i += 1
        out.append(("ref", ("ref", sheet, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))))
    return out


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
            return value
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


# What varies between the many formulas of one shape: its texts, and its references
# (found once the texts are replaced, so that a text never holds one).
_TEXT = re.compile(r'("(?:[^"]|"")*")')
_REF = re.compile(r"""(?<![\w.$])((?:'(?:[^']|'')++'!|[^\W\d][\w.]*+!)?\$?[A-Za-z]{1,3}\$?\d+"""
                  r"""(?::\$?[A-Za-z]{1,3}\$?\d+)?)(?![\w(.!])""")


_ONE_REF = re.compile(r"(?:'((?:[^']|'')+)'!|([^\W\d][\w.]*)!)?\$?([A-Za-z]{1,3})\$?(\d+)"
                      r"(?::\$?([A-Za-z]{1,3})\$?(\d+))?")


@lru_cache(maxsize=65536)
def _reference(text: str) -> Node:
    """The tree of one reference found by :data:`_REF`."""
    match = _ONE_REF.fullmatch(text)
    assert match  # _REF found it
    quoted, plain, c1, r1, c2, r2 = match.groups()
    sheet = quoted.replace("''", "'") if quoted else plain
    row1, col1 = int(r1) - 1, column_index(c1)
    row2, col2 = (int(r2) - 1, column_index(c2)) if c2 else (row1, col1)
    return ("ref", sheet, min(row1, row2), min(col1, col2), max(row1, row2), max(col1, col2))


@lru_cache(maxsize=4096)
def _shape(text: str) -> Node:
    parser = _Parser(text)
    tree = parser.expression()
    if parser.peek()[0] != "end":
        raise FormulaSyntaxError(f"unexpected {parser.peek()[1]!r} in {text!r}")
    return tree


#: A formula's tree with slots, its references and its texts.
Shape = tuple[Node, tuple[Node, ...], tuple[str, ...]]


# Cached by text too: ``xlsales distribute`` writes hundreds of workbooks of one layout,
# whose formulas repeat to the character (a workbook of objectives holds some 1,400).
@lru_cache(maxsize=32768)
def parse_shape(formula: str) -> Shape:
    """The shape of ``formula`` — its tree, with ``("slot", i)`` where its i-th
    reference stands and ``("tslot", j)`` where its j-th text does — its references
    and its texts. Templates write hundreds of formulas of one shape, parsed once; the
    regular expressions that take the texts and references out run in C.

    >>> tree, refs, texts = parse_shape('=IF(A1="",B2,"x")')
    >>> tree
    ('call', 'IF', (('bin', '=', ('slot', 0), ('tslot', 0)), ('slot', 1), ('tslot', 1)))
    >>> refs, texts
    ((('ref', None, 0, 0, 0, 0), ('ref', None, 1, 1, 1, 1)), ('', 'x'))
    """
    text = formula.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    text = text.removeprefix("=")
    # XlsxWriter prefixes newer functions with _xlfn. in the file; the name is the same.
    text = text.replace("_xlfn.", "")
    texts: tuple[str, ...] = ()
    if '"' in text:
        parts = _TEXT.split(text)  # one scan: what lies between, and the texts
        texts = tuple(t[1:-1].replace('""', '"') for t in parts[1::2])
        text = "\x01".join(parts[0::2])
    parts = _REF.split(text)
    refs = tuple(_reference(ref) for ref in parts[1::2])
    return _shape("\x00".join(parts[0::2])), refs, texts


def _fill(node: Node, refs: tuple[Node, ...], texts: tuple[str, ...]) -> Node:
    kind = node[0]
    if kind == "slot":
        return refs[node[1]]
    if kind == "tslot":
        return ("str", texts[node[1]])
    if kind == "call":
        return ("call", node[1], tuple(_fill(arg, refs, texts) for arg in node[2]))
    if kind == "bin":
        return ("bin", node[1], _fill(node[2], refs, texts), _fill(node[3], refs, texts))
    if kind in ("neg", "pct"):
        return (kind, _fill(node[1], refs, texts))
    return node


def parse(formula: str) -> Node:
    """The tree of ``formula`` (with or without its leading ``=`` or array braces).

    >>> parse("=-A1^2")
    ('bin', '^', ('neg', ('ref', None, 0, 0, 0, 0)), ('num', 2.0))
    >>> parse("SUM('Coûts fixes'!$E$5:$E$16)")
    ('call', 'SUM', (('ref', 'Coûts fixes', 4, 4, 15, 4),))
    >>> parse('IF(A1="B2",Nom_Cible1)')
    ('call', 'IF', (('bin', '=', ('ref', None, 0, 0, 0, 0), ('str', 'B2')), ('name', 'NOM_CIBLE1')))
    """
    tree, refs, texts = parse_shape(formula)
    return _fill(tree, refs, texts) if refs or texts else tree
