"""The ``xlsales`` command: each command parses its options and calls the library.

Errors become one message and an exit code here, and only here: bad input exits with
2, anything else a user can fix with 1; a traceback is a bug.
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import click

from .cli_lang import LocalPath, choose_lang, localize
from .errors import InputError, Location, Problem, XlsalesError
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
    """Speaks the user's language (help texts, click's own messages) and translates
    library errors into messages, once for every command."""

    lang = DEFAULT_LANG

    def main(self, args=None, *rest, **options):
        self.lang = choose_lang(sys.argv[1:] if args is None else args)
        localize(self, self.lang)
        return super().main(args, *rest, **options)

    def invoke(self, ctx: click.Context):
        from .ooxml.save import exit_on_signals

        # SIGTERM and SIGHUP unwind like Ctrl-C: a save in progress removes its
        # temporary file and leaves the workbook as it was.
        exit_on_signals()
        try:
            return super().invoke(ctx)
        except XlsalesError as error:
            if getattr(error, "lang", None) is None:
                error.lang = self.lang  # type: ignore[attr-defined]
            raise UserError(error) from None
        except OSError as error:
            raise UserError(_os_error(error, self.lang)) from None


#: A path the user gave that leads nowhere is bad input; a refusal of the system
#: (permissions, a full disk) is not.
_BAD_PATH = {errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EEXIST}


class _BadPathError(XlsalesError):
    exit_code = 2


def _os_error(error: OSError, lang: str) -> XlsalesError:
    from .system_errors import file_error

    kind = _BadPathError if error.errno in _BAD_PATH else XlsalesError
    wrapped = kind(file_error(error, lang))
    wrapped.lang = lang  # type: ignore[attr-defined]
    return wrapped


# Help texts live in locales/<lang>/cli.yaml: localize() words them in the user's language
# before click parses anything; the texts below are the fallback of a command the locales
# do not know yet.
@click.group(cls=_Group)
@click.version_option(package_name="xlsales")
@click.option("--lang", type=click.Choice(LANGS), expose_value=False, is_eager=True)
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
    """Run the demo: write the Abeille Langon worked case as example
    workbooks and print their headline figures, computed through the KPI functions; then
    refresh a performance dashboard from a synthetic CRM extract."""
    from .dashboard import write_demo
    from .demo import run

    click.echo(run(out))
    click.echo()
    click.echo(write_demo(out))


_FILE = LocalPath(dir_okay=False, path_type=Path)
_EXISTING = LocalPath(dir_okay=False, path_type=Path)
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
    "Campaign tracking (the Abeille Langon case): costs, objectives and results per target and "
    "funnel step, rates, attainment, profitability and break-even (point mort), a "
    "dashboard. Writes OUT.",
)
_template_command(
    "methods",
    "Prospection-method comparison (the Abeille Langon case): cost, prospects, clients "
    "and revenue per "
    "method; cost per prospect, conversion, CAC, ROI and rank, a chart. Writes OUT.",
)
_template_command(
    "pac",
    "Commercial action plan (PAC): SWOT, Ansoff strategy, SMART objectives, "
    "QQOQCCP action plan, budget, monthly follow-up and a dashboard. Writes OUT.",
)
_template_command(
    "objectives",
    "Objectives vs actuals with corrective actions: per indicator, segment and "
    "month the gap, attainment, cumulative, run-rate projection and remaining to do; the "
    "significant gaps with their cause and corrective action; a dashboard. Writes OUT.",
)
_template_command(
    "pipeline",
    "Prospect pipeline: prospects with status, potential, score and follow-ups; "
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
    # Nothing here imports pandas before the refresh has started reading the data
    # sheet (xlsales.dashboard.headless says why).
    from .dashboard.headless import refresh_file
    from .dashboard.progress import STEPS
    from .prospects.kind import is_pipeline

    if is_pipeline(book):
        from .prospects import refresh as refresh_pipeline

        click.echo(refresh_pipeline(book))
        return
    stderr = sys.stderr
    try:
        if not stderr.isatty():
            outcome = refresh_file(book, data, objectives, advisors)
        else:
            steps = len(STEPS) + (1 if data or objectives or advisors else 0)
            with click.progressbar(length=steps, label="xlsales", file=stderr) as bar:
                outcome = refresh_file(book, data, objectives, advisors,
                                       progress=lambda step: bar.update(1))
    except InputError as error:
        if data is None and any(p.key == "no_rows" for p in error.problems):
            _suggest_data(error, book)
        raise
    from .dashboard.refresh import summary

    click.echo(summary(outcome))


def _suggest_data(error: InputError, book: Path) -> None:
    """An empty dashboard refreshed without --data: say what the user forgot."""
    from .i18n import text

    hint = text("cli.hint.data", error.lang).format(book=book.name)
    error.problems.append(Problem(Location(file=book.name), hint))
    error.args = (str(error),)


@cli.command()
@click.argument("book", type=_EXISTING)
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d", "%d/%m/%Y"]),
              help="Date of the photo (YYYY-MM-DD or DD/MM/YYYY; default today). Not in the "
                   "future, not a date already recorded, not before the last photo "
                   "(unless --force).")
@click.option("--force", is_flag=True,
              help="Record a photo dated before the last one (its statuses are today's).")
def snapshot(book: Path, day, force: bool) -> None:
    """Take "la photo" of a prospect pipeline: record every prospect's status at a date
    in the workbook's history (a protected sheet, never rewritten), then recompute the
    film between the last two photos (or the two dates chosen in the workbook)."""
    from .prospects import snapshot as take

    click.echo(take(book, day.date() if day else None, force=force))


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


@cli.command("distribute")
@click.argument("kind", type=click.Choice(["objectives", "pipeline"]))
@click.option("--team", type=_EXISTING, required=True,
              help="Team file (CSV or XLSX): conseiller (or nom and prenom), agence, "
                   "optionally email and part (the share of the objectives).")
@click.option("--spec", type=_EXISTING,
              help="Base spec (YAML) to split: the agency's objectives, or its prospect "
                   "file (each advisor gets the prospects they own).")
@click.option("--data", type=_EXISTING,
              help="CRM extract (CSV or XLSX): each advisor's actuals (objectives only).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder the workbooks and the manifest (manifest.csv) are written to.")
@click.option("--by", type=click.Choice(["conseiller", "agence"]), default="conseiller",
              show_default=True, help="One workbook per advisor, or per agency.")
@click.option("--jobs", type=click.IntRange(min=1),
              help="Processes writing workbooks (default: the number of cores).")
@click.option("--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True,
              help=_LANG_HELP)
@click.option("--force", is_flag=True,
              help="Replace workbooks already in OUT (they may be returns: by default "
                   "nothing is overwritten).")
def distribute_command(kind: str, team: Path, spec: Path | None, data: Path | None,
                       out: Path, by: str, jobs: int | None, lang: str, force: bool) -> None:
    """Write one workbook per advisor (or agency) of the team, prefilled with their part
    (objectives: their share and their actuals; pipeline: the prospects they own),
    each carrying a hidden, protected identification, and a manifest of who got what.
    Everything is checked before the first workbook is written."""
    from .team.distribute import distribute
    from .team.roster import read_team

    if not sys.stderr.isatty():
        done = distribute(kind, team, out, spec, data, by, jobs, lang, force)
    else:
        count = len(read_team(team, by, lang))
        with click.progressbar(length=count, label="xlsales", file=sys.stderr) as bar:
            done = distribute(kind, team, out, spec, data, by, jobs, lang, force,
                              progress=bar.update)
    from .team.roster import team_message

    click.echo(team_message("distributed", lang, count=len(done.entries), folder=out,
                            manifest=done.manifest.name, distribution=done.distribution))
    if done.unassigned:
        click.echo(team_message("unassigned", lang, count=done.unassigned), err=True)


@cli.command("collect")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--into", type=_FILE, required=True,
              help="Consolidated workbook: created the first time, refreshed in place "
                   "afterwards (only its tables and figures are rewritten).")
@click.option("--manifest", type=_EXISTING,
              help="The distribution's manifest (default: FOLDER/manifest.csv).")
@click.option("--jobs", type=click.IntRange(min=1),
              help="Processes reading workbooks (default: the number of cores).")
@click.option("--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True,
              help=_LANG_HELP)
def collect_command(folder: Path, into: Path, manifest: Path | None, jobs: int | None,
                    lang: str) -> None:
    """Check the returned workbooks in FOLDER (whichever program saved them) and
    consolidate the good ones into the consolidated workbook, with a sheet of the
    returns: received, missing, rejected and why. A bad return is listed with its file,
    sheet and cell, and never stops the others."""
    from .team.collect import collect
    from .team.roster import team_message

    if sys.stderr.isatty():
        # The number of files is known once the folder is listed: the bar starts then.
        state: dict = {}

        def files(count: int) -> None:
            state["bar"] = click.progressbar(length=count, label="xlsales", file=sys.stderr)
            state["bar"].__enter__()

        try:
            done = collect(folder, into, manifest, jobs, lang,
                           progress=lambda n: state["bar"].update(n), files=files)
        finally:
            if "bar" in state:
                state["bar"].__exit__(None, None, None)
    else:
        done = collect(folder, into, manifest, jobs, lang)
    for outcome in [*done.rejected, *done.ignored]:
        for reason in outcome.reasons:
            click.echo(reason, err=True)
    click.echo(team_message("collected", lang, into=into, received=len(done.received),
                            expected=done.expected, rejected=len(done.rejected),
                            missing=len(done.missing), ignored=len(done.ignored)))


localize(cli, choose_lang([]))
