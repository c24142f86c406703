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
        self.exit_code = error.exit_code
        self.lang = getattr(error, "lang", "fr")

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        from .i18n import text

        click.echo(f"{text('messages.where.error', self.lang)} : {self.format_message()}"
                   if self.lang == "fr" else
                   f"{text('messages.where.error', self.lang)}: {self.format_message()}",
                   err=True, file=file)


class _Group(click.Group):
    """Speaks the user's language (help texts, click's own messages) and translates
    library errors into messages, once for every command."""

    lang = DEFAULT_LANG

    def main(self, args=None, *rest, **options):  # type: ignore[no-untyped-def,override]
        self.lang = choose_lang(sys.argv[1:] if args is None else args)
        localize(self, self.lang)
        return super().main(args, *rest, **options)

    def invoke(self, ctx: click.Context):  # type: ignore[override]
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
# before click parses anything. A command the locales do not know keeps its docstring.
@click.group(cls=_Group)
@click.version_option(package_name="xlsales")
@click.option("--lang", type=click.Choice(LANGS), expose_value=False, is_eager=True)
def cli() -> None:
    """xlsales"""


@cli.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("xlsales-demo"), show_default=True)
def demo(out: Path) -> None:
    """The demo."""
    from .dashboard import write_demo
    from .demo import run

    click.echo(run(out))
    click.echo()
    click.echo(write_demo(out))


_FILE = LocalPath(dir_okay=False, path_type=Path)
_EXISTING = LocalPath(dir_okay=False, path_type=Path)


@cli.group()
def new() -> None:
    """A workbook from a template."""


def _template_command(kind: str) -> None:
    @new.command(name=kind, help=kind)
    @click.argument("out", type=_FILE)
    @click.option("--spec", type=_EXISTING)
    @click.option("--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True)
    @click.option("--force", is_flag=True)
    def command(out: Path, spec: Path | None, lang: str, force: bool) -> None:
        from .templates import generate

        click.echo(str(generate(kind, out, spec, lang, force=force)))


for _kind in ("campaign", "methods", "pac", "objectives", "pipeline"):
    _template_command(_kind)


@new.command("dashboard")
@click.argument("out", type=_FILE)
@click.option("--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True)
@click.option("--force", is_flag=True)
def new_dashboard(out: Path, lang: str, force: bool) -> None:
    """An empty performance dashboard."""
    from .dashboard import new_dashboard as create
    from .templates import check_target

    check_target(out, force, lang)
    click.echo(create(out, lang))


@cli.command()
@click.argument("book", type=_EXISTING)
@click.option("--data", type=_EXISTING)
@click.option("--objectives", type=_EXISTING)
@click.option("--advisors", type=_EXISTING)
def refresh(book: Path, data: Path | None, objectives: Path | None,
            advisors: Path | None) -> None:
    """Refresh a workbook."""
    from . import prospects
    from .dashboard import STEPS, refresh_file, summary

    if prospects.is_pipeline(book):
        click.echo(prospects.refresh(book))
        return
    stderr = sys.stderr
    try:
        if not stderr.isatty():
            click.echo(summary(refresh_file(book, data, objectives, advisors)))
            return
        steps = len(STEPS) + (1 if data or objectives or advisors else 0)
        with click.progressbar(length=steps, label="xlsales", file=stderr) as bar:
            outcome = refresh_file(book, data, objectives, advisors,
                                   progress=lambda step: bar.update(1))
    except InputError as error:
        if data is None and any(p.key == "no_rows" for p in error.problems):
            _suggest_data(error, book)
        raise
    click.echo(summary(outcome))


def _suggest_data(error: InputError, book: Path) -> None:
    """An empty dashboard refreshed without --data: say what the user forgot."""
    from .i18n import text

    hint = text("cli.hint.data", error.lang).format(book=book.name)
    error.problems.append(Problem(Location(file=book.name), hint))
    error.args = (str(error),)


@cli.command()
@click.argument("book", type=_EXISTING)
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d", "%d/%m/%Y"]))
@click.option("--force", is_flag=True)
def snapshot(book: Path, day, force: bool) -> None:  # type: ignore[no-untyped-def]
    """Take the photo of a prospect pipeline."""
    from .prospects import snapshot as take

    click.echo(take(book, day.date() if day else None, force=force))


@cli.command("demo-data")
@click.argument("out", type=_FILE)
@click.option("--rows", type=click.IntRange(min=1), default=6000, show_default=True)
@click.option("--seed", type=int, default=2025, show_default=True)
@click.option("--objectives", type=_FILE)
@click.option("--advisors", type=_FILE)
def demo_data(out: Path, rows: int, seed: int, objectives: Path | None,
              advisors: Path | None) -> None:
    """A synthetic CRM extract."""
    from .dashboard import write_demo_files

    write_demo_files(out, rows, seed, objectives, advisors)
    click.echo(out)


@cli.group()
def addin() -> None:
    """The Excel ribbon add-in."""


@addin.command("build")
@click.option("--out", type=click.Path(path_type=Path),
              default=Path("workbooks/xlsales.xlam"), show_default=True)
@click.option("--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True)
@click.option("--interpreter")
def addin_build(out: Path, lang: str, interpreter: str | None) -> None:
    """Build xlsales.xlam."""
    from .addin import build_addin

    click.echo(build_addin(out, lang, interpreter))


@addin.command("install")
@click.option("--lang", type=click.Choice(LANGS), default=DEFAULT_LANG, show_default=True)
def addin_install(lang: str) -> None:
    """Install the add-in into Excel."""
    from .addin import install_addin

    click.echo(install_addin(lang))


localize(cli, choose_lang([]))
