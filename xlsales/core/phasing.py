"""An objective phased over the periods of a campaign (docs/definitions.md,
"Objectives"): each period's share is its weight over the sum of the weights; a blank
weight counts 1, so that no weight at all is an even phasing."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["phased_objectives"]


def phased_objectives(objective: float, weights: Sequence[float | None], periods: int
                      ) -> list[float]:
    """``objective`` spread over ``periods`` periods by ``weights`` (missing or None: 1).

    >>> phased_objectives(100, [], 4)
    [25.0, 25.0, 25.0, 25.0]
    >>> phased_objectives(100, [2, None, 1, 1], 4)
    [40.0, 20.0, 20.0, 20.0]
    """
    given = [weights[k] if k < len(weights) else None for k in range(periods)]
    used = [1.0 if w is None else float(w) for w in given]
    total = sum(used)
    return [objective * w / total for w in used]
