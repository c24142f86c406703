"""Workbook templates: ``xlsales new <kind> OUT.xlsx [--spec FILE] [--lang fr|en]``.

Each template is a spec model (what a spec file may prefill) and a ``build`` function
(the workbook, with native formulas only). :func:`generate` validates the spec before
anything is written and saves atomically: a temporary file beside the target, renamed
over it once complete.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from ..errors import XlsalesError
from ..i18n import check_lang, text
from ..spec import load

__all__ = ["Template", "TEMPLATES", "generate", "atomic_path", "check_target"]


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


class atomic_path:
    """A temporary path beside ``target`` that replaces it on success only.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("done")
    >>> target.read_text()
    'done'
    """

    def __init__(self, target: Path | str) -> None:
        self.target = Path(target)

    def __enter__(self) -> Path:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{self.target.stem}-", suffix=self.target.suffix,
                                        dir=self.target.parent)
        os.close(handle)
        self.tmp = Path(name)
        return self.tmp

    def __exit__(self, kind: Any, value: Any, traceback: Any) -> None:
        if kind is not None:
            self.tmp.unlink(missing_ok=True)
            return
        # mkstemp makes the file private (0600); give it the mode the target had, or
        # the one a new file gets under the user's umask.
        if self.target.exists():
            mode = self.target.stat().st_mode & 0o777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(self.tmp, mode)
        os.replace(self.tmp, self.target)


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
    out = Path(out)
    with atomic_path(out) as tmp:
        build(tmp, values, lang)
    return out
