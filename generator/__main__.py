"""Lets ``python -m generator`` run the ``relance`` command."""

from generator.cli import cli

cli()
