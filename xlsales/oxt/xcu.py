"""``CalcAddIns.xcu``: how Calc names and explains each function of the add-in.

Calc reads, per function of the add-in's interface, its display name, description,
category and, per argument, a display name and a help, each in several languages
(``xml:lang``), from this configuration file. The texts come from the one catalogue
(:mod:`xlsales.function_help`).

A function keeps the same name in every language (``KPI_CAC``, as in Excel, where
xlwings UDFs are not translated), so a sheet typed by a French user reads the same for
an English one; its arguments' names and help are translated.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ..function_help import function_help
from ..i18n import LANGS
from .idl import method_name, param_name

__all__ = ["CATEGORY", "calc_addins_xcu"]

#: Calc's own category for add-in functions (the wizard lists only its own categories).
CATEGORY = "Add-In"


def _prop(name: str, texts: dict[str, str]) -> list[str]:
    values = [f"<value xml:lang={quoteattr(lang)}>{escape(text)}</value>"
              for lang, text in texts.items()]
    return [f'<prop oor:name="{name}">', *values, "</prop>"]


def _function(fn: Callable[..., Any]) -> list[str]:
    helps = {lang: function_help(fn.__name__, lang) for lang in LANGS}
    shown = method_name(fn.__name__)
    lines = [f'<node oor:name="{shown}" oor:op="replace">',
             *_prop("DisplayName", {lang: shown for lang in LANGS}),
             *_prop("Description", {lang: h.description for lang, h in helps.items()}),
             f'<prop oor:name="Category"><value>{CATEGORY}</value></prop>',
             '<node oor:name="Parameters">']
    for arg in inspect.signature(fn).parameters:
        lines += [f'<node oor:name="{param_name(arg)}" oor:op="replace">',
                  *_prop("DisplayName", {lang: h.args[arg].name for lang, h in helps.items()}),
                  *_prop("Description", {lang: h.args[arg].help for lang, h in helps.items()}),
                  "</node>"]
    return lines + ["</node>", "</node>"]


def calc_addins_xcu(implementation: str, functions: Sequence[Callable[..., Any]]) -> str:
    """The configuration file registering ``functions`` for the add-in service
    ``implementation``.

    >>> def kpi_cac(cost, clients): ...
    >>> xcu = calc_addins_xcu("org.example.Kpi", [kpi_cac])
    >>> '<value xml:lang="fr">coût</value>' in xcu
    True
    """
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<oor:component-data xmlns:oor="http://openoffice.org/2001/registry"'
        ' xmlns:xs="http://www.w3.org/2001/XMLSchema"'
        ' oor:name="CalcAddIns" oor:package="org.openoffice.Office">',
        '<node oor:name="AddInInfo">',
        f"<node oor:name={quoteattr(implementation)} oor:op=\"replace\">",
        '<node oor:name="AddInFunctions">',
    ]
    for fn in functions:
        lines += _function(fn)
    lines += ["</node>", "</node>", "</node>", "</oor:component-data>", ""]
    return "\n".join(lines)
