"""``xlsales collect``: read the returned workbooks, check each, consolidate.

Each file of the folder is read by one pure function (mapped over a process pool): is
it a workbook, does it carry an identification, is it of this distribution, kind and
template version, for a recipient of the manifest, are its formulas the ones sent
(compared in a form that survives a re-save by Excel or LibreOffice), are its inputs
in range. A bad return is set aside with its reasons (file, sheet, cell, value) and
never stops the others. The accepted returns are consolidated through the core into the
consolidated workbook, created the first time and refreshed in place afterwards, with a
sheet of the returns: received, missing, rejected and why.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from ..dashboard.workbook_file import WorkbookFile
from ..errors import InputError, Location, Problem, WorkbookFormatError
from ..i18n import check_lang, text
from ..ooxml.save import TEMP_PREFIX
from .consolidated import Column, TableSheet, write_consolidated
from .formulas import differences, formula_map, written_formula
from .identity import Identity, is_identified, read_identity
from .kinds import kind as find_kind
from .manifest import MANIFEST, Entry, read_manifest
from .pool import map_tasks
from .roster import Recipient, team_message

#: What a damaged or unexpected file may raise while it is read: it is then set aside.
_UNREADABLE = (WorkbookFormatError, KeyError, ValueError, IndexError, OSError, ParseError,
               zipfile.BadZipFile, zlib.error, UnicodeDecodeError)

__all__ = ["RETURNS", "ReadTask", "Outcome", "Collection", "read_one", "collect"]

RETURNS = TableSheet("returns", "Tbl_Retours", (
    Column("recipient", "label", 24), Column("agency", "label", 16),
    Column("file", "label", 36), Column("state", "label", 11),
    Column("reason", "wrap", 70), Column("program", "label", 18),
    Column("saved", "date", 11)))
#: How many formula differences a rejection lists (then how many more).
_SHOWN = 5


@dataclass(frozen=True)
class ReadTask:
    """One file to read, and what it must be."""

    path: Path
    kind: str
    distribution: str
    expected: dict[str, tuple[str, str]]  # key → (version, fingerprint)
    lang: str


@dataclass
class Outcome:
    """What reading one file gave: ``accepted`` (with its part), ``rejected`` (a
    return of this distribution that cannot be used) or ``ignored`` (not one)."""

    file: str
    state: str
    key: str = ""
    reasons: list[str] = field(default_factory=list)
    part: Any = None
    program: str = ""
    saved: dt.date | None = None


@dataclass
class Collection:
    """What a collect did."""

    into: Path
    created: bool
    received: list[str]
    rejected: list[Outcome]
    ignored: list[Outcome]
    missing: list[str]
    expected: int


def _program(book: WorkbookFile) -> str:
    """The program that saved the workbook last (docProps/app.xml); a workbook as
    xlsales wrote it (XlsxWriter's signature: Excel 2007's version) says so."""
    try:
        xml = book.archive.read("docProps/app.xml").decode("utf-8", "replace")
    except KeyError:
        return ""
    found = re.search(r"<(?:\w+:)?Application>([^<]*)<", xml)
    program = found.group(1).strip() if found else ""
    release = re.search(r"<(?:\w+:)?AppVersion>([^<]*)<", xml)
    if release and release.group(1).strip() == "12.0000" and program == "Microsoft Excel":
        return "xlsales"
    return program


def _say(key: str, lang: str, **values: Any) -> str:
    return team_message(key, lang, **values)


def _formula_reasons(book: WorkbookFile, expected: dict[str, dict[str, str]],
                     lang: str) -> list[str]:
    present = {sheet.name for sheet in book.package.sheets}
    lost = [sheet for sheet in expected if sheet not in present]
    if lost:
        return [_say("sheet_missing", lang, sheet=sheet) for sheet in lost]
    found = formula_map(book.archive, book.package, sheets=list(expected))
    changes = list(differences(expected, found))
    reasons = []
    for sheet, ref, now in changes[:_SHOWN]:
        if now:
            xml = book.archive.read(book.package.sheet(sheet).path)
            now = written_formula(xml, ref) or now
        cell = re.match(r"([A-Z]+)(\d+)", ref)
        where = Location(file=book.path.name, sheet=sheet, row=int(cell.group(2)) if cell
                         else None, column=cell.group(1) if cell else ref)
        reasons.append(Problem(where, _say("formula_changed", lang, cell=ref),
                               now or None).describe(lang))
    if len(changes) > _SHOWN:
        reasons.append(_say("more_changes", lang, count=len(changes) - _SHOWN))
    return reasons


def _check_identity(identity: Identity, task: ReadTask, name: str) -> list[str]:
    lang = task.lang
    if identity.distribution != task.distribution:
        return [f"{name} : " + _say("other_distribution", lang, found=identity.distribution,
                                    expected=task.distribution)]
    if identity.kind != task.kind:
        return [f"{name} : " + _say("other_kind", lang, found=identity.kind,
                                    expected=task.kind)]
    if identity.key not in task.expected:
        return [f"{name} : " + _say("unknown_recipient", lang, name=identity.recipient)]
    version, fingerprint = task.expected[identity.key]
    if identity.version != version or identity.fingerprint != fingerprint:
        return [f"{name} : " + _say("other_version", lang, found=identity.version,
                                    expected=version)]
    return []


def _read(book: WorkbookFile, task: ReadTask, outcome: Outcome) -> Outcome:
    name, lang = task.path.name, task.lang
    outcome.program = _program(book)
    if not is_identified(book):
        outcome.reasons = [f"{name} : " + _say("foreign", lang)]
        return outcome
    try:
        identity, formulas = read_identity(book)
    except (KeyError, ValueError):
        outcome.state, outcome.reasons = "rejected", [f"{name} : " + _say("bad_identity", lang)]
        return outcome
    problems = _check_identity(identity, task, name)
    if problems:
        outcome.reasons = problems
        outcome.state = "rejected" if identity.distribution == task.distribution else "ignored"
        return outcome
    outcome.key = identity.key
    reasons = _formula_reasons(book, formulas, lang)
    if not reasons:
        try:
            outcome.part = find_kind(task.kind).module.read_return(book, identity.lang)
        except InputError as error:
            reasons = [p.describe(lang) for p in error.problems]
        except WorkbookFormatError as error:
            reasons = [f"{_say('broken_structure', lang)} : {error}"]
    outcome.state = "rejected" if reasons else "accepted"
    outcome.reasons = reasons
    return outcome


def read_one(task: ReadTask) -> Outcome:
    """Read and check one returned file (a pure function of the file)."""
    outcome = Outcome(task.path.name, "ignored")
    try:
        outcome.saved = dt.datetime.fromtimestamp(task.path.stat().st_mtime).date()
        book = WorkbookFile(task.path, task.lang)
    except _UNREADABLE as error:
        outcome.reasons = [str(error)]
        return outcome
    with book:
        try:
            return _read(book, task, outcome)
        except (*_UNREADABLE, _calamine_error()) as error:
            outcome.state = "rejected" if outcome.key else "ignored"
            outcome.reasons = [f"{task.path.name} : {_say('broken_structure', task.lang)} "
                               f"({error})"]
            outcome.part = None
            return outcome


def _calamine_error() -> type[Exception]:
    from python_calamine import CalamineError

    return CalamineError


def _files(folder: Path, into: Path) -> list[Path]:
    """The workbooks of the folder (not lock files, temporary files, the consolidated
    workbook itself)."""
    out = []
    for path in sorted(folder.iterdir()):
        name = path.name
        if not path.is_file() or path.suffix.lower() not in (".xlsx", ".xlsm"):
            continue
        if name.startswith(("~$", ".~lock", TEMP_PREFIX)):
            continue
        if path.resolve() == into.resolve():
            continue
        out.append(path)
    return out


def _duplicates(outcomes: list[Outcome], lang: str) -> None:
    """Two returns for one recipient: neither is used (which is right is the manager's
    call), each names the other."""
    by_key: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.key and outcome.state in ("accepted", "rejected"):
            by_key[outcome.key].append(outcome)
    for same in by_key.values():
        if len(same) < 2:
            continue
        for outcome in same:
            others = ", ".join(o.file for o in same if o is not outcome)
            outcome.state, outcome.part = "rejected", None
            outcome.reasons = [f"{outcome.file} : " + _say("duplicate", lang, others=others),
                               *outcome.reasons]


def _recipient(entry: Entry) -> Recipient:
    advisors = tuple(a.strip() for a in entry.conseillers.split(",") if a.strip())
    return Recipient(entry.destinataire, entry.cle, entry.agence, advisors or
                     (entry.destinataire,), None, entry.email)


def _returns_rows(entries: list[Entry], outcomes: list[Outcome], lang: str
                  ) -> tuple[list[list[Any]], list[str]]:
    by_key: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.key:
            by_key[outcome.key].append(outcome)
    rows: list[list[Any]] = []
    missing: list[str] = []
    state = {s: text(f"team.state.{s}", lang) for s in ("accepted", "rejected", "missing",
                                                        "ignored")}
    for entry in entries:
        found = by_key.get(entry.cle, [])
        if not found:
            missing.append(entry.destinataire)
            rows.append([entry.destinataire, entry.agence, entry.fichier, state["missing"],
                         "", "", None])
        for outcome in found:
            rows.append([entry.destinataire, entry.agence, outcome.file, state[outcome.state],
                         "\n".join(outcome.reasons), outcome.program, outcome.saved])
    for outcome in outcomes:
        if not outcome.key:
            rows.append(["", "", outcome.file, state[outcome.state],
                         "\n".join(outcome.reasons), outcome.program, outcome.saved])
    return rows, missing


def collect(folder: Path, into: Path, manifest: Path | None = None, jobs: int | None = None,
            lang: str = "fr", progress: Callable[[int], None] | None = None,
            files: Callable[[int], None] | None = None) -> Collection:
    """Check the returns in ``folder`` against the manifest and consolidate the good
    ones into ``into`` (created, or refreshed in place)."""
    check_lang(lang)
    if not folder.is_dir():
        raise InputError([Problem(Location(file=str(folder)), _say("no_folder", lang))], lang)
    entries = read_manifest(manifest or folder / MANIFEST, lang)
    first = entries[0]
    kind = find_kind(first.type, lang)
    expected = {e.cle: (e.version, e.empreinte) for e in entries}
    paths = _files(folder, into)
    if files:
        files(len(paths))
    tasks = (ReadTask(path, kind.name, first.distribution, expected, lang) for path in paths)
    outcomes = list(map_tasks(read_one, tasks, jobs, progress))
    _duplicates(outcomes, lang)
    accepted = {o.key: o for o in outcomes if o.state == "accepted"}
    parts = [(_recipient(e), accepted[e.cle].part) for e in entries if e.cle in accepted]
    rows, totals = kind.module.consolidate(parts, lang)
    returns, missing = _returns_rows(entries, outcomes, lang)
    rows[RETURNS.table] = returns
    rejected = [o for o in outcomes if o.state == "rejected"]
    figures = {"expected": len(entries), "received": len(accepted),
               "rejected": len({o.key for o in rejected}), "missing": len(missing),
               "date": dt.date.today()}
    identity = Identity(f"{kind.name}-consolidation", kind.version, "", "", first.periode,
                        first.distribution, lang)
    title = text(f"team.title.{kind.name}", lang)
    created = write_consolidated(into, identity, title, (*kind.module.TABLES, RETURNS), rows,
                                 totals, figures, lang)
    return Collection(into, created, [e.destinataire for e in entries if e.cle in accepted],
                      rejected, [o for o in outcomes if o.state == "ignored"], missing,
                      len(entries))
