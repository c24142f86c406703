"""What a refresh writes, independent of how: the plan both writers carry out.

The headless writer (:mod:`.package`) patches the file; the xlwings writer
(:mod:`.excel`) writes the same values into the open workbook. Both take a
:class:`Plan`, built once by :mod:`.refresh` from the analysis and the layout.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .cells import cell_value
from .layout import BLOCKS, FIGURES, Field

if TYPE_CHECKING:  # the analysis (and pandas) is not needed to read or write a plan
    from .analysis import Analysis

__all__ = ["TableFill", "DataFill", "Plan", "plan_from"]


@dataclass
class TableFill:
    """The rows of a block's table (and its total row), as cell values."""

    table: str
    fields: tuple[Field, ...]
    rows: list[list[Any]]
    total: list[Any] | None

    def column(self, index: int) -> list[Any]:
        """The values of column ``index`` over the data rows."""
        return [row[index] for row in self.rows]


@dataclass
class DataFill:
    """An input loaded into a data table (``--data``): one array per table column,
    of kind ``text`` (objects), ``number`` (floats, NaN blank) or ``date``
    (datetime64[D], NaT blank)."""

    table: str
    kinds: list[str]
    columns: list[np.ndarray]

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0


@dataclass
class Plan:
    """Everything a refresh writes: the blocks, the named figures, loaded data."""

    tables: list[TableFill]
    figures: dict[str, Any]
    data: list[DataFill] = field(default_factory=list)


def _cells(record: dict[str, Any], fields: tuple[Field, ...]) -> list[Any]:
    return [cell_value(record.get(f.key)) for f in fields]


def plan_from(analysis: Analysis, data: list[DataFill] | None = None) -> Plan:
    """The plan that writes ``analysis`` into the dashboard's blocks and figures."""
    tables = []
    for spec in BLOCKS:
        block = analysis.blocks[spec.key]
        keys = [f.key for f in spec.fields]
        frame = block.rows.reindex(columns=keys)
        rows = [_cells(dict(zip(keys, values, strict=True)), spec.fields)
                for values in frame.itertuples(index=False, name=None)]
        total = _cells(block.total, spec.fields) if spec.total and block.total else None
        if spec.total and total is None:
            total = [None] * len(spec.fields)
        tables.append(TableFill(spec.table, spec.fields, rows, total))
    figures = {}
    for figure in FIGURES:
        value = analysis.figures.get(figure.key)
        figures[figure.name] = value if isinstance(value, dt.date) else cell_value(value)
    return Plan(tables, figures, list(data or []))
