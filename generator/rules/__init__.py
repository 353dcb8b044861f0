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

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from generator.errors import Finding, Severity

if TYPE_CHECKING:
    from generator.cases import LoadedCase
    from generator.models import LetterRequest

Scope = Literal["case", "letter", "text"]

LAW = "docs/law.md"
_LAW_ANCHOR = re.compile(re.escape(LAW) + r"#([a-z0-9-]+)")


@dataclass(frozen=True)
class Problem:
    """What a rule reports: the location in the case file, the problem and the fix."""

    loc: tuple[str | int, ...]
    message: str
    fix: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    scope: Scope
    summary: str
    source: str
    func: Callable[..., Iterable[Problem]]
    letters: frozenset[str] | None = None
    senders: frozenset[str] | None = None
    debtors: frozenset[str] | None = None

    @property
    def law_anchors(self) -> list[str]:
        """The sections of docs/law.md the source points to, in order (``["penalties", "indemnity"]``)."""
        return _LAW_ANCHOR.findall(self.source)

    def applies(self, ctx: CheckContext, letter: LetterRequest | None) -> bool:
        if self.senders is not None and ctx.loaded.sender.role not in self.senders:
            return False
        if self.debtors is not None and ctx.loaded.case.debtor.kind not in self.debtors:
            return False
        return self.letters is None or (letter is not None and letter.type in self.letters)


REGISTRY: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, scope: Scope, summary: str, source: str, *,
         letters: Iterable[str] | None = None, senders: Iterable[str] | None = None,
         debtors: Iterable[str] | None = None) -> Callable[[Callable[..., Iterable[Problem]]],
                                                           Callable[..., Iterable[Problem]]]:
    """Register a rule. ``source`` names the articles, then ``docs/law.md#<anchor>`` (see above)."""

    def register(func: Callable[..., Iterable[Problem]]) -> Callable[..., Iterable[Problem]]:
        if rule_id in REGISTRY:
            raise ValueError(f"rule {rule_id} registered twice")
        REGISTRY[rule_id] = Rule(rule_id, severity, scope, summary, source, func,
                                 frozenset(letters) if letters is not None else None,
                                 frozenset(senders) if senders is not None else None,
                                 frozenset(debtors) if debtors is not None else None)
        return func

    return register


@dataclass
class CheckContext:
    """What a rule may look at: the loaded case, the as-of date, and cached computations."""

    loaded: LoadedCase
    as_of: dt.date
    cache: dict[Any, Any] = field(default_factory=dict)

    def remember(self, key: Any, compute: Callable[[], Any]) -> Any:
        """Compute once per case (statements are reused by several rules)."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]


def _load_rule_modules() -> None:
    # Imported for their @rule side effect; kept here so callers import one module.
    from generator.rules import case as _case  # noqa: F401
    from generator.rules import conduct as _conduct  # noqa: F401
    from generator.rules import letter as _letter  # noqa: F401
    from generator.rules import money as _money  # noqa: F401
    from generator.rules import text as _text  # noqa: F401
    from generator.rules import wording as _wording  # noqa: F401


_SORTED: list[Rule] = []


def all_rules() -> list[Rule]:
    """Every registered rule, case rules first, then letter rules, then text rules."""
    _load_rule_modules()
    if len(_SORTED) != len(REGISTRY):  # sorted once, on the first call after registration
        _SORTED[:] = sorted(REGISTRY.values(), key=lambda r: (["case", "letter", "text"].index(r.scope), r.id))
    return _SORTED


def _findings(rule_: Rule, ctx: CheckContext, problems: Iterable[Problem],
              letter_index: int | None) -> Iterator[Finding]:
    from generator.cases import dotted

    source = ctx.loaded.source
    for problem in problems:
        yield Finding(rule_.id, rule_.severity, ctx.loaded.path, source.line_of(problem.loc),
                      dotted(problem.loc) or None, problem.message, problem.fix, letter_index)


def check_case(ctx: CheckContext) -> list[Finding]:
    """Run every case and letter rule that applies; text rules run after rendering."""
    _load_rule_modules()
    findings: list[Finding] = []
    for rule_ in all_rules():
        if rule_.scope == "case" and rule_.applies(ctx, None):
            findings.extend(_findings(rule_, ctx, rule_.func(ctx), None))
    for index, letter in enumerate(ctx.loaded.case.letters):
        for rule_ in all_rules():
            if rule_.scope == "letter" and rule_.applies(ctx, letter):
                findings.extend(_findings(rule_, ctx, rule_.func(ctx, index, letter), index))
    return findings


def check_text(ctx: CheckContext, index: int, text: Any) -> list[Finding]:
    """Run the text rules for letter ``index`` on its rendered text (``text``: see rules/text.py)."""
    _load_rule_modules()
    letter = ctx.loaded.case.letters[index]
    findings: list[Finding] = []
    for rule_ in all_rules():
        if rule_.scope == "text" and rule_.applies(ctx, letter):
            findings.extend(_findings(rule_, ctx, rule_.func(ctx, index, letter, text), index))
    return findings
