"""French typography over a rendered letter: no-break spaces where a line must not break.

Applied to the text between tags only, never to markup or attribute values, so case data and
template wording are treated alike (Imprimerie nationale, Lexique des règles typographiques:
no-break space before « : » and inside « », narrow one before « ; ! ? »; "n°", "art." and a day
never part from what follows them; the apostrophe is the typographic ’).
"""

from __future__ import annotations

import re

from generator.frenchtext import MONTHS, NBSP, NNBSP

_SPACE = r"[ \t]+"
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(_SPACE + r"(?=:(?:\s|$))"), NBSP),
    (re.compile(_SPACE + r"(?=[;!?](?:\s|$|\)))"), NNBSP),
    (re.compile(r"«" + _SPACE), "«" + NBSP),
    (re.compile(_SPACE + r"»"), NBSP + "»"),
    (re.compile(r"(n°|\bart\.)" + _SPACE + r"(?=\w)"), r"\1" + NBSP),
    (re.compile(r"\b(nos)" + _SPACE + r"(?=[A-Z0-9])"), r"\1" + NBSP),
    (re.compile(r"\b(1er|\d{1,2})" + _SPACE + r"(?=(?:" + "|".join(MONTHS) + r")\b)"), r"\1" + NBSP),
    # The typographic apostrophe inside a word ("d’échéance"), typed straight or escaped by the
    # template engine; the text rules read both forms alike (rules/lettertext.py, normalise).
    (re.compile(r"(?<=\w)(?:'|&#39;|&#x27;)(?=\w)"), "\u2019"),
)
_TEXT = re.compile(r">([^<]*[^<\s][^<]*)<")  # runs of white space alone (indentation) need nothing
_RAW = re.compile(r"<(script|style|title)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


# Any place one of the rules could apply: most runs of text between tags have none.
_ANY = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _RULES))


def typeset_text(text: str) -> str:
    """``text`` with the no-break spaces and apostrophes of French typography."""
    if not _ANY.search(text):
        return text
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def typeset_html(html: str) -> str:
    """``html`` with :func:`typeset_text` applied to the text between its tags."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\0{len(kept) - 1}\0"

    shielded = _RAW.sub(keep, html)
    typeset = _TEXT.sub(lambda m: ">" + typeset_text(m.group(1)) + "<", shielded)
    return re.sub(r"\0(\d+)\0", lambda m: kept[int(m.group(1))], typeset)
