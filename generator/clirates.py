"""``relance rates``: the rate tables shown with their sources, checked, updated and added to."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cliparams import AS_OF_ENV, AS_OF_HELP, DATE, PATHS, as_of_or_today


@click.group(invoke_without_command=True)
@click.pass_context
def rates(ctx: click.Context) -> None:
    """The rate tables in force (shipped and relance.yaml), each row with its source, and the first
    half-year each table lacks. Subcommands check, update and add keep them current.
    """
    if ctx.invoked_subcommand is None:
        from generator import ratetables

        click.echo(ratetables.show_command(_root()), nl=False)


def _root() -> Path:
    from generator import cases

    return cases.find_root(Path.cwd())


@rates.command("check")
@PATHS
@click.option("--as-of", type=DATE, envvar=AS_OF_ENV, show_envvar=True, help=AS_OF_HELP)
def rates_check(paths: tuple[Path, ...], as_of: dt.date | None) -> None:
    """Exit 1 when a requested letter, or a step due within 30 days, needs a rate the tables lack."""
    from generator import ratetables

    text, ok = ratetables.check_command(list(paths), as_of_or_today(as_of))
    click.echo(text, nl=False)
    if not ok:
        raise SystemExit(1)


@rates.command("update")
@click.option(
    "--from",
    "from_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read a file saved by --save, or an arrêté's page saved from Légifrance, instead of the network.",
)
@click.option(
    "--save",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the sources' answers to FILE, for --from on a machine without network.",
)
@click.option("--as-of", type=DATE, help=AS_OF_HELP)
def rates_update(from_file: Path | None, save: Path | None, as_of: dt.date | None) -> None:
    """Fetch the rates the tables lack from the official sources and add them to relance.yaml."""
    from generator import ratetables

    text, ok = ratetables.update_command(_root(), as_of_or_today(as_of), from_file=from_file, save=save)
    click.echo(text, nl=False)
    if not ok:
        raise SystemExit(1)


@rates.command("add")
@click.argument("table", type=click.Choice(["legal_interest", "ecb"]))
@click.argument("when", metavar="HALF_YEAR|DATE")
@click.option("--individual", help="legal_interest: rate when the creditor is a private person (%).")
@click.option("--other", help="legal_interest: rate in every other case (%).")
@click.option("--rate", help="ecb: main refinancing operations rate in force from DATE (%).")
@click.option("--source", required=True, help="The text the rate comes from (arrêté, ECB decision).")
@click.option("--as-of", type=DATE, help="Retrieval date recorded with the row; default: today.")
def rates_add(
    table: str,
    when: str,
    individual: str | None,
    other: str | None,
    rate: str | None,
    source: str,
    as_of: dt.date | None,
) -> None:
    """Add a row by hand, with its source: legal_interest 2026-H2 --individual … --other … --source …,
    or ecb 2026-07-01 --rate … --source …
    """
    from generator import ratetables
    from generator.errors import UsageProblem

    if table == "legal_interest":
        if individual is None or other is None or rate is not None:
            raise UsageProblem("legal_interest needs --individual and --other (and no --rate)")
        text = ratetables.add_legal(_root(), when, individual, other, source, as_of_or_today(as_of))
    else:
        if rate is None or individual is not None or other is not None:
            raise UsageProblem("ecb needs --rate (and no --individual or --other)")
        text = ratetables.add_ecb(_root(), DATE.convert(when, None, None), rate, source, as_of_or_today(as_of))
    click.echo(text, nl=False)
