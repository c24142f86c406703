"""Team figures from the advisors' (consolidation, seed 001): a flow adds up, a level
is averaged."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import numpy as np

__all__ = ["combine"]


def combine(values: Iterable[float | None], how: Literal["sum", "mean"] = "sum"
            ) -> float | None:
    """The team's figure from its members': their sum (CA, new clients: a flow) or
    their mean (taux d'équipement: a level). Blanks are left out; no value at all gives
    ``None`` (nothing reported, not zero).

    >>> combine([1200.0, None, 800.0]), combine([2.1, 2.3], "mean"), combine([None])
    (2000.0, 2.2, None)
    """
    numbers = np.array([v for v in values if v is not None], dtype=float)
    if numbers.size == 0:
        return None
    return float(numbers.sum() if how == "sum" else numbers.mean())
