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
        # click declares exit_code on the class but reads it from the instance.
        self.exit_code = error.exit_code  # type: ignore[misc]
        self.lang = getattr(error, "lang", "fr")

    def show(self, file=None) -> None:
        from .i18n import text

        click.echo(f"{text('messages.where.error', self.lang)} : {self.format_message()}"
                   if self.lang == "fr" else
                   f"{text('messages.where.error', self.lang)}: {self.format_message()}",
                   err=True, file=file)


class _Group(click.Group):
    """Translates library errors into messages, once for every command."""

    def invoke(self, ctx: click.Context):
        from .ooxml.save import exit_on_signals

        # SIGTERM and SIGHUP unwind like Ctrl-C: a save in progress removes its
        # temporary file and leaves the workbook as it was.
        exit_on_signals()
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
              default=Path("xlsales-demo"), show_default=True,
              help="Folder the example workbooks and the demo extract are written to.")
def demo(out: Path) -> None:
    """Run the demo: write seed 003's worked case (Abeille Assurances, Langon) as example
    workbooks and print their headline figures, computed through the KPI functions; then
    refresh a performance dashboard from a synthetic CRM extract."""
    from .dashboard import write_demo
    from .demo import run

    click.echo(run(out))
    click.echo()
    click.echo(write_demo(out))


_FILE = click.Path(dir_okay=False, path_type=Path)
_EXISTING = click.Path(dir_okay=False, path_type=Path)
_FORCE_HELP = "Replace OUT if it exists (by default an existing file is never overwritten)."


@cli.group()
def new() -> None:
    """Create a workbook from a template (native formulas only, no macro).

    The workbook opens in Excel 2016+ (Windows, Mac, web) and LibreOffice, and needs no
    Python. Yellow cells are inputs; a spec file (YAML) can prefill them.
    """


_SPEC_HELP = ("YAML file prefilling the inputs (see docs/specs.md); checked before anything "
              "is written.")
_LANG_HELP = "Language of labels, sheet names and messages (French by default)."


def _template_command(kind: str, summary: str) -> None:
    @new.command(name=kind, help=summary)
    @click.argument("out", type=_FILE)
    @click.option("--spec", type=_EXISTING, help=_SPEC_HELP)
    @click.option("--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True,
                  help=_LANG_HELP)
    @click.option("--force", is_flag=True, help=_FORCE_HELP)
    def command(out: Path, spec: Path | None, lang: str, force: bool) -> None:
        from .templates import generate

        click.echo(str(generate(kind, out, spec, lang, force=force)))


_template_command(
    "campaign",
    "Campaign tracking (seeds 003, 004): costs, objectives and results per target and "
    "funnel step, rates, attainment, profitability and break-even (point mort), a "
    "dashboard. Writes OUT.",
)
_template_command(
    "methods",
    "Prospection-method comparison (seed 003): cost, prospects, clients and revenue per "
    "method; cost per prospect, conversion, CAC, ROI and rank, a chart. Writes OUT.",
)
_template_command(
    "pac",
    "Commercial action plan (PAC, seed 002): SWOT, Ansoff strategy, SMART objectives, "
    "QQOQCCP action plan, budget, monthly follow-up and a dashboard. Writes OUT.",
)
_template_command(
    "objectives",
    "Objectives vs actuals with corrective actions (seed 001): per indicator, segment and "
    "month the gap, attainment, cumulative, run-rate projection and remaining to do; the "
    "significant gaps with their cause and corrective action; a dashboard. Writes OUT.",
)
_template_command(
    "pipeline",
    "Prospect pipeline (seed 004): prospects with status, potential, score and follow-ups; "
    "offers with prognoses; the funnel per target, the weighted forecast, the weekly "
    "activity; statuses recorded by 'xlsales snapshot' and compared between two dates. "
    "Writes OUT.",
)


@new.command("dashboard")
@click.argument("out", type=_FILE)
@click.option("--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True,
              help="Language of the sheets, labels and messages.")
@click.option("--force", is_flag=True, help=_FORCE_HELP)
def new_dashboard(out: Path, lang: str, force: bool) -> None:
    """Create an empty performance dashboard: data tables to paste the CRM extract,
    objectives and advisors into, a Paramètres sheet, and the dashboard sheets with
    their tables, conditional formats and charts. Fill it with xlsales refresh."""
    from .dashboard import new_dashboard as create
    from .templates import check_target

    check_target(out, force, lang)
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
    """Refresh a workbook headless: a performance dashboard (check the data, compute
    every figure, write the dashboard's tables, charts and named figures) or a prospect
    pipeline (recompute the film between two recorded photos), leaving everything else
    in the workbook as it was. Bad input stops it before anything is written (exit code
    2)."""
    from . import prospects
    from .dashboard import STEPS, refresh_file, summary

    if prospects.is_pipeline(book):
        click.echo(prospects.refresh(book))
        return
    stderr = sys.stderr
    if not stderr.isatty():
        click.echo(summary(refresh_file(book, data, objectives, advisors)))
        return
    steps = len(STEPS) + (1 if data or objectives or advisors else 0)
    with click.progressbar(length=steps, label="xlsales", file=stderr) as bar:
        outcome = refresh_file(book, data, objectives, advisors,
                               progress=lambda step: bar.update(1))
    click.echo(summary(outcome))


@cli.command()
@click.argument("book", type=_EXISTING)
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d", "%d/%m/%Y"]),
              help="Date of the photo (YYYY-MM-DD or DD/MM/YYYY; default today). Not in the "
                   "future, and not a date already recorded.")
def snapshot(book: Path, day) -> None:
    """Take "la photo" of a prospect pipeline: record every prospect's status at a date
    in the workbook's history (a protected sheet, never rewritten), then recompute the
    film between the last two photos (or the two dates chosen in the workbook)."""
    from .prospects import snapshot as take

    click.echo(take(book, day.date() if day else None))


@cli.command()
@click.argument("book", type=_EXISTING)
@click.option("--out", type=_FILE,
              help="PDF file to write (default: BOOK with a .pdf extension).")
@click.option("--sheets", multiple=True,
              help="A sheet to print (repeat the option for several; default: every visible "
                   "sheet but the data sheets).")
@click.option("--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True,
              help="Language of the messages, and locale of the dates LibreOffice prints.")
def pdf(book: Path, out: Path | None, sheets: tuple[str, ...], lang: str) -> None:
    """Print the report sheets of a workbook to one PDF through LibreOffice headless,
    which recalculates every formula first (in a private profile); each sheet keeps its
    page set-up (A4, print area, repeated titles, header and footer). Needs
    LibreOffice installed."""
    from .pdf_export import export_pdf

    click.echo(export_pdf(book, out, list(sheets) or None, lang))


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
    """The Excel add-in xlsales.xlam: an xlsales ribbon tab (Rafraîchir, Charger une
    extraction…, Prendre la photo, Nouveau classeur…, Exporter en PDF, Importer les
    fonctions). Installation guide: docs/installation.md."""


@addin.command("build")
@click.option("--out", type=click.Path(path_type=Path),
              default=Path("workbooks/xlsales.xlam"), show_default=True,
              help="Add-in file (or folder) to write.")
@click.option("--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True,
              help="Language of the ribbon and of the add-in's dialogs.")
@click.option("--interpreter",
              help="Python with xlsales installed, written into the add-in's config sheet "
                   "(without it, the user's xlsales.conf or the python on the PATH is used).")
def addin_build(out: Path, lang: str, interpreter: str | None) -> None:
    """Build xlsales.xlam from the vendored xlwings ribbon add-in template: VBA project
    xlsales, module RibbonXlsales, config sheet xlsales.conf, user config
    ~/.xlsales/xlsales.conf (the same bytes for the same options)."""
    from .addin import build_addin

    click.echo(build_addin(out, lang, interpreter))


@addin.command("install")
@click.option("--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True,
              help="Language of the ribbon and of the messages.")
def addin_install(lang: str) -> None:
    """Install the add-in into Excel for this Python (Windows or Mac, with Excel): write
    the user's xlsales.conf, build the add-in into Excel's XLSTART folder, enable
    RunPython on Mac; print each step and what is left to click in Excel."""
    from .addin import install_addin

    install_addin(lang, echo=click.echo)


@cli.group()
def libreoffice() -> None:
    """The KPI functions in LibreOffice Calc: an extension (.oxt) that registers every
    KPI_ function as a Calc add-in function, in French and English."""


_PATH_HELP = ("Folder where LibreOffice's Python finds xlsales and its dependencies "
              "(repeat for several); by default those of the Python running this command. "
              "--path '' for none: LibreOffice's own Python must then have xlsales installed.")


@libreoffice.command("build")
@click.option("--out", type=click.Path(path_type=Path), default=Path("workbooks/xlsales.oxt"),
              show_default=True, help="Extension file (or folder) to write.")
@click.option("--path", "paths", multiple=True, help=_PATH_HELP)
def libreoffice_build(out: Path, paths: tuple[str, ...]) -> None:
    """Build xlsales.oxt: the IDL generated from udfs.py compiled with the LibreOffice
    SDK (unoidl-write), CalcAddIns.xcu with the functions' French and English help, and
    the Python component."""
    from .oxt import build_extension

    click.echo(build_extension(out, [p for p in paths if p] if paths else None))


@libreoffice.command("install")
@click.option("--profile", type=click.Path(file_okay=False, path_type=Path),
              help="LibreOffice user-profile folder to install into (created if missing); "
                   "by default the user's own profile (as root: every user's, --shared).")
@click.option("--oxt", type=_EXISTING,
              help="Extension to install; by default one is built first, as 'build' does.")
@click.option("--path", "paths", multiple=True, help=_PATH_HELP)
def libreoffice_install(profile: Path | None, oxt: Path | None, paths: tuple[str, ...]) -> None:
    """Install the extension with LibreOffice's unopkg (close LibreOffice first). Then
    type =KPI_CAC(B2:B6; C2:C6) in a Calc cell."""
    import tempfile

    from .oxt import build_extension, install_extension

    with tempfile.TemporaryDirectory(prefix="xlsales-oxt-") as tmp:
        if oxt is None:
            oxt = build_extension(Path(tmp), [p for p in paths if p] if paths else None)
        click.echo(install_extension(oxt, profile))
