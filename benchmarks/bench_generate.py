"""Generating each template, blank and from its shipped spec, in a fresh process.

    python benchmarks/bench_generate.py [KIND ...]      (default: every template)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import (  # noqa: E402
    machine,
    markdown_table,
    measure_call,
    measure_process,
    write_report,
)
from xlsales.headlines import shipped_spec  # noqa: E402
from xlsales.templates import TEMPLATES, generate  # noqa: E402

SPECS = {"campaign": "campagne-parrainage-langon.yaml",
         "methods": "methodes-prospection-langon.yaml", "pac": "pac-langon.yaml",
         "objectives": "objectifs-agence.yaml", "pipeline": "pipeline-langon.yaml"}


def main(kinds: list[str]) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            spec = shipped_spec(SPECS[kind]) if kind in SPECS else None
            if spec is not None and not spec.exists():
                spec = None
            out = Path(tmp) / f"{kind}.xlsx"
            inside = measure_call(f"{kind}: generate (in process)",
                                  lambda kind=kind, out=out, spec=spec: generate(kind, out, spec),
                                  runs=5)
            command = [sys.executable, "-m", "xlsales", "new", kind, str(out)]
            if spec is not None:
                command += ["--spec", str(spec)]
            whole = measure_process(f"{kind}: xlsales new (whole process)", command, runs=5)
            rows += [inside.row(), whole.row()]
    text = "\n\n".join([
        "## Generating the templates",
        markdown_table(["measure", "median", "min", "max", "peak MB", "note"], rows),
        "Machine: " + ", ".join(f"{k} {v}" for k, v in machine().items()),
    ])
    write_report("generate", text)


if __name__ == "__main__":
    main(sys.argv[1:] or list(TEMPLATES))
