"""The command line speaks the user's language: help, click's own messages, system
errors; bad input exits 2 everywhere, with one line naming the file."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml
from click.testing import CliRunner

from xlsales.cli import cli
from xlsales.cli_lang import choose_lang

from .dashboard_books import lead, write_leads

FRENCH = {"LANG": "fr_FR.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "LANGUAGE": ""}
ENGLISH = {"LANG": "en_GB.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "LANGUAGE": ""}


def run(args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env or FRENCH,
                              prog_name="xlsales")


def _catalogue(lang):
    path = resources.files("xlsales") / "locales" / lang / "cli.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _keys(node, prefix=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _keys(value, f"{prefix}/{key}")
    else:
        yield prefix


def test_french_and_english_have_the_same_entries():
    assert set(_keys(_catalogue("fr"))) == set(_keys(_catalogue("en")))


def _paths(group, prefix=""):
    for name, command in group.commands.items():
        path = f"{prefix} {name}".strip()
        yield path
        if hasattr(command, "commands"):
            yield from _paths(command, path)


@pytest.mark.parametrize("path", ["", *_paths(cli)])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_command_has_its_help_in_both_languages(path, lang):
    assert _catalogue(lang)["commands"][path]["help"]


@pytest.mark.parametrize(("args", "env", "expected"), [
    (["--help"], FRENCH, "Crée des classeurs en formules natives"),
    (["--help"], ENGLISH, "Generates formula-driven workbooks"),
    (["--lang", "en", "--help"], FRENCH, "Generates formula-driven workbooks"),
    (["new", "pac", "--lang", "en", "--help"], FRENCH, "Commercial action plan"),
    (["refresh", "--help"], FRENCH, "Extrait des affaires (CSV ou XLSX)"),
    (["refresh", "--help"], FRENCH, "Affiche cette aide et s'arrête."),
    (["--help"], FRENCH, "Utilisation : xlsales"),
    (["--help"], ENGLISH, "Usage: xlsales"),
])
def test_help_follows_lang_then_the_system(args, env, expected):
    result = run(args, env)
    assert result.exit_code == 0
    assert expected in result.output


@pytest.mark.parametrize("args", [["demo", "--help"], ["new", "campaign", "--help"],
                                  ["new", "methods", "--help"]])
def test_help_names_the_worked_case_not_the_course_material(args):
    for env in (FRENCH, ENGLISH):
        output = run(args, env).output
        assert "Abeille" in output and "seed" not in output.lower()


@pytest.mark.parametrize(("args", "env", "expected"), [
    (["refresh"], FRENCH, "Erreur : Argument manquant 'BOOK'."),
    (["refresh"], ENGLISH, "Error: Missing argument 'BOOK'."),
    (["bogus"], FRENCH, "Commande inconnue : 'bogus'."),
    (["refresh", "t.xlsx", "--bogus"], FRENCH, "Option inconnue : '--bogus'."),
    (["snapshot", "p.xlsx", "--date", "31-12"], FRENCH,
     "Valeur incorrecte pour '--date' : '31-12' ne suit aucun des formats"),
    (["demo-data", "x.csv", "--rows", "zéro"], FRENCH, "n'est pas un nombre valide"),
])
def test_clicks_own_errors_follow_the_language(args, env, expected):
    result = run(args, env)
    assert result.exit_code == 2
    assert expected in result.output


def test_a_folder_given_as_a_workbook_is_named_in_french(tmp_path):
    result = run(["refresh", tmp_path])
    assert result.exit_code == 2 and "Fichier" in result.output and "dossier" in result.output


@pytest.mark.parametrize(("args", "env"), [([], {"LANG": "de_DE.UTF-8"}), ([], {}),
                                           (["--lang=fr"], {"LANG": "en_US"})])
def test_french_is_the_default(args, env):
    assert choose_lang(args, env) == "fr"


# Bad input: exit 2 and one line naming the file, in the user's words ------------------

@pytest.fixture
def dashboard(tmp_path):
    book = tmp_path / "tableau.xlsx"
    assert run(["new", "dashboard", book]).exit_code == 0
    return book


def test_a_missing_workbook_exits_2(tmp_path):
    result = run(["refresh", tmp_path / "absent.xlsx"])
    assert result.exit_code == 2
    assert "absent.xlsx : fichier introuvable" in result.output
    assert "Errno" not in result.output


@pytest.mark.parametrize(("env", "expected"), [
    (FRENCH, "autre.xlsx : ce n'est pas un classeur .xlsx (un .xlsx est une archive ZIP)"),
    (ENGLISH, "autre.xlsx: this is not an .xlsx workbook (an .xlsx is a ZIP archive)"),
])
def test_a_csv_named_xlsx_is_explained_in_the_users_language(tmp_path, env, expected):
    other = tmp_path / "autre.xlsx"
    other.write_text("id;prime\n1;2\n", encoding="utf-8")
    for command in (["refresh", other], ["snapshot", other]):
        result = run(command, env)
        assert result.exit_code == 2
        assert expected in result.output
        assert "zip file" not in result.output


def test_a_csv_with_a_ragged_line_names_the_line(dashboard, tmp_path):
    bad = tmp_path / "ventes.csv"
    bad.write_text("a,b\n1,2,3,4\n", encoding="utf-8")
    result = run(["refresh", dashboard, "--data", bad])
    assert result.exit_code == 2
    assert "ventes.csv, ligne 2: 4 champs pour 2 colonnes d'en-tête" in result.output
    assert "tokenizing" not in result.output


def test_a_missing_spec_is_said_without_errno(tmp_path):
    result = run(["new", "pac", tmp_path / "p.xlsx", "--spec", tmp_path / "absent.yaml"])
    assert result.exit_code == 2
    assert "lecture impossible : fichier introuvable" in result.output
    assert "Errno" not in result.output


@pytest.mark.parametrize("command", [["addin", "build", "--out"], ["demo-data"],
                                     ["new", "pac"]])
def test_a_file_where_a_folder_is_needed_is_said_per_file(tmp_path, command):
    (tmp_path / "notes").write_text("not a folder", encoding="utf-8")
    result = run([*command, tmp_path / "notes" / "sortie.xlsx"])
    assert result.exit_code == 2
    # Said per file, in French: a folder to create where a file stands, or a path
    # through a file (when the save opens the path directly).
    assert ("notes : un fichier porte déjà ce nom là où il faut un dossier" in result.output
            or "sortie.xlsx : le chemin passe par un fichier comme s'il était un dossier"
            in result.output)
    assert "Errno" not in result.output and "Traceback" not in result.output


def test_an_empty_dashboard_refreshed_without_data_suggests_data(dashboard):
    result = run(["refresh", dashboard])
    assert result.exit_code == 2
    assert "aucune ligne de données" in result.output
    assert "--data" in result.output and "xlsales refresh tableau.xlsx --data" in result.output


def test_an_empty_extract_given_with_data_gets_no_hint(dashboard, tmp_path):
    empty = write_leads(tmp_path / "vide.csv", [])
    result = run(["refresh", dashboard, "--data", empty])
    assert result.exit_code == 2 and "aucune ligne de données" in result.output
    assert "xlsales refresh tableau.xlsx --data" not in result.output


def test_a_full_extract_refreshes(dashboard, tmp_path):
    data = write_leads(tmp_path / "l.csv", [lead("L1")])
    assert run(["refresh", dashboard, "--data", data]).exit_code == 0


@pytest.mark.parametrize("kind", ["campaign", "pac", "dashboard"])
def test_an_output_that_is_not_xlsx_is_refused(tmp_path, kind):
    out = tmp_path / "c.csv"
    result = run(["new", kind, out])
    assert result.exit_code == 2
    assert "c.csv: le classeur écrit doit porter l'extension .xlsx (par exemple c.xlsx)" in (
        result.output)
    assert not out.exists()
