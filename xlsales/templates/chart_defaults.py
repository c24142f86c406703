"""Write out the chart settings XlsxWriter leaves to a reader's defaults.

XlsxWriter omits chart elements whose value is what Excel 2007 assumed (data labels
showing only the value, straight lines, one colour per series) and labels the file as
written by Excel 2007 in docProps/app.xml. LibreOffice keeps the Excel 2007 defaults
only for files that say so; for any other writer it applies the standard's defaults,
so once docProps/app.xml honestly names xlsales, its charts would show labels such as
"Phoning; Coût d'acquisition client (€); 466 €" and smoothed curves. Each omitted
setting is therefore written explicitly, as Excel itself writes it.
"""

from __future__ import annotations

import re

__all__ = ["explicit_defaults"]

_FLAGS = ("showLegendKey", "showVal", "showCatName", "showSerName", "showPercent",
          "showBubbleSize")
_FLAG = re.compile(r'<c:(' + "|".join(_FLAGS) + r') val="([01])"/>')
_LABELS = re.compile(r"<c:dLbls>(.*?)</c:dLbls>", re.S)
_SERIES_CHART = re.compile(r"<c:(lineChart|scatterChart)>(.*?)</c:\1>", re.S)
_GROUP = re.compile(r"(<c:(?:barChart|lineChart|scatterChart|areaChart)>"
                    r"(?:<c:barDir [^>]*/>)?(?:<c:grouping [^>]*/>|<c:scatterStyle [^>]*/>))"
                    r"(?!<c:varyColors)")


def _labels(match: re.Match[str]) -> str:
    body = match.group(1)
    if "<c:delete " in body or "<c:dLbl>" in body:
        return match.group(0)
    found = dict(_FLAG.findall(body))
    first = _FLAG.search(body)
    where = first.start() if first else len(body)
    for stop in ("<c:separator>", "<c:showLeaderLines"):
        if not first and stop in body:
            where = body.index(stop)
    flags = "".join(f'<c:{flag} val="{found.get(flag, "0")}"/>' for flag in _FLAGS)
    rest = _FLAG.sub("", body[where:])
    return f"<c:dLbls>{body[:where]}{flags}{rest}</c:dLbls>"


def _straight(match: re.Match[str]) -> str:
    def series(ser: re.Match[str]) -> str:
        body = ser.group(1)
        if "<c:smooth " in body:
            return ser.group(0)
        return f'<c:ser>{body}<c:smooth val="0"/></c:ser>'

    inner = re.sub(r"<c:ser>(.*?)</c:ser>", series, match.group(2), flags=re.S)
    return f"<c:{match.group(1)}>{inner}</c:{match.group(1)}>"


def explicit_defaults(xml: str) -> str:
    """A chart part with its data-label flags, line smoothing and colour variation
    written out.

    >>> explicit_defaults('<c:dLbls><c:showVal val="1"/></c:dLbls>')
    '<c:dLbls><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>\
<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
    """
    xml = _LABELS.sub(_labels, xml)
    xml = _SERIES_CHART.sub(_straight, xml)
    return _GROUP.sub(r'\1<c:varyColors val="0"/>', xml)
