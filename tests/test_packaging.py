"""The package metadata: what pip and setuptools read."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_license_is_an_spdx_string() -> None:
    # setuptools >= 77 deprecates the table form ({ text = "MIT" }) with a warning at
    # every install; PEP 639 wants an SPDX expression.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    assert any(r.startswith("setuptools>=77") for r in
               project["build-system"]["requires"])
