"""Excel's function wizard shows the catalogue's help in the user's language: French by
default, English when Excel's interface (or XLSALES_LANG) is English.

Off Windows, xlwings' ``@xw.arg`` does nothing, so the tests record what udfs asks it
to declare when imported (as xlwings' *Import Functions* imports it)."""

from __future__ import annotations

import importlib

import pytest
import xlwings as xw

import udfs
from xlsales.function_help import function_help, wizard_language


@pytest.fixture
def declared(monkeypatch):
    """Import udfs again under a chosen XLSALES_LANG; return the argument help it
    declared through ``@xw.arg``, by function. The normal module is restored after."""
    def load(lang: str | None) -> dict[str, dict[str, str]]:
        seen: dict[str, dict[str, str]] = {}

        def arg(name, doc=None, **options):
            def record(fn):
                seen.setdefault(fn.__name__, {})[name] = doc
                return fn
            return record

        monkeypatch.setattr(xw, "arg", arg)
        if lang is None:
            monkeypatch.delenv("XLSALES_LANG", raising=False)
        else:
            monkeypatch.setenv("XLSALES_LANG", lang)
        importlib.reload(udfs)
        return seen

    yield load
    monkeypatch.undo()
    importlib.reload(udfs)


@pytest.mark.parametrize(("lang", "expected"), [(None, "fr"), ("en", "en"), ("FR", "fr"),
                                                ("de", "fr")])
def test_wizard_language(monkeypatch, lang, expected):
    if lang is None:
        monkeypatch.delenv("XLSALES_LANG", raising=False)
    else:
        monkeypatch.setenv("XLSALES_LANG", lang)
    assert wizard_language() == expected


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_argument_is_declared_in_the_wizards_language(declared, lang):
    seen = declared(lang)
    assert sorted(seen) == sorted(udfs.__all__)
    for name, docs in seen.items():
        help_ = function_help(name, lang)
        assert docs == {arg: h.help for arg, h in help_.args.items()}, name


def test_french_is_the_default(declared):
    assert declared(None)["kpi_cac"]["cost"] == (
        "Coût total de l'action sur la période, additionné.")
    assert declared("en")["kpi_cac"]["cost"] != declared(None)["kpi_cac"]["cost"]
