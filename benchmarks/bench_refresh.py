"""The headless refresh against what users would do instead, and against its floor.

    python benchmarks/bench_refresh.py [N ...] [--runs R] [--skip native,openpyxl,...]
                                       [--baseline REV]

For each N (default 10,000, 100,000 and 1,000,000 leads from ``xlsales demo-data``),
each measure is a whole process, run several times (median, min, max, peak RSS):

- ``refresh``: ``xlsales refresh BOOK`` on a dashboard whose data sheet holds the N
  leads (refreshed once with ``--data`` beforehand);
- ``load``: ``xlsales refresh BOOK --data leads.csv --objectives ... --advisors ...``;
- ``native``: LibreOffice headless loading, recalculating and saving the dashboard a
  spreadsheet user builds with COUNTIFS/SUMIFS over the same data
  (``benchmarks/native.py``; ``xlsales.libreoffice.recalculate``); at 1M, one run
  stopped at 10 minutes;
- ``openpyxl``: ``openpyxl.load_workbook`` + ``save`` of the dashboard with its N leads
  (what a naive refresh would pay);
- ``floor``: the refresh's own reading and writing with nothing between
  (``benchmarks/floor.py``), with python-calamine (what the refresh reads with) and
  with fastexcel (the fastest reader found). fastexcel and pyarrow are not
  dependencies of xlsales (pyarrow would change how pandas stores text): they are
  installed with ``pip install --target benchmarks/work/fastexcel`` for that one
  measure, skipped when the install fails;
- ``floor-load``: the same for ``--data`` (read the CSV files, type and write them);
- ``refresh-lo``: ``xlsales refresh BOOK`` on the same dashboard last saved by
  LibreOffice (loaded, recalculated and saved as .xlsx: shared strings, its own XML),
  so that no fast path may rely on the refresh having written the sheet;
- with ``--baseline REV``: ``refresh`` and ``load`` of the xlsales of git revision REV
  (``git archive`` into ``benchmarks/work/baseline-REV``), each run alternating with
  the current checkout's, so that both see the same load of the shared machine.

Ratios come from the same run. The workbooks live in ``benchmarks/work/`` (git-ignored);
the extracts and the native workbook are kept between runs, the dashboards rebuilt.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import (  # noqa: E402
    Result,
    as_installed,
    load,
    machine,
    markdown_table,
    measure_process,
    ratio,
    write_report,
)

__all__ = ["MEASURES", "GOALS", "prepare", "main"]

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(__file__).resolve().parent / "work"
PY = sys.executable
#: Every process runs this checkout's xlsales, whatever is installed.
ENV = dict(os.environ, PYTHONPATH=str(ROOT))
MEASURES = ("refresh", "load", "refresh-lo", "floor", "floor-fastexcel", "floor-load",
            "native", "openpyxl")
#: Native recalculation and openpyxl at 1M: one run each, given up after this long.
SLOW_TIMEOUT = 600.0
#: Goals of issue 17 (this 2-core machine), in seconds, by measure and size: the
#: refresh from the workbook, with --data, and from a sheet saved by LibreOffice.
GOALS = {
    "refresh": {10_000: 0.5, 100_000: 1.0, 1_000_000: 6.0},
    "refresh-lo": {10_000: 0.5, 100_000: 1.0, 1_000_000: 6.0},
    "load": {100_000: 1.2, 1_000_000: 8.0},
}
#: Peak resident memory at a million leads (MB), every refresh measure.
PEAK_MB = 1024
_RECALC = ("import sys; from xlsales.libreoffice import recalculate; "
           "recalculate(sys.argv[1], sys.argv[2], timeout=3600)")
_ROUND_TRIP = ("import sys, openpyxl; book = openpyxl.load_workbook(sys.argv[1]); "
               "book.save(sys.argv[2])")


def _fastexcel_env() -> dict[str, str] | None:
    """The environment of the fastexcel floor (fastexcel and pyarrow installed aside),
    or None when they cannot be installed."""
    target = WORK / "fastexcel"
    if not (target / "fastexcel").exists():
        print("  installing fastexcel and pyarrow into benchmarks/work/fastexcel", flush=True)
        done = subprocess.run([PY, "-m", "pip", "install", "--quiet", "--target",
                               str(target), "fastexcel", "pyarrow"], capture_output=True)
        if done.returncode != 0:
            print("  (could not install them: the fastexcel floor is skipped)")
            return None
    return dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(target)]))


def _run(*command: str) -> None:
    subprocess.run(command, check=True, env=ENV, stdout=subprocess.DEVNULL, cwd=ROOT)


def _stamp(*sources: Path, extra: str = "") -> str:
    digest = hashlib.sha256(extra.encode())
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def prepare(n: int, need_native: bool) -> dict[str, Path]:
    """The inputs of every measure at ``n`` leads, under ``benchmarks/work/<n>/``."""
    folder = WORK / str(n)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {key: folder / name for key, name in (
        ("leads", "leads.csv"), ("objectives", "objectifs.csv"), ("advisors", "equipe.csv"),
        ("book", "tableau.xlsx"), ("load_book", "tableau-load.xlsx"), ("plan", "plan.pkl"),
        ("native", "natif.xlsx"), ("out", "out"), ("lo_book", "lo/tableau.xlsx"),
        ("base_load_book", "tableau-load-base.xlsx"))}
    synthetic = ROOT / "xlsales" / "dashboard" / "synthetic.py"
    stamp = folder / "extract.stamp"
    wanted = _stamp(synthetic, extra=str(n))
    if not stamp.exists() or stamp.read_text() != wanted or not paths["leads"].exists():
        print(f"  writing the {n:,}-lead extract", flush=True)
        _run(PY, "-m", "xlsales", "demo-data", "--rows", str(n), str(paths["leads"]),
             "--objectives", str(paths["objectives"]), "--advisors", str(paths["advisors"]))
        stamp.write_text(wanted)
    print(f"  building the dashboard with {n:,} leads", flush=True)
    _run(PY, "-m", "xlsales", "new", "dashboard", str(paths["book"]), "--force")
    _run(PY, "-m", "xlsales", "refresh", str(paths["book"]), "--data", str(paths["leads"]),
         "--objectives", str(paths["objectives"]), "--advisors", str(paths["advisors"]))
    shutil.copyfile(paths["book"], paths["load_book"])
    shutil.copyfile(paths["book"], paths["base_load_book"])
    _saved_by_libreoffice(paths["book"], paths["lo_book"], folder)
    _run(PY, str(ROOT / "benchmarks" / "floor.py"), "capture", str(paths["book"]),
         str(paths["plan"]))
    if need_native:
        native_stamp = folder / "native.stamp"
        wanted = _stamp(synthetic, ROOT / "benchmarks" / "native.py", extra=str(n))
        if (not native_stamp.exists() or native_stamp.read_text() != wanted
                or not paths["native"].exists()):
            print(f"  building the native-formula dashboard with {n:,} leads", flush=True)
            _run(PY, str(ROOT / "benchmarks" / "native.py"), str(n), str(paths["native"]))
            native_stamp.write_text(wanted)
    paths["out"].mkdir(exist_ok=True)
    return paths


def _saved_by_libreoffice(book: Path, target: Path, folder: Path) -> None:
    """The dashboard as LibreOffice saves it (kept while the extract is the same)."""
    stamp = folder / "lo.stamp"
    wanted = (folder / "extract.stamp").read_text()
    if stamp.exists() and stamp.read_text() == wanted and target.exists():
        return
    print("  saving the dashboard with LibreOffice", flush=True)
    target.parent.mkdir(exist_ok=True)
    _run(PY, "-c", _RECALC, str(book), str(target.parent))
    stamp.write_text(wanted)


def _baseline(revision: str) -> Path:
    """The xlsales of ``revision``, extracted once under benchmarks/work/ (or a folder
    already holding one, named ``baseline-<name>``)."""
    if (Path(revision) / "xlsales").is_dir():
        return Path(revision)
    commit = subprocess.run(["git", "rev-parse", "--short", revision], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip()
    folder = WORK / f"baseline-{commit}"
    if not (folder / "xlsales").exists():
        folder.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", commit], cwd=ROOT, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def _measure(n: int, runs: int, skip: set[str], baseline: Path | None = None
             ) -> dict[str, Result]:
    paths = prepare(n, "native" not in skip)
    files = [str(paths[k]) for k in ("leads", "objectives", "advisors")]
    big = n >= 1_000_000
    slow_runs = 1 if big else min(runs, 3)
    slow_timeout = SLOW_TIMEOUT if big else 3600.0
    floor = str(ROOT / "benchmarks" / "floor.py")
    commands = {
        "refresh": ("refresh, data in the workbook",
                    [PY, "-m", "xlsales", "refresh", str(paths["book"])], runs, 900.0),
        "load": ("refresh --data extract.csv (load + refresh)",
                 [PY, "-m", "xlsales", "refresh", str(paths["load_book"]), "--data", files[0],
                  "--objectives", files[1], "--advisors", files[2]], runs, 900.0),
        "refresh-lo": ("refresh, data sheet last saved by LibreOffice",
                       [PY, "-m", "xlsales", "refresh", str(paths["lo_book"])], runs, 900.0),
        "floor": ("floor: read (python-calamine) + write, no analysis",
                  [PY, floor, "refresh", str(paths["book"]), str(paths["plan"])], runs, 900.0),
        "floor-fastexcel": ("floor: read (fastexcel) + write, no analysis",
                            [PY, floor, "refresh", str(paths["book"]), str(paths["plan"]),
                             "fastexcel"], runs, 900.0),
        "floor-load": ("floor of --data: read the CSV files + type + write",
                       [PY, floor, "load", str(paths["load_book"]), str(paths["plan"]),
                        *files], runs, 900.0),
        "native": ("native formulas, LibreOffice load + recalculate + save",
                   [PY, "-c", _RECALC, str(paths["native"]), str(paths["out"])],
                   slow_runs, slow_timeout),
        "openpyxl": ("openpyxl load + save of the dashboard",
                     [PY, "-c", _ROUND_TRIP, str(paths["book"]),
                      str(paths["out"] / "openpyxl.xlsx")], slow_runs, slow_timeout),
    }
    envs = {"floor-fastexcel": None if "floor-fastexcel" in skip else _fastexcel_env()}
    if baseline is not None:
        base_env = dict(os.environ, PYTHONPATH=str(baseline))
        for key in ("refresh", "load"):
            label, command, count, timeout = commands[key]
            if key == "load":
                command = [*command[:4], str(paths["base_load_book"]), *command[5:]]
            commands[f"{key}-base"] = (f"{label} [baseline {baseline.name[9:]}]", command,
                                       count, timeout)
            envs[f"{key}-base"] = base_env
    results: dict[str, Result] = {}
    for key in MEASURES:
        env = envs.get(key, ENV)
        if key in skip or env is None:
            continue
        pair = [key, f"{key}-base"] if f"{key}-base" in commands else [key]
        _, _, count, timeout = commands[key]
        for name in pair:
            print(f"  {n:,}: {commands[name][0]}", flush=True)
        # Runs alternate between the checkout and the baseline, in turn first (ABBA):
        # the same load for both, and neither always after the other.
        for run in range(count):
            for name in pair if run % 2 == 0 else pair[::-1]:
                label, command, _, _ = commands[name]
                # In the checkout's folder or the baseline's: ``python -m`` puts the
                # current folder first on sys.path, before PYTHONPATH.
                one = measure_process(f"{label}, {n:,} leads", command, runs=1,
                                      timeout=timeout, env=envs.get(name, ENV),
                                      cwd=baseline if name.endswith("-base") else ROOT)
                results[name] = _merged(results.get(name), one)
        for name in pair:
            print("   ", " | ".join(results[name].row()[1:]), flush=True)
    return results


def _merged(before: Result | None, one: Result) -> Result:
    """Runs measured one at a time, gathered into one result."""
    if before is None:
        return one
    peaks = [p for p in (before.peak_mb, one.peak_mb) if p is not None]
    return Result(before.label, before.seconds + one.seconds, max(peaks, default=None),
                  one.note or before.note, before.cpu + one.cpu)


def _startup(runs: int) -> Result:
    """LibreOffice's fixed cost: load, recalculate and save a one-cell workbook, with
    the fresh profile ``recalculate`` gives every run."""
    import xlsxwriter

    folder = WORK / "startup"
    folder.mkdir(parents=True, exist_ok=True)
    tiny = folder / "un.xlsx"
    book = xlsxwriter.Workbook(str(tiny))
    book.add_worksheet().write_formula("A1", "=1+1")
    book.close()
    print("  LibreOffice start-up", flush=True)
    return measure_process("LibreOffice start-up: one-formula workbook", [
        PY, "-c", _RECALC, str(tiny), str(folder)], runs=min(runs, 3), env=ENV)


def _floor(results: dict[str, Result]) -> Result | None:
    """The lowest floor measured (the fastest reader)."""
    floors = [results[k] for k in ("floor", "floor-fastexcel") if k in results
              and results[k].done]
    return min(floors, key=lambda r: r.median) if floors else None


def _against_baseline(all_results: dict[int, dict[str, Result]]) -> list[str]:
    """The A/B table (``--baseline``): wall and CPU medians of alternating runs."""
    rows = []
    for n, results in all_results.items():
        for key in ("refresh", "load"):
            new, old = results.get(key), results.get(f"{key}-base")
            if new is None or old is None or not (new.done and old.done):
                continue
            rows.append([f"{n:,}", key, f"{old.median:.2f} s", f"{new.median:.2f} s",
                         f"{new.median / old.median:.2f}", f"{old.cpu_median:.2f} s",
                         f"{new.cpu_median:.2f} s", f"{new.cpu_median / old.cpu_median:.2f}"])
    if not rows:
        return []
    return ["Against the baseline, runs alternating (CPU: user + system of the process):",
            markdown_table(["leads", "measure", "baseline wall", "now wall", "ratio",
                            "baseline CPU", "now CPU", "ratio"], rows)]


def _goals(all_results: dict[int, dict[str, Result]]) -> list[list[str]]:
    rows = []
    for n, results in all_results.items():
        refresh = results.get("refresh")
        if refresh is None or not refresh.done:
            continue
        for goal, met, measured in [*_speed_checks(n, results, refresh),
                                    *_comparison_checks(results, refresh)]:
            rows.append([f"{n:,}", goal, measured, "met" if met else "**missed**"])
    return rows


def _speed_checks(n: int, results: dict[str, Result],
                  refresh: Result) -> list[tuple[str, bool, str]]:
    """The absolute goals (issue 17), the floors and the memory bound at ``n`` leads."""
    checks = []
    for key, goals in GOALS.items():
        result = results.get(key)
        if n in goals and result is not None and result.done:
            checks.append((f"{key} ≤ {goals[n]:g} s", result.median <= goals[n],
                           f"{result.median:.2f} s"))
    for key, reader in (("floor", "python-calamine, the refresh's reader"),
                        ("floor-fastexcel", "fastexcel, the fastest reader")):
        floor = results.get(key)
        if floor is not None and floor.done:
            checks.append((f"≤ 2 × floor ({reader})", refresh.median <= 2 * floor.median,
                           f"{refresh.median / floor.median:.2f} ×"))
    if n >= 1_000_000:
        for key in ("refresh", "load", "refresh-lo"):
            result = results.get(key)
            if result is not None and result.peak_mb is not None:
                checks.append((f"{key}: peak RSS ≤ 1 GB", result.peak_mb <= PEAK_MB,
                               f"{result.peak_mb:,.0f} MB"))
    return checks


def _comparison_checks(results: dict[str, Result],
                       refresh: Result) -> list[tuple[str, bool, str]]:
    """The refresh against LibreOffice's recalculation and an openpyxl round trip."""
    checks = []
    native = results.get("native")
    if native is not None and native.done:
        checks.append(("≤ ½ LibreOffice native", refresh.median <= native.median / 2,
                       f"{refresh.median / native.median:.2f} ×"))
    elif native is not None:
        checks.append(("≤ ½ LibreOffice native", True, native.note))
    trip = results.get("openpyxl")
    if trip is not None and trip.done:
        checks.append(("≥ 5 × faster than openpyxl", trip.median >= 5 * refresh.median,
                       f"{trip.median / refresh.median:.1f} × faster"))
    elif trip is not None:
        checks.append(("≥ 5 × faster than openpyxl", True, trip.note))
    return checks


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*",
                        default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=5,
                        help="runs per measure (1M: at most 3; native and openpyxl at "
                             "1M: 1)")
    parser.add_argument("--skip", default="", help=f"measures to skip, among {MEASURES}")
    parser.add_argument("--baseline", default=None,
                        help="a git revision whose refresh and load are measured alongside")
    args = parser.parse_args(argv)
    skip = {s for s in args.skip.split(",") if s}
    baseline = _baseline(args.baseline) if args.baseline else None
    as_installed(ROOT, *([baseline] if baseline else []))
    before = load()
    startup = None if "native" in skip else _startup(args.runs)
    all_results = {}
    for n in args.sizes:
        runs = min(args.runs, 3) if n >= 1_000_000 else args.runs
        all_results[n] = _measure(n, runs, skip, baseline)
    rows = [r.row() for results in all_results.values() for r in results.values()]
    if startup is not None:
        rows.append(startup.row())
    ratios = []
    for n, results in all_results.items():
        refresh, floor = results.get("refresh"), _floor(results)
        none = Result("", [])
        ratios.append([
            f"{n:,}",
            ratio(refresh or none, results.get("native", none)),
            ratio(refresh or none, results.get("openpyxl", none)),
            ratio(refresh or none, results.get("floor", none)),
            ratio(refresh or none, results.get("floor-fastexcel", none)),
            ratio(results.get("load", none), results.get("floor-load", none)),
            ratio(results.get("refresh-lo", none), refresh or none),
            ratio(refresh or none, results.get("refresh-base", none)),
            ratio(results.get("load", none), results.get("load-base", none)),
            "" if floor is None else ("fastexcel" if "fastexcel" in floor.label
                                      else "python-calamine"),
        ])
    text = "\n\n".join([
        "## Refresh",
        markdown_table(["measure", "median", "min", "max", "peak MB", "note"], rows),
        "Ratios of the medians, same run (below 1: the refresh is faster):",
        markdown_table(["leads", "refresh / LibreOffice native", "refresh / openpyxl round trip",
                        "refresh / floor (calamine)", "refresh / floor (fastexcel)",
                        "load / floor of load", "LibreOffice-saved / refresh",
                        "refresh / baseline", "load / baseline", "fastest floor"], ratios),
        *_against_baseline(all_results),
        "Goals:",
        markdown_table(["leads", "goal", "measured", ""], _goals(all_results)),
        "Machine: " + ", ".join(f"{k} {v}" for k, v in machine().items())
        + f"; load average before {before}, after {load()}",
    ])
    write_report("refresh", text)


if __name__ == "__main__":
    main()
