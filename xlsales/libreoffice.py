"""LibreOffice headless: the second spreadsheet engine that checks every workbook.

``recalculate`` opens a workbook in LibreOffice Calc, recalculates every formula and
saves a copy with the values cached, which openpyxl then reads. Each run gets its own
profile directory (parallel runs would collide on a shared one), set to recalculate on
load: by default LibreOffice trusts the cached values of an .xlsx, and XlsxWriter
caches 0 for every formula.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["LibreOfficeError", "LOCALES", "soffice", "recalculate", "recalculate_many",
           "to_pdf"]

_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
{locale}</oor:items>
"""
_LOCALE = """<item oor:path="/org.openoffice.Setup/L10N">
 <prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{}</value></prop></item>
"""
#: The locale LibreOffice formats dates, months and numbers in, per workbook language.
LOCALES = {"fr": "fr-FR", "en": "en-GB"}


class LibreOfficeError(RuntimeError):
    """LibreOffice is missing or failed to convert a file."""


#: Where LibreOffice's installers put it, when it is not on the PATH (Windows, Mac).
_INSTALLED = (Path("C:/Program Files/LibreOffice/program/soffice.exe"),
              Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))


def soffice() -> str:
    """Path of the ``soffice`` executable."""
    found = shutil.which("soffice") or shutil.which("libreoffice") or next(
        (str(path) for path in _INSTALLED if path.is_file()), None)
    if not found:
        raise LibreOfficeError(
            "LibreOffice is not installed: apt-get install libreoffice-calc-nogui"
        )
    return found


def _convert(sources: list[Path], outdir: Path, target: str, timeout: float,
             locale: str = "") -> list[Path]:
    """Convert ``sources`` in one LibreOffice run (its start-up dominates small files)."""
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xlsales-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(
            _PROFILE_SETTINGS.format(locale=_LOCALE.format(locale) if locale else ""),
            encoding="utf-8")
        cmd = [
            soffice(),
            f"-env:UserInstallation={Path(profile).as_uri()}",  # file:///C:/... on Windows
            "--headless",
            "--norestore",
            "--calc",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, sources),
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    outs = [outdir / (src.stem + "." + target.split(":")[0]) for src in sources]
    missing = [src.name for src, out in zip(sources, outs, strict=True) if not out.exists()]
    if done.returncode != 0 or missing:
        raise LibreOfficeError(f"LibreOffice failed on {', '.join(missing) or sources[0].name}: "
                               f"{done.stderr or done.stdout}")
    return outs


def recalculate(src: Path | str, outdir: Path | str, timeout: float = 600) -> Path:
    """Recalculate ``src`` in LibreOffice and save it as .xlsx in ``outdir``."""
    return _convert([Path(src)], Path(outdir), "xlsx", timeout)[0]


def recalculate_many(sources: list[Path], outdir: Path | str, timeout: float = 900
                     ) -> list[Path]:
    """:func:`recalculate` for several workbooks (distinct file names) in one run."""
    return _convert([Path(s) for s in sources], Path(outdir), "xlsx", timeout)


def to_pdf(src: Path | str, outdir: Path | str, timeout: float = 600, lang: str = "fr"
           ) -> Path:
    """Print ``src`` to PDF (after recalculation) in ``outdir``, with each sheet's page
    set-up (print areas, titles, headers and footers), dates and months formatted in
    ``lang``'s locale. Every sheet that is not hidden prints."""
    return _convert([Path(src)], Path(outdir), "pdf:calc_pdf_Export", timeout,
                    LOCALES.get(lang, "fr-FR"))[0]
