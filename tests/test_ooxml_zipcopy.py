"""ooxml.zipcopy: members copied as their compressed bytes, new ones deflated."""

from __future__ import annotations

import io
import zipfile

import pytest

from xlsales.ooxml.zipcopy import ZipRewriter, raw_member


@pytest.fixture
def source_zip():
    """An archive as other tools write it: deflated and stored members, a data
    descriptor (streamed member), a non-ASCII name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.xml", b"<a>" + b"x" * 5000 + b"</a>", zipfile.ZIP_DEFLATED)
        archive.writestr("media/image1.png", bytes(range(256)) * 8, zipfile.ZIP_STORED)
        with archive.open("streamed.xml", "w") as stream:  # written with a data descriptor
            stream.write(b"<s>" + b"y" * 3000 + b"</s>")
        archive.writestr("données/é.xml", "<é/>".encode(), zipfile.ZIP_DEFLATED)
    return buffer


def _rewrite(source: io.BytesIO, replace: dict[str, bytes]) -> io.BytesIO:
    out = io.BytesIO()
    writer = ZipRewriter(out)
    with zipfile.ZipFile(source) as archive:
        for info in archive.infolist():
            if info.filename in replace:
                writer.write(info.filename, replace[info.filename], like=info)
            else:
                writer.copy(info, raw_member(source, info))
    writer.close()
    return out


def test_untouched_members_are_copied_as_their_compressed_bytes(source_zip):
    out = _rewrite(source_zip, {"a.xml": b"<a>new</a>"})
    with zipfile.ZipFile(source_zip) as before, zipfile.ZipFile(out) as after:
        assert after.testzip() is None
        assert after.namelist() == before.namelist()
        for name in ("media/image1.png", "streamed.xml", "données/é.xml"):
            assert raw_member(out, after.getinfo(name)) == raw_member(
                source_zip, before.getinfo(name))
            assert after.read(name) == before.read(name)
            assert after.getinfo(name).CRC == before.getinfo(name).CRC
        assert after.read("a.xml") == b"<a>new</a>"
        assert after.getinfo("a.xml").date_time == before.getinfo("a.xml").date_time


def test_rewriting_is_deterministic(source_zip):
    assert _rewrite(source_zip, {"a.xml": b"<a/>"}).getvalue() == _rewrite(
        source_zip, {"a.xml": b"<a/>"}).getvalue()


def test_a_streamed_member_is_compressed_as_it_comes():
    out = io.BytesIO()
    writer = ZipRewriter(out)
    writer.write_stream("big.xml", (b"<r>%d</r>" % i for i in range(20000)))
    writer.close()
    data = zipfile.ZipFile(out).read("big.xml")
    assert data.startswith(b"<r>0</r><r>1</r>") and data.endswith(b"<r>19999</r>")
