"""The prospect pipeline workbook's operations (issue 5): ``xlsales snapshot`` records
the statuses at a date ("la photo"), ``xlsales refresh`` recomputes the comparison of
two recorded dates ("le film").

The operations load on first use: the generator imports :mod:`.names` alone.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["is_pipeline", "refresh", "snapshot"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    home = ".kind" if name == "is_pipeline" else ".operations"
    return getattr(import_module(home, __name__), name)
