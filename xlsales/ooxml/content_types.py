"""The content-types part (``[Content_Types].xml``): the type of every part."""

from __future__ import annotations

import re

__all__ = ["CONTENT_TYPES", "remove_override"]

#: The one part name fixed by the standard (it cannot be found through a relationship).
CONTENT_TYPES = "[Content_Types].xml"


def remove_override(xml: bytes, part: str) -> bytes:
    """The content types without the override of ``part`` (a part name without its
    leading slash).

    >>> remove_override(b'<Types><Override PartName="/xl/calcChain.xml" ContentType="x"/>'
    ...                 b'<Default Extension="xml" ContentType="y"/></Types>', "xl/calcChain.xml")
    b'<Types><Default Extension="xml" ContentType="y"/></Types>'
    """
    name = re.escape(("/" + part.lstrip("/")).encode("utf-8"))
    return re.sub(rb'<(?:\w+:)?Override\b[^>]*\bPartName="' + name + rb'"[^>]*/>', b"", xml)
