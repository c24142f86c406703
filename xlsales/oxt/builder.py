"""``xlsales libreoffice build``: the LibreOffice extension (.oxt) of the KPI functions.

An .oxt is a zip that LibreOffice's ``unopkg`` installs. This one holds:

- ``XKpiFunctions.rdb``, the add-in's UNO interface, compiled by the SDK's
  ``unoidl-write`` from the IDL generated from ``udfs.py`` (:mod:`xlsales.oxt.idl`, the
  IDL is shipped beside it for reference);
- ``CalcAddIns.xcu``, the functions' French and English names and help
  (:mod:`xlsales.oxt.xcu`);
- ``xlsales_kpi.py``, the Python component (:mod:`xlsales.oxt.calc_component`), and
  ``xlsales-path.txt``, the folders it looks for xlsales in;
- ``description.xml`` and ``META-INF/manifest.xml``, which tell unopkg what is what.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import XlsalesError
from ..i18n import DEFAULT_LANG, text
from .calc_component import IMPLEMENTATION, PATH_FILE
from .idl import INTERFACE, idl_text
from .xcu import calc_addins_xcu

__all__ = ["OXT_NAME", "EXTENSION_ID", "LibreOfficeSdkError", "default_paths",
           "build_extension", "unoidl_write"]

OXT_NAME = "xlsales.oxt"
EXTENSION_ID = "org.xlsales.calc"
COMPONENT = "xlsales_kpi.py"
RDB = f"{INTERFACE}.rdb"

_MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="http://openoffice.org/2001/manifest">
 <manifest:file-entry manifest:media-type="application/vnd.sun.star.uno-typelibrary;type=RDB"
  manifest:full-path="{RDB}"/>
 <manifest:file-entry manifest:media-type="application/vnd.sun.star.uno-component;type=Python"
  manifest:full-path="{COMPONENT}"/>
 <manifest:file-entry manifest:media-type="application/vnd.sun.star.configuration-data"
  manifest:full-path="CalcAddIns.xcu"/>
</manifest:manifest>
"""

_DESCRIPTION = """<?xml version="1.0" encoding="UTF-8"?>
<description xmlns="http://openoffice.org/extensions/description/2006"
 xmlns:xlink="http://www.w3.org/1999/xlink">
 <identifier value="{identifier}"/>
 <version value="{version}"/>
 <display-name>
  <name lang="fr">xlsales : fonctions KPI commerciales</name>
  <name lang="en">xlsales: sales KPI functions</name>
 </display-name>
</description>
"""


class LibreOfficeSdkError(XlsalesError):
    """A LibreOffice tool the extension needs (unoidl-write, unopkg) is missing or
    failed."""


def _sdk_tool(name: str) -> Path | None:
    homes = [os.environ.get("OO_SDK_HOME", ""), "/usr/lib/libreoffice/sdk",
             "/opt/libreoffice/sdk"]
    for home in filter(None, homes):
        for candidate in (Path(home) / "bin" / name, Path(home) / "bin" / f"{name}.exe"):
            if candidate.exists():
                return candidate
    found = shutil.which(name)
    return Path(found) if found else None


def _types_rdb(unoidl: Path) -> Path:
    """LibreOffice's own type library, which the IDL's XInterface is resolved from."""
    from ..libreoffice import soffice

    for program in (Path(soffice()).resolve().parent, unoidl.resolve().parents[2] / "program"):
        if (program / "types.rdb").exists():
            return program / "types.rdb"
    raise LibreOfficeSdkError(text("oxt.failed", DEFAULT_LANG).format(
        tool="unoidl-write", detail="types.rdb not found beside soffice"))


def unoidl_write(idl: Path, rdb: Path, lang: str = DEFAULT_LANG) -> Path:
    """Compile ``idl`` into the type library ``rdb`` with the SDK's unoidl-write."""
    tool = _sdk_tool("unoidl-write")
    if tool is None:
        raise LibreOfficeSdkError(text("oxt.no_sdk", lang))
    done = subprocess.run([str(tool), str(_types_rdb(tool)), str(idl), str(rdb)],
                          capture_output=True, text=True, timeout=120)
    if done.returncode != 0 or not rdb.exists():
        raise LibreOfficeSdkError(text("oxt.failed", lang).format(
            tool="unoidl-write", detail=(done.stderr or done.stdout).strip()))
    return rdb


def default_paths() -> list[str]:
    """Where the running xlsales is: the folder of ``udfs.py`` and this Python's
    site-packages (numpy, pandas...), for a LibreOffice whose Python has the same
    version (Linux distributions' LibreOffice uses the system Python)."""
    import udfs

    folders = [str(Path(udfs.__file__).resolve().parent), sysconfig.get_paths()["purelib"],
               sysconfig.get_paths()["platlib"]]
    return list(dict.fromkeys(folders))


def _udfs() -> list[Callable[..., Any]]:
    import udfs

    return [getattr(udfs, name) for name in udfs.__all__]


def build_extension(out: Path | str, paths: Sequence[str] | None = None,
                    lang: str = DEFAULT_LANG) -> Path:
    """Write the extension at ``out`` (a file, or a folder to write ``xlsales.oxt``
    into).

    Parameters
    ----------
    out : path
        The .oxt file, or its folder.
    paths : list of str, optional
        Folders the component adds to LibreOffice's Python path to find xlsales and its
        dependencies; by default those of the Python running this (:func:`default_paths`).
        An empty list relies on LibreOffice's own Python having xlsales installed.
    """
    from ..ooxml.save import atomic_replace

    out = Path(out)
    if out.is_dir() or not out.suffix:
        out = out / OXT_NAME
    out.parent.mkdir(parents=True, exist_ok=True)
    functions = _udfs()
    with tempfile.TemporaryDirectory(prefix="xlsales-oxt-") as tmp:
        idl = Path(tmp) / f"{INTERFACE}.idl"
        idl.write_text(idl_text(functions), encoding="utf-8")
        rdb = unoidl_write(idl, Path(tmp) / RDB, lang)
        component = resources.files("xlsales.oxt").joinpath("calc_component.py")
        listed = default_paths() if paths is None else list(paths)
        members: dict[str, bytes] = {
            "META-INF/manifest.xml": _MANIFEST.encode("utf-8"),
            "description.xml": _DESCRIPTION.format(
                identifier=EXTENSION_ID, version=_version()).encode("utf-8"),
            RDB: rdb.read_bytes(),
            f"{INTERFACE}.idl": idl.read_bytes(),
            "CalcAddIns.xcu": calc_addins_xcu(IMPLEMENTATION, functions).encode("utf-8"),
            COMPONENT: component.read_bytes(),
            PATH_FILE: "".join(f"{p}\n" for p in listed).encode("utf-8"),
        }

        def write(stream: Any) -> None:
            with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, data in members.items():
                    archive.writestr(name, data)

        atomic_replace(out, write)
    return out


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("xlsales")
    except PackageNotFoundError:  # run from a source tree
        return "0"


if __name__ == "__main__":  # pragma: no cover - a quick manual build
    print(build_extension(Path(sys.argv[1])))
