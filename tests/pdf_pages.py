"""What a printed PDF shows, page by page, from poppler's ``pdftotext -bbox``: each
word with its box, so a test can measure the text height and find the footer."""

from __future__ import annotations

import html
import re
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Word", "Page", "pages"]

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r"(.*?)</word>")


@dataclass(frozen=True)
class Word:
    text: str
    x: float
    top: float
    height: float


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: list[Word]

    def body(self, margin: float = 50) -> list[Word]:
        """The words between the header and the footer bands."""
        return [w for w in self.words if margin < w.top < self.height - margin]

    def median_height(self) -> float:
        body = self.body()
        return statistics.median(w.height for w in body) if body else 0.0

    def band(self, top: bool, size: float = 50) -> str:
        """The text of the header (``top``) or footer band, in reading order."""
        words = [w for w in self.words
                 if (w.top < size if top else w.top > self.height - size)]
        return " ".join(w.text for w in sorted(words, key=lambda w: (round(w.top), w.x)))


def pages(pdf: Path) -> list[Page]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    result = []
    for number, match in enumerate(_PAGE.finditer(out), start=1):
        words = [Word(html.unescape(w[4]), float(w[0]), float(w[1]),
                      float(w[3]) - float(w[1])) for w in _WORD.findall(match.group(3))]
        result.append(Page(number, float(match.group(1)), float(match.group(2)), words))
    return result
