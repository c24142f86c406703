"""Compare two .xlsx packages part by part, as XlsxWriter's own tests do.

What varies between two generations of the same workbook (creation and modification
dates, the calculation-engine id) is normalised away, and cached numbers are compared at
15 significant digits, the precision a spreadsheet shows and compares at: numpy and pandas
releases may sum in another order and move the 17th digit. What remains must be identical.
A difference is reported as a readable diff of the first part that differs, its XML
split one element per line.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from pathlib import Path

__all__ = ["parts", "normalise", "diff_packages"]

_VARYING = [
    (re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>"), rb"<dcterms:\1/>"),
    (re.compile(rb'<calcPr[^>]*/>'), rb"<calcPr/>"),
    (re.compile(rb"<AppVersion>[^<]*</AppVersion>"), rb"<AppVersion/>"),
]


def parts(path: Path) -> dict[str, bytes]:
    """Every part of the package, by name."""
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


_NUMBER = re.compile(rb"<v>(-?[0-9]+\.[0-9]{12,}(?:[eE][-+]?[0-9]+)?)</v>")


def _fifteen_digits(match: re.Match[bytes]) -> bytes:
    return b"<v>%s</v>" % f"{float(match.group(1)):.15g}".encode()


def normalise(name: str, data: bytes) -> bytes:
    """The part with what varies between runs normalised.

    >>> normalise("x.xml", b"<v>0.4948698247478229</v><v>12</v>")
    b'<v>0.494869824747823</v><v>12</v>'
    """
    if not name.endswith((".xml", ".rels")):
        return data
    for pattern, replacement in _VARYING:
        data = pattern.sub(replacement, data)
    return _NUMBER.sub(_fifteen_digits, data)


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8", "replace").replace("><", ">\n<").splitlines()


def diff_packages(got: Path, expected: Path, context: int = 3, limit: int = 60) -> str:
    """An empty string when the packages match, else a readable description."""
    mine, theirs = parts(got), parts(expected)
    if sorted(mine) != sorted(theirs):
        return (f"parts differ: only in {got.name}: {sorted(set(mine) - set(theirs))}; "
                f"only in {expected.name}: {sorted(set(theirs) - set(mine))}")
    for name in sorted(mine):
        a, b = normalise(name, mine[name]), normalise(name, theirs[name])
        if a == b:
            continue
        if not name.endswith((".xml", ".rels")):
            return f"{name}: binary part differs ({len(a)} vs {len(b)} bytes)"
        diff = difflib.unified_diff(_lines(b), _lines(a), f"expected/{name}", f"got/{name}",
                                    n=context, lineterm="")
        return "\n".join(list(diff)[:limit])
    return ""
