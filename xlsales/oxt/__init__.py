"""The LibreOffice extension (.oxt): the KPI functions of ``udfs.py`` as Calc add-in
functions (``=KPI_CAC(B2:B6; C2:C6)``), built and installed by ``xlsales libreoffice``.
"""

from __future__ import annotations

from .builder import OXT_NAME, LibreOfficeSdkError, build_extension
from .unopkg import install_extension

__all__ = ["OXT_NAME", "LibreOfficeSdkError", "build_extension", "install_extension"]
