"""Saving under fire (issue 18, items 2, 4 and 9): concurrent refreshes, links and
permissions, signals and kill -9 at random points. The workbook is always either the
original or the complete new version, and no temporary file outlives the next run."""

from __future__ import annotations

import os
import random
import signal
import time
import zipfile
from pathlib import Path

import pytest

from tests.dashboard_books import lead, write_leads
from tests.hostile import run_cli, start_cli, temp_files
from xlsales.dashboard import new_dashboard, refresh_file, write_demo_files
from xlsales.errors import WorkbookLockedError
from xlsales.ooxml.save import (
    SaveRefused,
    atomic_replace,
    exclusive,
    identity,
    temporary_files,
)

#: Distribution loops, process pools and killed subprocesses: out of `make test-fast`.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """An empty dashboard, an extract of 10,000 leads (a save of a few tenths of a
    second, long enough to be hit), and the exact bytes a refresh from it writes (saves are
    deterministic)."""
    folder = tmp_path_factory.mktemp("save")
    empty = new_dashboard(folder / "vide.xlsx")
    extract = folder / "leads.csv"
    write_demo_files(extract, 10_000)
    expected = folder / "attendu.xlsx"
    expected.write_bytes(empty.read_bytes())
    refresh_file(expected, extract)
    return empty, extract, expected.read_bytes()


@pytest.fixture
def book(setup, tmp_path) -> Path:
    path = tmp_path / "tableau.xlsx"
    path.write_bytes(setup[0].read_bytes())
    return path


def _small(tmp_path: Path, name: str = "petit.csv", advisor: str = "Ana Roux") -> Path:
    return write_leads(tmp_path / name, [lead("L1", advisor), lead("L2", status="perdu")])


# Item 4: links and permissions ------------------------------------------------------------

def test_a_symbolic_link_is_followed_and_kept(book, tmp_path):
    link = tmp_path / "raccourci.xlsx"
    link.symlink_to(book.name)
    refresh_file(link, _small(tmp_path))
    assert link.is_symlink() and os.readlink(link) == book.name
    assert temp_files(tmp_path) == []
    with zipfile.ZipFile(book) as archive:  # the real workbook holds the new data
        assert b"Ana Roux" in archive.read("xl/sharedStrings.xml")


def test_mode_and_owner_are_kept(book, tmp_path):
    os.chmod(book, 0o640)
    if os.geteuid() == 0:  # as root, the owner can be set to another user's
        os.chown(book, 1234, 5678)
    before = os.stat(book)
    refresh_file(book, _small(tmp_path))
    after = os.stat(book)
    assert after.st_ino != before.st_ino  # replaced, not written in place
    assert (after.st_mode & 0o7777, after.st_uid, after.st_gid) == (
        0o640, before.st_uid, before.st_gid)


def test_a_read_only_workbook_is_refused(book, tmp_path):
    os.chmod(book, 0o444)
    before = book.read_bytes()
    with pytest.raises(SaveRefused, match="tableau.xlsx est en lecture seule"):
        refresh_file(book, _small(tmp_path))
    assert book.read_bytes() == before and temp_files(tmp_path) == []


def test_a_hard_linked_workbook_is_refused_and_both_names_kept(book, tmp_path):
    other = tmp_path / "copie-liee.xlsx"
    os.link(book, other)
    before = book.read_bytes()
    with pytest.raises(SaveRefused, match="tableau.xlsx a 2 liens physiques"):
        refresh_file(book, _small(tmp_path))
    assert os.path.samefile(book, other) and book.read_bytes() == before


# Item 2: one refresh at a time, and the file checked before the rename -------------------

def test_a_refresh_waits_for_the_lock_held_by_another(book, tmp_path):
    extract = _small(tmp_path)
    before = book.read_bytes()
    with exclusive(book):
        run = start_cli(["refresh", book.name, "--data", extract.name], tmp_path)
        time.sleep(3)  # ample time to read, analyse and write four leads
        assert run.poll() is None and book.read_bytes() == before  # still waiting
    _, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert book.read_bytes() != before and temp_files(tmp_path) == []


def test_a_second_holder_waits_then_is_refused(book, monkeypatch):
    from xlsales.ooxml import save

    with exclusive(book):
        # Within this process the lock is re-entrant; another process is simulated
        # by forgetting that we hold it.
        held = dict(save._held)
        save._held.clear()
        try:
            with pytest.raises(WorkbookLockedError, match="un autre xlsales"):
                with exclusive(book, wait=0.2):
                    pass
        finally:
            save._held.update(held)


def test_the_rename_is_refused_when_the_file_changed_since_it_was_read(book):
    read = identity(book)
    book.write_bytes(book.read_bytes() + b"")  # same bytes, new write: new mtime
    os.utime(book, ns=(read[3] + 10**9, read[3] + 10**9))
    before = book.read_bytes()
    with pytest.raises(SaveRefused, match="modifié sur le disque"):
        atomic_replace(book, lambda stream: stream.write(b"new"), expect=read)
    assert book.read_bytes() == before and temporary_files(book) == []


def test_concurrent_refreshes_both_finish_and_the_workbook_is_whole(book, tmp_path):
    first = _small(tmp_path, "a.csv", "Ana Roux")
    second = _small(tmp_path, "b.csv", "Bruno Lemaire")
    runs = [start_cli(["refresh", book.name, "--data", extract.name], tmp_path)
            for extract in (first, second, first)]
    outputs = [run.communicate(timeout=180) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], outputs
    assert not any("Traceback" in err or "BadZipFile" in err for _, err in outputs)
    # The last one to take the lock wrote a whole workbook, which refreshes again.
    outcome = refresh_file(book)
    assert outcome.analysis.figures["leads_total"] == 2
    assert temp_files(tmp_path) == []


# Item 9: signals and kill -9 ---------------------------------------------------------------

def test_stale_temporary_files_of_ours_are_removed_by_the_next_run(book, tmp_path):
    stale = tmp_path / ".~xlsales-tableau.xlsx-abcd1234.xlsx"
    stale.write_bytes(b"half a workbook")
    other = tmp_path / ".~xlsales-autre.xlsx-abcd1234.xlsx"  # another workbook's
    other.write_bytes(b"not ours to judge")
    refresh_file(book, _small(tmp_path))
    assert not stale.exists() and other.exists()


def test_xlsales_new_removes_what_a_killed_xlsales_new_left(tmp_path):
    from xlsales.templates import generate

    stale = tmp_path / ".~xlsales-campagne.xlsx-x1y2z3w4.xlsx"
    stale.write_bytes(b"PK half written")
    generate("campaign", tmp_path / "campagne.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["campagne.xlsx"]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_during_the_save_removes_the_temporary_file(setup, book, signum):
    _, extract, expected = setup
    original = book.read_bytes()
    run = start_cli(["refresh", book.name, "--data", str(extract)], book.parent)
    # Wait for the temporary file: the save has started.
    deadline = time.monotonic() + 60
    while not temporary_files(book) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    run.send_signal(signum)
    run.communicate(timeout=60)
    assert book.read_bytes() in (original, expected)
    assert temp_files(book.parent) == []  # no temporary file, no lock file


def _until_saving(run, book: Path, before: list[Path]) -> float:
    """Wait until ``run`` starts writing its temporary file (or ends); the time then."""
    deadline = time.monotonic() + 120
    while (not set(temporary_files(book)) - set(before) and run.poll() is None
           and time.monotonic() < deadline):
        time.sleep(0.002)
    return time.monotonic()


def test_kill_9_at_random_points_leaves_the_original_or_the_new_workbook(setup, book):
    _, extract, expected = setup
    original = book.read_bytes()
    # How long the save takes, from its temporary file to the rename.
    run = start_cli(["refresh", book.name, "--data", str(extract)], book.parent)
    saving = _until_saving(run, book, [])
    run.communicate(timeout=120)
    save = time.monotonic() - saving
    assert run.returncode == 0 and book.read_bytes() == expected
    chance = random.Random(18)
    for _ in range(4):
        book.write_bytes(original)
        before = temporary_files(book)  # what an earlier killed run left
        run = start_cli(["refresh", book.name, "--data", str(extract)], book.parent)
        _until_saving(run, book, before)
        time.sleep(chance.uniform(0.0, 1.1) * save)  # anywhere in the save, or just after
        run.kill()
        run.communicate(timeout=60)
        assert book.read_bytes() in (original, expected)
    # The next run, a whole one, removes what the killed ones left, and writes the
    # same bytes as ever.
    assert run_cli(["refresh", book.name, "--data", str(extract)],
                   book.parent).returncode == 0
    assert book.read_bytes() == expected
    assert temp_files(book.parent) == []
