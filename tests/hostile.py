"""Helpers of the hostile-input corpus: small generated fixtures, and the CLI run in a
subprocess under memory and CPU bounds (``resource.setrlimit``), where bounds are the
point: a hostile file must end in one message, not in a machine out of memory."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

from xlsales.ooxml.parts import read_package

#: Address space of a bounded run: a normal refresh of a small dashboard needs about
#: 500 MB of it (numpy and pandas loaded), so "a few hundred MB" of data at most.
MEMORY = 900 << 20
#: CPU seconds of a bounded run (a normal one takes about one).
CPU_SECONDS = 20

CLI = [sys.executable, "-c", "import sys; from xlsales.cli import cli; sys.exit(cli())"]


def _bounds(memory: int, seconds: int, file_size: int | None):  # type: ignore[no-untyped-def]
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
        if file_size is not None:
            # A full disk, as a write sees it: EFBIG rather than the signal.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
    return apply


def run_cli(args: list[str], cwd: Path, memory: int = MEMORY, seconds: int = CPU_SECONDS,
            file_size: int | None = None) -> subprocess.CompletedProcess[str]:
    """``xlsales ARGS`` in a fresh process, bounded; its output as text."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "COLUMNS": "200"}
    return subprocess.run(CLI + args, cwd=cwd, capture_output=True, text=True, env=env,
                          preexec_fn=_bounds(memory, seconds, file_size), timeout=120)


def start_cli(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    """``xlsales ARGS`` started in the background (to be killed)."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    return subprocess.Popen(CLI + args, cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=_bounds(MEMORY, CPU_SECONDS, None))


def one_message(result: subprocess.CompletedProcess[str], file: str) -> str:
    """The error line of a refused run: exactly one, naming ``file``, no traceback."""
    assert result.returncode in (1, 2), (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert file in lines[0], lines[0]
    return lines[0]


def rewrite(source: Path, target: Path, changes: dict[str, bytes | None],
            raw: dict[str, bytes] | None = None) -> Path:
    """A copy of a workbook with some members replaced (``None``: removed), deflated;
    ``raw`` members are stored as given, with a wrong CRC (a corrupt member)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w",
                                                          zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in changes:
                data = changes[info.filename]
                if data is not None:
                    new.writestr(info.filename, data)
            else:
                new.writestr(info, old.read(info))
    if raw:
        _corrupt(target, raw)
    return target


def _corrupt(path: Path, members: dict[str, bytes]) -> None:
    """Overwrite the start of members' compressed bytes in place."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        for name, garbage in members.items():
            info = archive.getinfo(name)
            start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
            data[start:start + len(garbage)] = garbage
    path.write_bytes(bytes(data))


def part_of(path: Path, sheet: str | None = None, table: str | None = None) -> str:
    """The member name of a sheet, a table, or the workbook part."""
    with zipfile.ZipFile(path) as archive:
        package = read_package(archive)
    if sheet is not None:
        return package.sheet(sheet).path
    if table is not None:
        return package.table(table)[1].path
    return package.workbook_path


def member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def temp_files(folder: Path) -> list[str]:
    """xlsales' temporary files (and lock files) in a folder."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~xlsales-"))
