"""A rendered letter as the text rules read it (:class:`LetterText`), and how they read it.

:func:`plain_text` makes the words of a letter's HTML once, when it is rendered; every module of
text rules looks for phrases, amounts and dates in them through :func:`normalise`, :func:`fold`,
:func:`says` and :func:`amount_text`, so that all read a letter alike.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from html import unescape

from generator import frenchtext
from generator.procedure import NextStep
from generator.statement import Statement


@dataclass(frozen=True)
class LetterText:
    """A rendered letter as the text rules read it."""

    text: str
    """Plain text, every run of whitespace (including no-break spaces) made one space."""
    statement: Statement
    """The statement of account the letter was rendered with."""
    deadline: dt.date | None
    next_step: NextStep
    template: str
    """The letter's template file, named in the fix of a finding."""

    @functools.cached_property
    def casefolded(self) -> str:
        """``text`` case-folded once, for every rule that looks for a phrase in any case."""
        return self.text.casefold()


# Inline elements do not separate words; every other tag does.
_INLINE = frozenset({"a", "abbr", "b", "em", "i", "small", "span", "strong", "sub", "sup", "u", "time"})
_SKIP = frozenset({"head", "style", "script", "title"})


# Elements whose content is not read, and markup replaced by a space (blocks) or by nothing
# (inline elements, so "<strong>16 juin</strong>." stays "16 juin."). A regular expression is
# enough: the HTML comes from our own templates with case data escaped, and it is 3 to 4 times
# faster than html.parser, which mattered when validating thousands of cases.
_SKIPPED = re.compile(r"<(" + "|".join(sorted(_SKIP)) + r")\b.*?</\1\s*>", re.S | re.I)
_MARKUP = re.compile(r"<!--.*?-->|<![^>]*>|</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>", re.S)


def _markup(match: re.Match[str]) -> str:
    tag = match.group(1)
    return "" if tag is None or tag.lower() in _INLINE else " "


def normalise(text: str) -> str:
    """One space for any whitespace run (U+00A0 and U+202F included), straight apostrophes."""
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip()


_APOSTROPHES = frozenset("\u2019\u2018\u02bc\u2032`")


def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return "'"
    if char.isspace():
        return " "
    base = unicodedata.normalize("NFD", char)[0]
    lower = base.lower()
    return lower if len(lower) == 1 else base


class _FoldTable(dict[int, str]):
    """``str.translate``'s table for :func:`fold`, each character worked out on first sight."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD = _FoldTable()


@functools.lru_cache(maxsize=16)  # the rules of one letter fold its one text: done once
def fold(text: str) -> str:
    """Lower case, accents dropped, one kind of apostrophe and of space, character for character.

    The result has the length of ``text``, so a match found in it quotes ``text`` at the same span:
    wording rules match folded text and show the debtor's own words.
    """
    # One table lookup per character in C: the text rules fold every letter several times.
    return text.translate(_FOLD)


def plain_text(html: str) -> str:
    """The words of an HTML letter, normalised with :func:`normalise`."""
    return normalise(unescape(_MARKUP.sub(_markup, _SKIPPED.sub(" ", html))))


def says(text: LetterText, phrase: str) -> bool:
    return _phrase(phrase) in text.casefolded


@functools.lru_cache(maxsize=1024)
def _phrase(phrase: str) -> str:
    return normalise(phrase).casefold()


def amount_text(value: Decimal) -> str:
    """An amount as the rendered text reads it once normalised: the form the text rules look for."""
    return normalise(frenchtext.amount(value))
