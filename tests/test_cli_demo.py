"""`xlsales demo` prints seed 003's figures."""

from __future__ import annotations

from click.testing import CliRunner

from xlsales.cli import cli


def test_demo_prints_the_seed_case(tmp_path):
    result = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    # Ressource 1, phoning: CAC = 2 330 / 5 = 466 €.
    assert "Phoning" in result.output and "466" in result.output
    # Ressource 5: point mort on 16 April 2022 (SR / CA × 150 days = 74 days).
    assert "16/04/2022" in result.output
    # Ressource 4, particuliers: 653 coupons / 2 500 contacts = 26,12 %.
    assert "26,12%" in result.output
