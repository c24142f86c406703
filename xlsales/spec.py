"""Spec files: YAML that prefills a workbook's inputs, validated with line numbers.

A spec is YAML (comments and French text read naturally, and PyYAML keeps the line of
every node). Each template declares its spec as a pydantic model; :func:`load` reads
the file, validates it and turns every problem into one line naming the key path and
the line: ``campagne.yaml: clé targets[0].results.clients, ligne 14: ...``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import Location, Problem, SpecError
from .i18n import section, text

__all__ = ["SpecModel", "load", "load_text", "key_path", "problem_at"]

M = TypeVar("M", bound=BaseModel)


class SpecModel(BaseModel):
    """Base of every spec model: unknown keys are errors, values are not coerced from
    text (``"12"`` is not a number), and models are immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def problem_at(key: str, loc: tuple[Any, ...], name: str = "") -> ValueError:
    """An error a model validator raises about another place of the spec: ``key`` names
    its message in ``messages.spec``, ``loc`` the place (so the line is the right one).

    >>> str(problem_at("unknown_reference", ("actions", 1, "segment"), "Retraités"))
    'unknown_reference@actions.1.segment:Retraités'
    """
    return ValueError(f"{key}@{'.'.join(map(str, loc))}:{name}")


def _parse_loc(text: str) -> tuple[Any, ...]:
    return tuple(int(part) if part.isdigit() else part for part in text.split("."))


def key_path(loc: tuple[Any, ...]) -> str:
    """A pydantic location as a readable key path.

    >>> key_path(("targets", 0, "results", "clients"))
    'targets[0].results.clients'
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _lines(node: yaml.Node, prefix: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    out[prefix] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out[prefix + (key.value,)] = key.start_mark.line + 1
            _lines(value, prefix + (key.value,), out)
            # A key's own line is where the key is written, not where its block starts.
            out[prefix + (key.value,)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _lines(item, prefix + (index,), out)


def _line_of(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int | None:
    # A missing key has no line: report its closest parent's.
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _message(error: Mapping[str, Any], lang: str) -> str:
    words = section("messages.spec", lang)
    if error["type"] == "value_error":
        # Our own validators raise ValueError("key") or ValueError("key:name").
        key, _, name = str(error["ctx"]["error"]).partition(":")
        return words[key].format(name=name) if key in words else str(error["ctx"]["error"])
    template = words.get(error["type"])
    if template is None:
        return str(error["msg"])
    return template.format(**(error.get("ctx") or {}))


def _plain(node: Any) -> Any:
    # PyYAML reads 2022-02-01 as a date already; datetimes become dates for date fields.
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, dt.datetime):
        return node.date()
    return node


def load_text(source_text: str, model: type[M], source: str = "spec", lang: str = "fr") -> M:
    """Validate YAML ``source_text`` against ``model``; raise :class:`SpecError` with
    every problem, each naming its key path and line, worded in ``lang``."""
    try:
        # One parse, by PyYAML's C loader when present: the nodes keep their lines and
        # construct the data.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(source_text)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        message = text("messages.spec.unreadable", lang).format(reason=reason)
        raise SpecError([Problem(Location(file=source, line=line), message)], lang) from None
    if root is None or not isinstance(data, dict):
        raise SpecError([Problem(Location(file=source, line=1),
                                 text("messages.spec.not_mapping", lang))], lang)
    lines: dict[tuple[Any, ...], int] = {}
    _lines(root, (), lines)
    try:
        return model.model_validate(_plain(data))
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            if error["type"] == "value_error":
                head, _, rest = str(error["ctx"]["error"]).partition(":")
                if "@" in head:
                    key, _, at = head.partition("@")
                    loc = _parse_loc(at)
                    error = {**error, "ctx": {"error": f"{key}:{rest}"}, "input": rest}
            where = Location(file=source,
                             key=key_path(loc) or text("messages.where.root", lang),
                             line=_line_of(loc, lines))
            value = error.get("input") if error["type"] != "missing" else None
            if isinstance(value, (dict, list)):
                value = None
            problems.append(Problem(where, _message(error, lang), value))
        raise SpecError(problems, lang) from None


def load(path: Path | str, model: type[M], lang: str = "fr") -> M:
    """Read and validate a spec file."""
    path = Path(path)
    try:
        source_text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        message = text("messages.spec.read_error", lang).format(reason=exc)
        raise SpecError([Problem(Location(file=str(path)), message)], lang) from None
    return load_text(source_text, model, source=str(path), lang=lang)
