"""The manifest of a distribution: who got which workbook (a CSV beside them).

French CSV conventions (``;``, UTF-8 with a byte-order mark), so that it opens as a
table in Excel; ``xlsales collect`` reads it back to know who is expected.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from ..errors import InputError, Location, Problem
from ..ooxml.save import atomic_path
from .roster import team_message

__all__ = ["MANIFEST", "Entry", "write_manifest", "read_manifest"]

#: The manifest's file name in the distribution folder.
MANIFEST = "manifest.csv"


@dataclass(frozen=True)
class Entry:
    """One workbook sent: its file, recipient and identification."""

    fichier: str
    destinataire: str
    cle: str
    agence: str
    conseillers: str
    email: str
    type: str
    version: str
    periode: str
    distribution: str
    langue: str
    empreinte: str


_HEADER = [f.name for f in fields(Entry)]


def write_manifest(path: Path, entries: list[Entry]) -> None:
    """Write the manifest atomically."""
    out = io.StringIO()
    writer = csv.DictWriter(out, _HEADER, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for entry in entries:
        writer.writerow(asdict(entry))
    with atomic_path(path) as tmp:
        tmp.write_text(out.getvalue(), encoding="utf-8-sig")


def read_manifest(path: Path, lang: str = "fr") -> list[Entry]:
    """The entries of a manifest; :class:`InputError` when it is missing or not one."""
    if not path.is_file():
        raise InputError([Problem(Location(file=str(path)),
                                  team_message("no_manifest", lang))], lang)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError([Problem(Location(file=path.name),
                                  team_message("bad_manifest", lang, error=error))],
                         lang) from None
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    if not rows or set(_HEADER) - set(rows[0]):
        raise InputError([Problem(Location(file=path.name), team_message(
            "bad_manifest", lang, error=", ".join(_HEADER)))], lang)
    entries = [Entry(**{k: (row.get(k) or "") for k in _HEADER}) for row in rows]
    if len({e.distribution for e in entries}) != 1:
        raise InputError([Problem(Location(file=path.name), team_message(
            "bad_manifest", lang, error="distribution"))], lang)
    return entries
