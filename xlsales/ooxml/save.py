"""Atomic saves and the lock files of spreadsheet programs.

A workbook is never written in place: the new version goes into a temporary file in
the same folder (so the final rename stays on one file system), is flushed to disk, and
is renamed over the target only once complete. Any failure removes the temporary file
and leaves the target as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = ["TEMP_PREFIX", "atomic_path", "atomic_replace", "lock_files", "open_lock"]

#: Temporary files of ours start with this, so that they are recognisable beside a
#: workbook (and never taken for one: Excel hides files starting with ``.~``).
TEMP_PREFIX = ".~xlsales-"


@contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """A temporary path beside ``target`` that replaces it on success only.

    The new file gets the mode ``target`` had, or the one a new file gets under the
    user's umask (``mkstemp`` would leave it private).

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("done")
    >>> target.read_text()
    'done'
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=target.suffix,
                                    dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        if target.exists():
            mode = target.stat().st_mode & 0o777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def atomic_replace(target: Path | str, write: Callable[[IO[bytes]], None]) -> None:
    """Write a new version of ``target`` with ``write(stream)``, atomically."""
    with atomic_path(target) as temporary, open(temporary, "w+b") as stream:
        write(stream)


def lock_files(path: Path) -> list[Path]:
    """The lock files Excel (``~$NAME``) and LibreOffice (``.~lock.NAME#``) leave beside
    a workbook they have open.

    >>> [p.name for p in lock_files(Path("a/tableau.xlsx"))]
    ['~$tableau.xlsx', '.~lock.tableau.xlsx#']
    """
    return [path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#")]


def open_lock(path: Path) -> Path | None:
    """The lock file of a program that has ``path`` open, if any."""
    return next((lock for lock in lock_files(path) if lock.exists()), None)
