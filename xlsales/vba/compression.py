"""[MS-OVBA] 2.4.1: the compression of VBA source code and of the ``dir`` stream.

A compressed container is a signature byte (1) followed by chunks, each holding up to
4096 bytes of data: a 2-byte header (size, signature 0b011, compressed flag), then
flag bytes each introducing 8 tokens, a token being a literal byte or a copy of
earlier bytes of the chunk (offset and length packed in 16 bits, the split depending
on how far into the chunk it is).
"""

from __future__ import annotations

import struct

__all__ = ["compress", "decompress", "CompressionError"]

_CHUNK = 4096


class CompressionError(ValueError):
    """The data is not a compressed container."""


def _bit_count(position: int) -> int:
    """Bits of a copy token given to the offset, at ``position`` into its chunk."""
    return max((position - 1).bit_length(), 4)


def _decompress_chunk(chunk: bytes) -> bytes:
    out = bytearray()
    pos = 0
    while pos < len(chunk):
        flags = chunk[pos]
        pos += 1
        for bit in range(8):
            if pos >= len(chunk):
                break
            if not flags & (1 << bit):
                out.append(chunk[pos])
                pos += 1
                continue
            (token,) = struct.unpack_from("<H", chunk, pos)
            pos += 2
            offset_bits = _bit_count(len(out))
            length = (token & (0xFFFF >> offset_bits)) + 3
            offset = (token >> (16 - offset_bits)) + 1
            if offset > len(out):
                raise CompressionError("copy token before the start of the chunk")
            for _ in range(length):
                out.append(out[-offset])
    return bytes(out)


def decompress(data: bytes) -> bytes:
    """The bytes of a compressed container.

    >>> decompress(compress(b"abcabcabcabc"))
    b'abcabcabcabc'
    """
    if not data or data[0] != 1:
        raise CompressionError("a compressed container starts with byte 1")
    out = bytearray()
    pos = 1
    while pos + 2 <= len(data):
        (header,) = struct.unpack_from("<H", data, pos)
        size = (header & 0x0FFF) + 3
        body = data[pos + 2:pos + size]
        if header & 0x8000:
            out += _decompress_chunk(body)
        else:
            out += body[:_CHUNK]
        pos += size
    return bytes(out)


def _longest_match(data: bytes, seen: dict[bytes, list[int]], start: int, pos: int,
                   end: int) -> tuple[int, int]:
    """(offset, length) of the longest earlier copy of ``data[pos:]`` in its chunk;
    ``seen`` lists the chunk's earlier positions by their first three bytes."""
    offset_bits = _bit_count(pos - start)
    max_length = min((0xFFFF >> offset_bits) + 3, end - pos)
    best_length, best_offset = 0, 0
    for candidate in reversed(seen.get(data[pos:pos + 3], ())):
        length = 3
        while length < max_length and data[candidate + length] == data[pos + length]:
            length += 1
        if length > best_length:
            best_length, best_offset = length, pos - candidate
            if length == max_length:
                break
    return best_offset, min(best_length, max_length)


def _compress_chunk(data: bytes, start: int, end: int) -> bytes:
    out = bytearray()
    seen: dict[bytes, list[int]] = {}
    pos = start
    while pos < end:
        flags, tokens = 0, bytearray()
        for bit in range(8):
            if pos >= end:
                break
            offset, length = _longest_match(data, seen, start, pos, end)
            step = length if length >= 3 else 1
            for done in range(pos, pos + step):
                seen.setdefault(data[done:done + 3], []).append(done)
            if length >= 3:
                offset_bits = _bit_count(pos - start)
                token = ((offset - 1) << (16 - offset_bits)) | (length - 3)
                tokens += struct.pack("<H", token)
                flags |= 1 << bit
                pos += length
            else:
                tokens.append(data[pos])
                pos += 1
        out.append(flags)
        out += tokens
    if len(out) > _CHUNK:
        # Incompressible: the chunk is stored raw (always 4096 bytes, padded).
        raw = data[start:end].ljust(_CHUNK, b"\x00")
        return struct.pack("<H", 0x3000 | (_CHUNK - 1)) + raw
    return struct.pack("<H", 0xB000 | (len(out) - 1)) + bytes(out)


def compress(data: bytes) -> bytes:
    """A compressed container holding ``data`` (what Office writes for source code).

    ``#`` then fifteen ``a``: one flag byte, two literals, one copy token (offset 1,
    length 14):

    >>> compress(b"#" + b"a" * 15)
    b'\\x01\\x04\\xb0\\x04#a\\x0b\\x00'
    """
    out = bytearray(b"\x01")
    for start in range(0, len(data), _CHUNK):
        out += _compress_chunk(data, start, min(start + _CHUNK, len(data)))
    return bytes(out)
