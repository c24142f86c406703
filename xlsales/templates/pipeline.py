"""Prospect pipeline workbook (seed 004): the prospect file, its offers and dashboards.

Prospects carry a status (recensé, qualifié, contacté, engagé, client, perdu — with the
competitor when lost), an accessible potential scored against the manager's thresholds,
an owner, contact dates and the follow-ups of the period (more than the allowed number
flagged). Each offer carries a prognosis (0, 20, 40, 60, 80 or 100 %); a prospect's
global prognosis follows the agency's rule (highest, lowest, combined 1 − Π(1 − p), or by
hand). "La photo": the funnel per target (B2C and B2B side by side) with seed 004's
counting rules, volumes and potential per score class, the weighted forecast per owner,
product and month, and the weekly activity against its objectives. "Le film": the
statuses recorded at dates (``xlsales snapshot``) compared between two of them.

Defined names: ``Pipeline_Date``, ``Premier_Mois``, ``Regle_Pronostic``,
``Relances_Max``, ``Seuils_Score``, ``Libelles_Score``, the lists ``Statuts``,
``Cibles``, ``Pronostics``, ``Responsables``, ``Produits``, and the columns
``Prospects_<Column>`` and ``Offres_<Column>`` (``Prospects_Statut``, ``Offres_Pondere``...).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from xlsxwriter.format import Format

from .. import core
from ..prospects.names import OFFER_NAMES, PROSPECT_NAMES, status_label
from ..spec import SpecModel, problem_at, refuse_clashes
from . import styling
from . import twins as fx
from ._blocks import refuse_repeated_names
from ._book import Book, cell, span
from ._pipeline_sheets import (
    ACTIVITIES,
    TARGETS,
    list_rows,
    write_activity,
    write_film,
    write_forecast,
    write_funnel,
    write_snapshots,
)
from ._spec_types import Amount, Count, Text

__all__ = [
    "TARGETS", "ACTIVITIES", "PROSPECT_COLUMNS", "OFFER_COLUMNS", "Prospect", "Offer",
    "Week", "SnapshotEntry", "PipelineSpec", "build",
]

#: Seed 004's example of weekly objectives.
Activity = Literal["meetings", "interviews", "closings", "sales", "recommendations"]
WEEKLY_DEFAULTS: dict[Activity, int] = {"meetings": 10, "interviews": 7, "closings": 4, "sales": 2,
                   "recommendations": 20}
PROSPECT_COLUMNS = (
    "id", "name", "target", "source", "status", "competitor", "potential", "score", "owner",
    "last_contact", "next_contact", "follow_ups", "alert", "manual_prognosis", "prognosis",
    "weighted",
)
OFFER_COLUMNS = ("prospect", "product", "amount", "prognosis", "date", "owner", "month",
                 "weighted")
RULES = ("max", "min", "combined", "manual")
EXTRA_ROWS = 30


def _target(value: str) -> str:
    folded = core.normalise_label(value)
    if folded in ("b2c", "particulier", "particuliers", "individual", "individuals"):
        return "B2C"
    if folded in ("b2b", "professionnel", "professionnels", "professional", "professionals"):
        return "B2B"
    raise ValueError(f"one_of:{', '.join(TARGETS)}")


class Prospect(SpecModel):
    """A prospect of the file."""

    id: Text
    name: str = ""
    target: str
    source: str = ""
    status: str
    competitor: str = ""
    potential: Amount | None = None
    owner: str = ""
    last_contact: dt.date | None = None
    next_contact: dt.date | None = None
    follow_ups: Count = 0
    manual_prognosis: float | None = None

    @field_validator("target")
    @classmethod
    def _known_target(cls, value: str) -> str:
        return _target(value)

    @field_validator("status")
    @classmethod
    def _known_status(cls, value: str) -> str:
        try:
            return core.normalise_status(value)
        except core.UnknownLabelError:
            raise ValueError("one_of:" + ", ".join((*core.STAGES, core.LOST))) from None

    @field_validator("manual_prognosis")
    @classmethod
    def _step(cls, value: float | None) -> float | None:
        return _prognosis(value) if value is not None else None


def _prognosis(value: float) -> float:
    if not any(abs(value - step) < 1e-9 for step in core.PROGNOSIS_STEPS):
        raise ValueError("one_of:0, 0.2, 0.4, 0.6, 0.8, 1")
    return value


class Offer(SpecModel):
    """An offer made to a prospect, with its prognosis."""

    prospect: Text
    product: str = ""
    amount: Amount
    prognosis: float
    date: dt.date | None = None

    @field_validator("prognosis")
    @classmethod
    def _step(cls, value: float) -> float:
        return _prognosis(value)


class Week(SpecModel):
    """What was done in a week (from its first day)."""

    week: dt.date
    calls: Count | None = None
    meetings: Count | None = None
    interviews: Count | None = None
    closings: Count | None = None
    sales: Count | None = None
    recommendations: Count | None = None


class SnapshotEntry(SpecModel):
    """The statuses recorded at a past date (what ``xlsales snapshot`` writes)."""

    date: dt.date
    statuses: dict[str, str]


class PipelineSpec(SpecModel):
    """The inputs of a pipeline workbook."""

    name: Text
    agency: str = ""
    date: dt.date
    first_month: dt.date | None = None
    thresholds: list[Amount] = Field(default=[5000, 15000, 40000], min_length=3,
                                     max_length=3)
    prognosis_rule: Literal["max", "min", "combined", "manual"] = "max"
    max_follow_ups: Count = 3
    weekly_objectives: dict[Activity, Count] = WEEKLY_DEFAULTS
    owners: list[Text] = []
    products: list[Text] = []
    prospects: list[Prospect] = []
    offers: list[Offer] = []
    activity: list[Week] = []
    snapshots: list[SnapshotEntry] = []

    @model_validator(mode="after")
    def _consistent(self) -> PipelineSpec:
        if sorted(self.thresholds) != list(self.thresholds) or len(set(self.thresholds)) < 3:
            raise problem_at("one_of", ("thresholds",), "three ascending thresholds")
        ids = [p.id for p in self.prospects]
        # MATCH and SUMIFS ignore case: ids, owners and products must differ otherwise.
        refuse_clashes(ids, ("prospects",), "id")
        refuse_clashes(list(self.owners), ("owners",))
        refuse_clashes(list(self.products), ("products",))
        known = set(ids)
        for index, offer in enumerate(self.offers):
            if offer.prospect not in known:
                raise problem_at("unknown_reference", ("offers", index, "prospect"),
                                 offer.prospect)
        for index, snapshot in enumerate(self.snapshots):
            if snapshot.date > self.date:
                raise problem_at("future_date", ("snapshots", index, "date"),
                                 snapshot.date.isoformat())
            for prospect_id in snapshot.statuses:
                if prospect_id not in known:
                    raise problem_at("unknown_reference", ("snapshots", index, "statuses"),
                                     prospect_id)
        return self




def build(path: Path | str, spec: PipelineSpec | None = None, lang: str = "fr") -> Path:
    """Write the pipeline workbook to ``path`` (a blank template when ``spec`` is None)."""
    book = Book(path, "pipeline", lang)
    for key in ("settings", "prospects", "offers", "funnel", "forecast", "activity",
                "snapshots", "film"):
        book.add_sheet(key)
    _settings(book, spec)
    _prospects(book, spec)
    _offers(book, spec)
    write_funnel(book)
    write_forecast(book, spec)
    write_activity(book, spec)
    write_snapshots(book, spec)
    write_film(book)
    book.wb.worksheets()[0].activate()
    return book.close()



def _settings(book: Book, spec: PipelineSpec | None) -> None:
    sheet, f, key = book.sheets["settings"], book.fmt, "settings"
    book.title_sheet(key, {0: 40, 1: 26, 2: 3, 3: 30, 4: 3, 5: 30}, None)
    sheet.write_string(3, 0, book.t("settings.section"), f.section)
    first_month = (spec.first_month or spec.date.replace(day=1)) if spec else None
    rows = (("name", "Pipeline_Titre", spec.name if spec else None, f.input_text()),
            ("agency", "Pipeline_Agence", spec.agency if spec else None, f.input_text()),
            ("date", "Pipeline_Date", spec.date if spec else None, f.input_date()),
            ("first_month", "Premier_Mois", first_month, f.input_date()))
    for row, (label, name, value, fmt) in enumerate(rows, start=4):
        sheet.write_string(row, 0, book.t(f"settings.{label}"), f.label)
        styling.write_input(sheet, row, 1, value, fmt)
        book.name(name, key, row, 1)
    sheet.write_string(9, 0, book.t("settings.scoring"), f.section)
    scores = book.labels("scores")
    labels = [scores[s] for s in core.SCORE_LABELS]
    thresholds = list(spec.thresholds) if spec else [5000, 15000, 40000]
    sheet.write_string(10, 0, labels[0], f.label)
    for index, (label, threshold) in enumerate(zip(labels[1:], thresholds, strict=True)):
        row = 11 + index
        sheet.write_string(row, 0, f"{book.t('settings.threshold')} {label}", f.label)
        styling.write_input(sheet, row, 1, threshold, f.input_euro())
        # Strictly ascending, as core.score requires (the UDF's #NUM! otherwise).
        floor: object = 0 if index == 0 else "=" + cell(row - 1, 1, absolute=True)
        sheet.data_validation(row, 1, row, 1, {"validate": "decimal",
                                               "criteria": ">=" if index == 0 else ">",
                                               "value": floor})
    # The lookup table of scores: threshold (0 for the smallest) and label, ascending.
    sheet.write_number(10, 2, 0, f.note)
    for index in range(3):
        sheet.write_formula(11 + index, 2, f"={cell(11 + index, 1)}", f.note)
    for index, label in enumerate(labels):
        sheet.write_string(10 + index, 3, label, f.label)
    book.name_range("Seuils_Score", key, 10, 2, 13, 2)
    book.name_range("Libelles_Score", key, 10, 3, 13, 3)
    sheet.write_string(15, 0, book.t("settings.rule"), f.label)
    rules = [book.t(f"settings.rule_{r}") for r in RULES]
    styling.write_input(sheet, 15, 1, rules[RULES.index(spec.prognosis_rule if spec else "max")],
                      f.input_text())
    sheet.data_validation(15, 1, 15, 1, {"validate": "list", "source": rules})
    book.name("Regle_Pronostic", key, 15, 1)
    sheet.write_string(16, 0, book.t("settings.max_follow_ups"), f.label)
    styling.write_input(sheet, 16, 1, spec.max_follow_ups if spec else 3, f.input_number())
    book.name("Relances_Max", key, 16, 1)
    sheet.write_string(18, 0, book.t("settings.weekly"), f.section)
    weekly = {str(k): v for k, v in
              (spec.weekly_objectives if spec else WEEKLY_DEFAULTS).items()}
    for index, activity in enumerate(ACTIVITIES):
        row = 19 + index
        sheet.write_string(row, 0, book.t(f"activity.{activity}"), f.label)
        styling.write_input(sheet, row, 1, weekly[activity],
                          f.input_number())
        book.name(f"Objectif_{activity.capitalize()}", key, row, 1)
    _lists(book, spec)


def _lists(book: Book, spec: PipelineSpec | None) -> None:
    sheet, f, key = book.sheets["settings"], book.fmt, "settings"
    for col, (label, name, values) in zip((3, 5), (
            ("owners", "Responsables", list(spec.owners) if spec else []),
            ("products", "Produits", list(spec.products) if spec else [])), strict=True):
        sheet.write_string(25, col, book.t(f"settings.{label}"), f.header)
        count = list_rows(values)
        for index in range(count):
            value = values[index] if index < len(values) else None
            styling.write_input(sheet, 26 + index, col, value, f.input_text())
        refuse_repeated_names(book, key, 26, col, 25 + count)
        book.name_range(name, key, 26, col, 25 + count, col)
    statuses = [status_label(s, book.lang) for s in (*core.STAGES, core.LOST)]
    fixed: tuple[tuple[str, str, list[str] | list[float], Format], ...] = (
             ("statuses", "Statuts", statuses, f.label),
             ("targets", "Cibles", list(TARGETS), f.label),
             ("prognoses", "Pronostics", list(core.PROGNOSIS_STEPS), f.percent))
    row = 25
    sheet.write_string(row, 0, book.t("settings.lists"), f.section)
    for label, name, entries, fmt in fixed:
        row += 1
        sheet.write_string(row, 0, book.t(f"settings.{label}"), f.header)
        first = row + 1
        for item in entries:
            row += 1
            if isinstance(item, str):
                sheet.write_string(row, 0, item, fmt)
            else:
                sheet.write_number(row, 0, item, fmt)
        book.name_range(name, key, first, 0, row, 0)


def _prospects(book: Book, spec: PipelineSpec | None) -> None:
    sheet, f, key = book.sheets["prospects"], book.fmt, "prospects"
    widths = {0: 11, 1: 26, 2: 7, 3: 18, 4: 11, 5: 16, 6: 13, 7: 10, 8: 18, 9: 11, 10: 11,
              11: 10, 12: 14, 13: 11, 14: 11, 15: 13}
    book.title_sheet(key, widths, (5, 2))
    header, first = 4, 5
    sheet.set_row(header, 32)
    col = {name: index for index, name in enumerate(PROSPECT_COLUMNS)}
    for name, c in col.items():
        sheet.write_string(header, c, book.t(f"prospects.{name}"), f.header)
    prospects = list(spec.prospects) if spec else []
    count = len(prospects) + EXTRA_ROWS
    last = first + count - 1
    inputs = {"id": f.input_text(), "name": f.input_text(), "target": f.input_text(),
              "source": f.input_text(), "status": f.input_text(),
              "competitor": f.input_text(), "potential": f.input_euro(),
              "owner": f.input_text(), "last_contact": f.input_date(),
              "next_contact": f.input_date(), "follow_ups": f.input_number(),
              "manual_prognosis": f.input_percent()}
    rules = {r: fx.quote(book.t(f"settings.rule_{r}")) for r in RULES}
    offers = {name: f"Offres_{suffix}" for name, suffix in (
        ("prospect", "Prospect"), ("prognosis", "Pronostic"), ("amount", "Montant"))}
    for index in range(count):
        row = first + index
        item = prospects[index] if index < len(prospects) else None
        for name, fmt in inputs.items():
            value = getattr(item, name) if item else None
            if name == "status" and value:
                value = status_label(value, book.lang)
            styling.write_input(sheet, row, col[name], value, fmt)
        at = {name: cell(row, c) for name, c in col.items()}
        sheet.write_formula(row, col["score"], "=" + fx.blank_unless(
            [at["potential"]], f"LOOKUP({at['potential']},Seuils_Score,Libelles_Score)"),
            f.label)
        sheet.write_formula(row, col["alert"], "=" + fx.blank_unless(
            [at["follow_ups"]], f'IF({at["follow_ups"]}>Relances_Max,'
                                f'{fx.quote(book.t("prospects.alert_text"))},"")'), f.label)
        matches = f'({offers["prospect"]}={at["id"]})*({offers["prognosis"]}<>"")'
        prognosis = (
            f'IF({at["id"]}="","",IF(Regle_Pronostic={rules["manual"]},'
            f'IF({at["manual_prognosis"]}="","",{at["manual_prognosis"]}),'
            f'IF(SUM({matches})=0,"",'
            f'IF(Regle_Pronostic={rules["min"]},MIN(IF({matches},{offers["prognosis"]},2)),'
            f'IF(Regle_Pronostic={rules["combined"]},'
            f'1-PRODUCT(IF({matches},1-{offers["prognosis"]},1)),'
            f'MAX(IF({matches},{offers["prognosis"]},-1)))))))')
        sheet.write_array_formula(row, col["prognosis"], row, col["prognosis"],
                                  "{=" + prognosis + "}", f.percent)
        sheet.write_formula(row, col["weighted"], "=" + fx.blank_unless(
            [at["id"]], f'SUMPRODUCT(--({offers["prospect"]}={at["id"]}),{offers["amount"]},'
                        f'{offers["prognosis"]})'), f.euro)
    validations = {
        "target": {"validate": "list", "source": "=Cibles"},
        "status": {"validate": "list", "source": "=Statuts"},
        "owner": {"validate": "list", "source": "=Responsables"},
        "potential": {"validate": "decimal", "criteria": ">=", "value": 0},
        "follow_ups": {"validate": "integer", "criteria": ">=", "value": 0},
        "manual_prognosis": {"validate": "list", "source": "=Pronostics"},
        "last_contact": {"validate": "date", "criteria": ">=", "value": dt.date(1990, 1, 1)},
        "next_contact": {"validate": "date", "criteria": ">=", "value": dt.date(1990, 1, 1)},
    }
    for name, rule in validations.items():
        sheet.data_validation(first, col[name], last, col[name], rule)
    refuse_repeated_names(book, key, first, col["id"], last)
    sheet.conditional_format(span(first, col["follow_ups"], last, col["follow_ups"]), {
        "type": "formula", "criteria": f"=AND({cell(first, col['follow_ups'])}<>\"\","
                                       f"{cell(first, col['follow_ups'])}>Relances_Max)",
        "format": f.red})
    for name, defined in PROSPECT_NAMES.items():
        book.name_range(defined, key, first, col[name], last, col[name])


def _offers(book: Book, spec: PipelineSpec | None) -> None:
    sheet, f, key = book.sheets["offers"], book.fmt, "offers"
    book.title_sheet(key, {0: 12, 1: 28, 2: 13, 3: 11, 4: 11, 5: 18, 6: 10, 7: 14}, (5, 1))
    header, first = 4, 5
    col = {name: index for index, name in enumerate(OFFER_COLUMNS)}
    for name, c in col.items():
        sheet.write_string(header, c, book.t(f"offers.{name}"), f.header)
    offers = list(spec.offers) if spec else []
    count = len(offers) + EXTRA_ROWS
    last = first + count - 1
    inputs = {"prospect": f.input_text(), "product": f.input_text(),
              "amount": f.input_euro(), "prognosis": f.input_percent(),
              "date": f.input_date()}
    for index in range(count):
        row = first + index
        item = offers[index] if index < len(offers) else None
        for name, fmt in inputs.items():
            styling.write_input(sheet, row, col[name], getattr(item, name) if item else None, fmt)
        at = {name: cell(row, c) for name, c in col.items()}
        sheet.write_formula(row, col["owner"], "=" + fx.blank_unless(
            [at["prospect"]], f"IFERROR(INDEX(Prospects_Responsable,MATCH("
                              f'{fx.literal(at["prospect"])},Prospects_Id,0))&"","")'), f.label)
        sheet.write_formula(row, col["month"], "=" + fx.blank_unless(
            [at["date"]], f"DATE(YEAR({at['date']}),MONTH({at['date']}),1)"),
            book.fmt.get(num_format="mmm yyyy", align="right"))
        sheet.write_formula(row, col["weighted"], "=" + fx.blank_unless(
            [at["amount"], at["prognosis"]], f"{at['amount']}*{at['prognosis']}"), f.euro)
    validations = {
        "prospect": {"validate": "list", "source": "=Prospects_Id"},
        "product": {"validate": "list", "source": "=Produits"},
        "amount": {"validate": "decimal", "criteria": ">=", "value": 0},
        "prognosis": {"validate": "list", "source": "=Pronostics"},
        "date": {"validate": "date", "criteria": ">=", "value": dt.date(1990, 1, 1)},
    }
    for name, rule in validations.items():
        sheet.data_validation(first, col[name], last, col[name], rule)
    for name, defined in OFFER_NAMES.items():
        book.name_range(defined, key, first, col[name], last, col[name])
