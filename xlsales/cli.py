"""The ``xlsales`` command: each command parses its options and calls the library.

Errors become one message and an exit code here, and only here: bad input exits with
2, anything else a user can fix with 1; a traceback is a bug.
"""

from __future__ import annotations

import click

from .errors import XlsalesError

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
def demo() -> None:
    """Run the demo: seed 003's worked case computed through the KPI functions."""
    from .seed_case import report

    click.echo(report())
