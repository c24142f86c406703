"""Copy the latest benchmark tables into ``docs/performance.md``.

    python benchmarks/report.py

The tables the benchmark scripts wrote in ``benchmarks/results/`` replace what lies
between the ``<!-- tables: NAME -->`` and ``<!-- /tables: NAME -->`` markers of the
document; the reading around them is written by hand, and is to be checked against the
new figures.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import RESULTS  # noqa: E402

__all__ = ["DOC", "update"]

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def update(doc: Path = DOC, results: Path = RESULTS) -> list[str]:
    """Replace each marked block of ``doc`` with its result file; the names replaced."""
    text = doc.read_text(encoding="utf-8")
    done = []
    for found in re.finditer(r"<!-- tables: (\w+) -->", text):
        name = found.group(1)
        source = results / f"{name}.md"
        if not source.exists():
            continue
        body = source.read_text(encoding="utf-8").strip()
        # The document has its own section titles: drop the script's.
        body = re.sub(r"\A## [^\n]*\n+", "", body)
        pattern = re.compile(rf"(<!-- tables: {name} -->\n)(?:.*?\n)?(<!-- /tables: {name} -->)",
                             re.S)
        text = pattern.sub(lambda m, body=body: m.group(1) + body + "\n" + m.group(2), text)
        done.append(name)
    doc.write_text(text, encoding="utf-8")
    return done


if __name__ == "__main__":
    names = update()
    print(f"{DOC}: {', '.join(names) or 'nothing'} updated")
