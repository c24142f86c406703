"""What a system error means for the user, in the user's language.

Python, zipfile, pandas and calamine word their errors for programmers, in English
("File is not a zip file", "Error tokenizing data. C error: …", "[Errno 2] …"). Each edge
that meets one says instead what is wrong with which file, with :func:`reason`.
"""

from __future__ import annotations

import errno
import re
import zipfile
from pathlib import Path

from .i18n import DEFAULT_LANG, text

__all__ = ["reason", "file_error"]

_OS_KEYS = {
    errno.ENOENT: "not_found",
    errno.EISDIR: "is_directory",
    errno.ENOTDIR: "not_directory",
    errno.EACCES: "permission",
    errno.EPERM: "permission",
    errno.EROFS: "permission",
    errno.ENOSPC: "disk_full",
    errno.EEXIST: "exists",
}


def _word(key: str, lang: str, **values: object) -> str:
    return text(f"system.{key}", lang).format(**values)


def _os_reason(error: OSError, lang: str) -> str:
    key = _OS_KEYS.get(error.errno or 0)
    if key == "not_found" and error.filename:
        folder = Path(str(error.filename)).parent
        if str(folder) not in ("", ".") and not folder.is_dir():
            return _word("folder_not_found", lang, folder=folder)
    if key:
        return _word(key, lang)
    return _word("os_error", lang, errno=error.errno)


def _parser_reason(message: str, lang: str) -> str:
    fields = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if fields:
        expected, line, seen = fields.groups()
        return _word("csv_fields", lang, expected=expected, line=line, seen=seen)
    quote = re.search(r"EOF inside string starting at row (\d+)", message)
    if quote:
        return _word("csv_quote", lang, line=int(quote.group(1)) + 1)
    return _word("csv_other", lang)


def reason(error: BaseException, lang: str = DEFAULT_LANG) -> str:
    """The user's words for ``error``: what is wrong, not which library noticed.

    >>> reason(FileNotFoundError(2, "No such file or directory"), "en")
    'file not found'
    >>> reason(zipfile.BadZipFile("File is not a zip file"), "fr")[:35]
    "ce n'est pas un classeur .xlsx (un "
    >>> reason(ValueError("Error tokenizing data. C error: Expected 2 fields in line 3, saw 4"),
    ...        "en")
    'line 3: 4 fields instead of 2 (one separator or quote too many?)'
    """
    message = str(error)
    if isinstance(error, zipfile.BadZipFile) or "Zip archive" in message:
        return _word("not_zip" if "not a zip" in message.lower() or "EOCD" in message
                     else "damaged_zip", lang)
    if isinstance(error, UnicodeDecodeError):
        return _word("encoding", lang)
    if isinstance(error, OSError):
        return _os_reason(error, lang)
    if "tokenizing" in message or "EOF inside string" in message:
        return _parser_reason(message, lang)
    return _word("unknown", lang, kind=type(error).__name__)


def file_error(error: OSError, lang: str = DEFAULT_LANG) -> str:
    """``error`` as one line naming its file: ``file: what is wrong``.

    >>> file_error(FileNotFoundError(2, "No such file or directory", "ventes.csv"), "fr")
    'ventes.csv : fichier introuvable'
    """
    name = str(error.filename) if error.filename else ""
    sep = " : " if lang == "fr" else ": "
    return f"{name}{sep}{reason(error, lang)}" if name else reason(error, lang)
