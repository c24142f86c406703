"""Hostile or broken packages, refused with one message before they cost much.

Everything that reads a workbook's zip goes through here first:

- :func:`check_members`: the declared size of each member and its compression ratio
  are checked before anything is inflated (a 3 MB zip must not inflate to 3 GB);
  Python's zip reader stops at the declared size, so the check bounds what is read.
- :func:`check_prologs`: no XML part may declare a DTD (entities), whoever reads it.
- :func:`read_member`: a member's bytes, a missing or corrupt member being a message.
- :func:`parse_xml`: XML parsed with no DTD at all (no external entity, no entity
  expansion: an Office part never has one), in UTF-8 only (what xlsales writes and
  patches as text; Excel and LibreOffice write nothing else).
- :func:`check_grid`: the grid a worksheet may make a reader allocate (its
  ``<dimension>`` and its farthest cells), bounded before python-calamine reads it:
  calamine allocates every cell of the rectangle, so one cell at XFD1048576 would cost
  hundreds of gigabytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from ..errors import WorkbookFormatError
from ..i18n import text

__all__ = ["MAX_MEMBER", "MAX_RATIO", "MAX_GRID", "check_members", "check_prologs",
           "check_package", "read_member",
           "parse_xml", "check_xml", "check_grid", "grid_chunks", "refuse", "archive_name",
           "read_xml"]

#: The largest member inflated (bytes): a million leads take about 400 MB.
MAX_MEMBER = 2 << 30
#: The largest inflated size of all members together.
MAX_TOTAL = 3 << 30
#: Compression ratio refused for a member over :data:`RATIO_FLOOR` bytes (worksheets
#: compress 3 to 10 times; deflate bombs about 1000 times).
MAX_RATIO = 200
RATIO_FLOOR = 8 << 20
#: Cells a worksheet's rectangle may hold without being dense: beyond
#: :data:`GRID_FLOOR`, the rectangle may be at most :data:`GRID_SPARSENESS` times the
#: cells written, and never over :data:`MAX_GRID`.
GRID_FLOOR = 1 << 22
GRID_SPARSENESS = 4
MAX_GRID = 1_048_576 * 48

_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="([^"]*)"')
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d{1,9})"')
_WIDE_CELL = re.compile(rb' r="([A-Z]{2,})(\d{0,9})"')
_PREFIXED_ROOT = re.compile(rb"<\w+:worksheet\b")
_WIDE_CELL_BLANK = re.compile(rb'[\t\r\n]r="([A-Z]{2,})(\d{0,9})"')
_CELL = re.compile(r"\$?([A-Z]{1,4})\$?(\d{0,9})")


def refuse(file: str, key: str, lang: str, **values: Any) -> WorkbookFormatError:
    """The error naming ``file`` and what is wrong (``messages.package.<key>``)."""
    reason = text(f"messages.package.{key}", lang).format(**values)
    return WorkbookFormatError(f"{file} : {reason}" if lang == "fr" else f"{file}: {reason}")


def check_members(archive: zipfile.ZipFile, file: str, lang: str = "fr") -> None:
    """Refuse a package whose members would inflate beyond the bounds above."""
    total = 0
    for info in archive.infolist():
        size = info.file_size
        total += size
        if size > MAX_MEMBER or total > MAX_TOTAL:
            raise refuse(file, "too_big", lang, part=info.filename, size=size >> 20)
        if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
            raise refuse(file, "ratio", lang, part=info.filename,
                         ratio=size // max(info.compress_size, 1))


def check_prologs(archive: zipfile.ZipFile, file: str, lang: str = "fr") -> None:
    """Refuse a package any XML part of which declares a DTD (where entities are
    declared), before another reader (python-calamine) parses it."""
    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(info) as stream:
                head = stream.read(1 << 16)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError,
                RuntimeError) as error:
            raise refuse(file, "corrupt", lang, part=info.filename, error=error) from None
        if _DOCTYPE.search(head):
            raise refuse(file, "doctype", lang, part=info.filename)


def check_package(archive: zipfile.ZipFile, file: str, lang: str = "fr") -> None:
    """:func:`check_members` and :func:`check_prologs`: what to check on opening."""
    check_members(archive, file, lang)
    check_prologs(archive, file, lang)


def read_member(archive: zipfile.ZipFile, name: str, file: str, lang: str = "fr") -> bytes:
    """A member's bytes; a missing, corrupt or oversized member is a message."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise refuse(file, "missing", lang, part=name) from None
    if info.file_size > MAX_MEMBER:
        raise refuse(file, "too_big", lang, part=name, size=info.file_size >> 20)
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError,
            RuntimeError) as error:
        raise refuse(file, "corrupt", lang, part=name, error=error) from None


def check_xml(data: bytes, part: str, file: str, lang: str = "fr") -> None:
    """Refuse an XML part that is not UTF-8, or declares a DTD (entities)."""
    head = data[:4]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) == 4 and 0 in head):
        raise refuse(file, "encoding", lang, part=part)
    if _DOCTYPE.search(data[:1 << 16]) or (b"<!" in data and _DOCTYPE.search(data)):
        raise refuse(file, "doctype", lang, part=part)
    declared = re.match(rb'\s*<\?xml[^>]*encoding=["\']([^"\']+)', data[:200])
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        raise refuse(file, "encoding", lang, part=part)


def parse_xml(data: bytes, part: str, file: str, lang: str = "fr") -> ET.Element:
    """Parse a package part safely (see the module's notes)."""
    check_xml(data, part, file, lang)
    try:
        return ET.fromstring(data)
    except ET.ParseError as error:
        raise refuse(file, "malformed", lang, part=part, error=error) from None


def _col(letters: bytes) -> int:
    index = 0
    for char in letters:
        index = index * 26 + char - 64
    return index


def _extent(ref: bytes) -> tuple[int, int]:
    """The last row and column (1-based) of a ``<dimension>`` reference."""
    rows, cols = 0, 0
    for found in _CELL.finditer(ref.decode("ascii", "replace")):
        cols = max(cols, _col(found.group(1).encode()))
        rows = max(rows, int(found.group(2) or 0))
    return rows, cols


def check_grid(archive: zipfile.ZipFile, part: str, file: str, sheet: str,
               lang: str = "fr") -> None:
    """Refuse a worksheet whose rectangle (up to its farthest cell, or its dimension)
    is far larger than its cells: a reader would allocate all of it."""
    for _ in grid_chunks(archive, part, file, sheet, lang):
        pass


def grid_chunks(archive: zipfile.ZipFile, part: str, file: str, sheet: str,
                lang: str = "fr", size: int = 1 << 20) -> Iterator[bytes]:
    """A worksheet part's bytes, inflated chunk by chunk, measured as they go: once the
    last chunk is given, the grid is refused as :func:`check_grid` does. A caller that
    needs to read the part anyway (what follows its rows) reads it here, once."""
    grid = _Grid()
    try:
        with archive.open(part) as stream:
            for chunk in iter(lambda: stream.read(size), b""):
                grid.feed(chunk)
                yield chunk
    except KeyError:
        raise refuse(file, "missing", lang, part=part) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise refuse(file, "corrupt", lang, part=part, error=error) from None
    area = grid.rows * grid.cols
    if area > MAX_GRID or (area > GRID_FLOOR and area > GRID_SPARSENESS * grid.cells):
        raise refuse(file, "grid", lang, sheet=sheet, rows=grid.rows, cols=grid.cols)


class _Grid:
    """The extent and the cell count of a worksheet read chunk by chunk.

    Every search is a plain one or starts with a literal: the rows of a million leads
    are 400 MB, and a pattern tried at every ``<`` costs seconds there."""

    def __init__(self) -> None:
        self.rows, self.cols, self.cells = 0, 26, 0
        self.tail = b""
        self.cell_tag: bytes | None = None

    def _count_cells(self, chunk: bytes) -> None:
        """Count the cells' opening tags, of the prefix the root element has (``<c `` or
        ``:c ``): one scan, not two. Cells of another prefix go uncounted, which can
        only make the check stricter."""
        if self.cell_tag is None:
            self.cell_tag = b":c " if _PREFIXED_ROOT.search(chunk, 0, 1 << 12) else b"<c "
        # The two bytes before the chunk: a tag cut by the chunk's start is counted once.
        self.cells += (self.tail[-2:] + chunk).count(self.cell_tag)

    def feed(self, chunk: bytes) -> None:
        window = self.tail + chunk
        if self.rows == 0 and (dimension := _DIMENSION.search(window)):
            self.rows, self.cols = (max(a, b) for a, b in zip(
                _extent(dimension.group(1)), (self.rows, self.cols), strict=True))
        self._count_cells(chunk)
        # A cell's reference of two letters or more, whatever the attribute's place in
        # the tag; a space before it almost always, another blank rarely (Excel and
        # LibreOffice write none in the rows: one memchr each tells).
        wide = [_WIDE_CELL]
        if b"\n" in window or b"\t" in window or b"\r" in window:
            wide.append(_WIDE_CELL_BLANK)
        for pattern in wide:
            for found in pattern.finditer(window):
                self.cols = max(self.cols, _col(found.group(1)))
                self.rows = max(self.rows, int(found.group(2) or 0))
        # Rows come in order: the last of a chunk is its farthest.
        at = window.rfind(b"<row ")
        if at < 0:
            at = window.rfind(b":row ")
        last = _ROW.search(window, max(at - 8, 0)) if at >= 0 else None
        if last is not None:
            self.rows = max(self.rows, int(last.group(1)))
        # Keep what may hold the start of a tag cut by the chunk's end.
        self.tail = window[-64:]


def archive_name(archive: zipfile.ZipFile) -> str:
    """The file name of an open package, for messages (``xlsx`` when read from memory)."""
    name = str(getattr(archive, "filename", None) or "xlsx").replace("\\", "/")
    return name.rsplit("/", 1)[-1]


def read_xml(archive: zipfile.ZipFile, part: str, lang: str = "fr") -> ET.Element:
    """A part's XML root, its size checked before inflating and its XML parsed safely;
    any problem is one message naming the file and the part."""
    file = archive_name(archive)
    return parse_xml(read_member(archive, part, file, lang), part, file, lang)
