"""The add-in, checked as a file (Excel does not run here): built reproducibly from the
vendored xlwings template by the documented transformation; its VBA, read back by
oletools' olevba and by LibreOffice, holds the renamed project, modules and config
path; every ribbon callback exists in the VBA and calls an existing Python function
with arguments its signature accepts; installing prints each step."""

from __future__ import annotations

import ast
import inspect
import re
import subprocess
import tomllib
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import olefile
import pytest
import xlwings
from click.testing import CliRunner
from oletools.olevba import VBA_Parser, decompress_stream

from xlsales import excel
from xlsales.addin import (
    CONFIG_SHEET,
    XLWINGS_VERSION,
    AddinTemplateError,
    Machine,
    build_addin,
    config_rows,
    install_addin,
    template_path,
    transform_vba,
)
from xlsales.cli import cli
from xlsales.ribbon import BUTTONS, MODULE, NAMESPACE, TEMPLATES, ribbon_xml
from xlsales.vba.compound_file import read_compound_file, write_compound_file
from xlsales.vba.compression import compress, decompress

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def addin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("addin") / "wb"
    result = CliRunner().invoke(cli, ["addin", "build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "xlsales.xlam"


def _modules(path: Path) -> dict[str, str]:
    """Each VBA module's source, as olevba extracts it."""
    parser = VBA_Parser(str(path))
    try:
        return {name.rsplit(".", 1)[0]: code
                for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def _project_stream(path: Path) -> str:
    with zipfile.ZipFile(path) as archive, olefile.OleFileIO(
            archive.read("xl/vbaProject.bin")) as ole:
        return ole.openstream("PROJECT").read().decode("cp1252")


# --- the transformation --------------------------------------------------------------

def test_the_vba_holds_the_renamed_project_modules_and_config_path(addin):
    modules = _modules(addin)
    assert sorted(modules) == ["Dictionary", "RibbonXlsales", "Sheet2", "ThisWorkbook",
                               "xlwings"]
    assert 'Name="xlsales"' in _project_stream(addin)
    assert 'Module=RibbonXlsales' in _project_stream(addin)
    assert 'Public Const PROJECT_NAME As String = "xlsales"' in modules["xlwings"]
    # The user config path is built from PROJECT_NAME: ~/.xlsales/xlsales.conf.
    assert ('GetConfigFilePath = Environ("USERPROFILE") & "\\." & PROJECT_NAME & "\\" & '
            'PROJECT_NAME & ".conf"') in modules["xlwings"]
    assert not re.search("myaddin", "\n".join(modules.values()), re.IGNORECASE)
    assert "ThisWorkbook.Name" not in modules["RibbonXlsales"]  # no name from the file


def test_only_the_documented_parts_and_lines_change(addin):
    built, template = zipfile.ZipFile(addin), zipfile.ZipFile(template_path())
    assert built.namelist() == template.namelist()
    changed = {n for n in template.namelist() if built.read(n) != template.read(n)}
    assert changed == {"customUI/customUI.xml", "xl/vbaProject.bin", "xl/workbook.xml",
                       "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"}
    before, after = _modules(template_path()), _modules(addin)
    for name in ("Dictionary", "Sheet2", "ThisWorkbook"):
        assert after[name] == before[name]
    lines = [(a, b) for a, b in zip(before["xlwings"].splitlines(),
                                    after["xlwings"].splitlines(), strict=True) if a != b]
    assert lines == [('Public Const PROJECT_NAME As String = "myaddin"',
                      'Public Const PROJECT_NAME As String = "xlsales"')]


def test_the_build_is_reproducible(addin, tmp_path):
    again = build_addin(tmp_path / "again.xlam")
    assert again.read_bytes() == addin.read_bytes()


def test_the_committed_addin_is_the_current_build(addin):
    """workbooks/xlsales.xlam is what `make addin` writes today (rebuild it if not)."""
    assert (ROOT / "workbooks" / "xlsales.xlam").read_bytes() == addin.read_bytes()


def test_a_template_of_another_shape_stops_the_build():
    data = zipfile.ZipFile(template_path()).read("xl/vbaProject.bin")
    once = transform_vba(data)
    with pytest.raises(AddinTemplateError, match="expected the VBA project MyAddin"):
        transform_vba(once)


def test_the_template_the_pin_and_xlwings_agree():
    """The vendored VBA, its DLL names, the pyproject pin and the installed package
    are one xlwings version."""
    xlwings_vba = _modules(template_path())["xlwings"]
    assert f'Public Const XLWINGS_VERSION As String = "{XLWINGS_VERSION}"' in xlwings_vba
    dlls = set(re.findall(r'Lib "(xlwings(?:32|64)-[\d.]+\.dll)"', xlwings_vba))
    assert dlls == {f"xlwings32-{XLWINGS_VERSION}.dll", f"xlwings64-{XLWINGS_VERSION}.dll"}
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert f"xlwings=={XLWINGS_VERSION}" in deps
    assert xlwings.__version__ == XLWINGS_VERSION
    # The vendored template is the installed package's own, byte for byte.
    installed = Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"
    assert template_path().read_bytes() == installed.read_bytes()


# --- the containers, against independent readers -------------------------------------

@pytest.mark.parametrize("data", [b"", b"abc", b"#" + b"a" * 15, bytes(range(256)) * 40,
                                  (ROOT / "udfs.py").read_bytes()])
def test_compression_round_trips_and_olevba_reads_it(data):
    assert decompress(compress(data)) == data
    assert decompress_stream(bytearray(compress(data))) == data


def test_the_template_streams_decompress_as_olevba_reads_them():
    tree = read_compound_file(zipfile.ZipFile(template_path()).read("xl/vbaProject.bin"))
    vba = tree.entries["VBA"]
    dir_stream = vba.entries["dir"]  # type: ignore[union-attr]
    assert decompress(dir_stream) == decompress_stream(bytearray(dir_stream))


def test_a_compound_file_round_trips_through_olefile():
    data = zipfile.ZipFile(template_path()).read("xl/vbaProject.bin")
    tree = read_compound_file(data)
    written = write_compound_file(tree)
    with olefile.OleFileIO(written) as ole, olefile.OleFileIO(data) as original:
        assert sorted(ole.listdir()) == sorted(original.listdir())
        for path in original.listdir():
            assert ole.openstream(path).read() == original.openstream(path).read()


# --- the ribbon ----------------------------------------------------------------------

_ATTRIBUTES = {  # what [MS-CUSTOMUI]'s schema allows on the elements used here
    "customUI": {"onLoad", "loadImage"},
    "ribbon": {"startFromScratch"},
    "tabs": set(),
    "tab": {"id", "label", "visible", "keytip", "insertAfterMso", "insertBeforeMso"},
    "group": {"id", "label", "visible", "keytip", "imageMso"},
    "button": {"id", "label", "size", "imageMso", "onAction", "screentip", "supertip",
               "keytip", "enabled", "visible", "showLabel", "showImage", "description"},
}
_CHILDREN = {"customUI": ["ribbon"], "ribbon": ["tabs"], "tabs": ["tab"], "tab": ["group"],
             "group": ["button"], "button": []}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_ribbon_has_the_structure_the_customui_schema_requires(lang):
    root = ElementTree.fromstring(ribbon_xml(lang))
    ids = []
    for element in root.iter():
        ns, _, tag = element.tag[1:].partition("}")
        assert ns == NAMESPACE
        assert set(element.attrib) <= _ATTRIBUTES[tag], tag
        assert [c.tag.partition("}")[2] for c in element] == _CHILDREN[tag][:1] * len(element)
        for attribute in ("label", "screentip", "supertip"):
            assert 1 <= len(element.get(attribute, "x")) <= 1024  # ST_String bounds
        if "id" in element.attrib:
            assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", element.get("id", ""))  # NCName
            ids.append(element.get("id"))
        if tag == "button":
            assert element.get("size") in ("normal", "large")
            assert re.fullmatch(rf"{MODULE}\.[A-Za-z]\w*", element.get("onAction", ""))
    assert len(ids) == len(set(ids))
    labels = [b.get("label") for b in root.iter(f"{{{NAMESPACE}}}button")]
    assert labels == ({"fr": ["Rafraîchir", "Charger une extraction…", "Prendre la photo",
                              "Nouveau classeur…", "Exporter en PDF",
                              "Importer les fonctions"],
                       "en": ["Refresh", "Load an extract…", "Take the snapshot",
                              "New workbook…", "Export to PDF",
                              "Import the functions"]}[lang])


def _sub(source: str, name: str) -> str:
    match = re.search(rf"^Sub {name}\(control As IRibbonControl\)\r?\n(.*?)^End Sub",
                      source, re.MULTILINE | re.DOTALL)
    assert match, f"no callback {name}"
    return match.group(1)


def _python_call(body: str) -> ast.Call | None:
    """The Python call a callback runs: ``RunXlsales "f(" & expr & ", 'x')"`` with each
    VBA expression spliced in as a string placeholder."""
    match = re.search(r'RunXlsales "(.*?)"\s*$', body.replace(" _\r\n", " ")
                      .replace(" _\n", " "), re.MULTILINE)
    if not match:
        return None
    code = re.sub(r'" & .*? & "', "'?'", match.group(1))
    call = ast.parse(code, mode="eval").body
    assert isinstance(call, ast.Call)
    return call


def test_every_callback_exists_and_calls_a_python_function_that_accepts_it(addin):
    modules = _modules(addin)
    ribbon = zipfile.ZipFile(addin).read("customUI/customUI.xml").decode()
    callbacks = re.findall(rf'onAction="{MODULE}\.(\w+)"', ribbon)
    assert callbacks == [b.callback for b in BUTTONS]
    called = {}
    for name in callbacks:
        body = _sub(modules[MODULE], name)
        call = _python_call(body)
        if call is None:  # Importer les fonctions: xlwings' own procedure
            assert "ImportPythonUDFsToAddin" in body
            assert re.search(r"^Sub ImportPythonUDFsToAddin\(\)", modules["xlwings"], re.M)
            continue
        assert isinstance(call.func, ast.Name)
        function = getattr(excel, call.func.id)
        inspect.signature(function).bind(*[ast.literal_eval(a) for a in call.args])
        called[name] = call.func.id
    assert called == {"Rafraichir": "refresh", "ChargerExtraction": "load_extract",
                      "PrendrePhoto": "take_snapshot", "NouveauClasseur": "new_workbook",
                      "ExporterPdf": "export_pdf"}
    # RunXlsales imports the module by its name, whatever the add-in's file is called.
    assert 'RunPython "import xlsales.excel; xlsales.excel." & pythonCall' in modules[MODULE]
    # The template list offered is the one new_workbook knows.
    assert 'Choose(choice, "dashboard", "campaign", "methods", "pac", "objectives", ' \
           '"pipeline")' in modules[MODULE]
    assert set(TEMPLATES) == {"dashboard", *__import__("xlsales.templates").templates.TEMPLATES}


@pytest.mark.parametrize("path", ["C:\\Users\\O'Brien\\Données\\extraction.csv",
                                  "/Users/zoé/l'extraction\\.csv", "\\\\serveur\\partage\\"])
def test_a_chosen_path_reaches_python_intact(addin, path):
    """The VBA's PyString, applied as written, gives a Python literal of the path."""
    source = _modules(addin)[MODULE]
    assert ('PyString = "\'" & Replace(Replace(value, "\\", "\\\\"), "\'", "\\\'") & "\'"'
            in source)
    literal = "'" + path.replace("\\", "\\\\").replace("'", "\\'") + "'"
    assert ast.literal_eval(literal) == path


def test_the_functions_imported_are_the_udfs_module():
    """"Importer les fonctions" imports the config sheet's UDF Modules: udfs.py, whose
    functions are xlwings UDFs."""
    import udfs

    assert dict(config_rows())["UDF Modules"] == "udfs"
    # xlwings' decorators do nothing off Windows: read them in the source.
    tree = ast.parse(Path(udfs.__file__).read_text(encoding="utf-8"))
    decorated = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)
                 and any(ast.unparse(d).startswith("xw.func") for d in node.decorator_list)]
    assert "kpi_conversion" in decorated and len(decorated) >= 20


# --- the config sheet ----------------------------------------------------------------

def _config_sheet(path: Path) -> list[list[object]]:
    """The config sheet's rows, read from its XML (openpyxl refuses .xlam files)."""
    from xlsales.ooxml.parts import read_package

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(path) as archive:
        sheet = ElementTree.fromstring(archive.read(
            read_package(archive).sheet(CONFIG_SHEET[1]).path))
        strings = [si.findtext(f"{main}t") for si in ElementTree.fromstring(
            archive.read("xl/sharedStrings.xml"))]
    rows = []
    for row in sheet.iter(f"{main}row"):
        cells = []
        for cell in row:
            value = cell.findtext(f"{main}v")
            cells.append(strings[int(value)] if cell.get("t") == "s" else value == "1")
        rows.append(cells)
    return rows


def test_without_an_interpreter_the_sheet_names_none(addin):
    rows = _config_sheet(addin)
    assert rows == [["UDF Modules", "udfs"], ["Debug UDFs", False],
                    ["Use UDF Server", False], ["Show Console", False]]


def test_an_interpreter_goes_into_the_sheet(tmp_path):
    path = build_addin(tmp_path, interpreter="C:\\Python311\\pythonw.exe")
    assert _config_sheet(path)[-2:] == [["Interpreter_Win", "C:\\Python311\\pythonw.exe"],
                                        ["Interpreter_Mac", "C:\\Python311\\pythonw.exe"]]


# --- LibreOffice: a second, independent reader of the add-in -------------------------

@pytest.mark.libreoffice
def test_libreoffice_opens_the_addin_and_reads_its_vba(addin, tmp_path):
    from xlsales.libreoffice import soffice

    done = subprocess.run(
        [soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--norestore", "--infilter=Calc MS Excel 2007 VBA XML", "--convert-to", "ods",
         "--outdir", str(tmp_path), str(addin)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    ods = zipfile.ZipFile(tmp_path / "xlsales.ods")
    library = ods.read("Basic/xlsales/script-lb.xml").decode()  # the VBA project's name
    assert re.findall(r'library:element library:name="(\w+)"', library) == [
        "Dictionary", "RibbonXlsales", "Sheet2", "ThisWorkbook", "xlwings"]
    ribbon = ods.read("Basic/xlsales/RibbonXlsales.xml").decode()
    assert "Sub ImporterFonctions(control As IRibbonControl)" in ribbon
    content = ods.read("content.xml").decode()
    assert 'table:name="xlsales.conf"' in content and "udfs" in content


# --- installing ----------------------------------------------------------------------

def test_installing_without_excel_says_so_and_exits_1():
    result = CliRunner().invoke(cli, ["addin", "install"])
    assert result.exit_code == 1
    assert "Excel n'est pas installé" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_install_prints_each_step_and_what_is_left(platform, tmp_path):
    python = tmp_path / "Python311" / ("python.exe" if platform == "win32" else "python3")
    python.parent.mkdir()
    (python.parent / "pythonw.exe").touch()
    xlstart = tmp_path / "XLSTART"
    xlstart.mkdir()
    said: list[str] = []
    machine = Machine(platform, python, tmp_path / "home", lambda: xlstart)

    target = install_addin("fr", machine, said.append)

    assert target == xlstart / "xlsales.xlam" and target.is_file()
    if platform == "win32":
        conf = tmp_path / "home" / ".xlsales" / "xlsales.conf"
        assert conf.read_text() == f'"INTERPRETER_WIN","{python.parent / "pythonw.exe"}"\n'
        assert any("Accès approuvé au modèle d'objet du projet VBA" in s for s in said)
        assert any("Importer les fonctions" in s for s in said)
    else:
        conf = (tmp_path / "home" / "Library" / "Containers" / "com.microsoft.Excel" / "Data"
                / "xlsales.conf")
        assert conf.read_text() == f'"INTERPRETER_MAC","{python}"\n'
        script = (tmp_path / "home" / "Library" / "Application Scripts"
                  / "com.microsoft.Excel" / f"xlwings-{XLWINGS_VERSION}.applescript")
        assert script.is_file()
        assert any("n'existent pas sur Mac" in s for s in said)
    assert said[0] == f"1. Configuration écrite : {conf} (" + conf.read_text().strip() \
        .replace('"', "").replace(",", " = ", 1) + ")"
    assert said[1].startswith("2. Complément construit et copié")
    assert "Il vous reste à faire dans Excel :" in said
