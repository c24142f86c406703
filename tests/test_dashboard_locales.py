"""Every label of the dashboard and the add-in exists in French and in English."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

import xlsales
from xlsales.dashboard.layout import BLOCKS, FIGURES, SETTINGS, SHEETS
from xlsales.i18n import LANGS, text


def _keys(node, prefix=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _keys(value, f"{prefix}.{key}" if prefix else str(key))
    else:
        yield prefix


def _catalogue(lang, namespace):
    path = resources.files("xlsales") / "locales" / lang / f"{namespace}.yaml"
    return set(_keys(yaml.safe_load(path.read_text(encoding="utf-8"))))


@pytest.mark.parametrize("namespace", ["dashboard", "addin"])
def test_french_and_english_have_the_same_keys(namespace):
    assert _catalogue("fr", namespace) == _catalogue("en", namespace)


LAYOUT_LABELS = (
    [f"dashboard.sheet.{s}" for s in SHEETS]
    + [f"dashboard.column.{f.label}" for b in BLOCKS for f in b.fields]
    + [f"dashboard.figure.{f.label}" for f in FIGURES]
    + [f"dashboard.settings.{s.key}" for s in SETTINGS]
)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", sorted(set(LAYOUT_LABELS)))
def test_every_label_the_layout_uses_exists(key, lang):
    assert text(key, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_sheet_names_are_valid_excel_names(lang):
    names = [text(f"dashboard.sheet.{s}", lang) for s in SHEETS]
    assert len(set(names)) == len(names)
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


CATALOGUES = sorted((path.parent.name, path.stem) for path in
                    (Path(xlsales.__file__).parent / "locales").glob("*/*.yaml"))


@pytest.mark.parametrize(("lang", "namespace"), CATALOGUES)
def test_catalogue_reads_the_same_with_libyaml(lang, namespace):
    """i18n reads the catalogues with libyaml's loader (ten times faster, part of every
    command's start-up): every entry must be what the reference pure-Python loader reads."""
    from xlsales.i18n import _LOADER, _namespace

    path = resources.files("xlsales") / "locales" / lang / f"{namespace}.yaml"
    assert _LOADER is yaml.CSafeLoader  # the wheels ship libyaml: the fast path is taken
    assert _namespace(lang, namespace) == yaml.load(path.read_text(encoding="utf-8"),
                                                    Loader=yaml.SafeLoader)
