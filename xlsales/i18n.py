"""Labels in French (the default) and English.

Labels live in ``locales/<lang>/<namespace>.yaml``, one file per area (``column``,
``campaign``, ``dashboard``...), so that a key ``campaign.sheet.costs`` is the entry
``sheet: costs:`` of ``locales/fr/campaign.yaml``. Every key exists in every language;
a test checks it.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["LANGS", "DEFAULT_LANG", "text", "section", "check_lang"]

#: Supported languages, the default first.
LANGS: tuple[str, ...] = ("fr", "en")
DEFAULT_LANG = "fr"


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported.

    >>> check_lang("en")
    'en'
    """
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; choose one of {', '.join(LANGS)}")
    return lang


#: libyaml's safe loader where PyYAML was built with it (the wheels are): the same
#: documents, parsed ten times faster than by the pure-Python loader — the dashboard's
#: catalogue alone took 45 ms of every refresh.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _namespace(lang: str, namespace: str) -> dict[str, Any]:
    path = resources.files("xlsales") / "locales" / check_lang(lang) / f"{namespace}.yaml"
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}


def section(key: str, lang: str = DEFAULT_LANG) -> Any:
    """The entry (a label or a mapping of labels) at a dotted key.

    >>> section("column", "en")["reached"]
    'reached'
    """
    namespace, _, rest = key.partition(".")
    node: Any = _namespace(lang, namespace)
    for part in rest.split(".") if rest else []:
        try:
            node = node[part]
        except (KeyError, TypeError):
            raise KeyError(f"no label {key!r} in {lang!r}") from None
    return node


def text(key: str, lang: str = DEFAULT_LANG) -> str:
    """The label at a dotted key.

    >>> text("column.stage"), text("column.stage", "en")
    ('étape', 'stage')
    """
    value = section(key, lang)
    if not isinstance(value, str):
        raise KeyError(f"{key!r} is a section, not a label")
    return value
