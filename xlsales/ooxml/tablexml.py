"""Table parts (``xl/tables/tableN.xml``): the range of an Excel table."""

from __future__ import annotations

import re

__all__ = ["set_table_ref", "drop_totals_row", "clear_filter", "calculated_columns"]


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


_FILTER_COLUMN = re.compile(r"<(\w+:)?filterColumn\b[^>]*?(?:/>|>.*?</\1?filterColumn>)", re.S)
_SORT_REF = re.compile(r'(<(?:\w+:)?(?:sortState|sortCondition)\b[^>]*?\sref=")'
                       r'(\$?[A-Z]{1,3})\$?\d+(?::(\$?[A-Z]{1,3})\$?\d+)?(")')


def clear_filter(xml: bytes, first_row: int, last_row: int) -> bytes:
    """A table part whose filter is cleared (its criteria dropped: the rows they hid
    were the old rows) and whose sort ranges cover the data rows ``first_row`` to
    ``last_row`` (1-based), so that Excel's *Reapply* sorts the new rows. The part is
    unchanged when it has neither.

    >>> new = clear_filter(b'<table ref="A4:N44"><autoFilter ref="A4:N44"><filterColumn colId="2">'
    ...                    b'<filters><filter val="Bretagne"/></filters></filterColumn>'
    ...                    b'</autoFilter><sortState ref="A5:N44"><sortCondition descending="1" '
    ...                    b'ref="H5:H44"/></sortState></table>', 5, 7)
    >>> b"filterColumn" in new, re.findall(rb'ref="([^"]*)"', new)
    (False, [b'A4:N44', b'A4:N44', b'A5:N7', b'H5:H7'])
    """
    part = xml.decode("utf-8")
    new = _FILTER_COLUMN.sub("", part)

    def sort_ref(found: re.Match[str]) -> str:
        last_col = found.group(3) or found.group(2)
        return (f"{found.group(1)}{found.group(2)}{first_row}:{last_col}{last_row}"
                f"{found.group(4)}")

    new = _SORT_REF.sub(sort_ref, new)
    return xml if new == part else new.encode("utf-8")


_COLUMN = re.compile(r"<(\w+:)?tableColumn\b[^>]*?(?:/>|>(.*?)</\1?tableColumn>)", re.S)
_CALCULATED = re.compile(
    r"<(\w+:)?calculatedColumnFormula\b[^>]*>(.*?)</\1?calculatedColumnFormula>", re.S)


def calculated_columns(xml: bytes) -> dict[int, str]:
    """The calculated columns of a table: column index (0-based) → its formula, as XML
    text (ready for a cell's ``<f>``).

    >>> calculated_columns(b'<table><tableColumns><tableColumn id="1" name="prime"/>'
    ...     b'<tableColumn id="2" name="double"><calculatedColumnFormula>'
    ...     b'Leads[[#This Row],[prime]]*2</calculatedColumnFormula></tableColumn>'
    ...     b'</tableColumns></table>')
    {1: 'Leads[[#This Row],[prime]]*2'}
    """
    found = {}
    for index, column in enumerate(_COLUMN.finditer(xml.decode("utf-8"))):
        formula = _CALCULATED.search(column.group(2) or "")
        if formula:
            found[index] = formula.group(2)
    return found
