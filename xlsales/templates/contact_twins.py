"""Formula twin of :func:`xlsales.core.contacts.days_overdue` (same rules as
:mod:`.twins`: blank inputs give a blank)."""

from __future__ import annotations

from .twins import quote

__all__ = ["days_overdue"]


def days_overdue(next_contact: str, status: str, on: str, closed: tuple[str, str]) -> str:
    """The days ``next_contact`` is overdue at ``on`` for a prospect still open (its
    status neither of ``closed``, the client and lost labels); blank otherwise.

    >>> days_overdue("K6", "E6", "Pipeline_Date", ("client", "perdu"))
    'IF(OR(K6="",E6="client",E6="perdu"),"",IF(Pipeline_Date-K6>0,Pipeline_Date-K6,""))'
    """
    client, lost = (quote(x) for x in closed)
    return (f'IF(OR({next_contact}="",{status}={client},{status}={lost}),"",'
            f'IF({on}-{next_contact}>0,{on}-{next_contact},""))')
