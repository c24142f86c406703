"""The kinds of workbook a manager distributes, each a module of five functions.

A kind module provides ``load_base(spec, data, lang)`` (the manager's inputs, read once),
``part_for(base, recipient)`` (what one recipient's workbook needs), ``period(base)``,
``spec_for(part, recipient, share)`` (the template's spec: a pure function),
``read_return(book, lang)`` and ``consolidate(parts, lang)``, and ``TABLES`` (the
consolidated workbook's tables). Adding a kind (the campaign per agency) is a module
and a line here.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from types import ModuleType

from ..errors import InputError, Location, Problem
from ..i18n import text
from .roster import team_message

__all__ = ["Kind", "KINDS", "kind", "LAYOUT"]

#: The layout of the distributed workbooks and their identification; a return of
#: another layout is refused.
LAYOUT = 1


@dataclass(frozen=True)
class Kind:
    """A kind of distribution: its module and the template it generates."""

    name: str
    module_name: str
    template: str

    @property
    def module(self) -> ModuleType:
        return import_module(f"{__package__}.{self.module_name}")

    def prefix(self, lang: str) -> str:
        """The first word of the file names (``objectifs``)."""
        return text(f"team.prefix.{self.name}", lang)

    @property
    def version(self) -> str:
        """The template version written into each workbook and the manifest."""
        try:
            release = version("xlsales")
        except PackageNotFoundError:  # running from a source tree
            release = "dev"
        return f"{self.template} {LAYOUT} (xlsales {release})"


KINDS: dict[str, Kind] = {
    "objectives": Kind("objectives", "objectives_team", "objectives"),
    "pipeline": Kind("pipeline", "pipeline_team", "pipeline"),
}


def kind(name: str, lang: str = "fr") -> Kind:
    """The kind called ``name``."""
    if name not in KINDS:
        raise InputError([Problem(Location(key="KIND"), team_message(
            "unknown_kind", lang, kinds=", ".join(KINDS)), name)], lang)
    return KINDS[name]
