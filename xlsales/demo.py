"""The demo: the shipped examples written as workbooks, and their headline figures.

``xlsales demo`` writes the Abeille Langon worked case (docs/definitions.md) as the
workbooks a manager would e-mail, into ``xlsales-demo/`` (a folder of the user's) by
default. ``make golden`` writes the same into ``workbooks/examples/``: the committed
golden files the tests compare fresh output with.
"""

from __future__ import annotations

from pathlib import Path

from .headlines import report, shipped_spec
from .templates import generate

__all__ = ["EXAMPLES", "DEFAULT_OUT", "write_examples", "run"]

#: The examples: template, shipped spec, workbook file name.
EXAMPLES: tuple[tuple[str, str, str], ...] = (
    ("methods", "methodes-prospection-langon.yaml", "methodes-prospection-langon.xlsx"),
    ("campaign", "campagne-parrainage-langon.yaml", "campagne-parrainage-langon.xlsx"),
    ("objectives", "objectifs-agence.yaml", "objectifs-agence.xlsx"),
    ("pipeline", "pipeline-langon.yaml", "pipeline-langon.xlsx"),
    ("pac", "pac-langon.yaml", "pac-langon.xlsx"),
)
DEFAULT_OUT = Path("xlsales-demo")


def write_examples(out_dir: Path | str = DEFAULT_OUT) -> list[Path]:
    """Write every example workbook into ``out_dir``; return their paths. The pipeline
    gets its second photo, at the spec's date, so that its film shows."""
    from .prospects import snapshot
    from .spec import load
    from .templates.pipeline import PipelineSpec

    out = Path(out_dir)
    paths = []
    for kind, spec, name in EXAMPLES:
        path = generate(kind, out / name, shipped_spec(spec))
        if kind == "pipeline":
            day = load(shipped_spec(spec), PipelineSpec).date
            snapshot(path, day, today=day)
        paths.append(path)
    return paths


def run(out_dir: Path | str = DEFAULT_OUT) -> str:
    """Write the examples and return the text the demo prints."""
    paths = write_examples(out_dir)
    written = "\n".join(f"  {path}" for path in paths)
    figures = report(shipped_spec(EXAMPLES[0][1]), shipped_spec(EXAMPLES[1][1]))
    return f"Classeurs écrits :\n{written}\n\n{figures}"
