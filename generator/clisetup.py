"""Setting a letters repository up: ``relance init``, ``new`` (a case file's skeleton), ``schema`` (the
JSON Schemas editors check files with), ``rules`` (every check and its legal source)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), required=False)
def new(path: Path | None) -> None:
    """Write a commented case-file skeleton to PATH (default: print it)."""
    from generator import scaffold

    click.echo(scaffold.new_case(path), nl=False)


@click.command()
@click.option("--config", is_flag=True, help="The schema of relance.yaml instead of a case file.")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), required=False)
def schema(config: bool, path: Path | None) -> None:
    """Write the JSON Schema of case files (or of relance.yaml) to PATH (default: print it)."""
    from generator import scaffold

    click.echo(scaffold.write_schema(path, config=config), nl=False)


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--install",
    "install",
    metavar="SPEC",
    help="What the CI workflow installs relance from, pinned: relance==X.Y.Z, a wheel's path or URL, "
    "or 'relance @ git+URL@TAG'; default: this relance's version.",
)
def init(directory: Path, install: str | None) -> None:
    """Create a new letters repository in DIRECTORY: relance.yaml, cases/, .gitignore, CI workflow."""
    from generator import scaffold

    click.echo(scaffold.init_repository(directory, install), nl=False)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
def rules(fmt: str) -> None:
    """List every check: identifier, severity, where it applies, and its legal source."""
    from generator import report

    click.echo(report.format_rules(fmt), nl=False)
