"""The performance dashboard (issue 4): created by ``xlsales new dashboard``, refreshed
from a CRM extract by the CLI, by the ribbon button in Excel and by xlwings Lite —
one refresh, three entry points."""

from .demo import write_demo
from .demo_data import demo_data, write_demo_files
from .generate import new_dashboard
from .refresh import STEPS, refresh_file, run, summary

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
