"""The one error type relance raises for user mistakes, and the findings that checks report."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import click

Severity = Literal["error", "warning"]


class RelanceError(click.ClickException):
    """A mistake the user can fix: Click prints the message and exits with code 1.

    Core code raises this; the command line never catches it.
    """

    exit_code = 1


class UsageProblem(RelanceError):
    """The command itself was called wrongly (exit code 2, like Click's own usage errors)."""

    exit_code = 2


_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with line breaks and control characters written as escapes (``\\n``, ``\\x1b``)."""
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], text)


@dataclass(frozen=True)
class Finding:
    """One problem found in a case file or a letter, located and explained.

    ``rule`` is a stable identifier (documented in the README); ``severity`` says whether the
    letter is blocked (error) or only flagged (warning); ``letter`` is the index in ``letters:``
    of the letter concerned, or None when the whole case is concerned.
    """

    rule: str
    severity: Severity
    path: Path
    line: int | None
    field: str | None
    message: str
    fix: str = ""
    letter: int | None = None

    def __post_init__(self) -> None:
        # Messages echo case data: a line break or a terminal escape in a value must not break
        # the one-line form nor reach a terminal raw.
        for name in ("field", "message", "fix"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, one_line(value))

    @property
    def location(self) -> str:
        """``file:line`` (or just the file when no line is known)."""
        return f"{self.path}:{self.line}" if self.line else f"{self.path}"

    def render(self) -> str:
        """The one-line text form: ``file:line: field: [severity rule] message (fix: ...)``."""
        where = f"{self.location}: "
        what = f"{self.field}: " if self.field else ""
        fix = f" (fix: {self.fix})" if self.fix else ""
        return f"{where}{what}[{self.severity} {self.rule}] {self.message}{fix}"


def describe(exc: BaseException) -> str:
    """An exception as one line for a report: relance's own message, else the type and text."""
    if isinstance(exc, click.ClickException):
        return exc.format_message()
    return f"{type(exc).__name__}: {exc}"
