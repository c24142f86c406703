"""Fuzzing the CSV reader and the spec loader (issue 18): whatever the bytes, a clear
message (:class:`~xlsales.errors.InputError`) or a correct result, never a traceback."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.dashboard_books import LEADS_HEADER
from xlsales.dashboard.columns import LEADS
from xlsales.dashboard.extract import read_csv
from xlsales.dashboard.settings import Settings
from xlsales.dashboard.validate import check_leads
from xlsales.errors import InputError, SpecError
from xlsales.spec import load_text
from xlsales.templates.campaign import CampaignSpec
from xlsales.templates.pac import PacSpec

FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

# Cells a French export writes, without the letters a header is made of (so that no
# data row is taken for the header): digits, amounts, dates, accents, separators and
# quotes inside fields.
_CELL_CHARS = "0123456789 ,;.:-/'\"|%€éèàçÉ°xyzXYZ\u00a0"
cells = st.text(alphabet=_CELL_CHARS, max_size=10)
# cp1252 text whose bytes can never pass for UTF-8 (no lead byte followed by a
# continuation byte): a pure cp1252 file must read as cp1252.
cp1252_cells = st.text(alphabet="0123456789 ;,.-/'\"éèàxyz", max_size=10)


def _write(path: Path, rows: list[list[str]], sep: str, encoding: str, bom: bool) -> None:
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\r\n").writerows([LEADS_HEADER] + rows)
    prefix = codecs.BOM_UTF8 if bom and encoding == "utf-8" else b""
    path.write_bytes(prefix + out.getvalue().encode(encoding))


def _expected(rows: list[list[str]]) -> list[list[str]]:
    # Entirely blank rows are skipped, as blank lines are.
    return [row for row in rows if any(cell.strip() for cell in row)]


@FAST
@given(data=st.data(), sep=st.sampled_from([";", ",", "\t", "|"]),
       encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]), bom=st.booleans())
def test_a_well_formed_csv_reads_back_cell_for_cell(tmp_path_factory, data, sep, encoding,
                                                     bom):
    strategy = cp1252_cells if encoding == "cp1252" else cells
    rows = data.draw(st.lists(st.lists(strategy, min_size=11, max_size=11), max_size=8))
    path = tmp_path_factory.mktemp("csv") / "leads.csv"
    _write(path, rows, sep, encoding, bom)
    raw = read_csv(path, LEADS)  # a well-formed file: no refusal
    assert raw.header == LEADS_HEADER
    got = [[str(column[i]) for column in raw.columns] for i in range(len(raw))]
    assert got == _expected(rows)


@FAST
@given(body=st.binary(max_size=400),
       head=st.sampled_from([b"", ";".join(LEADS_HEADER).encode() + b"\n",
                             codecs.BOM_UTF8 + b"id_lead,prime,statut\n"]))
def test_any_bytes_are_a_message_or_a_table(tmp_path_factory, head, body):
    path = tmp_path_factory.mktemp("bytes") / "extrait.csv"
    path.write_bytes(head + body)
    try:
        raw = read_csv(path, LEADS)
        checked = check_leads(raw, Settings())
    except InputError as error:
        text = str(error)
        assert text.startswith("extrait.csv") and "Traceback" not in text
        assert "\n" not in text or all(line.startswith("extrait.csv")
                                       for line in text.splitlines())
        return
    # A table: every problem names the file, and the kept rows are rows of the file.
    assert all(p.where.file == "extrait.csv" for p in checked.problems)
    assert len(checked.frame) <= len(raw)


@FAST
@given(st.text(max_size=300))
def test_any_text_as_a_spec_is_a_message_or_a_spec(text):
    try:
        spec = load_text(text, CampaignSpec, source="s.yaml")
    except SpecError as error:
        assert str(error).startswith("s.yaml"), str(error)
        return
    assert isinstance(spec, CampaignSpec)


_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                     st.floats(allow_nan=False), st.text(max_size=8), st.dates())
_documents = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(["name", "targets", "campaign", "start", "end",
                                         "objectives", "results", "amount", "label",
                                         "actions", "budget", "x"]), children,
                        max_size=4)),
    max_leaves=20)


@FAST
@given(document=st.dictionaries(st.sampled_from(["campaign", "targets", "conventions",
                                                 "fixed_costs", "agency", "swot",
                                                 "objectives", "actions"]),
                                _documents, max_size=4),
       model=st.sampled_from([CampaignSpec, PacSpec]))
def test_any_structure_as_a_spec_is_a_message_or_a_spec(document, model):
    text = yaml.safe_dump(document, allow_unicode=True)
    try:
        spec = load_text(text, model, source="s.yaml")
    except SpecError as error:
        lines = str(error).splitlines()
        assert lines and all(line.startswith("s.yaml") for line in lines), lines
        return
    assert isinstance(spec, model)
