"""The ``xlsales`` command: each command parses its options and calls the library.

Errors become one message and an exit code here, and only here: bad input exits with
2, anything else a user can fix with 1; a traceback is a bug.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import XlsalesError
from .i18n import DEFAULT_LANG, LANGS

__all__ = ["cli"]


class UserError(click.ClickException):
    """An :class:`~xlsales.errors.XlsalesError` shown as a message."""

    def __init__(self, error: XlsalesError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code


class _Group(click.Group):
    """Translates library errors into messages, once for every command."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except XlsalesError as error:
            raise UserError(error) from None


@click.group(cls=_Group)
@click.version_option(package_name="xlsales")
def cli() -> None:
    """xlsales: sales KPIs for Excel, headless.

    Generates formula-driven workbooks, refreshes dashboards and runs the demo without
    Excel.
    """


@cli.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("workbooks/examples"), show_default=True,
              help="Folder the demo workbooks and extract are written into.")
def demo(out: Path) -> None:
    """Run the demo: seed 003's worked case computed through the KPI functions, and a
    performance dashboard refreshed from a synthetic CRM extract."""
    from .dashboard import write_demo
    from .seed_case import report

    click.echo(report())
    click.echo()
    click.echo(write_demo(out))


_FILE = click.Path(dir_okay=False, path_type=Path)
_EXISTING = click.Path(dir_okay=False, path_type=Path)


@cli.group()
def new() -> None:
    """Create a workbook (xlsales new dashboard OUT.xlsx)."""


@new.command("dashboard")
@click.argument("out", type=_FILE)
@click.option("--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True,
              help="Language of the sheets, labels and messages.")
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
def new_dashboard(out: Path, lang: str, force: bool) -> None:
    """Create an empty performance dashboard: data tables to paste the CRM extract,
    objectives and advisors into, a Paramètres sheet, and the dashboard sheets with
    their tables, conditional formats and charts. Fill it with xlsales refresh."""
    from .dashboard import new_dashboard as create
    from .errors import XlsalesError as Refused

    if out.exists() and not force:
        raise Refused(f"{out} existe déjà : --force pour le remplacer" if lang == "fr"
                      else f"{out} already exists: --force to replace it")
    click.echo(create(out, lang))


@cli.command()
@click.argument("book", type=_EXISTING)
@click.option("--data", type=_EXISTING,
              help="Leads extract (CSV or XLSX) to load into the workbook's Leads table first.")
@click.option("--objectives", type=_EXISTING,
              help="Monthly objectives (CSV or XLSX) to load into the Objectifs table first.")
@click.option("--advisors", type=_EXISTING,
              help="Advisors and entry dates (CSV or XLSX) to load into the Équipe table first.")
def refresh(book: Path, data: Path | None, objectives: Path | None,
            advisors: Path | None) -> None:
    """Refresh a dashboard headless: check the data, compute every figure and write
    the dashboard's tables, charts and named figures, leaving everything else in the
    workbook as it was. Bad input stops it before anything is written (exit code 2)."""
    from .dashboard import STEPS, refresh_file, summary

    stderr = sys.stderr
    if not stderr.isatty():
        click.echo(summary(refresh_file(book, data, objectives, advisors)))
        return
    steps = len(STEPS) + (1 if data or objectives or advisors else 0)
    with click.progressbar(length=steps, label="xlsales", file=stderr) as bar:
        outcome = refresh_file(book, data, objectives, advisors,
                               progress=lambda step: bar.update(1))
    click.echo(summary(outcome))


@cli.command("demo-data")
@click.argument("out", type=_FILE)
@click.option("--rows", type=click.IntRange(min=1), default=6000, show_default=True,
              help="Number of leads.")
@click.option("--seed", type=int, default=2025, show_default=True,
              help="Random seed: the same seed gives the same extract.")
@click.option("--objectives", type=_FILE, help="Also write the monthly objectives here.")
@click.option("--advisors", type=_FILE, help="Also write the advisors here.")
def demo_data(out: Path, rows: int, seed: int, objectives: Path | None,
              advisors: Path | None) -> None:
    """Write a synthetic CRM extract of any size (French CSV), for trials and
    benchmarks."""
    from .dashboard import write_demo_files

    write_demo_files(out, rows, seed, objectives, advisors)
    click.echo(out)


@cli.group()
def addin() -> None:
    """The Excel ribbon add-in (xlsales tab, Rafraîchir button)."""


@addin.command("build")
@click.option("--out", type=click.Path(path_type=Path),
              default=Path("workbooks/xlsales.xlam"), show_default=True,
              help="Add-in file (or folder) to write.")
@click.option("--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True,
              help="Language of the ribbon labels.")
@click.option("--interpreter",
              help="Python with xlsales installed, written into the add-in's config sheet.")
def addin_build(out: Path, lang: str, interpreter: str | None) -> None:
    """Build xlsales.xlam from xlwings' ribbon add-in template (its VBA unchanged)."""
    from .addin import build_addin

    click.echo(build_addin(out, lang, interpreter))


@addin.command("install")
@click.option("--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True,
              help="Language of the ribbon labels.")
def addin_install(lang: str) -> None:
    """Install the add-in into Excel (as xlwings addin install does), set to run this
    Python. Needs Excel (Windows or Mac)."""
    from .addin import install_addin

    click.echo(install_addin(lang))
