"""The xlsx package layer: zip members, parts found through relationships, the parts a
refresh patches, atomic saves and lock files.

It knows nothing of dashboards, pipelines or KPIs: the features that patch a workbook
(the dashboard refresh, the prospect pipeline, the add-in builder) use it, never the
other way round. Every part is reached from the package root through relationships
(only ``[Content_Types].xml`` has a fixed name, by the standard).

- :mod:`.zipcopy`, :mod:`.rewrite`, :mod:`.save`: members copied as their compressed
  bytes, changed parts written or streamed, removed parts left out; atomic replacement,
  lock files of Excel and LibreOffice.
- :mod:`.relationships`, :mod:`.content_types`, :mod:`.parts`: finding the parts
  (workbook, sheets, tables, charts, shared strings) and references.
- :mod:`.sheetxml`, :mod:`.sharedformulas`, :mod:`.datasheet`: worksheet cells patched
  in place (shared formulas re-homed, filtered rows shown), data rows streamed, the
  shared strings extended.
- :mod:`.tablexml`, :mod:`.workbookxml`, :mod:`.chartxml`, :mod:`.pivotxml`,
  :mod:`.follow`, :mod:`.calcchain`: what follows a table that grows or shrinks (table
  range and filter, defined names, charts, pivot caches, conditional formats and
  sparklines) and the calculation chain pruned of removed formulas.
"""
