"""What a rule module needs to declare rules: ``@rule``, the ``Problem`` it yields, its ``CheckContext``.

Kept apart from the package's ``__init__`` (which loads every rule module and runs the rules)
so that rule modules import this and never the package that imports them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from generator.errors import Severity

if TYPE_CHECKING:
    from generator.cases import LoadedCase
    from generator.letters import LetterRequest

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


def rule(
    rule_id: str,
    severity: Severity,
    scope: Scope,
    summary: str,
    source: str,
    *,
    letters: Iterable[str] | None = None,
    senders: Iterable[str] | None = None,
    debtors: Iterable[str] | None = None,
) -> Callable[[Callable[..., Iterable[Problem]]], Callable[..., Iterable[Problem]]]:
    """Register a rule. ``source`` names the articles, then ``docs/law.md#<anchor>`` (see above)."""

    def register(func: Callable[..., Iterable[Problem]]) -> Callable[..., Iterable[Problem]]:
        if rule_id in REGISTRY:
            raise ValueError(f"rule {rule_id} registered twice")
        REGISTRY[rule_id] = Rule(
            rule_id,
            severity,
            scope,
            summary,
            source,
            func,
            frozenset(letters) if letters is not None else None,
            frozenset(senders) if senders is not None else None,
            frozenset(debtors) if debtors is not None else None,
        )
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
