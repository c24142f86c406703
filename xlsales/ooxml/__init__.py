"""The xlsx package layer: zip members, parts found through relationships, sheet XML,
atomic saves and lock files.

It knows nothing of dashboards, pipelines or KPIs: the features that patch a workbook
(the dashboard refresh, the prospect pipeline, the add-in builder) use it, never the
other way round.
"""
