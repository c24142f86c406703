"""Distribute workbooks to a team and consolidate what comes back (issue 11).

:mod:`.distribute` writes one identified workbook per advisor (or agency) and a
manifest (``xlsales distribute``); :mod:`.collect` checks the returns and consolidates
them (``xlsales collect``). See docs/team.md.
"""
