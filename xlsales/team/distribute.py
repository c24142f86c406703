"""``xlsales distribute``: one workbook per recipient, and a manifest.

Everything a user can get wrong (the team file, the base spec, the extract, files
already there) is checked before the first workbook is written. Each workbook is then a
pure function of its task (the recipient's part of the base, their identification),
mapped over a process pool; each is saved atomically, and the manifest is written last.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, Location, Problem
from ..i18n import check_lang
from ..ooxml.save import TEMP_PREFIX
from ..templates import TEMPLATES
from .identity import Identity, stamp
from .kinds import kind as find_kind
from .manifest import MANIFEST, Entry, write_manifest
from .pool import map_tasks
from .roster import BY, Recipient, read_team, team_message

__all__ = ["Task", "Distribution", "make_workbook", "distribute", "new_distribution_id"]


@dataclass(frozen=True)
class Task:
    """Everything one workbook is made of (picklable: it crosses to a worker)."""

    kind: str
    part: Any
    recipient: Recipient
    share: float
    path: Path
    identity: Identity


@dataclass
class Distribution:
    """What a distribution wrote."""

    folder: Path
    distribution: str
    entries: list[Entry]
    manifest: Path
    unassigned: int = 0


def new_distribution_id(today: dt.date | None = None) -> str:
    """A distribution's id: its date and a random part (``2025-01-31-4f9c2a1b``)."""
    return f"{(today or dt.date.today()).isoformat()}-{secrets.token_hex(4)}"


def make_workbook(task: Task) -> Entry:
    """Write one recipient's workbook (atomically) and return its manifest entry."""
    kind = find_kind(task.kind)
    spec = kind.module.spec_for(task.part, task.recipient, task.share)
    _, build = TEMPLATES[kind.template].builder()
    # Built in a scratch file, then stamped into the target in one atomic save (one
    # flush to disk per workbook: on a busy disk each costs).
    handle, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".xlsx")
    os.close(handle)
    scratch = Path(name)
    try:
        build(scratch, spec, task.identity.lang)
        fingerprint = stamp(scratch, task.identity, task.path)
    finally:
        scratch.unlink(missing_ok=True)
    r, i = task.recipient, task.identity
    return Entry(task.path.name, r.name, r.key, r.agency, ", ".join(r.advisors), r.email,
                 i.kind, i.version, i.period, i.distribution, i.lang, fingerprint)


def _shares(recipients: list[Recipient], team: Path, lang: str) -> list[float]:
    """Each recipient's share of the objectives: as given, the rest split equally
    between the advisors without one (an agency weighs its advisors)."""
    given = [r.share for r in recipients]
    fixed = sum(s for s in given if s is not None)
    free = sum(len(r.advisors) for r in recipients if r.share is None)
    if fixed > 1 + 1e-9 or (free == 0 and abs(fixed - 1) > 1e-6 and fixed > 0):
        raise InputError([Problem(Location(file=team.name, column="part"), team_message(
            "shares_total", lang, total=f"{fixed * 100:.0f} %"))], lang)
    rest = (1 - fixed) / free if free else 0.0
    return [s if s is not None else rest * len(r.advisors)
            for s, r in zip(given, recipients, strict=True)]


def _targets(folder: Path, paths: list[Path], force: bool, lang: str) -> None:
    """Refuse to overwrite workbooks (they may be returns) unless forced."""
    there = [p for p in [*paths, folder / MANIFEST] if p.exists()]
    if there and not force:
        raise InputError([Problem(Location(file=str(p)), team_message("exists", lang))
                          for p in there[:10]], lang)


def distribute(kind_name: str, team: Path, out: Path, spec: Path | None = None,
               data: Path | None = None, by: str = "conseiller", jobs: int | None = None,
               lang: str = "fr", force: bool = False,
               progress: Callable[[int], None] | None = None,
               distribution_id: str | None = None) -> Distribution:
    """Write a workbook per recipient of ``team`` into ``out``, and the manifest."""
    check_lang(lang)
    kind = find_kind(kind_name, lang)
    if by not in BY:
        raise InputError([Problem(Location(key="--by"), team_message(
            "unknown_by", lang, values=", ".join(BY)), by)], lang)
    recipients = read_team(team, by, lang)
    base = kind.module.load_base(spec, data, lang)
    shares = _shares(recipients, team, lang)
    period = kind.module.period(base)
    paths = [out / f"{kind.prefix(lang)}-{period}-{r.key}.xlsx" for r in recipients]
    _targets(out, paths, force, lang)
    out.mkdir(parents=True, exist_ok=True)
    distribution = distribution_id or new_distribution_id()

    def tasks() -> Iterator[Task]:
        for recipient, share, path in zip(recipients, shares, paths, strict=True):
            identity = Identity(kind.name, kind.version, recipient.name, recipient.key,
                                period, distribution, lang)
            yield Task(kind.name, kind.module.part_for(base, recipient), recipient, share,
                       path, identity)

    entries = list(map_tasks(make_workbook, tasks(), jobs, progress))
    manifest = out / MANIFEST
    write_manifest(manifest, entries)
    unassigned = kind.module.unassigned(base, recipients) if hasattr(
        kind.module, "unassigned") else 0
    return Distribution(out, distribution, entries, manifest, unassigned)
