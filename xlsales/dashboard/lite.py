"""The xlwings Lite script: the same refresh on the active workbook, in Excel's task
pane (Windows, Mac, Excel on the web), without a local Python.

In xlwings Lite, add ``xlsales`` to requirements.txt (see docs/dashboard.md) and put in
main.py::

    from xlsales.dashboard.lite import rafraichir  # noqa: F401

The script then shows as "Rafraîchir le tableau de bord" in the add-in. Outside Lite the
decorator does nothing and :func:`rafraichir` is a plain function.
"""

from __future__ import annotations

import xlwings as xw
from xlwings import script

from ..excel import refresh

__all__ = ["rafraichir"]


@script(name="Rafraîchir le tableau de bord")
def rafraichir(book: xw.Book) -> None:
    """Refresh the xlsales dashboard of the active workbook."""
    print(refresh(book))
