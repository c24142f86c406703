"""Render seed 003 typed as KPI formulas in LibreOffice Calc, for docs/functions.md.

Builds the extension, installs it into a throwaway profile, types the sheet of
``tests/calc_sheets.py`` (seed_spec) over UNO, prints it to PDF and crops the page.

    python scripts/render_libreoffice.py docs/img/libreoffice-kpi.png
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.calc_sheets import seed_spec  # noqa: E402
from xlsales.oxt import build_extension, install_extension  # noqa: E402
from xlsales.oxt.calc_run import run_sheet  # noqa: E402


def main(out: str) -> None:
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xlsales-picture-") as tmp:
        folder = Path(tmp)
        profile = install_extension(build_extension(folder / "xlsales.oxt"), folder / "profile")
        spec = {**seed_spec(), "ods": str(folder / "cas-003.ods"), "pdf": str(folder / "cas.pdf")}
        run_sheet(spec, profile)
        # The sheet fills the top left of an A4 landscape page: 120 dpi, margins cut.
        subprocess.run(["pdftoppm", "-png", "-r", "120", "-x", "80", "-y", "80", "-W", "1240",
                        "-H", "520", "-singlefile", str(folder / "cas.pdf"),
                        str(target.with_suffix(""))], check=True)
    print(target)


if __name__ == "__main__":
    main(sys.argv[1])
