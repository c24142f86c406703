"""The language the command line speaks: its help texts and click's own messages.

The language is ``--lang`` when the command line holds one, else the system's (``LC_ALL``,
``LC_MESSAGES``, ``LANG``, ``LANGUAGE``) when it is one xlsales speaks, else French, the
product's language. Help texts live in ``locales/<lang>/cli.yaml``; click's messages are
looked up there by their English text (the ``click`` section of the English file holds
click's messages verbatim, the French one their translation).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from typing import Any

import click

from .i18n import DEFAULT_LANG, LANGS, section

__all__ = ["LocalPath", "choose_lang", "localize"]

#: click's modules that translate through ``gettext`` (each bound its own ``_``).
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types",
                  "termui")


def _from_args(args: Iterable[str]) -> str | None:
    words = list(args)
    for at, word in enumerate(words):
        if word == "--lang" and at + 1 < len(words) and words[at + 1] in LANGS:
            return words[at + 1]
        if word.startswith("--lang=") and word[7:] in LANGS:
            return word[7:]
    return None


def _from_environ(environ: Mapping[str, str]) -> str | None:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        found = re.match(r"[a-z]{2}", environ.get(variable, ""))
        if found:
            return found.group(0) if found.group(0) in LANGS else None
    return None


def choose_lang(args: Iterable[str], environ: Mapping[str, str] | None = None) -> str:
    """The command line's language: ``--lang``, else the system's, else French.

    >>> choose_lang(["new", "pac", "p.xlsx", "--lang", "en"], {"LANG": "fr_FR.UTF-8"})
    'en'
    >>> choose_lang(["refresh", "t.xlsx"], {"LANG": "en_GB.UTF-8"})
    'en'
    >>> choose_lang(["refresh", "t.xlsx"], {"LANG": "de_DE.UTF-8"})
    'fr'
    """
    environ = os.environ if environ is None else environ
    return _from_args(args) or _from_environ(environ) or DEFAULT_LANG


def _catalogue(lang: str) -> dict[str, str]:
    english: dict[str, str] = section("cli.click", "en")
    words: dict[str, str] = section("cli.click", lang)
    return {english[key]: words[key] for key in english}


def _install(lang: str) -> None:
    """Make click's messages speak ``lang`` (click reads them through ``gettext``)."""
    import importlib

    words = _catalogue(lang)

    def gettext(message: str) -> str:
        return words.get(message, message)

    def ngettext(singular: str, plural: str, count: int) -> str:
        return gettext(singular if count == 1 else plural)

    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


def _localize_command(command: click.Command, path: str, lang: str) -> None:
    entries: dict[str, Any] = section("cli.commands", lang)
    shared: dict[str, str] = section("cli.options", lang)
    entry = entries.get(path, {})
    if "help" in entry:
        command.help = entry["help"]
        command.short_help = None
    for param in command.params:
        if isinstance(param, click.Option) and param.name:
            own = entry.get("options", {}).get(param.name)
            if own or param.name in shared:
                param.help = own or shared[param.name]
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            _localize_command(sub, f"{path} {name}".strip(), lang)


def localize(group: click.Group, lang: str) -> None:
    """Word ``group``'s help texts, and click's own messages, in ``lang``.

    A command without an entry in ``cli.yaml`` keeps the help written in its code.
    """
    _install(lang)
    _localize_command(group, "", lang)


class LocalPath(click.Path):
    """click's path type, naming a file or folder in the language of the run (click
    words the name once, when the command is declared)."""

    @property
    def name(self) -> str:
        from click import types

        return types._(self._english_name)

    @name.setter
    def name(self, value: str) -> None:
        self._english_name = value
