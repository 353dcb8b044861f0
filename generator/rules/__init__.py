"""The rule engine: named legal checks with stable identifiers, run on case data and letter text.

A rule is a generator function registered with :func:`rule`. It yields :class:`Problem`
objects (where, what, how to fix); the engine turns them into located :class:`Finding`
objects with the rule's identifier and severity. Three scopes exist:

* ``case``: once per case file, ``func(ctx)``;
* ``letter``: once per requested letter, ``func(ctx, index, letter)``;
* ``text``: once per rendered letter, ``func(ctx, index, letter, text)``, where ``text`` is the
  plain text the debtor will read (templates are user-editable, so only this proves a
  letter says what the law asks).

A rule may be limited to letter types, sender roles and debtor kinds; it then only runs
where it applies. Every rule names its legal source, shown by ``relance rules``: the articles,
then the sections of the project's legal reference that explain them and the decision taken,
written ``docs/law.md#<anchor>`` (for example ``"C. com. L441-10 II — docs/law.md#penalties"``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from generator.errors import Finding

# The rule modules, imported for their @rule side effect: callers import this package alone.
from generator.rules import acknowledgement as _acknowledgement  # noqa: F401
from generator.rules import case as _case  # noqa: F401
from generator.rules import conduct as _conduct  # noqa: F401
from generator.rules import court as _court  # noqa: F401
from generator.rules import declaration as _declaration  # noqa: F401
from generator.rules import ladder as _ladder  # noqa: F401
from generator.rules import letter as _letter  # noqa: F401
from generator.rules import money as _money  # noqa: F401
from generator.rules import parties as _parties  # noqa: F401
from generator.rules import sending as _sending  # noqa: F401
from generator.rules import text as _text  # noqa: F401
from generator.rules import wording as _wording  # noqa: F401
from generator.rules.lettertext import LetterText
from generator.rules.registry import LAW, REGISTRY, CheckContext, Problem, Rule, Scope, rule
from generator.schemaerrors import dotted

__all__ = [
    "LAW",
    "REGISTRY",
    "CheckContext",
    "Problem",
    "Rule",
    "Scope",
    "all_rules",
    "check_case",
    "check_text",
    "rule",
]

_SORTED: list[Rule] = []


def all_rules() -> list[Rule]:
    """Every registered rule, case rules first, then letter rules, then text rules."""
    if len(_SORTED) != len(REGISTRY):  # sorted once, on the first call after registration
        _SORTED[:] = sorted(REGISTRY.values(), key=lambda r: (["case", "letter", "text"].index(r.scope), r.id))
    return _SORTED


def _findings(
    rule_: Rule, ctx: CheckContext, problems: Iterable[Problem], letter_index: int | None
) -> Iterator[Finding]:
    source = ctx.loaded.source
    for problem in problems:
        yield Finding(
            rule_.id,
            rule_.severity,
            ctx.loaded.path,
            source.line_of(problem.loc),
            dotted(problem.loc) or None,
            problem.message,
            problem.fix,
            letter_index,
        )


def check_case(ctx: CheckContext) -> list[Finding]:
    """Run every case and letter rule that applies; text rules run after rendering."""
    findings: list[Finding] = []
    for rule_ in all_rules():
        if rule_.scope == "case" and rule_.applies(ctx, None):
            findings.extend(_findings(rule_, ctx, rule_.func(ctx), None))
    for index, letter in enumerate(ctx.loaded.case.letters):
        for rule_ in all_rules():
            if rule_.scope == "letter" and rule_.applies(ctx, letter):
                findings.extend(_findings(rule_, ctx, rule_.func(ctx, index, letter), index))
    return findings


def check_text(ctx: CheckContext, index: int, text: LetterText) -> list[Finding]:
    """Run the text rules for letter ``index`` on its rendered text."""
    letter = ctx.loaded.case.letters[index]
    findings: list[Finding] = []
    for rule_ in all_rules():
        if rule_.scope == "text" and rule_.applies(ctx, letter):
            findings.extend(_findings(rule_, ctx, rule_.func(ctx, index, letter, text), index))
    return findings
