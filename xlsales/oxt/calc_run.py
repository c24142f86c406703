"""Run :mod:`xlsales.oxt.sheet_session` under the Python that has LibreOffice's UNO.

xlsales' own Python (a virtual environment, say) usually cannot ``import uno``: on
Debian the module comes with python3-uno for the system Python, and LibreOffice on
Windows and Mac ships its own Python. The sheet session runs there, in a subprocess,
and hands back JSON.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from ..libreoffice import LibreOfficeError, soffice

__all__ = ["uno_python", "run_sheet"]


def uno_python() -> str:
    """A Python that can ``import uno``: LibreOffice's own, else the system's."""
    program = Path(soffice()).resolve().parent
    candidates = [program / "python", program / "python.exe", Path("/usr/bin/python3")]
    found = shutil.which("python3")
    if found:
        candidates.append(Path(found))
    for python in candidates:
        if python.exists() and subprocess.run(
                [str(python), "-c", "import uno"], capture_output=True).returncode == 0:
            return str(python)
    raise LibreOfficeError("no Python with LibreOffice's uno module "
                           "(Debian: apt-get install python3-uno)")


def run_sheet(spec: dict[str, Any], profile: Path | str, timeout: float = 300
              ) -> dict[str, Any]:
    """Type the sheet of ``spec`` in LibreOffice on ``profile`` (where the extension is
    installed), save it as ``spec['ods']``, reopen, recalculate and read it back."""
    script = resources.files("xlsales.oxt").joinpath("sheet_session.py")
    full = {**spec, "profile": Path(profile).resolve().as_uri(), "soffice": soffice()}
    with tempfile.TemporaryDirectory(prefix="xlsales-sheet-") as tmp:
        source = Path(tmp) / "spec.json"
        source.write_text(json.dumps(full), encoding="utf-8")
        done = subprocess.run([uno_python(), str(script), str(source)], capture_output=True,
                              text=True, timeout=timeout)
    if done.returncode != 0:
        raise LibreOfficeError(f"LibreOffice sheet session failed: {done.stderr.strip()}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result
