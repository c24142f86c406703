"""ooxml.relationships: targets resolved from their source part, removed by target."""

from __future__ import annotations

import io
import zipfile

from xlsales.ooxml.relationships import part_rels, rels_path, remove_relationship, targets

RELS = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://x/worksheet" Target="worksheets/s1.xml"/>'
        b'<Relationship Id="rId2" Type="http://x/calcChain" Target="/xl/calcChain.xml"/>'
        b'<Relationship Id="rId3" Type="http://x/hyperlink" Target="https://example.org" '
        b'TargetMode="External"/>'
        b'<Relationship Id="rId4" Type="http://x/theme" Target="../xl/theme/t.xml"/>'
        b'</Relationships>')


def _archive() -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
    return zipfile.ZipFile(buffer)


def test_targets_are_resolved_relative_to_their_source_and_external_ones_skipped():
    assert part_rels(_archive(), "xl/workbook.xml") == {
        "rId1": ("worksheet", "xl/worksheets/s1.xml"),
        "rId2": ("calcChain", "xl/calcChain.xml"),
        "rId4": ("theme", "xl/theme/t.xml")}
    assert targets(_archive(), "xl/workbook.xml", "calcChain") == ["xl/calcChain.xml"]
    assert part_rels(_archive(), "xl/worksheets/s1.xml") == {}  # no relationship part


def test_the_relationship_part_of_a_part():
    assert rels_path("xl/worksheets/sheet2.xml") == "xl/worksheets/_rels/sheet2.xml.rels"


def test_a_relationship_is_removed_by_the_part_it_targets_whatever_its_spelling():
    new = remove_relationship(RELS, "xl/workbook.xml", "xl/calcChain.xml")
    assert b"calcChain" not in new
    assert new == RELS.replace(b'<Relationship Id="rId2" Type="http://x/calcChain" '
                               b'Target="/xl/calcChain.xml"/>', b"")
    assert remove_relationship(RELS, "xl/workbook.xml", "xl/other.xml") == RELS
