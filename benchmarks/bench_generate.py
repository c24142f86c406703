"""Generating each template (from its shipped spec when there is one) and the
dashboard, in process and as a whole ``xlsales new`` process.

    python benchmarks/bench_generate.py [KIND ...]      (default: every template)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import (  # noqa: E402
    as_installed,
    load,
    machine,
    markdown_table,
    measure_call,
    measure_process,
    write_report,
)
from xlsales.dashboard.generate import new_dashboard  # noqa: E402
from xlsales.headlines import shipped_spec  # noqa: E402
from xlsales.templates import TEMPLATES, generate  # noqa: E402

#: Every workbook ``xlsales new`` writes.
KINDS = [*TEMPLATES, "dashboard"]
#: The goal of issue 6 for a whole ``xlsales new`` process.
GOAL = 1.0

SPECS = {"campaign": "campagne-parrainage-langon.yaml",
         "methods": "methodes-prospection-langon.yaml", "pac": "pac-langon.yaml",
         "objectives": "objectifs-agence.yaml", "pipeline": "pipeline-langon.yaml"}


def main(kinds: list[str]) -> None:
    as_installed(Path(__file__).resolve().parent.parent)
    rows: list[list[str]] = []
    goals: list[list[str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            spec = shipped_spec(SPECS[kind]) if kind in SPECS else None
            if spec is not None and not spec.exists():
                spec = None
            out = Path(tmp) / f"{kind}.xlsx"
            if kind == "dashboard":
                def make(out: Path = out) -> object:
                    return new_dashboard(out)
            else:
                def make(kind: str = kind, out: Path = out, spec: Path | None = spec) -> object:
                    return generate(kind, out, spec)
            inside = measure_call(f"{kind}: generate (in process)", make, runs=5)
            command = [sys.executable, "-m", "xlsales", "new", kind, str(out), "--force"]
            if spec is not None:
                command += ["--spec", str(spec)]
            whole = measure_process(f"{kind}: xlsales new (whole process)", command, runs=5)
            rows += [inside.row(), whole.row()]
            goals.append([kind, f"{whole.median:.2f} s",
                          "met" if whole.median <= GOAL else "**missed**"])
    text = "\n\n".join([
        "## Generating the templates",
        markdown_table(["measure", "median", "min", "max", "peak MB", "note"], rows),
        f"Goal: every template generated in ≤ {GOAL:g} s (whole process, median):",
        markdown_table(["template", "xlsales new", ""], goals),
        "Machine: " + ", ".join(f"{k} {v}" for k, v in machine().items())
        + f"; load average {load()}",
    ])
    write_report("generate", text)


if __name__ == "__main__":
    main(sys.argv[1:] or KINDS)
