"""[MS-CFB]: the compound file (OLE) that holds a VBA project, read and written.

Read through ``olefile``; written here, since olefile only overwrites streams in place.
The writer makes a version 3 file (512-byte sectors): the data of each stream of 4096
bytes or more in sectors of its own, the smaller ones in the mini stream (64-byte
mini sectors), then the mini FAT, the directory and the FAT, whose sectors the header
lists (up to 109 of them: files up to 6.8 MB, far more than a VBA project needs).
Every directory entry is black, each storage's children a balanced binary tree in the
order [MS-CFB] 2.6.4 defines (shorter names first, then by upper-case name): a plain
binary tree, which the specification allows as a red-black tree with no red node.
Timestamps are left at zero, so the same tree always gives the same bytes.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

import olefile

__all__ = ["Storage", "read_compound_file", "write_compound_file"]

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


@dataclass
class Storage:
    """A storage: streams (bytes) and storages by name, and its class id."""

    entries: dict[str, bytes | Storage] = field(default_factory=dict)
    clsid: bytes = bytes(16)


def read_compound_file(data: bytes) -> Storage:
    """The whole tree of a compound file."""
    root = Storage()
    with olefile.OleFileIO(data) as ole:
        root.clsid = _clsid(ole.root.clsid)
        for path in ole.listdir(streams=True, storages=True):
            parent = root
            for name in path[:-1]:
                child = parent.entries[name]
                assert isinstance(child, Storage)
                parent = child
            if ole.get_type(path) == olefile.STGTY_STORAGE:
                parent.entries[path[-1]] = Storage(clsid=_clsid(ole.getclsid(path)))
            else:
                parent.entries[path[-1]] = ole.openstream(path).read()
    return root


def _clsid(text: str) -> bytes:
    import uuid

    return uuid.UUID(text).bytes_le if text else bytes(16)


def _order(name: str) -> tuple[int, str]:
    return len(name), name.upper()


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    clsid: bytes = bytes(16)
    data: bytes = b""
    children: list[int] = field(default_factory=list)
    left: int = NO_STREAM
    right: int = NO_STREAM
    child: int = NO_STREAM
    start: int = END


def _flatten(storage: Storage, entries: list[_Entry], index: int) -> None:
    for name in sorted(storage.entries, key=_order):
        item = storage.entries[name]
        entries.append(_Entry(name, 1 if isinstance(item, Storage) else 2))
        entries[index].children.append(len(entries) - 1)
        if isinstance(item, Storage):
            entries[-1].clsid = item.clsid
            _flatten(item, entries, len(entries) - 1)
        else:
            entries[-1].data = item


def _tree(entries: list[_Entry], ids: list[int]) -> int:
    """Link ``ids`` (sorted) as a balanced binary tree; return its root."""
    if not ids:
        return NO_STREAM
    middle = len(ids) // 2
    root = ids[middle]
    entries[root].left = _tree(entries, ids[:middle])
    entries[root].right = _tree(entries, ids[middle + 1:])
    return root


def _directory_entry(entry: _Entry) -> bytes:
    name = entry.name.encode("utf-16-le")
    if len(name) > 62:
        raise ValueError(f"name longer than 31 characters: {entry.name}")
    return struct.pack(
        "<64sHBBIII16sIQQIQ", name, len(name) + 2, entry.kind, 1, entry.left,
        entry.right, entry.child, entry.clsid, 0, 0, 0, entry.start,
        len(entry.data))


_EMPTY_ENTRY = struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NO_STREAM, NO_STREAM,
                           NO_STREAM, bytes(16), 0, 0, 0, 0, 0)


def _chain(fat: list[int], start: int, count: int) -> None:
    for i in range(count):
        fat.append(start + i + 1 if i < count - 1 else END)


def _sectors(data: bytes, size: int) -> int:
    return -(-len(data) // size)


def _pad(data: bytes, size: int) -> bytes:
    return data + bytes(-len(data) % size)


def write_compound_file(root: Storage) -> bytes:
    """The bytes of a compound file holding ``root``'s tree."""
    entries = [_Entry("Root Entry", 5, root.clsid)]
    _flatten(root, entries, 0)
    for entry in entries:
        entry.child = _tree(entries, entry.children)

    mini, body = bytearray(), bytearray()
    minifat: list[int] = []
    fat: list[int] = []
    for entry in entries[1:]:
        if entry.kind != 2 or not entry.data:
            continue
        if len(entry.data) < MINI_CUTOFF:
            entry.start = len(mini) // MINI_SECTOR
            _chain(minifat, entry.start, _sectors(entry.data, MINI_SECTOR))
            mini += _pad(entry.data, MINI_SECTOR)
        else:
            entry.start = len(fat)
            _chain(fat, entry.start, _sectors(entry.data, SECTOR))
            body += _pad(entry.data, SECTOR)
    if mini:
        entries[0].start = len(fat)
        entries[0].data = bytes(mini)
        _chain(fat, len(fat), _sectors(bytes(mini), SECTOR))
        body += _pad(bytes(mini), SECTOR)
    minifat_start = len(fat) if minifat else END
    minifat += [FREE] * (-len(minifat) % (SECTOR // 4))
    minifat_bytes = struct.pack(f"<{len(minifat)}I", *minifat)
    _chain(fat, len(fat), len(minifat_bytes) // SECTOR)
    body += minifat_bytes

    directory = b"".join(_directory_entry(e) for e in entries)
    directory += _EMPTY_ENTRY * (-len(entries) % (SECTOR // 128))
    directory_start = len(fat)
    _chain(fat, directory_start, len(directory) // SECTOR)
    body += directory

    fat_count = 1
    while (len(fat) + fat_count) > fat_count * (SECTOR // 4):
        fat_count += 1
    if fat_count > 109:
        raise ValueError("compound file too large for a header-only DIFAT")
    fat_start = len(fat)
    fat += [FAT_SECTOR] * fat_count
    fat += [FREE] * (fat_count * (SECTOR // 4) - len(fat))
    difat = list(range(fat_start, fat_start + fat_count)) + [FREE] * (109 - fat_count)

    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I", _SIGNATURE, bytes(16), 0x3E, 3, 0xFFFE, 9, 6,
        bytes(6), 0, fat_count, directory_start, 0, MINI_CUTOFF, minifat_start,
        len(minifat_bytes) // SECTOR, END, 0, *difat)
    return header + bytes(body) + struct.pack(f"<{len(fat)}I", *fat)
