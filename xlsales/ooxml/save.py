"""Atomic saves, the refresh lock, and the lock files of spreadsheet programs.

A workbook is never written in place: the new version goes into a temporary file in
the same folder (so the final rename stays on one file system), is flushed to disk, and
is renamed over the target only once complete. Any failure (an exception, Ctrl-C,
SIGTERM or SIGHUP: see :func:`exit_on_signals`) removes the temporary file and leaves
the target as it was; a temporary file a SIGKILL left behind is removed by the next
run that takes the lock.

One process at a time works on a workbook: :func:`exclusive` holds an operating-system
lock on a lock file beside it (``.~xlsales-NAME.lock``, as Excel and LibreOffice leave
``~$NAME`` and ``.~lock.NAME#``) from the first read to the rename, and the rename is
refused when the file changed on disk since it was read.

A symbolic link is followed (the workbook it points at is replaced, the link kept); the
mode and owner of the workbook are kept; a read-only workbook and a workbook with
several hard links (the rename would cut them) are refused before anything is written.
"""

from __future__ import annotations

import os
import re
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ..errors import WorkbookLockedError, XlsalesError
from ..i18n import text
from ..system_errors import reason

__all__ = ["TEMP_PREFIX", "LOCK_WAIT", "Identity", "SaveRefused", "atomic_path",
           "atomic_replace", "close_abandoned_zips", "exclusive", "exit_on_signals",
           "identity", "lock_files", "open_lock", "real_path", "check_writable",
           "temporary_files"]

#: Temporary files of ours start with this, so that they are recognisable beside a
#: workbook (and never taken for one: Excel hides files starting with ``.~``).
TEMP_PREFIX = ".~xlsales-"
#: Seconds a refresh waits for another one of the same workbook to finish.
LOCK_WAIT = 120.0

#: (device, inode, size, modification time in ns) of a file: what must not change
#: between reading a workbook and replacing it.
Identity = tuple[int, int, int, int]

_held: dict[Path, int] = {}


class SaveRefused(XlsalesError):
    """The workbook cannot be replaced safely (read-only, hard links, changed on disk,
    another refresh running); nothing was written."""


def _say(key: str, lang: str, **values: Any) -> str:
    # A system error said in the user's words ("disque plein"), not Python's.
    if isinstance(values.get("error"), BaseException):
        values["error"] = reason(values["error"], lang)
    return text(f"messages.file.{key}", lang).format(**values)


def real_path(target: Path | str) -> Path:
    """The file a path designates, symbolic links followed (a new file's path as is).

    >>> real_path("a/../b.xlsx").name
    'b.xlsx'
    """
    return Path(os.path.realpath(target))


def identity(path: Path) -> Identity:
    """What identifies the version of a file on disk."""
    found = os.stat(path)
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)


def check_writable(target: Path | str, lang: str = "fr") -> None:
    """Refuse a workbook that cannot be replaced without harm: read-only (mode), or
    with several hard links (a rename would leave the other names on the old data)."""
    path = real_path(target)
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return
    if not found.st_mode & 0o200:
        raise SaveRefused(_say("read_only", lang, path=path.name))
    if found.st_nlink > 1:
        raise SaveRefused(_say("hard_links", lang, path=path.name, count=found.st_nlink))


def _temp_pattern(target: Path) -> re.Pattern[str]:
    # mkstemp's random part: 8 characters of [a-z0-9_].
    return re.compile(re.escape(f"{TEMP_PREFIX}{target.name}-") + r"[a-z0-9_]{8}"
                      + re.escape(target.suffix))


def temporary_files(target: Path | str) -> list[Path]:
    """Our temporary files beside ``target`` (left by a killed run, or being written)."""
    path = real_path(target)
    pattern = _temp_pattern(path)
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    return sorted(path.parent / name for name in names if pattern.fullmatch(name))


def _try_lock(handle: int) -> bool:
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _acquire(lock: Path, wait: float, name: str, lang: str) -> int:
    """An open descriptor of ``lock``, locked exclusively (waiting up to ``wait`` s)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as error:
            raise SaveRefused(_say("not_saved", lang, path=name, error=error)) from None
        if _try_lock(handle):
            try:
                same = os.path.samestat(os.fstat(handle), os.stat(lock))
            except FileNotFoundError:
                same = False
            if same:
                return handle
            # The holder removed the lock file as we waited on it: lock the new one.
            os.close(handle)
            continue
        os.close(handle)
        if time.monotonic() >= deadline:
            raise WorkbookLockedError(_say("busy", lang, path=name))
        time.sleep(0.05)


@contextmanager
def exclusive(target: Path | str, lang: str = "fr", wait: float = LOCK_WAIT
              ) -> Iterator[None]:
    """Hold the lock of ``target`` (re-entrant within a process): another xlsales run
    on the same workbook waits for it. Once held, our temporary files left beside the
    workbook by a killed run are removed."""
    path = real_path(target)
    if path in _held:
        _held[path] += 1
        try:
            yield
        finally:
            _held[path] -= 1
        return
    lock = path.with_name(f"{TEMP_PREFIX}{path.name}.lock")
    handle = _acquire(lock, wait, path.name, lang)
    _held[path] = 1
    try:
        for stale in temporary_files(path):
            stale.unlink(missing_ok=True)
        yield
    finally:
        del _held[path]
        try:
            lock.unlink()
        except OSError:  # pragma: no cover - Windows keeps open files
            pass
        os.close(handle)


def _keep_owner(temporary: Path, found: os.stat_result, name: str, lang: str) -> None:
    mine = os.stat(temporary)
    if (mine.st_uid, mine.st_gid) == (found.st_uid, found.st_gid) or os.name == "nt":
        return
    try:
        os.chown(temporary, found.st_uid, found.st_gid)
    except PermissionError:
        raise SaveRefused(_say("owner", lang, path=name)) from None


def _finish(temporary: Path, target: Path, expect: Identity | None, lang: str) -> None:
    """Flush the temporary file, give it the target's mode and owner, and rename it
    over the target if the target is still the version that was read."""
    with open(temporary, "rb+") as written:
        os.fsync(written.fileno())
    try:
        found: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        found = None
    if found is not None:
        os.chmod(temporary, found.st_mode & 0o7777)
        _keep_owner(temporary, found, target.name, lang)
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
    if expect is not None and (found is None or identity(target) != expect):
        raise SaveRefused(_say("changed", lang, path=target.name))
    os.replace(temporary, target)


@contextmanager
def atomic_path(target: Path | str, expect: Identity | None = None, lang: str = "fr"
                ) -> Iterator[Path]:
    """A temporary path beside ``target`` that replaces it on success only.

    ``target`` is locked (:func:`exclusive`) meanwhile; with ``expect``, the target
    must still have that :func:`identity` at the rename. The new file gets the mode and
    owner ``target`` had, or the mode a new file gets under the user's umask
    (``mkstemp`` would leave it private).

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("done")
    >>> target.read_text(), temporary_files(target)
    ('done', [])
    """
    path = real_path(target)
    check_writable(path, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with exclusive(path, lang):
        temporary: Path | None = None
        try:
            # A signal between the file's creation and the moment its name is known
            # would leave it behind: signals wait until then (then unwind through here).
            with _signals_held():
                handle, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}-",
                                                suffix=path.suffix, dir=path.parent)
                os.close(handle)
                temporary = Path(name)
            yield temporary
            _finish(temporary, path, expect, lang)
        except OSError as error:
            if temporary is not None:
                temporary.unlink(missing_ok=True)
            raise SaveRefused(_say("not_saved", lang, path=path.name, error=error)) from None
        except BaseException:
            if temporary is not None:
                temporary.unlink(missing_ok=True)
            raise


#: The signals that unwind a save (see :func:`exit_on_signals`).
_UNWINDING = ("SIGINT", "SIGTERM", "SIGHUP")


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP meanwhile (delivered on exit), where the platform
    and thread allow it; elsewhere, nothing."""
    held = {getattr(signal, name) for name in _UNWINDING if hasattr(signal, name)}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):  # Windows, or not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def close_abandoned_zips(error: BaseException) -> None:
    """Close the zip files a failed writer left open in the frames of ``error``: their
    finalizer would retry the failed write later and print a second error."""
    import zipfile

    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:  # the wrapped errors too
        seen.add(id(cause))
        frame = cause.__traceback__
        while frame is not None:
            for value in list(frame.tb_frame.f_locals.values()):
                if isinstance(value, zipfile.ZipFile):
                    try:
                        value.close()
                    except OSError:
                        pass  # the same failure again; the file is closed now
            frame = frame.tb_next
        cause = cause.__cause__ or cause.__context__


def atomic_replace(target: Path | str, write: Callable[[IO[bytes]], None],
                   expect: Identity | None = None, lang: str = "fr") -> None:
    """Write a new version of ``target`` with ``write(stream)``, atomically."""
    with atomic_path(target, expect, lang) as temporary, open(temporary, "w+b") as stream:
        write(stream)


class Terminated(SystemExit):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C, so temporary files go."""


def exit_on_signals() -> None:
    """Turn SIGTERM and SIGHUP into an exception (as Python does SIGINT), so that an
    interrupted save removes its temporary file (exit code 128 + the signal)."""

    def stop(signum: int, frame: object) -> None:
        raise Terminated(128 + signum)

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, stop)


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
