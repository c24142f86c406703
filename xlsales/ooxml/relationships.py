"""Relationship parts (``_rels/*.rels``): how one part finds the others.

Every part a feature needs is reached from the package root through relationships,
never by its file name: Excel, LibreOffice and XlsxWriter number and place their parts
differently.
"""

from __future__ import annotations

import posixpath
import re
import zipfile

from .guard import read_xml

__all__ = ["REL_NS", "rels_path", "part_rels", "targets", "remove_relationship"]

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def rels_path(part: str) -> str:
    """The relationship part of ``part`` (``""`` for the package root).

    >>> rels_path("xl/workbook.xml"), rels_path("")
    ('xl/_rels/workbook.xml.rels', '_rels/.rels')
    """
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _resolve(source: str, target: str) -> str:
    """The part name a relationship target points at, relative to ``source``'s folder."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def part_rels(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, target part) of ``part``, internal targets only; the
    type is the last segment of its URI (``worksheet``, ``calcChain``...)."""
    path = rels_path(part)
    if path not in archive.NameToInfo:
        return {}
    root = read_xml(archive, path)
    out = {}
    for rel in root:
        if rel.tag.rpartition("}")[2] != "Relationship" or rel.get("TargetMode") == "External":
            continue
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        out[rel.get("Id", "")] = (kind, _resolve(part, rel.get("Target", "")))
    return out


def targets(archive: zipfile.ZipFile, part: str, kind: str) -> list[str]:
    """The parts ``part`` relates to with relationships of type ``kind``."""
    return [target for k, target in part_rels(archive, part).values() if k == kind]


def remove_relationship(xml: bytes, source: str, target: str) -> bytes:
    """The relationship part ``xml`` of ``source`` without its relationships to the part
    ``target`` (other relationships keep their bytes).

    >>> rels = (b'<Relationships><Relationship Id="rId1" Type="t/worksheet" '
    ...         b'Target="worksheets/sheet1.xml"/><Relationship Id="rId9" Type="t/calcChain" '
    ...         b'Target="calcChain.xml"/></Relationships>')
    >>> remove_relationship(rels, "xl/workbook.xml", "xl/calcChain.xml").count(b"Id=")
    1
    """
    def keep(found: re.Match[bytes]) -> bytes:
        attr = re.search(rb'\bTarget="([^"]*)"', found.group(0))
        if attr and _resolve(source, attr.group(1).decode("utf-8")) == target:
            return b""
        return found.group(0)

    return re.sub(rb"<(?:\w+:)?Relationship\b[^>]*?(?:/>|>.*?</(?:\w+:)?Relationship>)",
                  keep, xml, flags=re.S)
