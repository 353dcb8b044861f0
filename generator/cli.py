"""The ``relance`` command line: parse options, call one core function, set the exit code.

Exit codes: 0 when nothing is wrong, 1 when a case or letter has an error (or a build
failed, or could not run), 2 when the command was called wrongly, 130 when a build was
interrupted (Ctrl-C).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator import __version__
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
from generator.clirates import rates

INTERRUPTED = "relance build: interrupted; the letters written so far are kept, run it again to write the rest"


# Every option can also come from the environment: RELANCE_<COMMAND>_<OPTION> through Click's
# auto_envvar_prefix (RELANCE_BUILD_JOBS=2), and the two a whole CI job shares, RELANCE_AS_OF and
# RELANCE_OUT, for every command that takes them.
@click.group(context_settings={"help_option_names": ["-h", "--help"],
                               "auto_envvar_prefix": "RELANCE"})
@click.version_option(__version__, "-V", "--version", prog_name="relance")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Check French dunning letters against the law and render them as a site and PDFs."""
    from generator import console

    ctx.with_resource(console.reports_to_stderr())  # the core logs; this prints, for one command


@cli.command()
@PATHS
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit", "github"]), default="text",
              show_default=True, help="Report format: text for people, json, junit for CI, github annotations.")
@click.option("--as-of", type=DATE, envvar=AS_OF_ENV, show_envvar=True, help=AS_OF_HELP)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
@lang_option("en")
def validate(paths: tuple[Path, ...], fmt: str, as_of: dt.date | None, strict: bool, lang: str | None) -> None:
    """Check case files (default: the repository's cases/) against the schema and French law.

    Exit code 0 when no error was found, 1 otherwise.
    """
    from generator import report
    from generator import validate as core

    reports = core.validate(list(paths), as_of_or_today(as_of))
    click.echo(report.format_reports(reports, fmt, lang or configured_language(paths) or "en"), nl=False)
    if report.failed(reports, strict):
        raise SystemExit(1)


@cli.command()
@PATHS
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), envvar=OUT_ENV, show_envvar=True,
              help="Output folder; default: output/.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes; default: all cores.")
@click.option("--html-only", is_flag=True, help="Write the HTML site and previews, no PDF.")
@click.option("--as-of", type=DATE, envvar=AS_OF_ENV, show_envvar=True, help=AS_OF_HELP)
@click.option("--clean", is_flag=True,
              help="Render everything again; leave in the output folder only what this build wrote.")
@click.option("--shard", metavar="K/N", help="Build only the K-th of N slices of the cases (stable by file path), "
              "into output-shard-K-of-N/ unless --out; join the slices with relance merge.")
@lang_option("en")
def build(paths: tuple[Path, ...], out: Path | None, jobs: int | None, html_only: bool,
          as_of: dt.date | None, clean: bool, lang: str | None, shard: str | None) -> None:
    """Check, render and write every letter: an HTML preview site and PDFs in output/.

    Letters whose inputs did not change are not rendered again. Exit code 1 when a letter
    is blocked by an error or failed to render, or another build is writing the same folder;
    130 when interrupted (what was finished is kept for the next build).
    """
    from generator import build as core
    from generator import console
    from generator.shard import Shard

    try:
        summary = core.build_all(list(paths), out=out, jobs=jobs, html_only=html_only,
                                 as_of=as_of_or_today(as_of), clean=clean, progress=console.progress,
                                 lang=lang or configured_language(paths) or "en",
                                 **({"shard": Shard.parse(shard)} if shard else {}))
    except KeyboardInterrupt:
        click.echo(INTERRUPTED, err=True)
        raise SystemExit(130) from None  # 128 + SIGINT, as a shell reports it
    if not summary.ok:
        raise SystemExit(1)


@cli.command()
@click.argument("outs", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The new folder for the joined site (absent or empty).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes; default: all cores.")
def merge(outs: tuple[Path, ...], out: Path, jobs: int | None) -> None:
    """Join the outputs of relance build --shard 1/N … N/N into one site with one manifest.

    Run it in the letters repository the shards were built from. Exit code 1 as for build.
    """
    from generator import console
    from generator import merge as core

    if not core.merge(list(outs), out, jobs=jobs, progress=console.progress).ok:
        raise SystemExit(1)


@cli.command()
@PATHS
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), envvar=OUT_ENV, show_envvar=True,
              help="Output folder to build into and serve; default: output/.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in the browser once it is served.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes; default: all cores.")
@click.option("--html-only", is_flag=True, help="Write the HTML site and previews, no PDF.")
@click.option("--as-of", type=DATE, envvar=AS_OF_ENV, show_envvar=True, help=AS_OF_HELP)
def serve(paths: tuple[Path, ...], port: int, out: Path | None, open_browser: bool, jobs: int | None,
          html_only: bool, as_of: dt.date | None) -> None:
    """Build, serve output/ on this machine (127.0.0.1) and build again when a case, template or
    relance.yaml changes; an open page reloads itself after each build. Stop with Ctrl+C.
    """
    from generator import console
    from generator import serve as core

    try:
        core.serve(list(paths), port=port, as_of=lambda: as_of_or_today(as_of), jobs=jobs, html_only=html_only,
                   out=out, open_browser=open_browser, progress=console.progress)
    except KeyboardInterrupt:  # during the first build (later, Ctrl+C just stops the server): as build does
        click.echo(INTERRUPTED, err=True)
        raise SystemExit(130) from None


@cli.command()
@PATHS
@click.option("--as-of", type=DATE, envvar=AS_OF_ENV, show_envvar=True, help=AS_OF_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ics"]), default="text", show_default=True,
              help="text for people, json for scripts, ics for a calendar.")
@lang_option("fr")
@click.option("--prepare", is_flag=True, help="Write the letters due into the case files' letters:.")
@click.option("--force", is_flag=True, help="With --prepare: edit files that have uncommitted changes.")
def due(paths: tuple[Path, ...], as_of: dt.date | None, fmt: str, lang: str | None, prepare: bool,
        force: bool) -> None:
    """List what is to be done on each case on or before the date, and why, most urgent first.

    Exit code 0 whatever is due: it is a report, not a check. With --prepare, the proposed
    letters are written into the case files (the diff is printed) for the next build.
    """
    from generator import due as core

    if prepare:
        click.echo(core.prepare(list(paths), as_of_or_today(as_of), force=force), nl=False)
        return
    click.echo(core.due_command(list(paths), as_of_or_today(as_of), fmt, lang or configured_language(paths) or "fr"),
               nl=False)


@cli.command()
@click.argument("case", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--letter", "number", type=click.IntRange(min=1), required=True,
              help="Which letter of the case's letters: (1 for the first), as numbered in output/.")
@click.option("--sent", type=DATE, required=True, help="The day the letter was posted (YYYY-MM-DD).")
@click.option("--channel", type=click.Choice(["email", "post", "lrar", "lre", "hand", "commissaire"]),
              required=True, help="How it was sent.")
@click.option("--registered-number", help="The registered-mail number.")
@click.option("--received", type=DATE, help="The day the debtor received it (return receipt).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), envvar=OUT_ENV, show_envvar=True,
              help="Where it was built; default: output/.")
@click.option("--force", is_flag=True, help="Edit the case file even with uncommitted changes.")
def record(case: Path, number: int, sent: dt.date, channel: str, registered_number: str | None,
           received: dt.date | None, out: Path | None, force: bool) -> None:
    """Record a built letter as sent: a letter event in the case's history, its PDF archived.

    The PDF is copied to archive/CASE/ with its digest; the build and the site use that copy
    from then on, whatever changes later. The diff of the case file is printed.
    """
    from generator import record as core

    click.echo(core.record(case, number, sent=sent, channel=channel, registered_number=registered_number,
                           received=received, out=out, force=force), nl=False)


@cli.command()
@click.argument("root", type=click.Path(exists=True, file_okay=False, path_type=Path), required=False)
def verify(root: Path | None) -> None:
    """Check every archived letter against its recorded digest. Exit code 1 on any mismatch."""
    from generator import archive

    text, ok = archive.verify_command(root or Path.cwd())
    click.echo(text, nl=False)
    if not ok:
        raise SystemExit(1)


@cli.command()
@click.argument("case", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as-of", type=DATE, envvar=AS_OF_ENV, show_envvar=True, help=AS_OF_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for programs.")
def statement(case: Path, as_of: dt.date | None, fmt: str) -> None:
    """Print the statement of account (décompte) of one case: principal, payments, interest, total."""
    from generator import statementreport as core

    click.echo(core.statement_command(case, as_of_or_today(as_of), "json" if fmt == "json" else "text"), nl=False)


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
@click.option("--install", "install", metavar="SPEC",
              help="What the CI workflow installs relance from, pinned: relance==X.Y.Z, a wheel's path or URL, "
                   "or 'relance @ git+URL@TAG'; default: this relance's version.")
def init(directory: Path, install: str | None) -> None:
    """Create a new letters repository in DIRECTORY: relance.yaml, cases/, .gitignore, CI workflow."""
    from generator import scaffold

    click.echo(scaffold.init_repository(directory, install), nl=False)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
def rules(fmt: str) -> None:
    """List every check: identifier, severity, where it applies, and its legal source."""
    from generator import report

    click.echo(report.format_rules(fmt), nl=False)


@cli.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script for SHELL: add `eval "$(relance completion bash)"` to ~/.bashrc
    (zsh: ~/.zshrc; fish: `relance completion fish > ~/.config/fish/completions/relance.fish`).
    """
    from click.shell_completion import get_completion_class

    completer = get_completion_class(shell)
    assert completer is not None  # the Choice above only admits shells Click knows
    click.echo(completer(cli, {}, "relance", "_RELANCE_COMPLETE").source())


@cli.command()
@PATHS
@click.option("--as-of", type=DATE, envvar=AS_OF_ENV, show_envvar=True, help=AS_OF_HELP)
@click.option("--base", metavar="REF", help="Git branch or commit to compare the letters with (e.g. origin/main).")
def summary(paths: tuple[Path, ...], as_of: dt.date | None, base: str | None) -> None:
    """Print a Markdown summary for CI (GitHub: append it to $GITHUB_STEP_SUMMARY): cases, letters
    built and blocked with the reasons, and with --base the letters that changed since REF.
    """
    from generator import cisummary

    click.echo(cisummary.summary(list(paths), as_of_or_today(as_of), base), nl=False)


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


cli.add_command(rates)
