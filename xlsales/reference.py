"""The function reference (``docs/functions.md``), generated from ``udfs.py``.

The argument help (what Excel's and LibreOffice's function wizards show) comes from the
one catalogue, :mod:`xlsales.function_help`; whether a function is declared to Excel
(``@xw.func``) is read from the module's source, since outside Windows the decorators
keep nothing. ``python -m xlsales.reference > docs/functions.md`` regenerates the
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

from .function_help import function_help

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


def _is_func(node: ast.FunctionDef) -> bool:
    """Whether the function is declared to Excel (``@xw.func``)."""
    for deco in node.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name == "func":
            return True
    return False


def _arg_docs(name: str, lang: str = "en") -> dict[str, str]:
    try:
        found = function_help(name, lang)
    except KeyError:
        return {}
    return {arg: entry.help for arg, entry in found.args.items()}


def describe(module: ModuleType) -> list[UdfDoc]:
    """Describe every function in ``module.__all__``, in that order."""
    tree = ast.parse(inspect.getsource(module))
    nodes = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    out = []
    for name in module.__all__:
        fn = getattr(module, name)
        is_func = _is_func(nodes[name]) if name in nodes else False
        arg_docs = _arg_docs(name)
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


def _french_names(name: str) -> dict[str, str]:
    try:
        return {arg: entry.name for arg, entry in function_help(name, "fr").args.items()}
    except KeyError:
        return {}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _signature(doc: UdfDoc) -> str:
    parts = []
    for name, default in doc.params:
        parts.append(name if default is inspect.Parameter.empty else f"[{name}]")
    return f"{doc.name.upper()}({', '.join(parts)})"


LIBREOFFICE = r"""
## In LibreOffice Calc

![Seed 003 typed as KPI formulas in LibreOffice Calc](img/libreoffice-kpi.png)

The same functions, from the same code (`udfs.py`, the core, the same coercion), are
Calc add-in functions once the xlsales extension is installed: type
`=KPI_CAC(B4;D4)` in a cell. The picture is seed 003's worked case typed as formulas
(CAC per method, seuil de rentabilité, point mort), rendered by
`scripts/render_libreoffice.py`; `tests/test_libreoffice_addin.py` checks every figure.

```sh
xlsales libreoffice install                  # builds xlsales.oxt, installs it with unopkg
xlsales libreoffice build --out xlsales.oxt  # or build it, then Tools > Extension Manager > Add
```

Close LibreOffice before installing. `--profile DIR` installs into another LibreOffice
user profile. As root (a container, CI) unopkg refuses to install for a user:
`xlsales libreoffice install --profile DIR` then runs unopkg as `nobody` on a copy of
the profile and copies it back; without `--profile` it installs `--shared`, for every
user. Building needs the LibreOffice SDK's `unoidl-write` (Debian: `apt-get install
libreoffice-dev`; elsewhere the LibreOffice SDK, with `OO_SDK_HOME` set to it).

**Where the extension finds xlsales.** It runs in LibreOffice's own Python and looks, in
this order, in the folders of the `XLSALES_PATH` environment variable, in the folders
recorded when it was built (`--path DIR`, repeatable; by default the site-packages of
the Python that built it and the folder of `udfs.py`), then in LibreOffice's Python
itself. numpy and pandas are compiled: borrowed folders must come from a Python of the
same version as LibreOffice's.

- **Linux** (distribution packages): LibreOffice runs the system Python (`python3-uno`).
  Make the virtual environment with that Python (same 3.x) and run
  `xlsales libreoffice install` from it; nothing else to configure.
- **Windows**: LibreOffice ships its Python,
  `C:\Program Files\LibreOffice\program\python.exe`. Install xlsales into it
  (`python.exe -m ensurepip`, then `python.exe -m pip install xlsales`) and build
  with `--path ""`, or set `XLSALES_PATH` (a user environment variable) to the
  site-packages of a Python of the same version.
- **Mac**: the same with the Python inside the application,
  `/Applications/LibreOffice.app/Contents/Resources/python`.

Windows and Mac are not tested here (Linux only).

**How Calc hands the cells over, and what differs from Excel.** Arguments are
separated by `;` in every language, and the names are the same in French and English
(the description, argument names and help show in the function wizard in French or
English, LibreOffice's language). A range
arrives as rows of cells, as xlwings gives it, and goes through the same coercion.

{differences}

An exception raised by an add-in reaches the cell only as `Err:502`
(IllegalArgumentException), `Err:523` (NoConvergenceException) or `#VALUE!` (anything
else): no `#DIV/0!`, `#NUM!` or `#N/A`. Calc carries its own errors inside a number (a
NaN whose low bits are the error code), so the extension returns errors that way
(`xlsales/calc_values.py`) and a cell shows the error Excel would.
Keep workbooks that use the functions as `.ods`: LibreOffice writes add-in calls into an
`.xlsx` under internal names (`ORG.XLSALES.CALC.KPIFUNCTIONS.KPI_CAC`) that Excel does
not know, and reads `KPI_CAC` in an `.xlsx` as an unknown name.
"""


#: How Calc hands cells over, against Excel: (in the cells, Excel, LibreOffice Calc).
DIFFERENCES = [
    ("TRUE or FALSE in a range", "ignored, as SUM ignores it",
     "Calc has no boolean cells: TRUE is 1, counted as Calc's own SUM counts it"),
    ("a date", "its serial number", "the same"),
    ("a blank cell referenced alone (`=KPI_PERIOD_COST(B2;C2;5;D2)`, D2 blank)",
     "blank: the argument's default",
     "0 (Calc reads it as a number): leave the argument out for its default"),
    ("an error cell referenced alone", "that error", "that error"),
    ("an error inside a range", "that error",
     "`Err:504`: Calc does not call an add-in with an error in a range"),
    ("the result is an error", "`#DIV/0!`, `#NUM!`, `#VALUE!`, `#N/A`",
     "the same, real Calc errors: `ISERROR` and `IFERROR` see them"),
    ("a table (`KPI_FUNNEL`, `KPI_GROWTH`, `KPI_TABLE`)", "a dynamic array",
     "an array formula: select the range, type the formula, Ctrl+Shift+Enter"),
    ("a date result (`KPI_BREAKEVEN_DATE`)", "a date",
     "its serial number: format the cell as a date"),
    ("a required argument left out (`=KPI_CAC(2330)`)", "refused when typed",
     "`Err:511`, as Calc's own functions (the wizard shows every argument as optional)"),
]


def _libreoffice_section() -> list[str]:
    table = ["| in the cells | Excel (xlwings) | LibreOffice Calc |", "|---|---|---|"]
    table += [f"| {a} | {b} | {c} |" for a, b, c in DIFFERENCES]
    return LIBREOFFICE.replace("{differences}", "\n".join(table)).rstrip("\n").split("\n")


def render(module: ModuleType) -> str:
    """The Markdown reference of every UDF of ``module``."""
    docs = describe(module)
    lines = [
        "# Function reference",
        "",
        "<!-- Generated from udfs.py by `python -m xlsales.reference`; do not edit. -->",
        "",
        "Every function is typed in a cell as `=KPI_...(...)` once the xlwings add-in loads",
        "`udfs` (UDF Modules = `udfs`), or in LibreOffice Calc once the xlsales extension is",
        "installed ([below](#in-libreoffice-calc)). Ranges are summed as SUM sums them:",
        "blanks, text and booleans are ignored; the first error value in an input is",
        "returned as is. A zero denominator gives `#DIV/0!`, a threshold never reached or",
        "a value out of its domain `#NUM!`, an unknown label `#VALUE!`, nothing to compute",
        "on `#N/A`.",
        "Formulas below use English separators (`,` between arguments, `;` between the",
        "rows of an array constant); French Excel uses `;` and `\\`.",
        "",
        "| function | definition |",
        "|---|---|",
    ]
    lines += [f"| [`{d.name}`](#{d.name}) | {_cell(d.summary)} |" for d in docs]
    lines += _libreoffice_section()
    for d in docs:
        lines += ["", f"## {d.name}", "", f"`={_signature(d)}`", "", d.summary, ""]
        if d.body:
            lines += [textwrap.dedent(d.body), ""]
        lines += ["| argument | in LibreOffice (fr) | |", "|---|---|---|"]
        french = _french_names(d.name)
        for name, default in d.params:
            optional = "" if default is inspect.Parameter.empty else f" (optional, {default!r})"
            lines.append(f"| `{name}`{optional} | {french.get(name, '')} "
                         f"| {_cell(d.arg_docs.get(name, ''))} |")
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
