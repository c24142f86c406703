"""The YAML examples in the docs are real specs: each one loads and generates its
workbook, so that a reader who copies one gets a workbook and not an error."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from xlsales.spec import load_text
from xlsales.templates import TEMPLATES, generate

DOCS = Path(__file__).parent.parent / "docs"
_BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.M | re.S)
_KIND = re.compile(r"^## (\w+) — ", re.M)


def _examples() -> list[tuple[str, str, str]]:
    """(doc, kind, yaml) for every YAML block: specs.md names the template in the
    heading above each block, spec-pac.md documents the pac template alone."""
    found = []
    for doc in ("specs.md", "spec-pac.md"):
        text = (DOCS / doc).read_text(encoding="utf-8")
        for block in _BLOCK.finditer(text):
            if doc == "spec-pac.md":
                kind = "pac"
            else:
                headings = list(_KIND.finditer(text, 0, block.start()))
                kind = headings[-1].group(1)
            found.append((doc, kind, block.group(1)))
    return found


EXAMPLES = _examples()


def test_every_template_has_a_documented_example():
    assert sorted({kind for _, kind, _ in EXAMPLES}) == sorted(TEMPLATES)


@pytest.mark.parametrize(("doc", "kind", "source"), EXAMPLES,
                         ids=[f"{doc}:{kind}" for doc, kind, _ in EXAMPLES])
def test_documented_example_loads_and_generates(doc, kind, source, tmp_path):
    model, _ = TEMPLATES[kind].builder()
    spec = load_text(source, model, source=doc)
    path = tmp_path / f"{kind}.yaml"
    path.write_text(source, encoding="utf-8")
    out = generate(kind, tmp_path / f"{kind}.xlsx", path)
    # The example's title reached the workbook (XlsxWriter keeps text in shared strings).
    title = re.search(r"^\s*(?:name|title): ([^#\n]+)", source, re.M).group(1).strip()
    assert title in spec.model_dump_json(), "the title is read from the spec"
    with zipfile.ZipFile(out) as package:
        assert package.testzip() is None
        strings = package.read("xl/sharedStrings.xml").decode()
    assert f">{title}<" in strings
