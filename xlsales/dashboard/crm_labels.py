"""The CRM's own words: a table on the Paramètres sheet maps them to xlsales's.

A CRM writes "Gagné", "Signé", "Sans suite" where the dashboard expects *client* or
*perdu*, "Pro" or "Entreprise" for a target, its own names for channels. The
``Correspondances`` table (CRM label, field, value) translates them before the extract
is checked, so that an extract is read as the CRM wrote it. Labels still unknown are
reported once each, with how many rows carry them and a suggestion
(:func:`unknown_label_problem`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from ..core import normalise_label
from ..errors import Problem, WorkbookFormatError
from ..i18n import LANGS, section, text
from .columns import LEADS, match_headers
from .extract import RawTable
from .layout import MAPPING_TABLE
from .parsing import is_blank, parse_statuses, parse_targets

__all__ = ["FIELDS", "LabelMap", "read_label_map", "suggest",
           "default_rows", "field_words", "unknown_label_problem"]

#: Field → the leads column it rewrites.
FIELDS = {"status": "statut", "target": "cible", "channel": "canal"}

#: Words CRMs commonly use, and the status or target they usually mean: suggestions
#: only, never applied without the manager writing them in the table.
_USUAL = {
    "status": {
        "gagne": "client", "signe": "client", "souscrit": "client", "converti": "client",
        "vendu": "client", "closed won": "client", "accepte": "client",
        "abandonne": "perdu", "sans suite": "perdu", "refuse": "perdu", "refus": "perdu",
        "closed lost": "perdu", "annule": "perdu", "perte": "perdu",
        "nouveau": "recensé", "new": "recensé", "a qualifier": "recensé", "lead": "recensé",
        "en cours": "contacté", "appele": "contacté", "rappel": "contacté",
        "rdv": "engagé", "rendez vous": "engagé", "proposition": "engagé", "devis": "engagé",
        "negociation": "engagé", "offre": "engagé",
    },
    "target": {
        "entreprise": "professionnel", "societe": "professionnel", "tns": "professionnel",
        "artisan": "professionnel", "commercant": "professionnel",
        "particulier": "particulier", "menage": "particulier", "famille": "particulier",
        "prive": "particulier", "retail": "particulier",
    },
}
_CANONICAL = {
    "status": ("recensé", "qualifié", "contacté", "engagé", "client", "perdu"),
    "target": ("particulier", "professionnel"),
}


def field_words(lang: str) -> dict[str, str]:
    """The field names a manager writes in the table (``statut``, ``cible``, ``canal``).

    >>> field_words("en")["status"]
    'status'
    """
    words: dict[str, str] = section("dashboard.mapping.fields", lang)
    return words


def _field(value: Any) -> str | None:
    folded = normalise_label(str(value))
    for lang in LANGS:
        for key, word in field_words(lang).items():
            if normalise_label(word) == folded:
                return key
    return None


def _value(key: str, value: Any) -> str | None:
    """The xlsales value a mapping row gives (None when unreadable)."""
    if key == "status":
        parsed, bad = parse_statuses([value])
    elif key == "target":
        parsed, bad = parse_targets([value])
    else:
        return str(value).strip() or None
    return None if bad[0] or parsed[0] is None else str(parsed[0])


def suggest(key: str, label: str) -> str | None:
    """What an unknown CRM label probably means, for the message (never applied).

    >>> suggest("status", "Gagné"), suggest("status", "Qualifie!"), suggest("status", "xyz")
    ('client', 'qualifié', None)
    """
    folded = normalise_label(label)
    usual = _USUAL.get(key, {})
    if folded in usual:
        return usual[folded]
    candidates = {normalise_label(c): c for c in _CANONICAL.get(key, ())}
    candidates.update({word: value for word, value in usual.items()})
    close = difflib.get_close_matches(folded, list(candidates), n=1, cutoff=0.75)
    return candidates[close[0]] if close else None


@dataclass(frozen=True)
class LabelMap:
    """CRM label → xlsales value, per field (labels folded: case and accents ignored)."""

    entries: dict[str, dict[str, str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(self.entries.values())

    def apply(self, raw: RawTable) -> RawTable:
        """The leads extract with its CRM labels replaced (the others as they were).

        >>> raw = RawTable("x.csv", "", ["statut"], [np.array(["Gagné", "perdu"], object)],
        ...                np.array([2, 3]), 1)
        >>> LabelMap({"status": {"gagne": "client"}}).apply(raw).columns[0].tolist()
        ['client', 'perdu']
        """
        if not self or raw is None:
            return raw
        found, _ = match_headers(LEADS, raw.header)
        columns = list(raw.columns)
        for key, words in self.entries.items():
            position = found.get(FIELDS[key])
            if position is None or not words:
                continue
            codes, uniques = pd.factorize(pd.Series(columns[position], dtype=object),
                                          use_na_sentinel=True)
            mapped = [words.get(normalise_label(str(u)), u) for u in uniques.tolist()]
            table = np.array([*mapped, None], dtype=object)
            columns[position] = table[codes]
        return replace(raw, columns=columns)


def read_label_map(read_table: Callable[[str], RawTable], lang: str
                   ) -> tuple[LabelMap, list[Problem]]:
    """The mapping table of a dashboard, and its unreadable rows (fatal problems). A
    dashboard made before the table existed maps nothing."""
    try:
        raw = read_table(MAPPING_TABLE)
    except (WorkbookFormatError, KeyError):
        return LabelMap(), []
    entries: dict[str, dict[str, str]] = {key: {} for key in FIELDS}
    problems: list[Problem] = []
    if len(raw.columns) < 3:
        return LabelMap(), []
    labels, fields, values = raw.columns[:3]
    for i in range(len(raw)):
        if is_blank(labels[i]) and is_blank(fields[i]) and is_blank(values[i]):
            continue
        key = _field(fields[i]) if not is_blank(fields[i]) else None
        where = raw.where(int(raw.rows[i]), 1 if key is None else 2)
        if key is None:
            problems.append(Problem(where, text("dashboard.problem.mapping_field", lang).format(
                fields=", ".join(field_words(lang).values())), fields[i]))
            continue
        value = _value(key, values[i]) if not is_blank(values[i]) else None
        if value is None or is_blank(labels[i]):
            problems.append(Problem(where, text("dashboard.problem.mapping_value", lang),
                                    values[i]))
            continue
        entries[key][normalise_label(str(labels[i]))] = value
    return LabelMap(entries), problems


def default_rows(lang: str) -> list[tuple[str, str, str]]:
    """The rows a new dashboard's table starts with: words CRMs often use for a won or
    lost opportunity."""
    status = field_words(lang)["status"]
    return [(crm, status, _shown_value("status", value, lang)) for crm, value in (
        ("Gagné", "client"), ("Signé", "client"), ("Abandonné", "perdu"),
        ("Sans suite", "perdu"))]


def unknown_label_problem(key: str, label: Any, count: int, first_row: int, lang: str
                          ) -> str:
    """One line for a label the extract uses on ``count`` rows and nobody mapped.

    >>> line = unknown_label_problem("status", "Gagné", 1053, 2, "en")
    >>> line.startswith("unknown status (expected"), line.split(": ", 1)[1][:40]
    (True, "'Gagné' on 1,053 row(s) (first: row 2); ")
    >>> line[-20:]
    " (perhaps 'client'?)"
    """
    words = section("dashboard.mapping", lang)
    shown = f"{count:,}".replace(",", "\u202f" if lang == "fr" else ",")
    expected = text(f"dashboard.problem.unknown_{key}", lang)
    line = words["unknown"].format(expected=expected, label=label, count=shown,
                                   row=first_row, table=MAPPING_TABLE)
    guess = suggest(key, str(label))
    if guess is not None:
        line += words["suggestion"].format(value=_shown_value(key, guess, lang))
    return line


def _shown_value(key: str, value: str, lang: str) -> str:
    if key == "status":
        shown: str = section("pipeline.statuses", lang)[value]
        return shown
    if key == "target":
        return text(f"dashboard.mapping.targets.{value}", lang)
    return value
