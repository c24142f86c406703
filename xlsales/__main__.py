"""``python -m xlsales`` runs the command line."""

from .cli import cli

cli()
