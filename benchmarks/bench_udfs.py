"""UDFs on in-memory ranges of N rows, against the pandas groupby a Python user writes.

    python benchmarks/bench_udfs.py [N ...]        (default 10000 100000 1000000)

Ranges are built the way xlwings hands them to a UDF: a list of one-element row lists.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import udfs  # noqa: E402
from benchmarks.harness import (  # noqa: E402
    load,
    machine,
    markdown_table,
    measure_call,
    write_report,
)

STATUSES = ["recensé", "qualifié", "contacté", "engagé", "client", "perdu"]
#: Goals of issue 6: kpi_table on 1M rows, and a scalar call.
TABLE_GOAL, TABLE_RATIO_GOAL, SCALAR_GOAL = 0.5, 2.0, 50e-6


def ranges(n: int) -> dict[str, list[list[object]]]:
    rng = np.random.default_rng(2026)
    advisors = [f"Conseiller {i:02d}" for i in range(40)]
    signed = rng.random(n) < 0.18
    return {
        "groups": [[advisors[i]] for i in rng.integers(0, 40, n)],
        "leads": [[1]] * n,
        "contracts": [[float(x)] for x in np.where(signed, rng.integers(1, 3, n), 0)],
        "premium": [[float(x)] if s else [None] for x, s in zip(
            rng.gamma(2.0, 450.0, n).round(2), signed, strict=True)],
        "statuses": [[STATUSES[i]] for i in rng.integers(0, 6, n)],
    }


def pandas_table(r: dict[str, list[list[object]]]) -> pd.DataFrame:
    """The same table as kpi_table, by a pandas user: build, group, derive, sort."""
    frame = pd.DataFrame({name: [row[0] for row in r[name]]
                          for name in ("groups", "leads", "contracts", "premium")})
    table = frame.groupby("groups").sum()
    table["conversion"] = table["contracts"] / table["leads"]
    table["premium_per_lead"] = table["premium"] / table["leads"]
    table["share"] = table["premium"] / table["premium"].sum()
    return table.sort_values("premium", ascending=False)


def main(sizes: list[int]) -> None:
    rows = []
    ratios = []
    goals: list[list[str]] = []
    scalar = measure_call("scalar UDF call, kpi_conversion(3, 10)",
                          lambda: udfs.kpi_conversion(3, 10), runs=7, number=20_000)
    rows.append(scalar.row())
    for n in sizes:
        r = ranges(n)
        table = measure_call(f"kpi_table, {n:,} rows",
                             lambda r=r: udfs.kpi_table(r["groups"], r["leads"], r["contracts"],
                                                        r["premium"]), runs=7)
        floor = measure_call(f"pandas groupby (same table), {n:,} rows",
                             lambda r=r: pandas_table(r), runs=7)
        funnel = measure_call(f"kpi_funnel, {n:,} rows", lambda r=r: udfs.kpi_funnel(r["statuses"]))
        conversion = measure_call(f"kpi_conversion, {n:,} rows",
                                  lambda r=r: udfs.kpi_conversion(r["contracts"], r["leads"]))
        rows += [table.row(), floor.row(), funnel.row(), conversion.row()]
        ratios.append([f"{n:,}", f"{table.median / floor.median:.2f}"])
        if n == 1_000_000:
            goals += [
                [f"kpi_table, {n:,} rows", f"≤ {TABLE_GOAL:g} s", f"{table.median:.3f} s",
                 _verdict(table.median <= TABLE_GOAL)],
                [f"kpi_table, {n:,} rows", f"≤ {TABLE_RATIO_GOAL:g} × pandas groupby",
                 f"{table.median / floor.median:.2f} ×",
                 _verdict(table.median <= TABLE_RATIO_GOAL * floor.median)],
            ]
    goals.append(["scalar UDF call", f"≤ {SCALAR_GOAL * 1e6:g} µs",
                  f"{scalar.median * 1e6:.1f} µs", _verdict(scalar.median <= SCALAR_GOAL)])
    info = machine()
    text = "\n\n".join([
        "## UDFs on in-memory ranges",
        markdown_table(["measure", "median", "min", "max", "peak MB", "note"], rows),
        markdown_table(["rows", "kpi_table / pandas groupby"], ratios),
        "Goals:",
        markdown_table(["measure", "goal", "measured", ""], goals),
        "Machine: " + ", ".join(f"{k} {v}" for k, v in info.items())
        + f"; load average {load()}",
    ])
    write_report("udfs", text)


def _verdict(met: bool) -> str:
    return "met" if met else "**missed**"


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
