"""Hostile and broken spec files (issue 18, items 5, 7, 8 and 10): refused with their
line, within bounds; and user text never becomes a formula in a chart."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from tests.hostile import one_message, run_cli
from xlsales.demo import EXAMPLES
from xlsales.errors import SpecError
from xlsales.headlines import shipped_spec
from xlsales.spec import load_text
from xlsales.templates.campaign import CampaignSpec

#: Bounded subprocesses and large grow-and-shrink workbooks: out of `make test-fast`.
pytestmark = pytest.mark.slow

#: 2.2 KB of nested aliases: nine levels of nine, 9**9 (387 million) strings expanded.
LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n"
    for i in range(8))


def test_nested_aliases_are_refused_within_bounds(tmp_path):
    spec = tmp_path / "rires.yaml"
    spec.write_text(LAUGHS, encoding="utf-8")
    result = run_cli(["new", "campaign", "out.xlsx", "--spec", spec.name], tmp_path)
    line = one_message(result, "rires.yaml")
    assert line == ("Erreur : rires.yaml, ligne 2: alias YAML (*nom) : non admis dans une "
                    "spec, écrivez la valeur")
    assert not (tmp_path / "out.xlsx").exists()


@pytest.mark.parametrize("text, expected", [
    ("campaign:\n  name: A\n  name: B\n",
     "s.yaml, ligne 3: clé name écrite deux fois (lignes 2 et 3)"),
    ("campaign:\n  name: A\n  start: 2022-02-30\n",
     "s.yaml, ligne 3: YAML illisible : day is out of range for month"),
    ("campaign: " + "[" * 3000 + "]" * 3000 + "\n", "s.yaml"),
    ("base: &b {name: A}\ncampaign:\n  <<: *b\n",
     "s.yaml, ligne 3: alias YAML (*nom) : non admis dans une spec, écrivez la valeur"),
])
def test_a_spec_problem_is_a_message_with_its_line(text, expected):
    with pytest.raises(SpecError) as caught:
        load_text(text, CampaignSpec, source="s.yaml")
    assert str(caught.value).startswith(expected)
    assert len(str(caught.value).splitlines()) == 1


def test_the_shipped_specs_still_load():
    # No shipped spec uses an alias or repeats a key.
    spec = shipped_spec("campagne-parrainage-langon.yaml")
    model = load_text(Path(spec).read_text(encoding="utf-8"), CampaignSpec)
    assert [t.name for t in model.targets] == ["Particuliers", "Professionnels"]


def test_xlsales_new_on_a_full_disk_is_one_message_and_no_file(tmp_path):
    # RLIMIT_FSIZE makes writes fail as on a full disk (EFBIG instead of ENOSPC).
    for kind in ("campaign", "dashboard"):
        result = run_cli(["new", kind, "plein.xlsx"], tmp_path, file_size=8000)
        line = one_message(result, "plein.xlsx")
        assert "enregistrement impossible" in line
        assert list(tmp_path.iterdir()) == []


def test_chart_series_names_are_references_never_user_text(tmp_path):
    spec = Path(shipped_spec("campagne-parrainage-langon.yaml")).read_text(encoding="utf-8")
    spec = spec.replace("- name: Particuliers", "- name: '=cmd|'' /C calc''!A0'")
    spec = spec.replace("- name: Professionnels", "- name: '=Indicateurs!$A$1'")
    (tmp_path / "s.yaml").write_text(spec, encoding="utf-8")
    result = run_cli(["new", "campaign", "c.xlsx", "--spec", "s.yaml"], tmp_path)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "c.xlsx") as archive:
        charts = [archive.read(n).decode() for n in archive.namelist()
                  if n.startswith("xl/charts/")]
        strings = archive.read("xl/sharedStrings.xml").decode()
    formulas = [f for chart in charts for f in re.findall(r"<c:tx><c:strRef><c:f>([^<]*)",
                                                          chart)]
    # Each series name points at a cell: the target's name on the settings sheet.
    assert formulas == ["Paramètres!$B$19", "Paramètres!$B$20"]
    every_formula = [f for chart in charts for f in re.findall(r"<c:f>([^<]*)", chart)]
    assert not any("cmd" in f or f == "Indicateurs!$A$1" for f in every_formula)
    # The names themselves are text: in those cells, and as the charts' cached values.
    assert "<c:v>=cmd|' /C calc'!A0</c:v>" in charts[0]
    assert "=cmd|' /C calc'!A0" in strings.replace("&apos;", "'")


def _spec_texts(node: object) -> set[str]:
    if isinstance(node, dict):
        return set().union(*(_spec_texts(v) for v in node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*(_spec_texts(v) for v in node)) if node else set()
    return {node} if isinstance(node, str) else set()


@pytest.mark.parametrize("kind, spec", [(kind, spec) for kind, spec, _ in EXAMPLES])
def test_no_chart_of_any_template_names_a_series_with_user_text(tmp_path, kind, spec):
    # Every chart of every template: a series name is a reference to one cell, or a
    # literal that is none of the spec's texts (a label of the template's own).
    import yaml

    from xlsales.templates import generate
    from xlsales.templates.pipeline import TARGETS

    # The pipeline's targets (B2C, B2B) are the template's own, whatever a spec says.
    texts = _spec_texts(yaml.safe_load(shipped_spec(spec).read_text(encoding="utf-8")))
    texts -= set(TARGETS)
    out = generate(kind, tmp_path / "out.xlsx", shipped_spec(spec))
    with zipfile.ZipFile(out) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist()
                  if n.startswith("xl/charts/chart")]
    assert charts
    for chart in charts:
        for name in re.findall(r"<c:ser>.*?<c:tx>(.*?)</c:tx>", chart, re.S):
            ref = re.fullmatch(r"<c:strRef><c:f>('?[^!]+'?!\$[A-Z]+\$\d+)</c:f>.*", name,
                               re.S)
            literal = re.fullmatch(r"<c:v>(.*)</c:v>", name, re.S)
            assert ref or (literal and literal.group(1) not in texts), name
