"""Shared measuring tools for the benchmark scripts (plain Python, run by hand).

Whole-process measurements run the command several times in a fresh process and report
the median, min and max wall time and the peak resident memory (RSS) of the process,
read from ``getrusage(RUSAGE_CHILDREN)`` by a one-child wrapper so each run is measured
alone.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

__all__ = ["Result", "measure_process", "measure_call", "machine", "markdown_table",
           "write_report"]

RESULTS = Path(__file__).parent / "results"

_WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_mb": peak_kb / 1024, "code": done.returncode,
                  "stderr": done.stderr.decode(errors="replace")[-2000:]}))
"""


@dataclass
class Result:
    """Median, min and max seconds of several runs, and the peak RSS in MB."""

    label: str
    seconds: list[float]
    peak_mb: float | None = None
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def row(self) -> list[str]:
        peak = "" if self.peak_mb is None else f"{self.peak_mb:,.0f}"
        return [self.label, _fmt(self.median), _fmt(min(self.seconds)),
                _fmt(max(self.seconds)), peak, self.note]


def _fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def measure_process(label: str, command: Sequence[str], runs: int = 3,
                    setup: Callable[[], None] | None = None, timeout: float = 900) -> Result:
    """Run ``command`` ``runs`` times, each in a fresh process (after ``setup``)."""
    seconds, peaks = [], []
    for _ in range(runs):
        if setup:
            setup()
        out = subprocess.run([sys.executable, "-c", _WRAPPER, *command], capture_output=True,
                             text=True, timeout=timeout)
        record = json.loads(out.stdout)
        if record["code"] != 0:
            raise RuntimeError(f"{label} failed: {record['stderr']}")
        seconds.append(record["seconds"])
        peaks.append(record["peak_mb"])
    return Result(label, seconds, max(peaks))


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
    for package in ("numpy", "pandas", "openpyxl", "XlsxWriter", "python-calamine", "xlwings"):
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
