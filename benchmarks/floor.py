"""The floor of a refresh: read the inputs and write the dashboard, with no analysis.

Built from the refresh's own pieces, so it is an honest lower bound: the same
process start-up, the same reading of the data sheet (``WorkbookFile.read_table``,
python-calamine) or of the extract files (``read_extract``), the same writing
(``WorkbookFile.apply``: patch the owned parts, copy the rest raw, atomic save), and
nothing in between: no check, no analysis, no plan to build. The dashboard's tables
and figures are those a real refresh computed beforehand (``capture``), unpickled.

    python benchmarks/floor.py capture BOOK PLAN      # save what a refresh writes
    python benchmarks/floor.py refresh BOOK PLAN [fastexcel]
                                  # read the data sheets, write the dashboard
    python benchmarks/floor.py load BOOK PLAN LEADS OBJECTIVES ADVISORS
                                  # read the extract files, write them and the dashboard

With ``fastexcel`` (when installed: ``pip install -e '.[bench]'``), the data sheets are
read by fastexcel instead, into Arrow columns (calamine's parser, no Python object per
cell): the fastest reader of a large sheet found here, not one the refresh uses.
"""

from __future__ import annotations

import gc
import pickle
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from xlsales.dashboard.layout import DATA_TABLES  # noqa: E402
from xlsales.dashboard.refresh_plan import Plan  # noqa: E402
from xlsales.dashboard.settings import SETTING_NAMES  # noqa: E402
from xlsales.dashboard.workbook_file import WorkbookFile  # noqa: E402

__all__ = ["capture", "floor_refresh", "floor_load", "read_fastexcel"]


class _Keep:
    """A sink that keeps the plan instead of writing it."""

    plan: Plan

    def apply(self, plan: Plan) -> None:
        self.plan = plan


def capture(book: Path, out: Path) -> None:
    """Refresh ``book`` in memory and pickle the tables and figures it would write."""
    from xlsales.dashboard.refresh import run

    keep = _Keep()
    with WorkbookFile(book) as workbook:
        run(workbook, keep)
    out.write_bytes(pickle.dumps(Plan(keep.plan.tables, keep.plan.figures)))


def floor_refresh(book: Path, plan_file: Path, reader: str = "calamine") -> None:
    """Read the settings and every data table as the refresh does (or with
    fastexcel), write the plan."""
    gc.disable()  # as the refresh does: millions of cells, no cycle to collect
    with WorkbookFile(book) as workbook:
        workbook.named_values(list(SETTING_NAMES.values()))
        if reader == "fastexcel":
            tables = [read_fastexcel(workbook, spec.table) for spec in DATA_TABLES]
        else:
            tables = [workbook.read_table(spec.table) for spec in DATA_TABLES]
        plan = pickle.loads(plan_file.read_bytes())
        workbook.apply(plan)
        del tables


def floor_load(book: Path, plan_file: Path, files: list[Path]) -> None:
    """Read the extract files as ``refresh --data`` does, type their cells (a loaded
    sheet holds numbers and dates, not text) and write them with the plan."""
    from xlsales.dashboard.extract import read_extract
    from xlsales.dashboard.refresh import _data_fill

    gc.disable()
    with WorkbookFile(book) as workbook:
        workbook.named_values(list(SETTING_NAMES.values()))
        fills = []
        for spec, path in zip(DATA_TABLES, files, strict=True):
            raw = read_extract(path, spec.schema)
            fills.append(_data_fill(spec.table, spec.schema, raw,
                                    workbook.table_header(spec.table)))
        plan = pickle.loads(plan_file.read_bytes())
        workbook.apply(Plan(plan.tables, plan.figures, fills))


def read_fastexcel(workbook: WorkbookFile, name: str) -> Any:
    """A data table's sheet as Arrow columns (fastexcel)."""
    import fastexcel

    sheet, table = workbook.table(name)
    reader = fastexcel.read_excel(str(workbook.path))
    loaded = reader.load_sheet_by_name(sheet.name, header_row=table.area.first.row)
    return loaded.to_arrow()


def main(argv: list[str]) -> None:
    command, book, *rest = argv
    if command == "capture":
        capture(Path(book), Path(rest[0]))
    elif command == "refresh":
        floor_refresh(Path(book), Path(rest[0]), *rest[1:])
    elif command == "load":
        floor_load(Path(book), Path(rest[0]), [Path(p) for p in rest[1:]])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
