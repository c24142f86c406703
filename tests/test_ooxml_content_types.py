"""ooxml.content_types: an override removed, the others kept byte for byte."""

from __future__ import annotations

from xlsales.ooxml.content_types import remove_override

TYPES = (b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         b'<Default Extension="xml" ContentType="application/xml"/>'
         b'<Override PartName="/xl/calcChain.xml" ContentType="a.calcChain+xml"/>'
         b'<Override PartName="/xl/calcChain.xml.bak" ContentType="x"/></Types>')


def test_only_the_named_part_loses_its_override():
    assert remove_override(TYPES, "xl/calcChain.xml") == TYPES.replace(
        b'<Override PartName="/xl/calcChain.xml" ContentType="a.calcChain+xml"/>', b"")
    assert remove_override(TYPES, "/xl/other.xml") == TYPES
