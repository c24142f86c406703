"""A VBA project ([MS-OVBA] 2.2, 2.3): its name, its modules and their source code,
renamed and rewritten, then written back as a ``vbaProject.bin``.

The project's ``dir`` stream lists its modules as records; each module's stream holds
an optional compiled cache (``MODULEOFFSET`` bytes) followed by its compressed source.
A module rewritten here is written as source only (offset 0), which Office compiles
when it opens the file: the project's ``_VBA_PROJECT`` stream must then carry version
0xFFFF, as [MS-OVBA] 2.3.4.1 requires of a writer, which tells Office not to trust any
cache. xlwings' own templates are written that way (their ``xlwings`` module has no
compiled cache).
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

from .compound_file import Storage, read_compound_file, write_compound_file
from .compression import compress, decompress

__all__ = ["VbaProject", "VbaProjectError"]

# Record ids of the dir stream ([MS-OVBA] 2.3.4.2) that this module reads or rewrites.
_CODEPAGE, _PROJECT_NAME, _PROJECT_VERSION = 0x0003, 0x0004, 0x0009
_MODULE_NAME, _MODULE_NAME_UNICODE = 0x0019, 0x0047
_STREAM_NAME, _STREAM_NAME_UNICODE = 0x001A, 0x0032
_MODULE_OFFSET, _MODULE_END = 0x0031, 0x002B
#: The _VBA_PROJECT version a writer must write: no compiled cache to trust.
_NO_CACHE_VERSION = b"\xff\xff"


class VbaProjectError(ValueError):
    """The file is not a VBA project this module can rewrite."""


@dataclass
class _Record:
    id: int
    data: bytes


def _parse_dir(data: bytes) -> list[_Record]:
    records, pos = [], 0
    while pos < len(data):
        rid, size = struct.unpack_from("<HI", data, pos)
        pos += 6
        if rid == _PROJECT_VERSION:  # its size field says 4, but 6 bytes follow
            size = 6
        records.append(_Record(rid, data[pos:pos + size]))
        pos += size
    return records


def _dump_dir(records: list[_Record]) -> bytes:
    out = bytearray()
    for record in records:
        size = 4 if record.id == _PROJECT_VERSION else len(record.data)
        out += struct.pack("<HI", record.id, size) + record.data
    return bytes(out)


class VbaProject:
    """A ``vbaProject.bin``, read from bytes, changed, written with :meth:`to_bytes`."""

    def __init__(self, data: bytes) -> None:
        self.tree = read_compound_file(data)
        vba = self.tree.entries.get("VBA")
        if not isinstance(vba, Storage) or not isinstance(vba.entries.get("dir"), bytes):
            raise VbaProjectError("no VBA/dir stream")
        self._vba = vba
        self.records = _parse_dir(decompress(self._stream("dir")))
        (codepage,) = struct.unpack("<H", self._record(_CODEPAGE).data)
        self.encoding = f"cp{codepage}"

    def _stream(self, name: str) -> bytes:
        data = self._vba.entries[name]
        assert isinstance(data, bytes)
        return data

    def _record(self, rid: int) -> _Record:
        return next(r for r in self.records if r.id == rid)

    def _module_records(self, name: str) -> list[_Record]:
        for start, record in enumerate(self.records):
            if record.id == _MODULE_NAME and record.data.decode(self.encoding) == name:
                end = next(i for i in range(start, len(self.records))
                           if self.records[i].id == _MODULE_END)
                return self.records[start:end]
        raise VbaProjectError(f"no module {name}")

    @property
    def name(self) -> str:
        """The project's name (what the VBA editor shows, ``Tools > ... Properties``)."""
        return self._record(_PROJECT_NAME).data.decode(self.encoding)

    @property
    def module_names(self) -> list[str]:
        return [r.data.decode(self.encoding) for r in self.records if r.id == _MODULE_NAME]

    def source(self, module: str) -> str:
        """A module's source code, ``Attribute`` lines included, as Office stores it."""
        records = self._module_records(module)
        stream = next(r for r in records if r.id == _STREAM_NAME).data.decode(self.encoding)
        (offset,) = struct.unpack("<I", next(r for r in records if r.id == _MODULE_OFFSET)
                                  .data)
        return decompress(self._stream(stream)[offset:]).decode(self.encoding)

    def set_source(self, module: str, source: str) -> None:
        """Replace a module's source; its compiled cache is dropped."""
        records = self._module_records(module)
        stream = next(r for r in records if r.id == _STREAM_NAME).data.decode(self.encoding)
        self._vba.entries[stream] = compress(source.encode(self.encoding))
        next(r for r in records if r.id == _MODULE_OFFSET).data = struct.pack("<I", 0)
        header = self._stream("_VBA_PROJECT")
        self._vba.entries["_VBA_PROJECT"] = header[:2] + _NO_CACHE_VERSION + header[4:7]

    def rename(self, name: str) -> None:
        """Rename the project (the ``dir`` record and the PROJECT stream's ``Name``)."""
        old = self.name
        self._record(_PROJECT_NAME).data = name.encode(self.encoding)
        text = self._project_text()
        text = text.replace(f'Name="{old}"', f'Name="{name}"', 1)
        self.tree.entries["PROJECT"] = text.encode(self.encoding)

    def rename_module(self, old: str, new: str) -> None:
        """Rename a module and its stream; its source's ``VB_Name`` follows."""
        source = self.source(old)
        records = self._module_records(old)
        values = {_MODULE_NAME: new.encode(self.encoding),
                  _STREAM_NAME: new.encode(self.encoding),
                  _MODULE_NAME_UNICODE: new.encode("utf-16-le"),
                  _STREAM_NAME_UNICODE: new.encode("utf-16-le")}
        for record in records:
            record.data = values.get(record.id, record.data)
        self._vba.entries[new] = self._vba.entries.pop(old)
        self.set_source(new, re.sub(r'(?m)^Attribute VB_Name = "[^"\r\n]*"',
                                    f'Attribute VB_Name = "{new}"', source, count=1))
        lines = []
        for line in self._project_text().split("\r\n"):
            key, sep, value = line.partition("=")
            if sep and (value == old or key == old):
                line = f"{key}={new}" if value == old else f"{new}={value}"
            lines.append(line)
        self.tree.entries["PROJECT"] = "\r\n".join(lines).encode(self.encoding)
        self.tree.entries["PROJECTwm"] = self._name_map()

    def _project_text(self) -> str:
        data = self.tree.entries["PROJECT"]
        assert isinstance(data, bytes)
        return data.decode(self.encoding)

    def _name_map(self) -> bytes:
        """The PROJECTwm stream: each module's name, in the code page then in UTF-16."""
        out = bytearray()
        for name in self.module_names:
            out += name.encode(self.encoding) + b"\x00" + name.encode("utf-16-le") + b"\x00\x00"
        return bytes(out + b"\x00\x00")

    def to_bytes(self) -> bytes:
        self._vba.entries["dir"] = compress(_dump_dir(self.records))
        return write_compound_file(self.tree)
