"""The Excel ribbon add-in: an "xlsales" tab with a "Rafraîchir" button.

Built from xlwings' ribbon add-in template (``quickstart_addin_ribbon.xlam``): its VBA
is kept byte for byte, only the ribbon (``customUI/customUI.xml``) is rewritten, and
the file is named ``xlsales.xlam``. The template's button callback,
``RibbonMyAddin.RunMain``, runs ``import <add-in name>; <add-in name>.main()``, so the
button calls :func:`xlsales.main`, which refreshes the active workbook.

As xlwings' custom add-in guide says, the add-in's own configuration sheet
(``_myaddin.conf``, inactive in the template) is activated by renaming it
``myaddin.conf`` and filling in the interpreter; the VBA project keeps the template's
name (``myaddin``), since renaming it would mean editing the VBA.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

from .errors import XlsalesError
from .i18n import DEFAULT_LANG, text

__all__ = [
    "ADDIN_NAME",
    "TEMPLATE",
    "RIBBON",
    "CONFIG_SHEET",
    "template_path",
    "build_addin",
    "install_addin",
    "ExcelMissingError",
    "ribbon_labels",
]

#: The add-in's file name: RunMain imports the module named like the add-in.
ADDIN_NAME = "xlsales.xlam"
#: xlwings' ribbon add-in template, in the installed xlwings package.
TEMPLATE = "quickstart_addin_ribbon.xlam"
#: The template's configuration sheet, and its active name (xlwings' PROJECT_NAME).
CONFIG_SHEET = ("_myaddin.conf", "myaddin.conf")

RIBBON = """<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui">
    <ribbon>
        <tabs>
            <tab id="xlsalesTab" label="xlsales">
                <group id="xlsalesDashboard" label="{group}">
                    <button id="xlsalesRefresh" label="{button}" size="large"
                            onAction="RibbonMyAddin.RunMain" imageMso="RefreshAll"
                            screentip="{button}" supertip="{tip}" />
                </group>
            </tab>
        </tabs>
    </ribbon>
</customUI>
"""


class ExcelMissingError(XlsalesError):
    """The add-in cannot be installed: no Excel on this machine."""


def template_path() -> Path:
    """Path of xlwings' ribbon add-in template."""
    return Path(str(resources.files("xlwings") / TEMPLATE))


def _label(key: str, lang: str) -> str:
    return text(f"addin.{key}", lang)


def _ribbon(lang: str) -> bytes:
    from .ooxml.sheetxml import escape

    def attr(value: str) -> str:
        return escape(value).replace('"', "&quot;")

    return RIBBON.format(group=attr(_label("group", lang)), button=attr(_label("button", lang)),
                         tip=attr(_label("tip", lang))).encode("utf-8")


def _config(archive: zipfile.ZipFile, interpreter: str) -> dict[str, bytes]:
    """The parts that activate the add-in's config sheet with ``interpreter``."""
    from .ooxml.parts import read_package
    from .ooxml.sheetxml import Rect, cell_xml, patch_sheet

    package = read_package(archive)
    sheet = package.sheet(CONFIG_SHEET[0])
    workbook = archive.read(package.workbook_path).decode("utf-8")
    workbook = workbook.replace(f'name="{CONFIG_SHEET[0]}"', f'name="{CONFIG_SHEET[1]}"', 1)
    # Interpreter_Win and Interpreter_Mac are the template's first two settings (A1, A2).
    cells = {row: {1: cell_xml(row, 1, interpreter, "1")} for row in (0, 1)}
    patched, _ = patch_sheet(archive.read(sheet.path), [Rect(0, 1, 1, 1)], cells)
    return {package.workbook_path: workbook.encode("utf-8"), sheet.path: patched}


def build_addin(out: Path | str, lang: str = DEFAULT_LANG, interpreter: str | None = None
                ) -> Path:
    """Write the ribbon add-in at ``out`` (named ``xlsales.xlam`` for the button to
    call ``xlsales.main()``).

    Parameters
    ----------
    out : path
        The add-in file, or a folder to write ``xlsales.xlam`` into.
    lang : str
        Language of the ribbon's labels.
    interpreter : str, optional
        The Python that has xlsales installed; when given, the add-in's config sheet is
        activated with it (otherwise xlwings' own configuration applies).
    """
    from .ooxml.rewrite import rewrite_package

    out = Path(out)
    if out.is_dir() or not out.suffix:
        out = out / ADDIN_NAME
    out.parent.mkdir(parents=True, exist_ok=True)
    source = template_path()
    with zipfile.ZipFile(source) as archive:
        parts = {"customUI/customUI.xml": _ribbon(lang)}
        if interpreter:
            parts.update(_config(archive, interpreter))
        rewrite_package(source, archive, parts, target=out)
    return out


def _has_excel() -> bool:
    return sys.platform.startswith("win") or sys.platform == "darwin"


def install_addin(lang: str = DEFAULT_LANG) -> Path:
    """Install the add-in as ``xlwings addin install`` does (into Excel's XLSTART
    folder), configured with the Python running this command.

    Raises
    ------
    ExcelMissingError
        On a machine without Excel (Linux): nothing is installed.
    """
    if not _has_excel():
        raise ExcelMissingError(_label("no_excel", lang))
    from xlwings import cli as xlwings_cli

    python = Path(sys.executable)
    pythonw = python.with_name("pythonw.exe")
    interpreter = str(pythonw if sys.platform.startswith("win") and pythonw.exists()
                      else python)
    folder = Path(tempfile.mkdtemp(prefix="xlsales-addin-"))
    try:
        built = build_addin(folder / ADDIN_NAME, lang, interpreter)
        xlwings_cli.addin_install(argparse.Namespace(file=str(built), dir=None, glob=False))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return built


def ribbon_labels(xml: bytes) -> dict[str, str]:
    """The tab, group and button labels of a ribbon part (for checks and docs).

    >>> ribbon_labels(_ribbon("fr"))["button"]
    'Rafraîchir'
    """
    found = {}
    for element in ("tab", "group", "button"):
        match = re.search(rf'<{element}\b[^>]*\blabel="([^"]*)"', xml.decode("utf-8"))
        if match:
            found[element] = match.group(1)
    return found
