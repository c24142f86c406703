"""``xlsales distribute`` and ``xlsales collect`` at 50 and 500 recipients (issue 11),
each a whole process on two jobs, against the goals: 500 distributed in 60 s and
collected in 30 s on 2 cores, memory flat in the number of workbooks.

    python benchmarks/bench_distribute.py [SIZE ...]      (default: 50 500)

The returns collected are the distributed workbooks themselves (every check runs, and
every one is accepted and consolidated).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import (  # noqa: E402
    as_installed,
    load,
    machine,
    markdown_table,
    measure_process,
    write_report,
)

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "xlsales" / "specs" / "objectifs-agence.yaml"
XLSALES = str(Path(sys.executable).with_name("xlsales"))
JOBS = "2"
#: Seconds allowed at 500 recipients on 2 cores.
GOALS = {"distribute": 60.0, "collect": 30.0}


def _team(path: Path, size: int) -> None:
    lines = ["conseiller;agence"]
    lines += [f"Conseiller {i:04d};Agence {i % 40:02d}" for i in range(size)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def cpu_seconds(command: list[str], setup) -> float:  # type: ignore[no-untyped-def]
    """The processor time of one run, the process and its workers together: on a
    machine shared with other work, CPU / 2 is what the run needs of 2 free cores."""
    setup()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(sizes: list[int]) -> None:
    as_installed(ROOT)
    rows, goals = [], []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for size in sizes:
            team, out, into = root / f"team{size}.csv", root / f"out{size}", root / "c.xlsx"
            _team(team, size)
            runs = 3 if size <= 50 else 2
            commands = {
                "distribute": [XLSALES, "distribute", "objectives", "--team", str(team),
                               "--spec", str(SPEC), "--out", str(out), "--jobs", JOBS],
                "collect": [XLSALES, "collect", str(out), "--into", str(into), "--jobs", JOBS],
            }
            setups = {"distribute": lambda out=out: shutil.rmtree(out, ignore_errors=True),
                      "collect": lambda into=into: into.unlink(missing_ok=True)}
            labels = {"distribute": f"distribute objectives, {size} advisors",
                      "collect": f"collect {size} returns"}
            for step in ("distribute", "collect"):
                result = measure_process(labels[step], commands[step], runs=runs,
                                         setup=setups[step])
                cpu = cpu_seconds(commands[step], setups[step])
                result.note = f"CPU {cpu:.1f} s (CPU / 2: {cpu / 2:.1f} s)"
                rows.append(result.row())
                if size == max(sizes):
                    goal = GOALS[step]
                    met = "met" if result.done and result.median <= goal else "missed"
                    free = "met" if cpu / 2 <= goal else "missed"
                    goals.append([result.label, f"≤ {goal:.0f} s", f"{result.median:.1f} s",
                                  met, f"{cpu / 2:.1f} s", free])
    info = machine()
    text = "\n\n".join([
        "## Distribute and collect (issue 11)",
        markdown_table(["run", "median", "min", "max", "peak MB", "note"], rows),
        markdown_table(["goal (2 jobs)", "target", "wall (median)", "", "CPU / 2", ""],
                       goals),
        f"Machine: {info['cpu']}, {info['memory']}, Python {info['python']}, XlsxWriter "
        f"{info['XlsxWriter']}; load average {load()} (other work running beside). Peak MB "
        f"is the largest process (the parent or one worker). CPU is the processor time of "
        f"the process and its workers in one more run: CPU / 2 is the wall time on two "
        f"cores free of other work.",
    ])
    write_report("distribute", text)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [50, 500])
