"""The three inputs of a dashboard (leads, objectives, advisors) and their columns.

Each column has a canonical French name (the header the workbook's data tables carry
in French), an English header (in English workbooks) and aliases. A header in a file
matches a column whatever its case, accents and spacing: ``Date création``,
``DATE_CREATION`` and ``datecreation`` are all ``date_creation``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from ..core import normalise_label

__all__ = [
    "Kind",
    "Column",
    "Schema",
    "LEADS",
    "OBJECTIVES",
    "ADVISORS",
    "SCHEMAS",
    "header_key",
    "match_headers",
]


class Kind(StrEnum):
    """How a column's cells are read."""

    TEXT = "text"
    DATE = "date"
    MONTH = "month"
    AMOUNT = "amount"  # a number >= 0 (premium, objective)
    COUNT = "count"  # a whole number >= 0
    STATUS = "status"  # a seed 004 status
    TARGET = "target"  # particulier / professionnel


@dataclass(frozen=True)
class Column:
    """One column of an input: canonical name, kind, whether it must be present, the
    headers it is also known by (the English header first), and whether each row must
    fill it (by default, when the column is required; a premium is blank until signed).
    """

    key: str
    kind: Kind
    required: bool
    aliases: tuple[str, ...] = ()
    needs_value: bool | None = None

    @property
    def mandatory(self) -> bool:
        """Whether a blank cell in this column is a problem."""
        return self.required if self.needs_value is None else self.needs_value

    @property
    def english(self) -> str:
        """The header of this column in an English workbook."""
        return self.aliases[0] if self.aliases else self.key

    def header(self, lang: str) -> str:
        """The header of this column in a workbook of language ``lang``."""
        return self.key if lang == "fr" else self.english


@dataclass(frozen=True)
class Schema:
    """An input table: its name, its columns, and the groups of columns of which at
    least one must be present (objectives are per advisor or per agency)."""

    name: str
    columns: tuple[Column, ...]
    one_of: tuple[tuple[str, ...], ...] = ()

    def column(self, key: str) -> Column:
        """The column named ``key``."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        """Canonical names, in order."""
        return tuple(c.key for c in self.columns)

    def headers(self, lang: str) -> list[str]:
        """The headers of a workbook data table in ``lang``."""
        return [c.header(lang) for c in self.columns]


LEADS = Schema(
    "leads",
    (
        Column("id_lead", Kind.TEXT, True, ("lead_id", "id", "identifiant", "id_opportunite",
                                            "opportunity_id")),
        Column("date_creation", Kind.DATE, True, ("created", "creation_date", "date_created",
                                                  "created_on", "date")),
        Column("date_signature", Kind.DATE, False, ("signed", "signature_date", "date_signed",
                                                    "signed_on", "signature")),
        Column("conseiller", Kind.TEXT, True, ("advisor", "adviser", "agent", "commercial")),
        Column("region", Kind.TEXT, True, ("region", "agence", "agency", "branch")),
        Column("produit", Kind.TEXT, True, ("product",)),
        Column("canal", Kind.TEXT, False, ("channel", "source")),
        Column("cible", Kind.TARGET, False, ("target", "segment", "client_type", "marche")),
        Column("statut", Kind.STATUS, True, ("status", "stage", "etape")),
        Column("prime", Kind.AMOUNT, True, ("premium", "prime_annuelle", "annual_premium"),
               needs_value=False),
        Column("nb_contrats", Kind.COUNT, False, ("contracts", "nb_contracts", "contrats",
                                                   "nombre_contrats", "contract_count")),
    ),
)

OBJECTIVES = Schema(
    "objectives",
    (
        # The objectives are per advisor when that column is filled, else per agency.
        Column("conseiller", Kind.TEXT, False, ("advisor", "adviser", "agent", "commercial")),
        Column("agence", Kind.TEXT, False, ("agency", "region", "branch")),
        Column("mois", Kind.MONTH, True, ("month", "periode", "period")),
        Column("objectif_prime", Kind.AMOUNT, True, ("premium_objective", "objective_premium",
                                                     "target_premium", "objectif")),
        Column("objectif_contrats", Kind.AMOUNT, False, ("contracts_objective",
                                                         "objective_contracts",
                                                         "target_contracts")),
    ),
    one_of=(("conseiller", "agence"),),
)

ADVISORS = Schema(
    "advisors",
    (
        Column("conseiller", Kind.TEXT, True, ("advisor", "adviser", "agent", "commercial")),
        Column("region", Kind.TEXT, False, ("region", "agence", "agency", "branch")),
        Column("date_entree", Kind.DATE, True, ("entry_date", "start_date", "hire_date",
                                                "date_arrivee")),
    ),
)

#: The inputs by name.
SCHEMAS = {s.name: s for s in (LEADS, OBJECTIVES, ADVISORS)}


def header_key(header: object) -> str:
    """Fold a header for matching: no case, accents, spaces, ``_`` or ``-``.

    >>> header_key(" Date  Création "), header_key("date_creation"), header_key("DateCreation")
    ('datecreation', 'datecreation', 'datecreation')
    """
    return normalise_label("" if header is None else str(header)).replace(" ", "")


def match_headers(schema: Schema, headers: Sequence[object]) -> tuple[dict[str, int], list[str]]:
    """Find each column of ``schema`` among ``headers``.

    A column matches its canonical name first, then its aliases in order, so that a file
    with both ``region`` and ``agence`` reads ``region``. The same header twice is
    ambiguous and reported, and so are a column's French and English names together
    (``prime`` and ``premium``).

    Returns
    -------
    positions : dict
        Canonical name → index in ``headers``, for the columns found.
    ambiguous : list of str
        Headers present more than once among those the schema would read.

    Examples
    --------
    >>> match_headers(ADVISORS, ["Advisor", "Date entrée", "notes"])
    ({'conseiller': 0, 'date_entree': 1}, [])
    >>> match_headers(ADVISORS, ["conseiller", "advisor", "date_entree"])[1]
    ['conseiller / advisor']
    """
    folded = [header_key(h) for h in headers]
    positions: dict[str, int] = {}
    ambiguous: list[str] = []
    taken: set[int] = set()
    for column in schema.columns:
        for name in (column.key, *column.aliases):
            wanted = header_key(name)
            hits = [i for i, h in enumerate(folded) if h == wanted and i not in taken]
            if not hits:
                continue
            if len(hits) > 1:
                ambiguous.append(str(headers[hits[0]]))
            positions[column.key] = hits[0]
            taken.add(hits[0])
            # The French and the English name of one column side by side: which one
            # holds the figures is not for us to guess.
            other = header_key(column.english)
            if name == column.key and other != wanted and other in folded:
                ambiguous.append(f"{headers[hits[0]]} / {headers[folded.index(other)]}")
            break
    return positions, ambiguous
