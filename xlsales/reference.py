"""The function reference (``docs/functions.md``), generated from ``udfs.py``.

The argument help Excel's function wizard shows is declared with ``@xw.arg(..., doc=)``;
outside Windows those decorators keep nothing, so the declarations are read from the
module's source. ``python -m xlsales.reference > docs/functions.md`` regenerates the
page; a test fails when the committed page is not current.
"""

from __future__ import annotations

import ast
import inspect
import sys
import textwrap
from dataclasses import dataclass
from types import ModuleType
from typing import Any

__all__ = ["UdfDoc", "describe", "render"]


@dataclass
class UdfDoc:
    """What the reference says about one UDF."""

    name: str
    params: list[tuple[str, Any]]  # (name, default or inspect.Parameter.empty)
    arg_docs: dict[str, str]
    is_func: bool
    summary: str
    body: str
    examples: list[tuple[str, str]]  # (source, expected output)


def _decorator_docs(node: ast.FunctionDef) -> tuple[bool, dict[str, str]]:
    is_func, docs = False, {}
    for deco in node.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name == "func":
            is_func = True
        if name == "arg" and isinstance(deco, ast.Call) and deco.args:
            arg_name = ast.literal_eval(deco.args[0])
            for kw in deco.keywords:
                if kw.arg == "doc":
                    docs[arg_name] = ast.literal_eval(kw.value)
    return is_func, docs


def describe(module: ModuleType) -> list[UdfDoc]:
    """Describe every function in ``module.__all__``, in that order."""
    tree = ast.parse(inspect.getsource(module))
    nodes = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    out = []
    for name in module.__all__:
        fn = getattr(module, name)
        is_func, arg_docs = _decorator_docs(nodes[name]) if name in nodes else (False, {})
        doc = inspect.getdoc(fn) or ""
        prose, examples = _split_examples(doc)
        summary, _, body = prose.partition("\n\n")
        params = [(p.name, p.default) for p in inspect.signature(fn).parameters.values()]
        out.append(
            UdfDoc(name, params, arg_docs, is_func, " ".join(summary.split()),
                   body.strip(), examples)
        )
    return out


def _split_examples(doc: str) -> tuple[str, list[tuple[str, str]]]:
    prose_lines: list[str] = []
    examples: list[tuple[str, str]] = []
    source: list[str] = []
    expected: list[str] = []

    def flush() -> None:
        if source:
            examples.append(("\n".join(source), "\n".join(expected)))
            source.clear()
            expected.clear()

    for line in doc.splitlines():
        stripped = line.strip()
        if stripped.startswith(">>> "):
            flush()
            source.append(stripped[4:])
        elif stripped.startswith("... ") and source:
            source.append(stripped[4:])
        elif source and stripped:
            expected.append(stripped)
        else:
            flush()
            prose_lines.append(line)
    flush()
    return "\n".join(prose_lines).strip(), examples


def _excel_literal(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    if isinstance(value, list):
        if value and all(isinstance(v, list) for v in value):
            return "{" + ";".join(",".join(_excel_literal(c) for c in row) for row in value) + "}"
        return "{" + ";".join(_excel_literal(v) for v in value) + "}"
    return repr(value)


def excel_formula(source: str) -> str | None:
    """The first ``kpi_*`` call of an example, written as an Excel formula (a list is
    an array constant, a column).

    >>> excel_formula('round(kpi_roi(4500, 2330), 4)')
    '=KPI_ROI(4500, 2330)'
    >>> excel_formula('kpi_gini([0, 0, 100])')
    '=KPI_GINI({0;0;100})'
    """
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id.startswith("kpi_")):
            args = [_excel_literal(ast.literal_eval(a)) for a in node.args]
            return f"={node.func.id.upper()}({', '.join(args)})"
    return None


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _signature(doc: UdfDoc) -> str:
    parts = []
    for name, default in doc.params:
        parts.append(name if default is inspect.Parameter.empty else f"[{name}]")
    return f"{doc.name.upper()}({', '.join(parts)})"


def render(module: ModuleType) -> str:
    """The Markdown reference of every UDF of ``module``."""
    docs = describe(module)
    lines = [
        "# Function reference",
        "",
        "<!-- Generated from udfs.py by `python -m xlsales.reference`; do not edit. -->",
        "",
        "Every function is typed in a cell as `=KPI_...(...)` once the xlwings add-in loads",
        "`udfs` (UDF Modules = `udfs`). Ranges are summed as SUM sums them: blanks, text and",
        "booleans are ignored; the first error value in an input is returned as is. A zero",
        "denominator gives `#DIV/0!`, a threshold never reached or a value out of its",
        "domain `#NUM!`, an unknown label `#VALUE!`, nothing to compute on `#N/A`.",
        "Formulas below use English separators (`,` between arguments, `;` between the",
        "rows of an array constant); French Excel uses `;` and `\\`.",
        "",
        "| function | definition |",
        "|---|---|",
    ]
    lines += [f"| [`{d.name}`](#{d.name}) | {_cell(d.summary)} |" for d in docs]
    for d in docs:
        lines += ["", f"## {d.name}", "", f"`={_signature(d)}`", "", d.summary, ""]
        if d.body:
            lines += [textwrap.dedent(d.body), ""]
        lines += ["| argument | |", "|---|---|"]
        for name, default in d.params:
            optional = "" if default is inspect.Parameter.empty else f" (optional, {default!r})"
            lines.append(f"| `{name}`{optional} | {_cell(d.arg_docs.get(name, ''))} |")
        for source, expected in d.examples:
            formula = excel_formula(source)
            lines += ["", "Example:", ""]
            if formula:
                lines += [f"    {formula}", ""]
            lines += ["```python", f">>> {source}", expected, "```"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - the `make docs` entry point
    import udfs

    sys.stdout.write(render(udfs))
