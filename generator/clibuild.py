"""``relance validate``, ``build``, ``merge``, ``serve`` and ``summary``: the letters checked, built into a
site and PDFs, joined from shards, served while they are edited, summed up for CI."""

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

INTERRUPTED = "relance build: interrupted; the letters written so far are kept, run it again to write the rest"


@click.command()
@PATHS
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "junit", "github"]),
    default="text",
    show_default=True,
    help="Report format: text for people, json, junit for CI, github annotations.",
)
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


@click.command()
@PATHS
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    envvar=OUT_ENV,
    show_envvar=True,
    help="Output folder; default: output/.",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes; default: all cores.")
@click.option("--html-only", is_flag=True, help="Write the HTML site and previews, no PDF.")
@click.option("--as-of", type=DATE, envvar=AS_OF_ENV, show_envvar=True, help=AS_OF_HELP)
@click.option(
    "--clean", is_flag=True, help="Render everything again; leave in the output folder only what this build wrote."
)
@click.option(
    "--shard",
    metavar="K/N",
    help="Build only the K-th of N slices of the cases (stable by file path), "
    "into output-shard-K-of-N/ unless --out; join the slices with relance merge.",
)
@lang_option("en")
def build(
    paths: tuple[Path, ...],
    out: Path | None,
    jobs: int | None,
    html_only: bool,
    as_of: dt.date | None,
    clean: bool,
    lang: str | None,
    shard: str | None,
) -> None:
    """Check, render and write every letter: an HTML preview site and PDFs in output/.

    Letters whose inputs did not change are not rendered again. Exit code 1 when a letter
    is blocked by an error or failed to render, or another build is writing the same folder;
    130 when interrupted (what was finished is kept for the next build).
    """
    from generator import build as core
    from generator import console
    from generator.shard import Shard

    try:
        summary = core.build_all(
            list(paths),
            out=out,
            jobs=jobs,
            html_only=html_only,
            as_of=as_of_or_today(as_of),
            clean=clean,
            progress=console.progress,
            lang=lang or configured_language(paths) or "en",
            **({"shard": Shard.parse(shard)} if shard else {}),
        )
    except KeyboardInterrupt:
        click.echo(INTERRUPTED, err=True)
        raise SystemExit(130) from None  # 128 + SIGINT, as a shell reports it
    if not summary.ok:
        raise SystemExit(1)


@click.command()
@click.argument("outs", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The new folder for the joined site (absent or empty).",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes; default: all cores.")
def merge(outs: tuple[Path, ...], out: Path, jobs: int | None) -> None:
    """Join the outputs of relance build --shard 1/N … N/N into one site with one manifest.

    Run it in the letters repository the shards were built from. Exit code 1 as for build.
    """
    from generator import console
    from generator import merge as core

    if not core.merge(list(outs), out, jobs=jobs, progress=console.progress).ok:
        raise SystemExit(1)


@click.command()
@PATHS
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    envvar=OUT_ENV,
    show_envvar=True,
    help="Output folder to build into and serve; default: output/.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the site in the browser once it is served.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes; default: all cores.")
@click.option("--html-only", is_flag=True, help="Write the HTML site and previews, no PDF.")
@click.option("--as-of", type=DATE, envvar=AS_OF_ENV, show_envvar=True, help=AS_OF_HELP)
def serve(
    paths: tuple[Path, ...],
    port: int,
    out: Path | None,
    open_browser: bool,
    jobs: int | None,
    html_only: bool,
    as_of: dt.date | None,
) -> None:
    """Build, serve output/ on this machine (127.0.0.1) and build again when a case, template or
    relance.yaml changes; an open page reloads itself after each build. Stop with Ctrl+C.
    """
    from generator import console
    from generator import serve as core

    try:
        core.serve(
            list(paths),
            port=port,
            as_of=lambda: as_of_or_today(as_of),
            jobs=jobs,
            html_only=html_only,
            out=out,
            open_browser=open_browser,
            progress=console.progress,
        )
    except KeyboardInterrupt:  # during the first build (later, Ctrl+C just stops the server): as build does
        click.echo(INTERRUPTED, err=True)
        raise SystemExit(130) from None


@click.command()
@PATHS
@click.option("--as-of", type=DATE, envvar=AS_OF_ENV, show_envvar=True, help=AS_OF_HELP)
@click.option("--base", metavar="REF", help="Git branch or commit to compare the letters with (e.g. origin/main).")
def summary(paths: tuple[Path, ...], as_of: dt.date | None, base: str | None) -> None:
    """Print a Markdown summary for CI (GitHub: append it to $GITHUB_STEP_SUMMARY): cases, letters
    built and blocked with the reasons, and with --base the letters that changed since REF.
    """
    from generator import cisummary

    click.echo(cisummary.summary(list(paths), as_of_or_today(as_of), base), nl=False)
