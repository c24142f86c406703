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
from .templates import twins

__all__ = ["UdfDoc", "describe", "render", "EDGE_CASES"]

#: The decisions that make the UDFs, the core and the workbooks' formulas give one
#: answer (issue 12); tests/test_differential.py checks them on every KPI with a twin.
EDGE_CASES = """\
## One answer on every engine

The UDFs, the KPI core and the workbooks' native formulas (the *formula twins* of
`xlsales/templates/twins.py`) give the same answer, cell by cell: a differential test
(`tests/test_differential.py`, in `make test`; 300 cases per KPI with
`python benchmarks/differential.py`) draws random and edge inputs for every KPI with a
twin, writes them with the twin formulas into one workbook, recalculates it in
LibreOffice and compares with the UDFs and the core (relative 1e-9, same error kind).
The decisions it checks:

- **Thresholds and floors, as a person reads the figures.** A figure compared with a
  threshold (status, significant gap, score, segment) or floored (point mort, top
  count) is read to 15 significant digits: two figures whose relative difference is
  below 1e-14 (`core.TOLERANCE`) are equal. 60.3 for an objective of 67 is exactly
  90 %, so amber; 3.3 for 3 is a gap of exactly 10 %, so significant; a point mort
  offset of 122.99999999999999 days (123 on paper) gives the 123rd day. One helper
  decides it in the core (`core.at_least`, `core.floor_decimal`, `core.ceil_decimal`),
  its twins write it in the formulas (`twins.at_least`...), the status colours too.
- **A single cell is read as Excel's arithmetic reads it; a range as SUM.** `=A1/B1`
  in Excel reads the text "12" as 12 and TRUE as 1, so `KPI_CONVERSION(A1, B1)` does
  too: numeric text is its number (French "12,5" too), TRUE is 1, a blank 0, other
  text `#VALUE!`. In a range of two cells or more the UDFs add what SUM adds: text and
  booleans are left out. *LibreOffice differs:* its SUM and COUNT count TRUE and FALSE
  inside a range (booleans are numbers there); Excel and the UDFs do not.
- **Dates of January and February 1900.** Excel counts them as Lotus 1-2-3 did:
  1900-01-01 is serial 1, 1900-02-28 is 59, serial 60 is a 1900-02-29 that never was
  (a UDF refuses it: `#VALUE!`), and from 1900-03-01 (61) on every engine agrees.
  The UDFs follow Excel. *LibreOffice differs:* it counts from 1899-12-30 throughout,
  so its `DATE(1900,1,1)` is 2.
- **The first error in argument order wins.** The UDFs coerce their arguments left to
  right and return the first error met (in a range, the first in reading order); the
  twins check their inputs one by one in the same order (nested IFs: LibreOffice's OR
  does not return the first of several errors). `KPI_SAFETY_MARGIN(#NUM!, #DIV/0!, 1)`
  is `#NUM!` on both.
- **Range checks are made at the input too.** What a UDF refuses with `#NUM!`, a
  workbook refuses by data validation on the input cell and the spec check refuses
  with its key and line: an end before the start (the twins also give `#NUM!`), a
  negative quantity or weeks per month, a prognosis outside 0-100 % (a list of the
  six steps), score thresholds not strictly ascending, an amber threshold outside
  0-100 %. A blank weeks per month is the UDFs' default, 4, in the workbooks too.
- **Names are matched literally, case aside.** SUMIF(S), COUNTIF(S), MATCH and VLOOKUP
  ignore case and read `*`, `?` and `~` as wildcards. The workbooks escape them
  (`twins.criterion`, `twins.literal`), so "Salon*" is not "salon" nor "Salons";
  and a spec whose names differ only by case ("Phoning" and "PHONING") is refused,
  naming the key and line, since the formulas would pool them.
- **Text in place of an error, by decision.** Where a workbook shows a word or a blank
  and the UDF an error, the table below lists it; the differential test allows these
  differences and no other.
"""


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


def _twin(name: str) -> str:
    twin = twins.TWINS.get(name)
    if twin is None:
        return "Formula twin: none."
    if twin.startswith("none"):
        return f"Formula twin: {twin}."
    return f"Formula twin: `twins.{twin}` (`xlsales/templates/twins.py`)."


def _text_table() -> list[str]:
    lines = ["| functions | when | UDF | workbook shows | why |", "|---|---|---|---|---|"]
    for row in twins.TEXT_INSTEAD_OF_ERRORS:
        functions = ", ".join(f"`{f}`" for f in row.functions) or "every twin"
        error = f"`{row.udf_error}`" if row.udf_error else "a number or an error"
        lines.append(f"| {functions} | {_cell(row.when)} | {error} | {_cell(row.shows)} "
                     f"| {_cell(row.why)} |")
    return lines


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
    ("a date in January or February 1900", "Excel's serial (1900-01-01 is 1)",
     "Calc's serial, one more (1900-01-01 is 2): read as Excel's, a day later"),
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
        "blanks, text and booleans are ignored (a single cell is read as Excel's arithmetic",
        "reads it, [below](#one-answer-on-every-engine)); the first error value in an",
        "input is returned as is. A zero denominator gives `#DIV/0!`, a threshold never reached or",
        "a value out of its domain `#NUM!`, an unknown label `#VALUE!`, nothing to compute",
        "on `#N/A`.",
        "Formulas below use English separators (`,` between arguments, `;` between the",
        "rows of an array constant); French Excel uses `;` and `\\`.",
        "",
        "| function | definition |",
        "|---|---|",
    ]
    lines += [f"| [`{d.name}`](#{d.name}) | {_cell(d.summary)} |" for d in docs]
    lines += ["", EDGE_CASES.rstrip(), "", *_text_table()]
    lines += _libreoffice_section()
    for d in docs:
        lines += ["", f"## {d.name}", "", f"`={_signature(d)}`", "", d.summary, "",
                  _twin(d.name), ""]
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
