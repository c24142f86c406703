"""The Python UNO component of the LibreOffice extension: Calc's door to the UDFs.

LibreOffice's Python loader runs this file (it is shipped in the .oxt, not imported
from the package). It registers one object whose methods are the ``kpi_*`` functions
of ``udfs.py`` (``KPI_CAC`` for ``kpi_cac``): each call converts the UNO values with
:mod:`xlsales.calc_values` and calls the UDF, so the coercion rules, the core and the
errors are those of Excel.

xlsales is looked for, in this order, in the folders of the ``XLSALES_PATH``
environment variable (separated by ``os.pathsep``), in the folders written into
``xlsales-path.txt`` beside this file when the extension was built, then in the Python
LibreOffice runs. Outside LibreOffice (no ``uno`` module) the file defines nothing.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable
from typing import Any

IMPLEMENTATION = "org.xlsales.calc.KpiFunctions"
SERVICES = ("com.sun.star.sheet.AddIn",)
PATH_FILE = "xlsales-path.txt"


def _search_path(here: str) -> list[str]:
    folders = [p for p in os.environ.get("XLSALES_PATH", "").split(os.pathsep) if p]
    listed = os.path.join(here, PATH_FILE)
    if os.path.exists(listed):
        with open(listed, encoding="utf-8") as lines:
            folders += [line.strip() for line in lines if line.strip()]
    return folders


def _find_xlsales(here: str) -> None:
    for folder in reversed(_search_path(here)):
        if folder not in sys.path:
            sys.path.insert(0, folder)


_UDFS: dict[str, Callable[..., Any]] = {}


def _udf(method: str) -> Callable[..., Any]:
    """The UDF behind an IDL method (KPI_CAC is kpi_cac), imported on the first call:
    unopkg runs this file to register it, and needs no xlsales for that."""
    if not _UDFS:
        here = os.path.dirname(os.path.abspath(__file__))
        _find_xlsales(here)
        try:
            import udfs
        except ImportError as error:  # the cell shows #VALUE!; say why where it is seen
            sys.stderr.write(f"xlsales: cannot import xlsales ({error}); searched "
                             f"{_search_path(here)} and LibreOffice's Python. Set "
                             "XLSALES_PATH or rebuild with xlsales libreoffice build --path.\n")
            raise

        _UDFS.update((name.upper(), getattr(udfs, name)) for name in udfs.__all__)
    return _UDFS[method]


def call(method: str, *args: Any) -> tuple[tuple[Any, ...], ...]:
    """Run the UDF of ``method`` on Calc's arguments, and return its result as Calc
    takes it."""
    udf = _udf(method)
    from xlsales.calc_values import from_calc, missing_argument, to_calc

    # Calc lets every argument be left out (they are all ``any``); one left out arrives
    # as None. Trailing optional ones are dropped, so the UDF's own defaults apply as in
    # Excel; a required one missing at the end is Calc's own Err:511.
    required = sum(p.default is inspect.Parameter.empty
                   for p in inspect.signature(udf).parameters.values())
    values = [from_calc(a) for a in args]
    while len(values) > required and values[-1] is None:
        values.pop()
    if values and values[-1] is None:
        return missing_argument()
    return to_calc(udf(*values))


def _register() -> Any:
    import unohelper
    from com.sun.star.lang import XServiceInfo
    from org.xlsales.calc import XKpiFunctions  # type: ignore[import-not-found]

    class KpiFunctions(unohelper.Base, XKpiFunctions, XServiceInfo):
        def __init__(self, ctx: Any) -> None:
            self.ctx = ctx

        def __getattr__(self, name: str) -> Callable[..., Any]:
            # Calc calls the IDL's methods by name (KPI_CAC...); UNO's own attributes
            # are found before this is asked.
            if not name.startswith("KPI_"):
                raise AttributeError(name)
            return functools.partial(call, name)

        def getImplementationName(self) -> str:  # noqa: N802 - UNO's names
            return IMPLEMENTATION

        def supportsService(self, name: str) -> bool:  # noqa: N802
            return name in SERVICES

        def getSupportedServiceNames(self) -> tuple[str, ...]:  # noqa: N802
            return SERVICES

    helper = unohelper.ImplementationHelper()
    helper.addImplementation(KpiFunctions, IMPLEMENTATION, SERVICES)
    return helper


try:
    import uno  # noqa: F401
except ImportError:  # imported outside LibreOffice (tests, docs): nothing to register
    g_ImplementationHelper = None
else:
    g_ImplementationHelper = _register()
