"""The day's commands: what is due on each case (``relance due``), a letter recorded as sent
(``record``), the archive checked (``verify``), a case's statement of account, e-invoices imported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cliparams import (
    AS_OF_ENV,
    AS_OF_HELP,
    DATE,
    OUT_ENV,
    PATHS,
    as_of_or_today,
    configured_language,
    lang_option,
)


@click.command()
@PATHS
@click.option("--as-of", type=DATE, envvar=AS_OF_ENV, show_envvar=True, help=AS_OF_HELP)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "ics"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts, ics for a calendar.",
)
@lang_option("fr")
@click.option("--prepare", is_flag=True, help="Write the letters due into the case files' letters:.")
@click.option("--force", is_flag=True, help="With --prepare: edit files that have uncommitted changes.")
def due(paths: tuple[Path, ...], as_of: dt.date | None, fmt: str, lang: str | None, prepare: bool, force: bool) -> None:
    """List what is to be done on each case on or before the date, and why, most urgent first.

    Exit code 0 whatever is due: it is a report, not a check. With --prepare, the proposed
    letters are written into the case files (the diff is printed) for the next build.
    """
    from generator import due as core

    if prepare:
        click.echo(core.prepare(list(paths), as_of_or_today(as_of), force=force), nl=False)
        return
    click.echo(
        core.due_command(list(paths), as_of_or_today(as_of), fmt, lang or configured_language(paths) or "fr"), nl=False
    )


@click.command()
@click.argument("case", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--letter",
    "number",
    type=click.IntRange(min=1),
    required=True,
    help="Which letter of the case's letters: (1 for the first), as numbered in output/.",
)
@click.option("--sent", type=DATE, required=True, help="The day the letter was posted (YYYY-MM-DD).")
@click.option(
    "--channel",
    type=click.Choice(["email", "post", "lrar", "lre", "hand", "commissaire"]),
    required=True,
    help="How it was sent.",
)
@click.option("--registered-number", help="The registered-mail number.")
@click.option("--received", type=DATE, help="The day the debtor received it (return receipt).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    envvar=OUT_ENV,
    show_envvar=True,
    help="Where it was built; default: output/.",
)
@click.option("--force", is_flag=True, help="Edit the case file even with uncommitted changes.")
def record(
    case: Path,
    number: int,
    sent: dt.date,
    channel: str,
    registered_number: str | None,
    received: dt.date | None,
    out: Path | None,
    force: bool,
) -> None:
    """Record a built letter as sent: a letter event in the case's history, its PDF archived.

    The PDF is copied to archive/CASE/ with its digest; the build and the site use that copy
    from then on, whatever changes later. The diff of the case file is printed.
    """
    from generator import record as core

    click.echo(
        core.record(
            case,
            number,
            sent=sent,
            channel=channel,
            registered_number=registered_number,
            received=received,
            out=out,
            force=force,
        ),
        nl=False,
    )


@click.command()
@click.argument("root", type=click.Path(exists=True, file_okay=False, path_type=Path), required=False)
def verify(root: Path | None) -> None:
    """Check every archived letter against its recorded digest. Exit code 1 on any mismatch."""
    from generator import archive

    text, ok = archive.verify_command(root or Path.cwd())
    click.echo(text, nl=False)
    if not ok:
        raise SystemExit(1)


@click.command()
@click.argument("case", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as-of", type=DATE, envvar=AS_OF_ENV, show_envvar=True, help=AS_OF_HELP)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for programs.",
)
def statement(case: Path, as_of: dt.date | None, fmt: str) -> None:
    """Print the statement of account (décompte) of one case: principal, payments, interest, total."""
    from generator import statementreport as core

    click.echo(core.statement_command(case, as_of_or_today(as_of), "json" if fmt == "json" else "text"), nl=False)


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--case",
    "case",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Add the invoices to this existing case file.",
)
@click.option(
    "--new-case",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Create this case file from the invoices (seller: creditor, buyer: debtor).",
)
@click.option(
    "--debtor-kind",
    type=click.Choice(["business", "consumer"]),
    help="Whether the buyer is a business or a consumer, when the invoice does not say (no SIREN, no VAT).",
)
@click.option("--check", is_flag=True, help="Read and check the files, report what would change, write nothing.")
def import_(
    files: tuple[Path, ...], case: Path | None, new_case: Path | None, debtor_kind: str | None, check: bool
) -> None:
    """Import e-invoices (Factur-X PDFs, CII or UBL XML files, or folders of them) into a case file.

    Invoices already in the case are left as they are; a different amount for the same number is
    an error. Exit code 1 when a file could not be imported or needs an edit.
    """
    from generator import importer

    result = importer.import_invoices(list(files), case=case, new_case=new_case, check=check, debtor_kind=debtor_kind)
    click.echo(importer.format_result(result), nl=False)
    if result.failed:
        raise SystemExit(1)
