"""Workbook templates: ``xlsales new <kind> OUT.xlsx [--spec FILE] [--lang fr|en]``.

Each template is a spec model (what a spec file may prefill) and a ``build`` function
(the workbook, with native formulas only). :func:`generate` validates the spec before
anything is written and saves atomically (:func:`xlsales.ooxml.save.atomic_path`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from ..errors import XlsalesError
from ..i18n import check_lang, text
from ..ooxml.save import atomic_path, close_abandoned_zips
from ..spec import load

__all__ = ["Template", "TEMPLATES", "generate", "check_target"]


@dataclass(frozen=True)
class Template:
    """A kind of workbook: its module (with ``build``) and its spec model's name."""

    module: str
    spec_model: str

    def builder(self) -> tuple[type[Any], Callable[..., Path]]:
        module = import_module(f"{__name__}.{self.module}")
        return getattr(module, self.spec_model), module.build


TEMPLATES: dict[str, Template] = {
    "campaign": Template("campaign", "CampaignSpec"),
    "methods": Template("methods", "MethodsSpec"),
    "pac": Template("pac", "PacSpec"),
    "objectives": Template("objectives", "ObjectivesSpec"),
    "pipeline": Template("pipeline", "PipelineSpec"),
}


def check_target(out: Path | str, force: bool = False, lang: str = "fr") -> None:
    """Refuse to replace an existing workbook unless told to: it may hold a manager's
    inputs."""
    if Path(out).exists() and not force:
        raise XlsalesError(text("messages.file.exists", lang).format(path=out))


def generate(kind: str, out: Path | str, spec: Path | str | None = None, lang: str = "fr",
             force: bool = True) -> Path:
    """Validate ``spec`` (if any) and write the ``kind`` workbook to ``out`` (an
    existing ``out`` only with ``force``)."""
    if kind not in TEMPLATES:
        raise XlsalesError(f"unknown template {kind!r}: {', '.join(TEMPLATES)}")
    check_lang(lang)
    model, build = TEMPLATES[kind].builder()
    values = load(spec, model, lang) if spec is not None else None
    check_target(out, force, lang)
    from xlsxwriter.exceptions import FileCreateError

    out = Path(out)
    with atomic_path(out, lang=lang) as tmp:
        try:
            build(tmp, values, lang)
        except (FileCreateError, OSError) as error:  # a full disk, among others
            close_abandoned_zips(error)
            raise OSError(str(error)) from None
    return out
