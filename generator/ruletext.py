"""Rule messages and fixes in French, found by the English template each rule already writes.

A rule writes its message as an f-string (``f"amount {invoice.amount} is not above zero"``) and
other helpers edit the rule modules all the time, so the rules are not asked to change:
``ruletemplates`` reads their source and turns each f-string of a ``Problem`` into a template
(``amount {amount} is not above zero``, the msgid of ``generator/data/fr.po``); to print a
finding in French, this module finds the template the English text was made from, takes back its values
and fills the French text with them. A part that is itself a rule's phrase (``{why}``,
``{note}``, the fix of a missing rate) is translated the same way; a value (a number, an
invoice, a date) is kept, dates and decimals written the French way. A text no template
matches is printed in English rather than guessed; ``tests/test_ruletext.py`` checks every
template has its French text.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import string
from collections.abc import Sequence
from dataclasses import replace

from generator.errors import Finding
from generator.fstrings import Slot, Template
from generator.i18n import Msg, msg, translations
from generator.ruletemplates import catalogue

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DECIMAL = re.compile(r"-?\d+\.\d+")


VALUE = "value"
"""The gettext context of the words a rule passes as values ("payment", "lawyer"): translated
when fr.po has them, since a free value is otherwise printed as it is."""


def _value_fr(text: str, lang: str, fix: bool) -> str:
    word = translations(lang).pgettext(VALUE, text)
    if word != text or fix:  # a fix says what to type (a YAML date, a command): its values stay as they are
        return word
    if _ISO_DATE.fullmatch(text):
        year, month, day = text.split("-")
        return f"{day}/{month}/{year}"
    if _DECIMAL.fullmatch(text):
        return text.replace(".", ",")
    return text


def _fill(template: Template, match: re.Match[str], lang: str, fix: bool) -> str | None:
    if not template.wordy:  # "" or "{why}{note}": nothing to translate (and "" is the catalogue's header)
        french = template.msgid
    else:
        french = translations(lang).gettext(template.msgid)
        if french == template.msgid:
            return None
    values: dict[str, str] = {}
    for index, part in enumerate(template.parts):
        if isinstance(part, Slot):
            values[part.name] = _slot_fr(part, match.group(f"g{index}"), lang, fix)
    out = []
    for literal, name, _, _ in string.Formatter().parse(french):
        out.append(literal)
        if name is not None:
            out.append(values.get(name, "{" + name + "}"))
    return "".join(out)


def _slot_fr(slot: Slot, text: str, lang: str, fix: bool) -> str:
    if slot.joiner is not None:
        joiner = translations(lang).pgettext(VALUE, slot.joiner)
        return joiner.join(_phrase_fr(slot.choices, item, lang, fix) for item in text.split(slot.joiner))
    return _phrase_fr(slot.choices, text, lang, fix)


def _phrase_fr(choices: Sequence[Template], text: str, lang: str, fix: bool) -> str:
    if choices:
        found = _first(choices, text, lang, fix)
        if found is not None:
            return found
    elif " " in text:  # a phrase handed over as a value (a missing rate's fix): a template of the pool?
        found = _first(catalogue().pool, text, lang, fix)
        if found is not None:
            return found
    return _value_fr(text, lang, fix)


def _first(templates: Sequence[Template], text: str, lang: str, fix: bool) -> str | None:
    for template in templates:
        match = template.regex.fullmatch(text)
        if match:
            return _fill(template, match, lang, fix)
    return None


def translate(rule: str, text: str, lang: str, *, fix: bool = False) -> str:
    """``text``, a message (or with ``fix``, the fix) of rule ``rule``, in ``lang``; unchanged when
    no template fits. A message's dates and decimals are written the French way; a fix's values
    stay as the user types them (2026-07-01 in a YAML file or a command)."""
    if lang == "en" or not text:
        return text
    # A schema error quotes what the user typed ("'2026-13-01' is not a valid date"): kept as typed.
    fix = fix or rule.startswith("schema.")
    found = catalogue()
    own = found.by_rule.get(rule, [])
    result = _first(own, text, lang, fix) or _first(found.pool, text, lang, fix)
    return result if result is not None else text


def finding_in(finding: Finding, lang: str) -> Finding:
    """``finding`` with its message and fix in ``lang``."""
    if lang == "en":
        return finding
    return replace(
        finding,
        message=translate(finding.rule, finding.message, lang),
        fix=translate(finding.rule, finding.fix, lang, fix=True),
    )


def render(finding: Finding, lang: str) -> str:
    """:meth:`Finding.render` in ``lang``: ``file:line: field: [erreur rule] message (correction : …)``."""
    if lang == "en":
        return finding.render()
    french = finding_in(finding, lang)
    words = translations(lang)
    where = f"{french.location}: "
    what = f"{french.field}: " if french.field else ""
    fix = words.gettext(" (fix: {fix})").format(fix=french.fix) if french.fix else ""
    return f"{where}{what}[{words.pgettext('severity', french.severity)} {french.rule}] {french.message}{fix}"


@functools.lru_cache(maxsize=1024)
def phrase(text: str, *, fix: bool = False) -> Msg | str:
    """A phrase relance passes around as text (a missing rate's what and fix) as a message that
    prints in either language, a message's dates as dates; ``text`` itself when no template fits.

    Memoised: ``relance due`` asks for the same few missing-rate phrases thousands of times, and
    each ask tries the catalogue's templates one by one (a ``Msg`` is immutable, safe to share)."""
    for template in catalogue().pool:
        match = template.regex.fullmatch(text) if template.wordy else None
        if match:
            return _as_msg(template, match, fix)
    return text


def _as_msg(template: Template, match: re.Match[str], fix: bool) -> Msg:
    values: dict[str, object] = {}
    for index, part in enumerate(template.parts):
        if isinstance(part, Slot):
            raw = match.group(f"g{index}")
            inner = next(((c, m) for c in part.choices if part.joiner is None and (m := c.regex.fullmatch(raw))), None)
            if inner is not None and inner[0].wordy:
                values[part.name] = _as_msg(*inner, fix)
            else:
                values[part.name] = dt.date.fromisoformat(raw) if _ISO_DATE.fullmatch(raw) and not fix else raw
    return msg(template.msgid, **values)


def message(rule: str, text: str, *, fix: bool = False) -> Msg | str:
    """``text``, a message or fix of rule ``rule``, as a message that prints in either language
    (like :func:`phrase`, for the rule's own templates); ``text`` when no template fits."""
    found = catalogue()
    for template in [*found.by_rule.get(rule, []), *found.pool]:
        match = template.regex.fullmatch(text) if template.wordy else None
        if match:
            return _as_msg(template, match, fix or rule.startswith("schema."))
    return text


def finding_msg(finding: Finding) -> Msg:
    """A finding's one-line form (:meth:`Finding.render`) as a message: relance due keeps it in
    its cache and prints it in the language asked for."""
    where = f"{finding.location}: " + (f"{finding.field}: " if finding.field else "")
    severity = msg("error") if finding.severity == "error" else msg("warning")
    fix: Msg | str = msg(" (fix: {fix})", fix=message(finding.rule, finding.fix, fix=True)) if finding.fix else ""
    return msg(
        "{where}[{severity} {rule}] {message}{fix}",
        where=where,
        severity=severity,
        rule=finding.rule,
        message=message(finding.rule, finding.message),
        fix=fix,
    )
