"""The Excel add-in ``xlsales.xlam``: xlwings' ribbon add-in template, white-labelled
as xlwings' custom add-in guide says, by a fixed transformation of its files.

``build_addin`` reads the vendored template (``xlsales/vendor/``, xlwings 0.37.8, the
version ``pyproject.toml`` pins) and changes exactly this, every other part and VBA
line staying byte for byte the template's:

1. the VBA project ``MyAddin`` is renamed ``xlsales``;
2. the module ``RibbonMyAddin`` is renamed ``RibbonXlsales`` and its source replaced by
   the callbacks of :mod:`xlsales.ribbon` (which call ``xlsales.excel`` by name: the
   template's ``RunMain`` imported the module named like the file);
3. in the ``xlwings`` module, ``PROJECT_NAME`` becomes ``"xlsales"``: the add-in reads
   its settings from its sheet ``xlsales.conf``, then a file ``xlsales.conf`` beside the
   workbook, then the user's ``~/.xlsales/xlsales.conf`` (Windows; on Mac
   ``~/Library/Containers/com.microsoft.Excel/Data/xlsales.conf``), never another
   add-in's;
4. the ribbon (``customUI/customUI.xml``) becomes the xlsales tab;
5. the config sheet ``_myaddin.conf`` (inactive) becomes ``xlsales.conf`` (active),
   with ``UDF Modules`` = ``udfs`` and, when an interpreter is given, ``Interpreter_Win``
   and ``Interpreter_Mac``. Without one, the sheet does not name any interpreter, so
   the user's ``xlsales.conf`` (written by ``xlsales addin install``) is read, and
   failing it the ``python`` on the PATH: an empty cell would hide both.

Each change checks that it found what it replaces, exactly once: a template that
changed shape stops the build (:class:`AddinTemplateError`) rather than giving an
add-in half renamed. Rewritten VBA modules are stored as source only; Office compiles
them on opening, as it does the template's own ``xlwings`` module.
"""

from __future__ import annotations

import os
import shutil
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import XlsalesError
from .i18n import DEFAULT_LANG, text
from .ribbon import MODULE, ribbon_module, ribbon_xml

__all__ = [
    "ADDIN_NAME",
    "PROJECT",
    "XLWINGS_VERSION",
    "CONFIG_SHEET",
    "UDF_MODULES",
    "AddinTemplateError",
    "ExcelMissingError",
    "template_path",
    "transform_vba",
    "config_rows",
    "build_addin",
    "user_config_path",
    "install_addin",
]

#: The add-in's file name (any other name works too: nothing is derived from it).
ADDIN_NAME = "xlsales.xlam"
#: The VBA project's name and xlwings' PROJECT_NAME.
PROJECT = "xlsales"
#: The xlwings version of the vendored template (its VBA and DLL names).
XLWINGS_VERSION = "0.37.8"
TEMPLATE = "quickstart_addin_ribbon.xlam"
#: The template's configuration sheet, and the add-in's.
CONFIG_SHEET = ("_myaddin.conf", f"{PROJECT}.conf")
#: The Python module whose functions "Importer les fonctions" imports.
UDF_MODULES = "udfs"

_TEMPLATE_PROJECT = "MyAddin"
_TEMPLATE_MODULE = "RibbonMyAddin"
_PROJECT_CONST = 'Public Const PROJECT_NAME As String = "{}"'


class AddinTemplateError(XlsalesError):
    """The template is not the one the transformation was written for."""


class ExcelMissingError(XlsalesError):
    """The add-in cannot be installed: no Excel on this machine."""


def template_path() -> Path:
    """Path of the vendored xlwings ribbon add-in template."""
    return Path(str(resources.files("xlsales") / "vendor" / TEMPLATE))


def _replace_once(source: str, old: str, new: str, where: str) -> str:
    if source.count(old) != 1:
        raise AddinTemplateError(f"{TEMPLATE}: expected {old!r} once in {where}, "
                                 f"found it {source.count(old)} times")
    return source.replace(old, new)


def transform_vba(data: bytes, lang: str = DEFAULT_LANG) -> bytes:
    """The add-in's ``vbaProject.bin`` from the template's (steps 1 to 3 above)."""
    from .vba.project import VbaProject

    project = VbaProject(data)
    if project.name != _TEMPLATE_PROJECT or _TEMPLATE_MODULE not in project.module_names:
        raise AddinTemplateError(f"{TEMPLATE}: expected the VBA project {_TEMPLATE_PROJECT} "
                                 f"with a module {_TEMPLATE_MODULE}, found {project.name} "
                                 f"with {', '.join(project.module_names)}")
    project.rename(PROJECT)
    project.rename_module(_TEMPLATE_MODULE, MODULE)
    project.set_source(MODULE, ribbon_module(lang))
    xlwings = _replace_once(project.source("xlwings"), _PROJECT_CONST.format("myaddin"),
                            _PROJECT_CONST.format(PROJECT), "the xlwings module")
    project.set_source("xlwings", xlwings)
    return project.to_bytes()


def config_rows(interpreter: str | None = None) -> list[tuple[str, str | bool]]:
    """The add-in's config sheet, row by row (xlwings reads column A down to the first
    blank cell, keys in any case)."""
    rows: list[tuple[str, str | bool]] = [("UDF Modules", UDF_MODULES), ("Debug UDFs", False),
                                          ("Use UDF Server", False), ("Show Console", False)]
    if interpreter:
        rows += [("Interpreter_Win", interpreter), ("Interpreter_Mac", interpreter)]
    return rows


def _template_part(part: str | None, kind: str) -> str:
    """A part of the template found through its relationships (of type ``kind``)."""
    if part is None:
        raise AddinTemplateError(f"{TEMPLATE}: no {kind} part")
    return part


def _config_parts(archive: zipfile.ZipFile, interpreter: str | None) -> dict[str, bytes]:
    """The workbook, config sheet and shared strings parts (step 5)."""
    from .ooxml.parts import read_package
    from .ooxml.sheetxml import escape

    package = read_package(archive)
    sheet = package.sheet(CONFIG_SHEET[0])
    workbook = _replace_once(archive.read(package.workbook_path).decode("utf-8"),
                             f'name="{CONFIG_SHEET[0]}"', f'name="{CONFIG_SHEET[1]}"',
                             package.workbook_path)
    strings: list[str] = []
    cells = []
    for row, (key, value) in enumerate(config_rows(interpreter), start=1):
        strings.append(key)
        cell = f'<c r="A{row}" s="1" t="s"><v>{len(strings) - 1}</v></c>'
        if isinstance(value, bool):
            cell += f'<c r="B{row}" s="1" t="b"><v>{int(value)}</v></c>'
        else:
            strings.append(value)
            cell += f'<c r="B{row}" s="1" t="s"><v>{len(strings) - 1}</v></c>'
        cells.append(f'<row r="{row}">{cell}</row>')
    old = archive.read(sheet.path).decode("utf-8")
    head, _, rest = old.partition("<sheetData>")
    _, _, tail = rest.partition("</sheetData>")
    head = head.replace('<dimension ref="A1:B13" />', f'<dimension ref="A1:B{len(cells)}" />')
    shared = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
              f'count="{len(strings)}" uniqueCount="{len(strings)}">'
              + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    return {package.workbook_path: workbook.encode("utf-8"),
            sheet.path: (head + "<sheetData>" + "".join(cells) + "</sheetData>" + tail)
            .encode("utf-8"),
            _template_part(package.shared_strings, "sharedStrings"): shared.encode("utf-8")}


def build_addin(out: Path | str, lang: str = DEFAULT_LANG, interpreter: str | None = None
                ) -> Path:
    """Write the add-in at ``out`` (a file, or a folder to write ``xlsales.xlam`` in).

    Parameters
    ----------
    out : path
        The add-in file, or a folder.
    lang : str
        Language of the ribbon and of the add-in's dialogs.
    interpreter : str, optional
        The Python that has xlsales installed, written into the config sheet. Without
        it, the user's ``xlsales.conf`` says which Python to run (see
        :func:`install_addin`).
    """
    from .ooxml.parts import read_package
    from .ooxml.relationships import targets
    from .ooxml.rewrite import rewrite_package

    out = Path(out)
    if out.is_dir() or not out.suffix:
        out = out / ADDIN_NAME
    out.parent.mkdir(parents=True, exist_ok=True)
    source = template_path()
    with zipfile.ZipFile(source) as archive:
        workbook = read_package(archive).workbook_path
        ribbon = _template_part(next(iter(targets(archive, "", "extensibility")), None),
                                "extensibility")
        vba = _template_part(next(iter(targets(archive, workbook, "vbaProject")), None),
                             "vbaProject")
        parts = {ribbon: ribbon_xml(lang), vba: transform_vba(archive.read(vba), lang)}
        parts.update(_config_parts(archive, interpreter))
        rewrite_package(source, archive, parts, target=out)
    return out


# --- installation -------------------------------------------------------------------


@dataclass(frozen=True)
class Machine:
    """What the installation needs to know of the machine (real or, in tests, made up)."""

    platform: str
    python: Path
    home: Path
    xlstart: Callable[[], Path]


def _xlstart() -> Path:
    from xlwings import cli as xlwings_cli

    return Path(xlwings_cli.get_addin_dir())


def this_machine() -> Machine:
    return Machine(sys.platform, Path(sys.executable), Path.home(), _xlstart)


def user_config_path(machine: Machine) -> Path:
    """Where the add-in's VBA looks for the user's ``xlsales.conf`` (xlwings'
    ``GetConfigFilePath`` with PROJECT_NAME ``xlsales``)."""
    if machine.platform == "darwin":
        return (machine.home / "Library" / "Containers" / "com.microsoft.Excel" / "Data"
                / f"{PROJECT}.conf")
    return machine.home / f".{PROJECT}" / f"{PROJECT}.conf"


def _settings(machine: Machine) -> dict[str, str]:
    """The settings the user's config file gets: this Python (pythonw.exe on Windows,
    so that no console opens), and conda's activation when it is a conda environment."""
    windows = machine.platform.startswith("win")
    pythonw = machine.python.with_name("pythonw.exe")
    interpreter = pythonw if windows and pythonw.exists() else machine.python
    settings = {("INTERPRETER_WIN" if windows else "INTERPRETER_MAC"): str(interpreter)}
    prefix = machine.python.parent if windows else machine.python.parent.parent
    if windows and (prefix / "conda-meta").is_dir():
        root = prefix if (prefix / "condabin").is_dir() else prefix.parent.parent
        settings["CONDA PATH"] = str(root)
        settings["CONDA ENV"] = "base" if root == prefix else prefix.name
    return settings


def write_user_config(path: Path, settings: dict[str, str]) -> None:
    """Set ``settings`` in an xlwings-style config file (``"KEY","value"`` lines),
    keeping the other lines it has."""
    kept = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            key = line.split(",", 1)[0].strip().strip('"').upper()
            if line.strip() and key not in settings:
                kept.append(line)
    lines = kept + [f'"{key}","{value}"' for key, value in settings.items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def _has_excel(platform: str) -> bool:
    return platform.startswith("win") or platform == "darwin"


def install_addin(lang: str = DEFAULT_LANG, machine: Machine | None = None,
                  echo: Callable[[str], None] = print) -> Path:
    """Install the add-in for this Python: write the user's ``xlsales.conf``, build the
    add-in, copy it into Excel's XLSTART folder (found through xlwings, which may start
    Excel), enable RunPython on Mac; print each step, then what is left to click.

    Raises
    ------
    ExcelMissingError
        On a machine without Excel (Linux): nothing is installed.
    """
    machine = machine or this_machine()
    if not _has_excel(machine.platform):
        raise ExcelMissingError(text("addin.no_excel", lang))

    def step(key: str, **values: object) -> None:
        echo(text(f"addin.install.{key}", lang).format(**values))

    settings = _settings(machine)
    config = user_config_path(machine)
    write_user_config(config, settings)
    step("config", path=config, settings=", ".join(f"{k} = {v}" for k, v in settings.items()))
    folder = machine.xlstart()
    target = build_addin(Path(folder) / ADDIN_NAME, lang)
    step("copied", path=target)
    if machine.platform == "darwin":
        _enable_runpython_mac(machine.home)
        step("runpython")
    echo(text("addin.install.todo", lang))
    todo = "todo_mac" if machine.platform == "darwin" else "todo_windows"
    for line in text(f"addin.install.{todo}", lang).strip().splitlines():
        echo(line)
    return target


def _enable_runpython_mac(home: Path) -> None:
    """Copy xlwings' AppleScript where sandboxed Excel may run it (``xlwings runpython
    install``)."""
    import xlwings

    folder = home / "Library" / "Application Scripts" / "com.microsoft.Excel"
    folder.mkdir(parents=True, exist_ok=True)
    script = f"xlwings-{XLWINGS_VERSION}.applescript"
    shutil.copyfile(Path(os.path.dirname(xlwings.__file__)) / script, folder / script)
