"""The performance dashboard (issue 4): created by ``xlsales new dashboard``, refreshed
from a CRM extract by the CLI, by the ribbon button in Excel and by xlwings Lite —
one refresh, three entry points.

The names below load their module on first use, so that a refresh does not pay for
importing the workbook generator.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "STEPS",
    "demo_data",
    "new_dashboard",
    "refresh_file",
    "run",
    "summary",
    "write_demo",
    "write_demo_files",
]

_HOMES = {
    "STEPS": "progress",
    "demo_data": "synthetic",
    "new_dashboard": "generate",
    "refresh_file": "headless",
    "run": "refresh",
    "summary": "refresh",
    "write_demo": "demo_dashboard",
    "write_demo_files": "synthetic",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_HOMES[name]}", __name__), name)
