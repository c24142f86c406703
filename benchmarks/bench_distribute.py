"""``xlsales distribute`` and ``xlsales collect`` at 50 and 500 recipients (issue 11),
each a whole process on two jobs, against the goals: 500 distributed in 60 s and
collected in 30 s on 2 cores, memory flat in the number of workbooks.

    python benchmarks/bench_distribute.py [SIZE ...]      (default: 50 500)

The returns collected are the distributed workbooks themselves (every check runs, and
every one is accepted and consolidated).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import (  # noqa: E402
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


def main(sizes: list[int]) -> None:
    rows, goals = [], []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for size in sizes:
            team, out, into = root / f"team{size}.csv", root / f"out{size}", root / "c.xlsx"
            _team(team, size)
            runs = 3 if size <= 50 else 2
            distribute = measure_process(
                f"distribute objectives, {size} advisors",
                [XLSALES, "distribute", "objectives", "--team", str(team), "--spec",
                 str(SPEC), "--out", str(out), "--jobs", JOBS],
                runs=runs, setup=lambda out=out: shutil.rmtree(out, ignore_errors=True))
            collect = measure_process(
                f"collect {size} returns", [XLSALES, "collect", str(out), "--into",
                                            str(into), "--jobs", JOBS],
                runs=runs, setup=lambda into=into: into.unlink(missing_ok=True))
            for result in (distribute, collect):
                rows.append(result.row())
                if size == max(sizes):
                    goal = GOALS[result.label.split()[0]]
                    met = "met" if result.done and result.median <= goal else "missed"
                    goals.append([result.label, f"≤ {goal:.0f} s", f"{result.median:.1f} s",
                                  met])
    info = machine()
    text = "\n\n".join([
        "## Distribute and collect (issue 11)",
        markdown_table(["run", "median", "min", "max", "peak MB", "note"], rows),
        markdown_table(["goal (2 jobs)", "target", "measured", ""], goals),
        f"Machine: {info['cpu']}, {info['memory']}, Python {info['python']}, XlsxWriter "
        f"{info['XlsxWriter']}; load average {load()} (other work running beside). Peak MB "
        f"is the largest process (the parent or one worker).",
    ])
    write_report("distribute", text)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [50, 500])
