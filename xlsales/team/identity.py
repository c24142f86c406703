"""The identification every distributed workbook carries, and how it is read back.

A very hidden, protected sheet (``xlsales``) holds what the workbook is (its kind and
template version), for whom (the recipient and their file-safe key), for which period,
from which distribution, in which language, and the map of its formulas (compressed,
see :mod:`.formulas`) with its fingerprint. Each value has a workbook-level name
(``xlsales_type``...), so a returned workbook is recognised by its names whichever
program saved it last.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..dashboard.workbook_file import WorkbookFile
from ..ooxml.hidden_sheet import add_hidden_sheet
from ..ooxml.parts import read_package
from .formulas import FormulaMap, digest, formula_map, pack, unpack

__all__ = ["SHEET", "NAMES", "Identity", "stamp", "read_identity", "is_identified"]

#: The identification sheet's name (the same in every language).
SHEET = "xlsales"
#: Field → defined name.
NAMES = {
    "kind": "xlsales_type",
    "version": "xlsales_version",
    "recipient": "xlsales_destinataire",
    "key": "xlsales_cle",
    "period": "xlsales_periode",
    "distribution": "xlsales_distribution",
    "lang": "xlsales_langue",
    "fingerprint": "xlsales_empreinte",
    "chunks": "xlsales_formules_nb",
}
_CHUNK = "xlsales_formules_{}"
#: A cell holds at most 32 767 characters.
_CHUNK_SIZE = 30_000
_LABELS = {
    "kind": "type", "version": "version du modèle", "recipient": "destinataire",
    "key": "clé", "period": "période", "distribution": "distribution", "lang": "langue",
    "fingerprint": "empreinte des formules", "chunks": "formules (parties)",
}


@dataclass(frozen=True)
class Identity:
    """What a distributed workbook is and for whom."""

    kind: str
    version: str
    recipient: str
    key: str
    period: str
    distribution: str
    lang: str
    fingerprint: str = ""


def stamp(path: Path | str, identity: Identity, target: Path | str | None = None) -> str:
    """Write ``identity`` and the map of the workbook's formulas into the workbook at
    ``path`` (just generated), saved atomically as ``target`` (by default ``path``);
    return the formulas' fingerprint."""
    with zipfile.ZipFile(path) as archive:
        formulas = formula_map(archive, read_package(archive))
    fingerprint = digest(formulas)
    packed = pack(formulas)
    chunks = [packed[i:i + _CHUNK_SIZE] for i in range(0, len(packed), _CHUNK_SIZE)] or [""]
    values = {**identity.__dict__, "fingerprint": fingerprint, "chunks": len(chunks)}
    rows: list[tuple[str, str | float]] = [(_LABELS[field], values[field]) for field in NAMES]
    names = {name: _LABELS[field] for field, name in NAMES.items()}
    for index, chunk in enumerate(chunks, start=1):
        label = f"formules {index}"
        rows.append((label, chunk))
        names[_CHUNK.format(index)] = label
    add_hidden_sheet(path, SHEET, rows, names, target)
    return fingerprint


def is_identified(book: WorkbookFile) -> bool:
    """Whether the workbook carries an identification (its names)."""
    return all(name in book.package.names for name in NAMES.values())


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def read_identity(book: WorkbookFile) -> tuple[Identity, FormulaMap]:
    """The identification of a workbook and the map of the formulas it was sent with.

    Raises ``KeyError`` when a name is missing and ``ValueError`` when the formula map
    is unreadable."""
    values = book.named_values(list(NAMES.values()))
    fields = {field: _text(values.get(name)) for field, name in NAMES.items()}
    count = int(float(fields.pop("chunks") or 0))
    chunk_names = [_CHUNK.format(i) for i in range(1, count + 1)]
    missing = [name for name in chunk_names if name not in book.package.names]
    if missing or count < 1:
        raise KeyError(missing[0] if missing else NAMES["chunks"])
    chunks = book.named_values(chunk_names)
    packed = "".join(_text(chunks.get(name)) for name in chunk_names)
    formulas = unpack(packed)
    if digest(formulas) != fields["fingerprint"]:
        raise ValueError("formula map does not match its fingerprint")
    return Identity(**fields), formulas
