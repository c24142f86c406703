"""Where a pipeline workbook keeps what the snapshot and the film write: declared once,
read by the generator and by the operations (and cheap to import, so that telling a
pipeline from a dashboard costs nothing)."""

from __future__ import annotations

from ..i18n import section

__all__ = ["PROSPECT_NAMES", "OFFER_NAMES", "SNAPSHOT_TABLE", "SNAPSHOT_COLUMNS", "FILM_TABLES",
           "FILM_NAMES", "status_label"]

#: Defined names of the prospect and offer columns that other sheets and the snapshot
#: read.
PROSPECT_NAMES = {"id": "Prospects_Id", "target": "Prospects_Cible",
                  "status": "Prospects_Statut", "potential": "Prospects_Potentiel",
                  "score": "Prospects_Score", "owner": "Prospects_Responsable",
                  "weighted": "Prospects_Pondere"}
OFFER_NAMES = {"prospect": "Offres_Prospect", "product": "Offres_Produit",
               "amount": "Offres_Montant", "prognosis": "Offres_Pronostic",
               "owner": "Offres_Responsable", "month": "Offres_Mois",
               "weighted": "Offres_Pondere"}
#: The table of recorded snapshots ("les photos") and its columns.
SNAPSHOT_TABLE = "Tbl_Historique"
SNAPSHOT_COLUMNS = ("date", "id", "target", "status", "potential")
#: Tables of the film, refreshed by ``xlsales refresh``: name, header row, first
#: column, columns, rows. Side by side, because a refresh owns a table's columns from
#: its first data row down.
FILM_TABLES = {
    "statuses": ("Tbl_Film_Statuts", 7, 0, ("status", "at_1", "at_2", "change"), 6),
    "movements": ("Tbl_Film_Mouvements", 7, 5, ("movement", "count"), 4),
    "rates": ("Tbl_Film_Taux", 7, 8, ("stage", "at_1", "at_2"), 5),
    "transitions": ("Tbl_Film_Transitions", 7, 12, None, 7),
}
#: The film's two date inputs and the two dates it shows.
FILM_NAMES = {"date_1": "Film_Date1", "date_2": "Film_Date2", "shown": "Film_Du",
              "shown_to": "Film_Au"}


def status_label(status: str, lang: str) -> str:
    """A canonical status (``core.STAGES``, ``core.LOST``) as a workbook in ``lang``
    writes it.

    >>> status_label("engagé", "en"), status_label("engagé", "fr")
    ('engaged', 'engagé')
    """
    return section("pipeline.statuses", lang)[status]
