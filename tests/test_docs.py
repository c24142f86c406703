"""Documentation is part of the product: these fail when something lacks its docs."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from click.testing import CliRunner

import udfs
from xlsales import core, reference
from xlsales.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = {d.name: d for d in reference.describe(udfs)}


@pytest.mark.parametrize("name", udfs.__all__)
def test_udf_is_registered_with_excel(name):
    assert DOCS[name].is_func, f"{name} lacks @xw.func"


@pytest.mark.parametrize("name", udfs.__all__)
def test_udf_has_a_docstring_with_a_french_term_and_an_example(name):
    doc = DOCS[name]
    assert ":" in doc.summary, "the summary starts with the French term, then a colon"
    assert len(doc.summary) <= 255, "Excel's function wizard shows 255 characters"
    assert doc.examples, f"{name} has no worked example"


@pytest.mark.parametrize("name", udfs.__all__)
def test_udf_declares_its_argument_help_from_the_catalogue(name):
    # @_documented applies @xw.arg(doc=...) from xlsales/locales/en/functions.yaml.
    tree = ast.parse(inspect.getsource(udfs))
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name)
    assert "_documented" in [getattr(d, "id", "") for d in node.decorator_list]


@pytest.mark.parametrize("name", udfs.__all__)
def test_every_argument_has_wizard_help(name):
    doc = DOCS[name]
    for param, _ in doc.params:
        assert doc.arg_docs.get(param), f"{name}({param}) lacks @xw.arg(doc=...)"
        assert len(doc.arg_docs[param]) <= 255


def test_reference_page_is_current():
    committed = (ROOT / "docs" / "functions.md").read_text(encoding="utf-8")
    assert committed == reference.render(udfs), "run `make docs` to regenerate it"


@pytest.mark.parametrize("name", udfs.__all__)
def test_reference_page_lists_the_function(name):
    page = (ROOT / "docs" / "functions.md").read_text(encoding="utf-8")
    assert f"## {name}\n" in page


@pytest.mark.parametrize("name", core.__all__)
def test_core_public_names_are_documented(name):
    obj = getattr(core, name)
    if inspect.isfunction(obj):
        doc = inspect.getdoc(obj) or ""
        assert ">>> " in doc, f"core.{name} has no doctest example"
    elif inspect.isclass(obj):
        assert inspect.getdoc(obj)


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if hasattr(command, "commands"):
            yield from _commands(command, prefix + (name,))


@pytest.mark.parametrize(("path", "command"), list(_commands(cli)),
                         ids=lambda p: " ".join(p) if isinstance(p, tuple) else "")
def test_every_cli_command_has_help(path, command):
    assert command.help, f"xlsales {' '.join(path)} has no help"
    for param in command.params:
        if param.param_type_name == "option":
            assert param.help, f"--{param.name} of xlsales {' '.join(path)} has no help"
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
