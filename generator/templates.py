"""The Jinja environments of letters and of the site: one factory, the same filters, the ``default:`` prefix.

Template folders are searched most specific first: the repository's ``letter_templates/``, then
the built-in set, which a template can always reach as ``default:<name>`` (to extend a built-in
letter rather than copy it). Each environment notes which template files a render loaded and
which more specific files it looked for in vain: the incremental build's inputs of a letter.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2

from generator import frenchtext
from generator.cases import Repository
from generator.resources import builtin_templates


def search_path(repo: Repository) -> list[Path]:
    """Template folders, most specific first."""
    folders = [repo.templates_dir.resolve()] if repo.templates_dir.is_dir() else []
    return folders + [builtin_templates().resolve()]


def _amount_or_dash(value: Decimal | None) -> str:
    return "—" if value is None else frenchtext.amount(value)


def _date_or_dash(value: dt.date | None) -> str:
    return "—" if value is None else frenchtext.date_short(value)


# Every template, letter or site page, has the same filters.
FILTERS: dict[str, Callable[..., Any]] = {
    "money": frenchtext.amount,
    "words": frenchtext.amount_in_words,
    "date_long": frenchtext.date_long,
    "date_short": frenchtext.date_short,
    "percent": frenchtext.percent,
    "days": frenchtext.days,
    "cardinal": frenchtext.cardinal,
    "de": frenchtext.de,
    "enumeration": frenchtext.enumeration,
    # the site's tables show "—" where a figure is unknown
    "amount": _amount_or_dash,
    "date": _date_or_dash,
}


@dataclass
class Usage:
    """The template files a render loaded, and the more specific ones it looked for in vain."""

    used: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)


_USAGE: contextvars.ContextVar[Usage | None] = contextvars.ContextVar("relance_template_usage", default=None)


@contextmanager
def recording() -> Iterator[Usage]:
    """Note the template files the renders inside the ``with`` block look up."""
    usage = Usage()
    token = _USAGE.set(usage)
    try:
        yield usage
    finally:
        _USAGE.reset(token)


class _RecordingEnvironment(jinja2.Environment):
    """An environment that notes each template file a render loads, for the incremental build."""

    search: list[Path]

    def get_template(self, name: Any, parent: str | None = None, globals: Any = None) -> jinja2.Template:
        template = super().get_template(name, parent, globals)
        self._note(template)
        return template

    def select_template(self, names: Any, parent: str | None = None, globals: Any = None) -> jinja2.Template:
        template = super().select_template(names, parent, globals)
        usage = _USAGE.get()
        if usage is not None and not isinstance(names, jinja2.Undefined):
            for name in names:
                if name == template.name:
                    break
                usage.missing.extend(folder / name for folder in self.search)
        self._note(template)
        return template

    def _note(self, template: jinja2.Template) -> None:
        usage = _USAGE.get()
        if usage is None or template.filename is None:
            return
        path, shadows = self._shadows(template.filename, template.name or "")
        if path not in usage.used:
            usage.used.append(path)
        usage.missing.extend(shadows)

    @functools.lru_cache(maxsize=1024)  # noqa: B019 (environments live as long as the process anyway)
    def _shadows(self, filename: str, name: str) -> tuple[Path, tuple[Path, ...]]:
        """A template's file, and the files of the same name in more specific folders that would replace it."""
        path = Path(filename)
        missing: list[Path] = []
        if not name.startswith("default:"):
            for folder in self.search:
                if path == folder / name:
                    break
                missing.append(folder / name)
        return path, tuple(missing)


_ENVIRONMENTS: dict[tuple[tuple[Path, ...], str, bool], _RecordingEnvironment] = {}


def environment(search: Sequence[Path], *, folder: str = "", trailing_newline: bool = False) -> jinja2.Environment:
    """The environment of the templates in ``folder`` of each search-path folder (``site`` for the site).

    One per search path and process: compiled templates are cached in it. ``trailing_newline``
    keeps a template's final newline (the site's pages are files; a letter's HTML is not).
    """
    key = (tuple(search), folder, trailing_newline)
    if key not in _ENVIRONMENTS:
        roots = [Path(p) / folder for p in search]
        loader = jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader([str(p) for p in roots]),
                jinja2.PrefixLoader(
                    {"default": jinja2.FileSystemLoader(str(builtin_templates() / folder))}, delimiter=":"
                ),
            ]
        )
        env = _RecordingEnvironment(
            loader=loader,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=True,
            keep_trailing_newline=trailing_newline,
        )
        env.search = roots
        env.filters.update(FILTERS)
        _ENVIRONMENTS[key] = env
    return _ENVIRONMENTS[key]
