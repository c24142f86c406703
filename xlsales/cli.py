"""The ``xlsales`` command: each command parses its options and calls the library.

Errors become one message and an exit code here, and only here: bad input exits with
2, anything else a user can fix with 1; a traceback is a bug.
"""

from __future__ import annotations

import click

from .errors import XlsalesError
from .i18n import LANGS

__all__ = ["cli"]


class UserError(click.ClickException):
    """An :class:`~xlsales.errors.XlsalesError` shown as a message."""

    def __init__(self, error: XlsalesError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code
        self.lang = getattr(error, "lang", "fr")

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        from .i18n import text

        click.echo(f"{text('messages.where.error', self.lang)} : {self.format_message()}"
                   if self.lang == "fr" else
                   f"{text('messages.where.error', self.lang)}: {self.format_message()}",
                   err=True, file=file)


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
@click.option("--out", type=click.Path(file_okay=False), default="workbooks/examples",
              show_default=True, help="Folder the example workbooks are written to.")
def demo(out: str) -> None:
    """Run the demo: write seed 003's worked case (Abeille Assurances, Langon) as example
    workbooks and print their headline figures, computed through the KPI functions."""
    from .demo import run

    click.echo(run(out))


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
    @click.argument("out", type=click.Path(dir_okay=False, writable=True))
    @click.option("--spec", type=click.Path(exists=True, dir_okay=False), help=_SPEC_HELP)
    @click.option("--lang", type=click.Choice(LANGS), default="fr", show_default=True,
                  help=_LANG_HELP)
    def command(out: str, spec: str | None, lang: str) -> None:
        from .templates import generate

        path = generate(kind, out, spec, lang)
        click.echo(str(path))


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
