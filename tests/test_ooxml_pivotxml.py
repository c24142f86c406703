"""ooxml.pivotxml: pivot caches over a moved table follow it and refresh on open."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from xlsales.ooxml.follow import TableMove
from xlsales.ooxml.pivotxml import follow_pivot_cache, pivot_caches

LEADS = TableMove("Leads", 0, 10, 0, 5000, 19999)


def _cache(source: str, attrs: str = "") -> bytes:
    return (f'<pivotCacheDefinition xmlns="m" r:id="rId1"{attrs} recordCount="5000">'
            f'<cacheSource type="worksheet">{source}</cacheSource><cacheFields count="0"/>'
            "</pivotCacheDefinition>").encode()


@pytest.mark.parametrize(("source", "expected"), [
    ('<worksheetSource ref="A1:K5001" sheet="Leads"/>', "A1:K20000"),
    ('<worksheetSource ref="D1:J5001" sheet="Leads"/>', "D1:J20000"),
    ('<worksheetSource ref="$A$1:$K$5001" sheet="Leads"/>', "A1:K20000"),
])
def test_a_cache_over_whole_columns_follows_them(source, expected):
    new = follow_pivot_cache(_cache(source), [LEADS], {"leads"})
    assert new is not None
    assert re.findall(rb'ref="([^"]*)"', new) == [expected.encode()]
    assert new.startswith(b'<pivotCacheDefinition xmlns="m" r:id="rId1" recordCount="5000" '
                          b'refreshOnLoad="1">')


def test_a_cache_over_the_table_name_is_marked_only():
    new = follow_pivot_cache(_cache('<worksheetSource name="LEADS"/>', ' refreshOnLoad="0"'),
                             [LEADS], {"leads"})
    assert new is not None and new.count(b"refreshOnLoad") == 1
    assert b'refreshOnLoad="1"' in new and b'<worksheetSource name="LEADS"/>' in new


@pytest.mark.parametrize("source", [
    '<worksheetSource ref="A1:K3000" sheet="Leads"/>',  # part of the rows
    '<worksheetSource ref="A1:K5001" sheet="Autre"/>',  # another sheet
    '<worksheetSource name="Tbl_Autre"/>',
    "",  # an external or consolidation source
])
def test_a_cache_over_anything_else_is_left_alone(source):
    assert follow_pivot_cache(_cache(source), [LEADS], {"leads"}) is None


def test_caches_are_found_through_the_workbook_relationships():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/_rels/workbook.xml.rels", (
            b'<Relationships><Relationship Id="rId7" Type="http://x/pivotCacheDefinition" '
            b'Target="pivotCache/cache9.xml"/></Relationships>'))
        archive.writestr("xl/pivotCache/cache9.xml", _cache(""))
    assert pivot_caches(zipfile.ZipFile(buffer), "xl/workbook.xml") == [
        "xl/pivotCache/cache9.xml"]
