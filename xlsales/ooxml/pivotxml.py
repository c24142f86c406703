"""Pivot caches (``pivotCacheDefinition`` parts) over tables that a refresh changes.

A pivot table reads its cache, and the cache reads its source once, when refreshed. A
cache over a fixed range of a table (``<worksheetSource ref="A1:K5001" sheet="Leads"/>``)
that the refresh grows would keep summing the old rows: its range follows the table, as
the other references do (:mod:`.follow`), and the cache is marked ``refreshOnLoad`` so
that Excel rebuilds it from the new rows on open. A cache over the table's name
(``<worksheetSource name="Tbl_Leads"/>``) only needs the mark.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Collection, Sequence

from .follow import TableMove, follow_area
from .parts import AreaRef, format_area, parse_area
from .relationships import targets

__all__ = ["pivot_caches", "follow_pivot_cache"]

_SOURCE = re.compile(r"<(?:\w+:)?worksheetSource\b[^>]*?/?>")
_ATTR = re.compile(r'\b(ref|sheet|name)="([^"]*)"')
_DEFINITION = re.compile(r"<(?:\w+:)?pivotCacheDefinition\b[^>]*?>")


def pivot_caches(archive: zipfile.ZipFile, workbook_path: str) -> list[str]:
    """The pivot cache definitions of the workbook, found through its relationships."""
    return [part for part in targets(archive, workbook_path, "pivotCacheDefinition")
            if part in archive.NameToInfo]


def _moved_source(tag: str, moves: Sequence[TableMove], tables: Collection[str]
                  ) -> str | None:
    """The source element following its table, or None when it reads no moved table."""
    attrs = {k: html.unescape(v) for k, v in _ATTR.findall(tag)}
    if "name" in attrs:
        return tag if attrs["name"].lower() in tables else None
    if "ref" not in attrs or "sheet" not in attrs:
        return None
    try:
        area = parse_area(attrs["ref"])
    except ValueError:
        return None
    area = AreaRef(attrs["sheet"], area.first, area.last)
    moved = follow_area(area, moves)
    if moved is None:
        return None
    ref = format_area(moved, absolute=False, sheet=False)
    return re.sub(r'\bref="[^"]*"', f'ref="{ref}"', tag, count=1)


def _refresh_on_load(text: str) -> str:
    found = _DEFINITION.search(text)
    if found is None:
        return text
    tag = re.sub(r'\s+refreshOnLoad="[^"]*"', "", found.group(0))
    tag = re.sub(r"(\s*/?>)$", r' refreshOnLoad="1"\1', tag, count=1)
    return text[: found.start()] + tag + text[found.end():]


def follow_pivot_cache(xml: bytes, moves: Sequence[TableMove], tables: Collection[str]
                       ) -> bytes | None:
    """The cache definition over a moved table's rows (by range or by table name, in
    lower case in ``tables``), its range following and marked ``refreshOnLoad``; None
    for a cache over anything else.

    >>> cache = (b'<pivotCacheDefinition r:id="rId1"><cacheSource type="worksheet">'
    ...          b'<worksheetSource ref="A1:K5001" sheet="Leads"/></cacheSource>'
    ...          b'</pivotCacheDefinition>')
    >>> new = follow_pivot_cache(cache, [TableMove("Leads", 0, 10, 0, 5000, 20000)], ())
    >>> re.findall(rb'(?:ref|refreshOnLoad)="[^"]*"', new)
    [b'refreshOnLoad="1"', b'ref="A1:K20001"']
    """
    text = xml.decode("utf-8")
    source = _SOURCE.search(text)
    if source is None:
        return None
    moved = _moved_source(source.group(0), moves, tables)
    if moved is None:
        return None
    text = text[: source.start()] + moved + text[source.end():]
    return _refresh_on_load(text).encode("utf-8")
