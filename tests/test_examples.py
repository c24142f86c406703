"""The committed example workbooks are golden files: a fresh generation must match them
part by part (after normalising dates), so any change to a template shows as a diff.
Regenerate them with `make golden` and review the diff."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from xlsales.cli import cli
from xlsales.dashboard import write_demo
from xlsales.demo import EXAMPLES, write_examples

from .xlsx_parts import diff_packages

COMMITTED = Path(__file__).parent.parent / "workbooks" / "examples"


DEMO_FILES = ["tableau-de-bord-demo.xlsx", "extraction-crm-demo.csv", "objectifs-demo.csv",
              "equipe-demo.csv"]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    out = tmp_path_factory.mktemp("examples")
    write_examples(out)
    write_demo(out)
    return out


@pytest.mark.parametrize("name", [name for _, _, name in EXAMPLES] + DEMO_FILES[:1])
def test_example_matches_its_golden_file(fresh, name):
    assert (COMMITTED / name).exists(), f"{name} is not committed: run `make golden`"
    assert diff_packages(fresh / name, COMMITTED / name) == ""


@pytest.mark.parametrize("name", DEMO_FILES[1:])
def test_demo_extract_matches_the_committed_one(fresh, name):
    # The synthetic extract is seeded: the same seed, the same bytes.
    assert (fresh / name).read_bytes() == (COMMITTED / name).read_bytes()


def test_golden_comparison_catches_a_change(fresh, tmp_path):
    # The comparison itself must fail on a real difference: rebuild one example
    # in English and compare it with the French golden file.
    from xlsales.headlines import shipped_spec
    from xlsales.templates import generate

    kind, spec, name = EXAMPLES[0]
    english = generate(kind, tmp_path / name, shipped_spec(spec), "en")
    difference = diff_packages(english, COMMITTED / name)
    assert difference.startswith("--- expected/docProps/app.xml")  # the sheet titles
    assert "+<vt:lpstr>Settings</vt:lpstr>" in difference


def test_demo_writes_the_examples_and_prints_the_seed_figures(tmp_path):
    result = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for _, _, name in EXAMPLES:
        assert (tmp_path / name).exists()
    # Ressource 1, phoning: CAC = 2 330 / 5 = 466 €.
    assert "Phoning" in result.output and "466" in result.output
    # Ressource 5: point mort on 16 April 2022 (SR / CA × 150 days = 74 days).
    assert "16/04/2022" in result.output
    # Ressource 4, particuliers: 653 coupons / 2 500 contacts = 26,12 %.
    assert "26,12%" in result.output
