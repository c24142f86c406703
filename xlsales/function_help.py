"""The KPI functions' help, in French and English: one catalogue for every front end.

``locales/<lang>/functions.yaml`` holds, per function of ``udfs.py``, its one-line
description and, per argument, the name a function wizard shows and its help. The UDFs'
``@xw.arg(doc=...)`` (Excel's wizard), LibreOffice's ``CalcAddIns.xcu``
(:mod:`xlsales.oxt.xcu`) and ``docs/functions.md`` (:mod:`xlsales.reference`) all read
it here, so the help is written once per language.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .i18n import LANGS, section

__all__ = ["ArgHelp", "FunctionHelp", "function_help", "arg_doc", "catalogue_problems",
           "wizard_language"]

#: The language of the help when nothing says otherwise: the product's users are French.
DEFAULT_WIZARD_LANG = "fr"

#: What a function wizard shows at most, in Excel and LibreOffice alike.
MAX_HELP = 255


@dataclass(frozen=True)
class ArgHelp:
    """One argument as a wizard shows it."""

    name: str
    help: str


@dataclass(frozen=True)
class FunctionHelp:
    """One function's description and its arguments' help, in one language."""

    description: str
    args: dict[str, ArgHelp]


def function_help(udf_name: str, lang: str = "en") -> FunctionHelp:
    """The help of ``udf_name`` (``kpi_cac``) in ``lang``.

    >>> function_help("kpi_cac", "fr").args["cost"]
    ArgHelp(name='coût', help="Coût total de l'action sur la période, additionné.")
    """
    entry = section(f"functions.{udf_name}", lang)
    args = {arg: ArgHelp(str(value["name"]), str(value["help"]))
            for arg, value in entry["args"].items()}
    return FunctionHelp(str(entry["description"]), args)


def wizard_language() -> str:
    """The language Excel's function wizard shows the help in: ``XLSALES_LANG`` when set
    (``fr`` or ``en``), else Excel's interface language where xlwings can ask it (the
    classic add-in on Windows), else French.

    Read when ``udfs`` is imported, which xlwings does on *Import Functions*: importing
    again after changing Excel's language redoes the help in the new one.
    """
    import os

    from ._windows import excel_ui_language

    forced = os.environ.get("XLSALES_LANG", "").strip().lower()
    if forced in LANGS:
        return forced
    return excel_ui_language() or DEFAULT_WIZARD_LANG


def arg_doc(udf_name: str, arg: str, lang: str = "en") -> str:
    """The help of one argument (what ``@xw.arg(doc=...)`` declares).

    >>> arg_doc("kpi_conversion", "base")
    'Items at the earlier step (contacts, prospects...), summed.'
    """
    return function_help(udf_name, lang).args[arg].help


def _problems(fn: Callable[..., Any], lang: str) -> Iterable[str]:
    name = fn.__name__
    try:
        found = function_help(name, lang)
    except KeyError:
        yield f"{lang}: {name} has no help"
        return
    params = list(inspect.signature(fn).parameters)
    if list(found.args) != params:
        yield f"{lang}: {name} documents {list(found.args)}, its arguments are {params}"
    texts = [found.description] + [a.help for a in found.args.values()]
    if not all(texts) or max(map(len, texts)) > MAX_HELP:
        yield f"{lang}: {name} has a blank text or one over {MAX_HELP} characters"


def catalogue_problems(functions: Iterable[Callable[..., Any]]) -> list[str]:
    """What is missing or wrong in the catalogue for ``functions``, in every language:
    a function without help, arguments not those of its signature (same order), a
    blank or over-long text.

    >>> def kpi_cac(cost, clients, extra): ...
    >>> catalogue_problems([kpi_cac])[0]
    "fr: kpi_cac documents ['cost', 'clients'], its arguments are ['cost', 'clients', 'extra']"
    """
    fns = list(functions)
    return [problem for lang in LANGS for fn in fns for problem in _problems(fn, lang)]
