"""Shared measuring tools for the benchmark scripts (plain Python, run by hand).

Whole-process measurements run the command several times in a fresh process and report
the median, min and max wall time and the peak resident memory (RSS) of the process,
read from ``getrusage(RUSAGE_CHILDREN)`` by a one-child wrapper so each run is measured
alone.
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

__all__ = ["Result", "ratio", "measure_process", "measure_call", "machine", "load",
           "markdown_table", "write_report", "as_installed"]

RESULTS = Path(__file__).parent / "results"

_WRAPPER = """
import json, os, resource, signal, subprocess, sys, time
timeout = float(sys.argv[1])
start = time.perf_counter()
# Its own session, so that a run past the timeout is ended with every process it
# started (LibreOffice's launcher starts soffice.bin, which outlives its parent).
child = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         start_new_session=True)
try:
    _, err = child.communicate(timeout=timeout)
    code = child.returncode
except subprocess.TimeoutExpired:
    os.killpg(child.pid, signal.SIGKILL)
    _, err = child.communicate()
    code = None
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": elapsed, "peak_mb": usage.ru_maxrss / 1024, "code": code,
                  "cpu": usage.ru_utime + usage.ru_stime,
                  "stderr": err.decode(errors="replace")[-2000:]}))
"""


@dataclass
class Result:
    """Median, min and max seconds of several runs, and the peak RSS in MB."""

    label: str
    seconds: list[float]
    peak_mb: float | None = None
    note: str = ""
    #: CPU seconds (user + system) of each run: steadier than wall time on a machine
    #: other work shares, though not immune to it (caches, memory bandwidth).
    cpu: list[float] = field(default_factory=list)

    @property
    def done(self) -> bool:
        """Whether every run finished."""
        return bool(self.seconds) and "did not finish" not in self.note

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else math.nan

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else math.nan

    def row(self) -> list[str]:
        peak = "" if self.peak_mb is None else f"{self.peak_mb:,.0f}"
        if not self.seconds:
            return [self.label, "–", "–", "–", peak, self.note]
        return [self.label, _fmt(self.median), _fmt(min(self.seconds)),
                _fmt(max(self.seconds)), peak, self.note]


def ratio(numerator: Result, denominator: Result) -> str:
    """``numerator / denominator`` of the medians, or why there is none."""
    if not numerator.done or not denominator.done:
        return "–"
    return f"{numerator.median / denominator.median:.2f}"


def _fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def measure_process(label: str, command: Sequence[str], runs: int = 3,
                    setup: Callable[[], None] | None = None, timeout: float = 900,
                    env: dict[str, str] | None = None, cwd: Path | None = None) -> Result:
    """Run ``command`` ``runs`` times, each in a fresh process (after ``setup``).

    A run still going after ``timeout`` seconds is ended (with every process it
    started) and the measure stops there: its result has no time, and says so.
    """
    seconds: list[float] = []
    peaks: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        if setup:
            setup()
        out = subprocess.run([sys.executable, "-c", _WRAPPER, str(timeout), *command],
                             capture_output=True, text=True, env=env, cwd=cwd)
        record = json.loads(out.stdout)
        if record["code"] is None:
            return Result(label, seconds, max(peaks, default=None),
                          f"did not finish in {timeout / 60:.0f} min")
        if record["code"] != 0:
            raise RuntimeError(f"{label} failed: {record['stderr']}")
        seconds.append(record["seconds"])
        peaks.append(record["peak_mb"])
        cpu.append(record["cpu"])
    return Result(label, seconds, max(peaks), cpu=cpu)


def measure_call(label: str, fn: Callable[[], object], runs: int = 5, number: int = 1
                 ) -> Result:
    """Time ``fn`` in this process: ``runs`` samples of ``number`` calls each, per call."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        seconds.append((time.perf_counter() - start) / number)
    return Result(label, seconds)


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    memory = ""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            kb = int(info.readline().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    versions = {}
    for package in ("numpy", "pandas", "openpyxl", "XlsxWriter", "python-calamine", "fastexcel",
                    "arro3-core", "nanoarrow", "isal", "xlwings"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "absent"
    soffice = subprocess.run(["soffice", "--version"], capture_output=True, text=True)
    return {
        "cpu": f"{os.cpu_count()} cores, {platform.machine()}",
        "memory": memory,
        "python": platform.python_version(),
        "libreoffice": soffice.stdout.strip() or "absent",
        **versions,
    }


def as_installed(*roots: Path) -> None:
    """Compile the bytecode of the ``xlsales`` package under each root, as pip does
    when it installs the wheel. An editable checkout has none, and this machine sets
    ``PYTHONDONTWRITEBYTECODE``: every process would compile xlsales' modules again
    (80 to 100 ms of a refresh's start-up), which no installed copy does."""
    for root in roots:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "xlsales")],
                       check=True, stdout=subprocess.DEVNULL)


def load() -> str:
    """The machine's load average (1, 5 and 15 min): other work running beside."""
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def write_report(name: str, text: str) -> Path:
    """Print ``text`` and write it to ``benchmarks/results/<name>.md``."""
    print(text)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.md"
    path.write_text(text + "\n", encoding="utf-8")
    return path
