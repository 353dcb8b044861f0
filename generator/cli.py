"""The ``relance`` command line: parse options, call one core function, set the exit code.

Exit codes: 0 when nothing is wrong, 1 when a case or letter has an error (or a build
failed), 2 when the command was called wrongly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator import __version__

AS_OF_HELP = "Date the checks and computations are made at (YYYY-MM-DD); default: today."
PATHS = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))


class _Date(click.ParamType):
    name = "DATE"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-23", param, ctx)


DATE = _Date()


def _as_of(value: dt.date | None) -> dt.date:
    # The only place relance reads the clock, and only when --as-of is not given.
    return value or dt.date.today()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="relance")
def cli() -> None:
    """Check French dunning letters against the law and render them as a site and PDFs."""


@cli.command()
@PATHS
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit", "github"]), default="text",
              show_default=True, help="Report format: text for people, json, junit for CI, github annotations.")
@click.option("--as-of", type=DATE, help=AS_OF_HELP)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
def validate(paths: tuple[Path, ...], fmt: str, as_of: dt.date | None, strict: bool) -> None:
    """Check case files (default: the repository's cases/) against the schema and French law.

    Exit code 0 when no error was found, 1 otherwise.
    """
    from generator import report
    from generator import validate as core

    reports = core.validate(list(paths), _as_of(as_of))
    click.echo(report.format_reports(reports, fmt), nl=False)
    if report.failed(reports, strict):
        raise SystemExit(1)


@cli.command()
@PATHS
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder; default: output/.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes; default: all cores.")
@click.option("--html-only", is_flag=True, help="Write the HTML site and previews, no PDF.")
@click.option("--as-of", type=DATE, help=AS_OF_HELP)
@click.option("--clean", is_flag=True, help="Empty the output folder first and render everything again.")
def build(paths: tuple[Path, ...], out: Path | None, jobs: int | None, html_only: bool,
          as_of: dt.date | None, clean: bool) -> None:
    """Check, render and write every letter: an HTML preview site and PDFs in output/.

    Letters whose inputs did not change are not rendered again. Exit code 1 when a letter
    is blocked by an error or failed to render.
    """
    from generator import build as core

    summary = core.build_all(list(paths), out=out, jobs=jobs, html_only=html_only,
                             as_of=_as_of(as_of), clean=clean)
    if not summary.ok:
        raise SystemExit(1)


@cli.command()
@PATHS
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes; default: all cores.")
@click.option("--html-only", is_flag=True, help="Write the HTML site and previews, no PDF.")
@click.option("--as-of", type=DATE, help=AS_OF_HELP)
def serve(paths: tuple[Path, ...], port: int, jobs: int | None, html_only: bool, as_of: dt.date | None) -> None:
    """Build, serve output/ on this machine (127.0.0.1) and build again when a case, template or
    relance.yaml changes. Stop with Ctrl+C.
    """
    from generator import serve as core

    core.serve(list(paths), port=port, as_of=lambda: _as_of(as_of), jobs=jobs, html_only=html_only)


@cli.command()
@click.argument("case", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as-of", type=DATE, help=AS_OF_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for programs.")
def statement(case: Path, as_of: dt.date | None, fmt: str) -> None:
    """Print the statement of account (décompte) of one case: principal, payments, interest, total."""
    from generator import statement as core

    click.echo(core.statement_command(case, _as_of(as_of), "json" if fmt == "json" else "text"), nl=False)


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), required=False)
def new(path: Path | None) -> None:
    """Write a commented case-file skeleton to PATH (default: print it)."""
    from generator import scaffold

    click.echo(scaffold.new_case(path), nl=False)


@cli.command()
@click.option("--config", is_flag=True, help="The schema of relance.yaml instead of a case file.")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), required=False)
def schema(config: bool, path: Path | None) -> None:
    """Write the JSON Schema of case files (or of relance.yaml) to PATH (default: print it)."""
    from generator import scaffold

    click.echo(scaffold.write_schema(path, config=config), nl=False)


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a new letters repository in DIRECTORY: relance.yaml, cases/, .gitignore, CI example."""
    from generator import scaffold

    click.echo(scaffold.init_repository(directory), nl=False)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
def rules(fmt: str) -> None:
    """List every check: identifier, severity, where it applies, and its legal source."""
    from generator import report

    click.echo(report.format_rules(fmt), nl=False)


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--case", "case", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Add the invoices to this existing case file.")
@click.option("--new-case", type=click.Path(dir_okay=False, path_type=Path),
              help="Create this case file from the invoices (seller: creditor, buyer: debtor).")
@click.option("--debtor-kind", type=click.Choice(["business", "consumer"]),
              help="Whether the buyer is a business or a consumer, when the invoice does not say (no SIREN, no VAT).")
@click.option("--check", is_flag=True, help="Read and check the files, report what would change, write nothing.")
def import_(files: tuple[Path, ...], case: Path | None, new_case: Path | None, debtor_kind: str | None,
            check: bool) -> None:
    """Import e-invoices (Factur-X PDFs, CII or UBL XML files, or folders of them) into a case file.

    Invoices already in the case are left as they are; a different amount for the same number is
    an error. Exit code 1 when a file could not be imported or needs an edit.
    """
    from generator import importer

    result = importer.import_invoices(list(files), case=case, new_case=new_case, check=check,
                                      debtor_kind=debtor_kind)
    click.echo(importer.format_result(result), nl=False)
    if result.failed:
        raise SystemExit(1)
