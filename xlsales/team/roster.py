"""The team a manager distributes to: who gets a workbook, under which file name.

The team file (CSV or XLSX, read as the CRM extracts are) has a row per advisor: their
name (``conseiller``, or ``nom`` and ``prenom``), their agency, optionally an e-mail and
their share of the agency's objectives (``part``: 25 %, 0,25 or 25). Distributing
``--by agence`` makes one recipient per agency, its advisors together.

Each recipient gets a key safe in a file name on every system (``dupont-marie``):
no accents, lower case, letters, digits and dashes. A blank name, the same name twice
or two names that give the same key are refused, each with its row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import normalise_label
from ..dashboard.columns import Column, Kind, Schema, match_headers
from ..dashboard.extract import RawTable, read_extract
from ..errors import InputError, Location, Problem
from ..i18n import text

__all__ = ["TEAM", "BY", "Recipient", "safe_key", "read_team", "team_message"]

TEAM = Schema(
    "team",
    (
        Column("conseiller", Kind.TEXT, False, ("advisor", "name", "nom_complet",
                                                "commercial")),
        Column("nom", Kind.TEXT, False, ("last_name", "surname", "family_name")),
        Column("prenom", Kind.TEXT, False, ("first_name", "given_name")),
        Column("agence", Kind.TEXT, False, ("agency", "region", "branch")),
        Column("email", Kind.TEXT, False, ("mail", "courriel", "e_mail")),
        Column("part", Kind.TEXT, False, ("share", "poids", "weight")),
    ),
    one_of=(("conseiller", "nom"),),
)
#: How recipients are made: one per advisor, or one per agency.
BY = ("conseiller", "agence")
_MAX_KEY = 60


def team_message(message_key: str, lang: str, **values: Any) -> str:
    """A message of the team commands in ``lang``."""
    return text(f"team.message.{message_key}", lang).format(**values)


@dataclass(frozen=True)
class Recipient:
    """Who gets one workbook: their name as shown, their key (for file names), their
    agency, the advisors the workbook covers, their share of the objectives (``None``:
    an equal share) and e-mail."""

    name: str
    key: str
    agency: str
    advisors: tuple[str, ...]
    share: float | None = None
    email: str = ""


def safe_key(name: str) -> str:
    """A name as a file-name-safe key.

    >>> safe_key("Dupont Marie"), safe_key("  Émilie  O'Brien-Lefèvre "), safe_key("???")
    ('dupont-marie', 'emilie-o-brien-lefevre', '')
    """
    folded = normalise_label(name)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:_MAX_KEY].strip("-")


def _share(value: str) -> float | None:
    """A share as written (``25 %``, ``0,25``, ``25``) as a fraction; ValueError if
    not a share.

    >>> _share("25 %"), _share("0,25"), _share("25"), _share("")
    (0.25, 0.25, 0.25, None)
    """
    text_value = value.strip().replace("\u00a0", "").replace(" ", "")
    if not text_value:
        return None
    percent = text_value.endswith("%")
    number = float(text_value.rstrip("%").replace(",", "."))
    if percent or number > 1:
        number /= 100
    if not 0 <= number <= 1:
        raise ValueError(value)
    return number


def _cell(raw: RawTable, found: dict[str, int], key: str, index: int) -> str:
    if key not in found:
        return ""
    value = raw.columns[found[key]][index]
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


@dataclass
class _Row:
    line: int
    name: str
    key_source: str
    agency: str
    email: str
    share: float | None


def _rows(raw: RawTable, found: dict[str, int], lang: str,
          problems: list[Problem]) -> list[_Row]:
    rows = []
    name_column = "conseiller" if "conseiller" in found else "nom"
    for index, line in enumerate(raw.rows.tolist()):
        where = raw.where(int(line), found[name_column])
        if name_column == "conseiller":
            name = key_source = _cell(raw, found, "conseiller", index)
        else:
            last, first = (_cell(raw, found, k, index) for k in ("nom", "prenom"))
            name = f"{first} {last}".strip()
            key_source = f"{last} {first}".strip()
        share_text = _cell(raw, found, "part", index)
        try:
            share = _share(share_text)
        except ValueError:
            problems.append(Problem(raw.where(int(line), found["part"]),
                                    team_message("bad_share", lang), share_text))
            share = None
        if not name:
            problems.append(Problem(where, team_message("empty_name", lang)))
            continue
        rows.append(_Row(int(line), name, key_source, _cell(raw, found, "agence", index),
                         _cell(raw, found, "email", index), share))
    return rows


def _check_unique(items: list[tuple[str, str, Location]], lang: str,
                  problems: list[Problem]) -> None:
    """Two recipients with the same name, or with names giving the same file key."""
    seen_name: dict[str, Location] = {}
    seen_key: dict[str, tuple[str, Location]] = {}
    for name, key, where in items:
        folded = normalise_label(name)
        if folded in seen_name:
            problems.append(Problem(where, team_message(
                "duplicate_name", lang, name=name, other=seen_name[folded].row), name))
            continue
        seen_name[folded] = where
        if not key:
            problems.append(Problem(where, team_message("unsafe_name", lang), name))
        elif key in seen_key:
            other, other_where = seen_key[key]
            problems.append(Problem(where, team_message(
                "key_clash", lang, name=name, other=other, key=key, row=other_where.row),
                name))
        else:
            seen_key[key] = (name, where)


def _by_agency(rows: list[_Row], raw: RawTable, found: dict[str, int], lang: str,
               problems: list[Problem]) -> list[Recipient]:
    if "agence" not in found:
        problems.append(Problem(Location(file=raw.file), team_message("no_agency_column", lang)))
        return []
    groups: dict[str, list[_Row]] = {}
    for row in rows:
        if not row.agency:
            problems.append(Problem(raw.where(row.line, found["agence"]),
                                    team_message("empty_agency", lang), row.name))
            continue
        groups.setdefault(" ".join(row.agency.split()), []).append(row)
    items = [(agency, safe_key(agency), raw.where(members[0].line, found["agence"]))
             for agency, members in groups.items()]
    _check_unique(items, lang, problems)
    out = []
    for agency, members in groups.items():
        shares = [m.share for m in members]
        share = sum(s for s in shares if s is not None) if any(
            s is not None for s in shares) else None
        out.append(Recipient(agency, safe_key(agency), agency, tuple(m.name for m in members),
                             share, ", ".join(m.email for m in members if m.email)))
    return out


def read_team(path: Path | str, by: str = "conseiller", lang: str = "fr") -> list[Recipient]:
    """The recipients of a distribution, in the order of the team file; raise
    :class:`InputError` with every problem (each with its row) when the file is not
    usable. Nothing is written before this has passed."""
    path = Path(path)
    raw = read_extract(path, TEAM, lang)
    found, ambiguous = match_headers(TEAM, raw.header)
    problems: list[Problem] = []
    if ambiguous:
        problems.append(Problem(Location(file=raw.file), team_message(
            "ambiguous", lang, headers=", ".join(ambiguous))))
    if "conseiller" not in found and "nom" not in found:
        raise InputError([Problem(Location(file=raw.file, sheet=raw.sheet),
                                  team_message("no_name_column", lang))], lang)
    rows = _rows(raw, found, lang, problems)
    if not rows and not problems:
        problems.append(Problem(Location(file=raw.file), team_message("empty_team", lang)))
    if by == "agence":
        recipients = _by_agency(rows, raw, found, lang, problems)
    else:
        name_col = found["conseiller" if "conseiller" in found else "nom"]
        _check_unique([(r.name, safe_key(r.key_source), raw.where(r.line, name_col))
                       for r in rows], lang, problems)
        recipients = [Recipient(r.name, safe_key(r.key_source), r.agency, (r.name,), r.share,
                                r.email) for r in rows]
    if problems:
        raise InputError(problems, lang)
    return recipients
