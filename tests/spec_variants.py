"""Spec variants derived from the shipped specs: every number set to zero, and every
list emptied, wherever the spec's model accepts it (a change the model refuses is
undone). They put the formulas on their edges: zero denominators, empty tables,
lookups that find nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import yaml
from pydantic import ValidationError

from xlsales.headlines import shipped_spec
from xlsales.templates import TEMPLATES

__all__ = ["SPECS", "zeros", "empty_lists"]

#: The shipped spec of each template.
SPECS = {"campaign": "campagne-parrainage-langon.yaml",
         "methods": "methodes-prospection-langon.yaml", "pac": "pac-langon.yaml",
         "objectives": "objectifs-agence.yaml", "pipeline": "pipeline-langon.yaml"}

Path_ = tuple[Any, ...]


def _leaves(node: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(node, list):
        yield path, node
        for index, value in enumerate(node):
            yield from _leaves(value, path + (index,))
    else:
        yield path, node


def _set(node: Any, path: Path_, value: Any) -> None:
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def _get(node: Any, path: Path_) -> Any:
    for key in path:
        node = node[key]
    return node


def _valid(kind: str, data: Any) -> bool:
    model, _ = TEMPLATES[kind].builder()
    try:
        model.model_validate(data)
    except ValidationError:
        return False
    return True


def _variant(kind: str, change: Callable[[Path_, Any], Any]) -> str:
    """The shipped spec with ``change`` applied leaf by leaf where the model allows."""
    with open(shipped_spec(SPECS[kind]), encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    for path, value in list(_leaves(data)):
        if not path:
            continue
        try:
            before = _get(data, path)
        except (KeyError, IndexError, TypeError):
            continue  # inside a list emptied already
        new = change(path, value)
        if new is value:
            continue
        _set(data, path, new)
        if not _valid(kind, data):
            _set(data, path, copy.deepcopy(before))
    return yaml.safe_dump(data, allow_unicode=True)


def zeros(kind: str) -> str:
    """Every number 0 (counts, amounts, rates, prognoses...)."""
    def change(path: Path_, value: Any) -> Any:
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        return 0 if is_number and not isinstance(value, dt.date) else value
    return _variant(kind, change)


def empty_lists(kind: str) -> str:
    """Every list empty (actions, costs, figures, offers...)."""
    return _variant(kind, lambda path, value: [] if isinstance(value, list) and value
                    else value)
