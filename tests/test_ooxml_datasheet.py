"""ooxml.datasheet: the shared strings extended, the rows of a data table streamed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from xlsales.ooxml.datasheet import DataRows, SharedStrings

# Item 1 is rich text (runs): it keeps its place but is not matched by a plain label.
STRINGS = (b'<sst xmlns="m" count="9" uniqueCount="3"><si><t>Nord</t></si>'
           b'<si><r><t>Sud</t></r></si><si><t xml:space="preserve"> Est </t></si></sst>')


def test_known_labels_keep_their_place_and_new_ones_go_at_the_end():
    strings = SharedStrings(STRINGS)
    assert (strings.index("Nord"), strings.index(" Est "), strings.index("Sud")) == (0, 2, 3)
    assert strings.xml() == (b'<sst xmlns="m" uniqueCount="4"><si><t>Nord</t></si>'
                             b'<si><r><t>Sud</t></r></si><si><t xml:space="preserve"> Est '
                             b'</t></si><si><t>Sud</t></si></sst>')


@dataclass
class Fill:
    kinds: list[str]
    columns: list[np.ndarray]

    def __len__(self) -> int:
        return len(self.columns[0])


def test_rows_are_written_typed_with_the_styles_of_the_first_row():
    fill = Fill(["text", "number", "date", "mixed"], [
        np.array(["Nord", "Nord", None], dtype=object),
        np.array([1.5, np.nan, 3.0]),
        np.array(["2025-01-02", "NaT", "2025-01-03"], dtype="datetime64[D]"),
        np.array([2.0, "12x", dt.date(2025, 1, 2)], dtype=object)])
    strings = SharedStrings(STRINGS)
    xml = b"".join(DataRows(fill, strings).rows(1, 0, ["4", None, "5", None], "")).decode()
    assert xml == (
        '<row r="2"><c r="A2" s="4" t="s"><v>0</v></c><c r="B2"><v>1.5</v></c>'
        '<c r="C2" s="5"><v>45659</v></c><c r="D2"><v>2</v></c></row>'
        '<row r="3"><c r="A3" s="4" t="s"><v>0</v></c><c r="D3" t="inlineStr"><is><t>12x'
        '</t></is></c></row>'
        '<row r="4"><c r="B4"><v>3</v></c><c r="C4" s="5"><v>45660</v></c>'
        '<c r="D4"><v>45659</v></c></row>')  # 2025-01-02 is serial 45659 (Excel's DATE)
    assert not strings.changed  # "Nord" was there already


def test_a_calculated_column_gets_its_formula_in_every_row():
    fill = Fill(["number", "text"], [np.array([1.0, 2.0]), np.array([None, None], dtype=object)])
    rows = DataRows(fill, None, {1: "T[[#This Row],[a]]*2"}).rows(1, 0, [None, "3"], "x:")
    assert b"".join(rows) == (  # in the worksheet's prefix, as the rows around them
        b'<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c><x:c r="B2" s="3"><x:f>'
        b'T[[#This Row],[a]]*2</x:f></x:c></x:row><x:row r="3"><x:c r="A3"><x:v>2</x:v>'
        b'</x:c><x:c r="B3" s="3"><x:f>T[[#This Row],[a]]*2</x:f></x:c></x:row>')
