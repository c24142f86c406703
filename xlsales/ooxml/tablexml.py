"""Table parts (``xl/tables/tableN.xml``): the range of an Excel table."""

from __future__ import annotations

import re

__all__ = ["set_table_ref", "drop_totals_row"]


def set_table_ref(xml: bytes, ref: str) -> bytes:
    """Set the ``ref`` of a table part (and of its autofilter).

    >>> set_table_ref(b'<table ref="A4:C9"><autoFilter ref="A4:C8"/></table>', "A4:C12")
    b'<table ref="A4:C12"><autoFilter ref="A4:C12"/></table>'
    """
    part = xml.decode("utf-8")
    part = re.sub(r'(<(?:\w+:)?table\b[^>]*?\sref=")[^"]*(")', rf"\g<1>{ref}\g<2>", part,
                  count=1)
    part = re.sub(r'(<(?:\w+:)?autoFilter\b[^>]*?\sref=")[^"]*(")', rf"\g<1>{ref}\g<2>",
                  part, count=1)
    return part.encode("utf-8")


def drop_totals_row(xml: bytes) -> bytes:
    """A table part without a totals row (a loaded data table has none).

    >>> drop_totals_row(b'<table ref="A1:B3" totalsRowCount="1" totalsRowShown="0"/>')
    b'<table ref="A1:B3"/>'
    """
    return re.sub(rb'\s(totalsRowCount|totalsRowShown)="[^"]*"', b"", xml)
