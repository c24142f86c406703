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

__all__ = ["SpecModel", "load", "load_text", "key_path", "problem_at", "name_clash",
           "refuse_clashes"]

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


def name_clash(names: list[str]) -> tuple[int, str] | None:
    """The first name that repeats an earlier one, and the message key: an exact
    repeat is ``duplicate_name``, a repeat but for case (or surrounding spaces)
    ``case_clash``. SUMIF, COUNTIFS, MATCH and VLOOKUP ignore case, so the workbook
    would pool "Phoning" and "PHONING".

    >>> name_clash(["Phoning", "Salon", "PHONING"]), name_clash(["a", "b"])
    ((2, 'case_clash'), None)
    """
    seen: dict[str, str] = {}
    for index, name in enumerate(names):
        folded = name.strip().casefold()
        if folded in seen:
            return index, "duplicate_name" if seen[folded] == name else "case_clash"
        seen[folded] = name
    return None


def refuse_clashes(names: list[str], loc: tuple[Any, ...], field: str | None = None) -> None:
    """Raise :func:`problem_at` the first name of ``names`` (at ``loc`` + index, +
    ``field``) that repeats an earlier one, even only by case."""
    found = name_clash(names)
    if found is not None:
        index, key = found
        where = loc + (index,) + ((field,) if field else ())
        raise problem_at(key, where, names[index])


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


def _refuse(source: str, at: int | None, key: str, lang: str, **values: Any) -> SpecError:
    message = text(f"messages.spec.{key}", lang).format(**values)
    return SpecError([Problem(Location(file=source, line=at), message)], lang)


def _compose(source_text: str, source: str, lang: str) -> yaml.Node | None:
    """The YAML node tree, refusing aliases (``*name``): a spec has no use for them,
    and a few nested ones expand to gigabytes (the "billion laughs")."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(source_text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                raise _refuse(source, mark.line + 1 if mark else None, "alias", lang)
    finally:
        loader.dispose()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(source_text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _check_keys(node: yaml.Node, source: str, lang: str) -> None:
    """Refuse a key written twice in one mapping (PyYAML keeps the last silently)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key, value in current.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else None
                line = key.start_mark.line + 1
                if name is not None and name in seen:
                    raise _refuse(source, line, "duplicate_key", lang, name=name,
                                  first=seen[name], second=line)
                if name is not None:
                    seen[name] = line
                stack += [key, value]
        elif isinstance(current, yaml.SequenceNode):
            stack += current.value


def _construct(root: yaml.Node, source: str, lang: str) -> Any:
    """The data of the node tree; a value PyYAML reads but Python cannot hold (the
    date 2022-02-30) is a message naming its line."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)("")
    try:
        return loader.construct_document(root)
    except (ValueError, OverflowError, yaml.YAMLError) as error:
        line = _bad_scalar_line(loader, root)
        raise _refuse(source, line, "unreadable", lang, reason=error) from None
    finally:
        loader.dispose()


def _bad_scalar_line(loader: Any, root: yaml.Node) -> int | None:
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            try:
                loader.construct_object(node, deep=True)
            except (ValueError, OverflowError, yaml.YAMLError):
                return node.start_mark.line + 1
        elif isinstance(node, yaml.MappingNode):
            stack += [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return None


def load_text(source_text: str, model: type[M], source: str = "spec", lang: str = "fr") -> M:
    """Validate YAML ``source_text`` against ``model``; raise :class:`SpecError` with
    every problem, each naming its key path and line, worded in ``lang``.

    Aliases and duplicate keys are refused (with their lines), as are values Python
    cannot hold (``2022-02-30``).
    """
    try:
        # PyYAML's C loader when present: the nodes keep their lines.
        root = _compose(source_text, source, lang)
        if root is not None:
            _check_keys(root, source, lang)
        data = _construct(root, source, lang) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise _refuse(source, line, "unreadable", lang, reason=reason) from None
    except RecursionError:
        raise _refuse(source, None, "too_deep", lang) from None
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
