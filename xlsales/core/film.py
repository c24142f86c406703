"""The film (docs/definitions.md, pipeline): the prospect file compared between two dates.

A photo is each prospect's status at a date; the film compares two photos: where each
prospect went (transitions between statuses, "absent" when it was not in one of them),
and the movements a manager reads first: new prospects, prospects that left the file,
new clients and newly lost prospects.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from .funnel import LOST, STAGES, normalise_status

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["STATUSES", "ABSENT", "MOVEMENTS", "transitions", "movements"]

#: Every status of a prospect, in funnel order, the lost ones last.
STATUSES: tuple[str, ...] = (*STAGES, LOST)
#: A prospect missing from one of the two photos.
ABSENT = "absent"
#: The movements of :func:`movements`, in order.
MOVEMENTS = ("new", "removed", "won", "lost")


def _canonical(photo: Mapping[str, str]) -> dict[str, str]:
    return {key: normalise_status(status) for key, status in photo.items()}


def transitions(before: Mapping[str, str], after: Mapping[str, str]) -> pd.DataFrame:
    """Prospects by status at the first date (rows) and at the second (columns).

    Parameters
    ----------
    before, after : mapping
        Prospect id to status (French or English, any case) at each date.

    Returns
    -------
    DataFrame
        A square table indexed and labelled by :data:`STATUSES` then ``absent``: the
        row ``absent`` counts the prospects new in the second photo, the column
        ``absent`` those that left the file.

    Examples
    --------
    >>> t = transitions({"A": "contacté", "B": "engagé", "C": "recensé"},
    ...                 {"A": "engagé", "B": "client", "D": "recensé"})
    >>> int(t.loc["contacté", "engagé"]), int(t.loc["engagé", "client"])
    (1, 1)
    >>> int(t.loc["absent", "recensé"]), int(t.loc["recensé", "absent"])
    (1, 1)
    """
    import pandas as pd  # imported here: workbook generation needs no pandas

    first, second = _canonical(before), _canonical(after)
    labels = [*STATUSES, ABSENT]
    index = {label: i for i, label in enumerate(labels)}
    counts = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for key in first.keys() | second.keys():
        counts[index[first.get(key, ABSENT)], index[second.get(key, ABSENT)]] += 1
    return pd.DataFrame(counts, index=labels, columns=labels)


def movements(before: Mapping[str, str], after: Mapping[str, str]) -> dict[str, int]:
    """What happened between two photos: ``new`` prospects (absent before), ``removed``
    (absent after), ``won`` (client after, not before) and ``lost`` (perdu after, not
    before).

    Examples
    --------
    >>> movements({"A": "engagé", "B": "contacté", "C": "qualifié"},
    ...           {"A": "client", "B": "perdu", "D": "recensé"})
    {'new': 1, 'removed': 1, 'won': 1, 'lost': 1}
    """
    first, second = _canonical(before), _canonical(after)
    return {
        "new": len(second.keys() - first.keys()),
        "removed": len(first.keys() - second.keys()),
        "won": sum(1 for k, s in second.items() if s == "client" and first.get(k) != "client"),
        "lost": sum(1 for k, s in second.items() if s == LOST and first.get(k) != LOST),
    }
