"""Variants of the shipped specs at the edges, each against a hand computation.

Names that differ only by case are refused with their key and line; names holding
``*`` or ``?`` are matched literally; a follow-up of 18 months projects on 18 months;
a point mort whose offset is a whole number of days on paper falls on that day; an
attainment of exactly the amber threshold is amber and a gap of exactly the threshold
is significant. The workbooks are recalculated by LibreOffice.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from xlsales import core
from xlsales.cli import cli
from xlsales.templates import generate
from xlsales.templates.objectives import FOLLOW_COLUMNS

from .workbooks import Recalculated

SPECS = Path(__file__).parent.parent / "xlsales" / "specs"


def _variant(tmp_path: Path, name: str, *replacements: tuple[str, str]) -> Path:
    text = (SPECS / name).read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    out = tmp_path / name
    out.write_text(text, encoding="utf-8")
    return out


def _refused(tmp_path: Path, kind: str, spec: Path) -> str:
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(cli, ["new", kind, str(out), "--spec", str(spec)])
    assert result.exit_code == 2, result.output
    assert not out.exists()
    return result.output


# ---------------------------------------------------------------- case-only differences

CASE_CLASHES = [
    # SUMIF pools "Phoning" and "PHONING": refused at the second name.
    ("methods", "methodes-prospection-langon.yaml", ("name: Emailing", "name: PHONING"),
     "methods[2].name", 33),
    # SUMIFS merges "Nouveaux clients" and "nouveaux clients".
    ("objectives", "objectifs-agence.yaml",
     ("  - name: Taux d'équipement\n", "  - name: nouveaux clients\n"),
     "indicators[2].name", 21),
    ("objectives", "objectifs-agence.yaml",
     ("segments: [Particuliers, Professionnels]", "segments: [Particuliers, PARTICULIERS]"),
     "segments[1]", 24),
]


@pytest.mark.parametrize(("kind", "spec", "change", "key", "line"), CASE_CLASHES,
                         ids=[c[3] for c in CASE_CLASHES])
def test_names_differing_only_by_case_are_refused(tmp_path, kind, spec, change, key, line):
    output = _refused(tmp_path, kind, _variant(tmp_path, spec, change))
    assert f"clé {key}, ligne {line}" in output
    assert "majuscules" in output


def test_pipeline_owners_differing_only_by_case_are_refused(tmp_path):
    spec = _variant(tmp_path, "pipeline-langon.yaml")
    text = spec.read_text(encoding="utf-8")
    owners = next(line for line in text.splitlines() if line.startswith("owners:"))
    first = owners.split("[")[1].split(",")[0].strip()
    spec.write_text(text.replace(owners, owners.replace("]", f", {first.upper()}]")),
                    encoding="utf-8")
    assert "clé owners[" in _refused(tmp_path, "pipeline", spec)


# ---------------------------------------------------------------- wildcards


@pytest.fixture(scope="module")
def wildcard_methods(tmp_path_factory, recalc):
    folder = tmp_path_factory.mktemp("wildcards")
    spec = _variant(folder, "methodes-prospection-langon.yaml",
                    ("name: Salon professionnel", "name: Salon*"),
                    ("name: Emailing", "name: salon"),
                    ("name: Publipostage", "name: Publi?ostage"))
    return Recalculated(recalc(generate("methods", folder / "methods.xlsx", spec)))


@pytest.mark.parametrize(("number", "cost", "clients"), [
    # Hand computations from the spec (seed 003, resource 1):
    (2, 19295 * 0.25, 21),  # "Salon*": its own quarter of VINITECH, not salon's too
    (3, 31.10 * 12, 3),  # "salon": 12 months of the internet subscription only
    (4, 700 * 2, 4),  # "Publi?ostage": two semesters
])
def test_wildcard_names_are_matched_literally(wildcard_methods, number, cost, clients):
    assert wildcard_methods.name(f"Cout_Methode{number}") == pytest.approx(cost, rel=1e-12)
    assert wildcard_methods.name(f"CAC_Methode{number}") == pytest.approx(cost / clients,
                                                                         rel=1e-12)


# ---------------------------------------------------------------- 18 months and boundaries

# Nouveaux clients, Particuliers, followed over 18 months: the 12 objectives of the
# shipped spec (325 clients) and 6 more of 30 (180), 505 in all.
EIGHTEEN = ("objectives: [20, 34, 34, 34, 34, 34, 20, 15, 25, 25, 25, 25]",
            "objectives: [20, 34, 34, 34, 34, 34, 20, 15, 25, 25, 25, 25, "
            "30, 30, 30, 30, 30, 30]")
# Chiffre d'affaires, Particuliers, January: 60.3 for 67 is exactly 90 % (amber) and a
# gap of exactly -10 % (significant at 10 %).
BOUNDARY = ("objectives: [110000, 115000,", "objectives: [67, 115000,")
BOUNDARY_ACTUAL = ("actuals: [112500,", "actuals: [60.3,")


@pytest.fixture(scope="module")
def long_follow_up(tmp_path_factory, recalc):
    folder = tmp_path_factory.mktemp("eighteen")
    spec = _variant(folder, "objectifs-agence.yaml", EIGHTEEN, BOUNDARY, BOUNDARY_ACTUAL)
    book = Recalculated(recalc(generate("objectives", folder / "objectives.xlsx", spec)))
    rows = {}
    for row in book.book.worksheets[2].iter_rows(min_row=6, max_col=len(FOLLOW_COLUMNS),
                                                  values_only=True):
        values = dict(zip(FOLLOW_COLUMNS, row, strict=True))
        if values["actual"] is not None:
            rows[(values["indicator"], values["segment"], values["month"].date())] = values
    return rows


def test_eighteen_month_follow_up_projects_on_eighteen_months(long_follow_up):
    row = long_follow_up[("Nouveaux clients", "Particuliers", dt.date(2022, 6, 1))]
    cumulative = 21 + 31 + 30 + 27 + 26 + 28  # the actuals, January to June: 163
    assert row["cum_actual"] == cumulative
    assert row["projection"] == pytest.approx(163 * 18 / 6, rel=1e-12)  # 489
    assert row["remaining"] == pytest.approx(505 - 163, rel=1e-12)  # 342
    assert core.run_rate(cumulative, 6, 18) == 489


def test_twelve_month_lines_still_project_on_twelve(long_follow_up):
    row = long_follow_up[("Nouveaux clients", "Professionnels", dt.date(2022, 6, 1))]
    cumulative = 11 + 17 + 15 + 16 + 16 + 15  # 90
    assert row["projection"] == pytest.approx(cumulative * 12 / 6, rel=1e-12)


def test_exact_amber_threshold_and_exact_gap(long_follow_up):
    row = long_follow_up[("Chiffre d'affaires", "Particuliers", dt.date(2022, 1, 1))]
    assert row["attainment"] == pytest.approx(0.9, rel=1e-12)
    assert row["status"] == "orange"  # 60.3 / 67 = 90 % exactly, the amber threshold
    assert row["significant"] == "oui"  # (60.3 - 67) / 67 = -10 % exactly
    assert core.objective_status(60.3, 67, 0.9).value == "orange"
    assert core.significant_gap(60.3, 67, 0.1)


def test_point_mort_on_a_whole_day(tmp_path, recalc):
    # Flyers at 17,759.70 € instead of 385 €: CF = 7,750 + 17,759.70 + 155.50 + 18,008 =
    # 43,673.20 €; CA = 100,250 €, CV = 46,990 € (seed 003, resources 4 and 5); SR / CA ×
    # 150 days = CF × 150 / (CA − CV) = 43,673.2 × 150 / 53,260 = 123 days exactly, which
    # binary arithmetic computes as 122.99999999999999. 2022-02-01 + 123 days = June 4.
    spec = _variant(tmp_path, "campagne-parrainage-langon.yaml",
                    ("amount: 385\n", "amount: 17759.70\n"))
    book = Recalculated(recalc(generate("campaign", tmp_path / "campaign.xlsx", spec)))
    expected = dt.date(2022, 6, 4)
    assert book.name("CF_Total") == pytest.approx(43673.2, rel=1e-12)
    assert book.name("Point_Mort").date() == expected
    assert core.breakeven_date(43673.2, 100250, 46990, dt.date(2022, 2, 1),
                               dt.date(2022, 6, 30)) == expected
