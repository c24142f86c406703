"""Every formula cell of every generated workbook is saved with the value LibreOffice
computes for it: the cross-engine test, cell by cell (relative 1e-9, same error kind,
"" typed as text), on the blank templates and the examples in French and English and
on spec variants with zeros and empty lists. All the workbooks are recalculated in one
LibreOffice run.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from xlsales import libreoffice
from xlsales.demo import EXAMPLES
from xlsales.headlines import shipped_spec
from xlsales.prospects import snapshot
from xlsales.spec import load
from xlsales.templates import TEMPLATES, generate, styling
from xlsales.templates.cached_values import APPLICATION, compute
from xlsales.templates.formula_eval import UnsupportedFormulaError
from xlsales.templates.pipeline import PipelineSpec

from .formula_cells import Err, differences, formula_values
from .spec_variants import empty_lists, zeros

SPEC_OF = {kind: spec for kind, spec, _ in EXAMPLES}

#: (workbook id, template, spec text or shipped spec or None, language)
CASES: list[tuple[str, str, str | None, str]] = [
    *[(f"{kind}-blank-{lang}", kind, None, lang) for kind in TEMPLATES for lang in ("fr", "en")],
    *[(f"{kind}-example-{lang}", kind, "shipped", lang) for kind in TEMPLATES
      for lang in ("fr", "en")],
    *[(f"{kind}-zeros-fr", kind, "zeros", "fr") for kind in TEMPLATES],
    *[(f"{kind}-empty-fr", kind, "empty", "fr") for kind in TEMPLATES],
    ("campaign-zeros-en", "campaign", "zeros", "en"),
    ("objectives-empty-en", "objectives", "empty", "en"),
]

# A workbook of edge formulas, each cell's expected kind of value in a comment.
EDGES = {
    "B1": "=1/0",                              # #DIV/0!
    "B2": '=VLOOKUP("zz",A1:A3,1,FALSE)',      # #N/A
    "B3": '="a"+1',                            # #VALUE!
    # (INDEX out of its range is #REF! in Excel but Err:502, saved as #VALUE!, in
    # LibreOffice: no template lets it happen.)
    "B4": "=SUM(C1:C3,B1)",                    # #DIV/0! propagates
    "B5": '=IF(A1="","","x")',                 # "" (A1 is "abc")... "x"
    "B6": '=IF(A9="","","x")',                 # "" : A9 is blank
    "B7": "=A9",                               # 0 : a blank referenced
    "B8": "=A1=\"ABC\"",                       # TRUE: text compares case-insensitively
    "B9": '=COUNTIF(A1:A3,"a*")',              # 2: wildcards
    "B10": '=COUNTIF(A1:A3,"~*")',             # 1: an escaped star
    "B11": '=SUMIFS(C1:C3,A1:A3,"<>ABC")',     # 50 = 20 + 30: all but abc (any case)
    "B12": "=0.1+0.2-0.3",                     # 0 at LibreOffice's tolerance
    "B13": '=MATCH("A?C",A1:A3,0)',            # 1: wildcard in an exact match
    "B14": "=EOMONTH(DATE(2024,1,31),1)",      # 29/02/2024
    "B15": "=EDATE(DATE(2024,1,31),1)",        # 29/02/2024
    "B16": '=SUMPRODUCT(--(A1:A3="*"),C1:C3)',  # 30 (the text "*", no wildcard here)
    "B17": "=RANK(C2,C1:C3)",                  # 2
    "B18": '=1&""',                            # "1"
    "B19": "=-2^2",                            # 4
}


def _edges(path: Path) -> Path:
    book, formats = styling.new_workbook(path, "edges")
    sheet = book.add_worksheet("Edges")
    for row, text in enumerate(("abc", "aBd", "*")):
        sheet.write_string(row, 0, text)
        sheet.write_number(row, 2, 10 * (row + 1))
    for ref, formula in EDGES.items():
        sheet.write_formula(ref, formula)
    book.close()
    return path


def _snapshot(path: Path) -> Path:
    spec = shipped_spec(SPEC_OF["pipeline"])
    generate("pipeline", path, spec)
    day = load(spec, PipelineSpec).date
    snapshot(path, day, today=day)
    return path


def _spec(tmp: Path, case_id: str, kind: str, which: str | None) -> Path | None:
    if which is None:
        return None
    if which == "shipped":
        return shipped_spec(SPEC_OF[kind])
    text = zeros(kind) if which == "zeros" else empty_lists(kind)
    path = tmp / f"{case_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """{case: (generated workbook, LibreOffice's recalculated copy)}."""
    tmp = tmp_path_factory.mktemp("cached")
    books = {case_id: generate(kind, tmp / f"{case_id}.xlsx", _spec(tmp, case_id, kind, which),
                               lang)
             for case_id, kind, which, lang in CASES}
    books["edges"] = _edges(tmp / "edges.xlsx")
    # A photo taken by `xlsales snapshot` rewrites the history and the film in place:
    # the formula cells must still hold their values afterwards.
    books["pipeline-snapshot-fr"] = _snapshot(tmp / "pipeline-snapshot-fr.xlsx")
    outs = libreoffice.recalculate_many(list(books.values()), tmp / "recalculated")
    return {case: (path, out) for (case, path), out in zip(books.items(), outs, strict=True)}


@pytest.mark.parametrize("case", [c[0] for c in CASES] + ["edges", "pipeline-snapshot-fr"])
def test_every_formula_cell_caches_libreoffices_value(recalculated, case):
    ours, theirs = recalculated[case]
    values = formula_values(ours)
    assert values, "no formula cell: the comparison would prove nothing"
    assert differences(ours, theirs) == []


def test_the_comparison_catches_xlsxwriters_zeros(recalculated, tmp_path):
    # The same campaign with XlsxWriter's cached 0 everywhere must fail the comparison.
    ours, theirs = recalculated["campaign-example-fr"]
    zeroed = tmp_path / "zeroed.xlsx"
    with zipfile.ZipFile(ours) as src, zipfile.ZipFile(zeroed, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                import re
                data = re.sub(rb'<c r="([A-Z]+\d+)"( s="\d+")?( t="\w+")?><f>(.*?)</f><v>.*?</v>',
                              rb'<c r="\1"\2><f>\4</f><v>0</v>', data)
            dst.writestr(info, data)
    assert len(differences(zeroed, theirs, limit=1000)) > 50


def test_edge_values_are_the_documented_ones(recalculated):
    values = formula_values(recalculated["edges"][0])
    got = {ref: values[("Edges", ref)] for ref in EDGES}
    assert got["B1"] == Err("#DIV/0!") and got["B2"] == Err("#N/A")
    assert got["B3"] == Err("#VALUE!") and got["B4"] == Err("#DIV/0!")
    assert (got["B5"], got["B6"], got["B7"], got["B8"]) == ("x", "", 0.0, True)
    assert (got["B9"], got["B10"], got["B11"], got["B12"]) == (2.0, 1.0, 50.0, 0.0)
    # 29/02/2024 is serial 45351 (45292 is 01/01/2024, plus 31 + 28 days).
    assert (got["B13"], got["B14"], got["B15"], got["B16"]) == (1.0, 45351.0, 45351.0, 30.0)
    assert (got["B17"], got["B18"], got["B19"]) == (2.0, "1", 4.0)


def test_errors_are_error_cells_and_empty_texts_are_texts(recalculated):
    with zipfile.ZipFile(recalculated["edges"][0]) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
    assert '<c r="B1" t="e"><f>1/0</f><v>#DIV/0!</v></c>' in sheet
    assert '<c r="B6" t="str"><f>IF(A9="","","x")</f><v></v></c>' in sheet


@pytest.mark.parametrize("case", ["campaign-example-fr", "edges"])
def test_app_xml_names_xlsales_not_excel(recalculated, case):
    with zipfile.ZipFile(recalculated[case][0]) as package:
        app = package.read("docProps/app.xml").decode()
    assert f"<Application>{APPLICATION}</Application>" in app
    assert "Microsoft" not in app and "AppVersion" not in app


def test_today_is_the_one_volatile_input(tmp_path):
    # The blank objectives follow-up dates its lateness from TODAY() until a follow-up
    # date is typed: those cells are listed, and take the generation day's value.
    book, _ = styling.new_workbook(tmp_path / "today.xlsx", "today")
    sheet = book.add_worksheet("S")
    sheet.write_formula("A1", "=TODAY()")
    sheet.write_formula("A2", "=A1+1")
    sheet.write_formula("A3", "=2+2")
    evaluator = compute(book, today=dt.date(2026, 3, 2))
    assert evaluator.volatile == {("S", 0, 0), ("S", 1, 0)}
    # 01/01/2026 is serial 46023; 02/03/2026 is 46023 + 31 + 28 + 1 = 46083.
    assert evaluator.value(("S", 1, 0)) == 46083.0 + 1
    book.close()


def test_an_unknown_function_stops_the_generation(tmp_path):
    book, _ = styling.new_workbook(tmp_path / "unknown.xlsx", "unknown")
    book.add_worksheet("S").write_formula("A1", "=XLOOKUP(1,B1:B2,C1:C2)")
    with pytest.raises(UnsupportedFormulaError, match="XLOOKUP"):
        book.close()
