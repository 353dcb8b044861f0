"""What the ``relance`` commands share on their command line: the date type, the options read from
the environment, the language option, the paths argument."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import click

AS_OF_HELP = "Date the checks and computations are made at (YYYY-MM-DD); default: today."
AS_OF_ENV = "RELANCE_AS_OF"
OUT_ENV = "RELANCE_OUT"
LANG_ENV = "RELANCE_LANG"
PATHS = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))


def lang_option(default: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return click.option(
        "--lang",
        type=click.Choice(["fr", "en"]),
        envvar=LANG_ENV,
        show_envvar=True,
        help=f"Language of the messages; default: defaults.language of relance.yaml, else {default}.",
    )


def configured_language(paths: tuple[Path, ...]) -> str | None:
    """``defaults.language`` of the repository's relance.yaml; None when it is unset or unreadable
    (the command itself then reports the broken file)."""
    from generator import cases
    from generator.errors import RelanceError

    try:
        return cases.load_repository(cases.find_root(paths[0] if paths else Path.cwd())).config.defaults.language
    except RelanceError:
        return None


class _Date(click.ParamType):  # type: ignore[type-arg]  # generic in recent Click, not in 8.1
    name = "DATE"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-23", param, ctx)
        from generator.bounds import DATE_MAX, DATE_MIN

        if not DATE_MIN <= day <= DATE_MAX:  # the range case files are held to (README, the case file)
            self.fail(f"{day.isoformat()} is not between {DATE_MIN.year} and {DATE_MAX.year}", param, ctx)
        return day


DATE = _Date()


def as_of_or_today(value: dt.date | None) -> dt.date:
    # The only place relance reads the clock, and only when --as-of is not given.
    return value or dt.date.today()
