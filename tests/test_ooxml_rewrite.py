"""ooxml.rewrite: a package rewritten with parts changed, streamed and removed."""

from __future__ import annotations

import zipfile
from pathlib import Path

from xlsales.ooxml.rewrite import rewrite_package


def _package(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("[Content_Types].xml", "xl/workbook.xml", "xl/calcChain.xml",
                     "xl/worksheets/sheet1.xml", "xl/media/image1.png"):
            archive.writestr(name, f"<{name}/>".encode() * 50)
    return path


def test_parts_are_written_streamed_removed_or_copied(tmp_path):
    path = _package(tmp_path / "livre.xlsx")
    with zipfile.ZipFile(path) as archive:
        rewrite_package(path, archive, {"xl/workbook.xml": b"<workbook/>"},
                        {"xl/worksheets/sheet1.xml": lambda: iter([b"<a>", b"</a>"])},
                        {"xl/calcChain.xml"})
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["[Content_Types].xml", "xl/workbook.xml",
                                      "xl/worksheets/sheet1.xml", "xl/media/image1.png"]
        assert archive.read("xl/workbook.xml") == b"<workbook/>"
        assert archive.read("xl/worksheets/sheet1.xml") == b"<a></a>"
        assert archive.read("xl/media/image1.png") == b"<xl/media/image1.png/>" * 50
    assert [p.name for p in tmp_path.iterdir()] == ["livre.xlsx"]  # no temporary left


def test_a_new_version_can_go_elsewhere(tmp_path):
    path = _package(tmp_path / "modele.xlsx")
    before = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        rewrite_package(path, archive, {}, target=tmp_path / "copie.xlsx")
    assert path.read_bytes() == before
    with zipfile.ZipFile(tmp_path / "copie.xlsx") as copy:
        assert copy.testzip() is None and len(copy.namelist()) == 5
