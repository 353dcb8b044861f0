"""What reaches the terminal: the core's reports as plain lines on stderr, and a progress bar.

The core modules report through ``logging`` (logger ``generator``) and never print; the
command line routes those records here for the duration of a command.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

LOGGER = "generator"


class _Echo(logging.Handler):
    """One record, one line on stderr: the message alone, as a clerk reads it."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(record.getMessage(), err=True)


@contextmanager
def reports_to_stderr(level: int = logging.INFO) -> Iterator[None]:
    """Show the core's reports at ``level`` and above on stderr while the block runs."""
    logger = logging.getLogger(LOGGER)
    handler, before = _Echo(level), (logger.level, logger.propagate)
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False  # a host application's root handlers would print them twice
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(before[0])
        logger.propagate = before[1]


@contextmanager
def progress(total: int) -> Iterator[Callable[[], None]]:
    """A rich progress bar on a terminal; nothing when stderr is a file or a pipe."""
    if not sys.stderr.isatty() or total == 0:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("PDF", total=total)
        yield lambda: bar.advance(task)
