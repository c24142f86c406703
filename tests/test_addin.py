"""The ribbon add-in: built from xlwings' template, VBA unchanged, an xlsales tab with
a Rafraîchir button; installing it without Excel says so plainly."""

from __future__ import annotations

import zipfile

import pytest
from click.testing import CliRunner

from xlsales.addin import CONFIG_SHEET, build_addin, ribbon_labels, template_path
from xlsales.cli import cli
from xlsales.ooxml.parts import read_package


@pytest.fixture
def addin(tmp_path):
    result = CliRunner().invoke(cli, ["addin", "build", "--out", str(tmp_path / "wb")])
    assert result.exit_code == 0, result.output
    return tmp_path / "wb" / "xlsales.xlam"


def test_the_ribbon_names_the_tab_and_the_button(addin):
    ribbon = zipfile.ZipFile(addin).read("customUI/customUI.xml")
    assert ribbon_labels(ribbon) == {"tab": "xlsales", "group": "Tableau de bord",
                                     "button": "Rafraîchir"}
    # The template's callback: it imports the module named like the add-in (xlsales).
    assert b'onAction="RibbonMyAddin.RunMain"' in ribbon


def test_the_vba_is_the_templates_byte_for_byte(addin):
    built = zipfile.ZipFile(addin).read("xl/vbaProject.bin")
    assert built == zipfile.ZipFile(template_path()).read("xl/vbaProject.bin")


def test_only_the_ribbon_differs_from_the_template(addin):
    built, template = zipfile.ZipFile(addin), zipfile.ZipFile(template_path())
    assert built.namelist() == template.namelist()
    changed = [n for n in template.namelist() if built.read(n) != template.read(n)]
    assert changed == ["customUI/customUI.xml"]


def test_an_interpreter_activates_the_config_sheet(tmp_path):
    path = build_addin(tmp_path / "xlsales.xlam", interpreter="C:\\Python311\\pythonw.exe")
    with zipfile.ZipFile(path) as archive:
        package = read_package(archive)
        sheet = archive.read(package.sheet(CONFIG_SHEET[1]).path).decode()
    assert [s.name for s in package.sheets] == ["myaddin.conf"]
    assert sheet.count("C:\\Python311\\pythonw.exe") == 2  # Interpreter_Win and _Mac


def test_an_english_ribbon(tmp_path):
    path = build_addin(tmp_path, lang="en")
    labels = ribbon_labels(zipfile.ZipFile(path).read("customUI/customUI.xml"))
    assert labels["button"] == "Refresh"


def test_installing_without_excel_says_so_and_exits_1():
    result = CliRunner().invoke(cli, ["addin", "install"])
    assert result.exit_code == 1
    assert "Excel n'est pas installé" in result.output
    assert "Traceback" not in result.output
