"""A worklist item: one thing to do on one case (or why there is nothing to do), and the worklist.

Plain data, with the JSON ``relance due --format json`` prints and the JSON its cache keeps
(generator/duecache.py); the pieces that make items (generator/duelegal.py,
generator/dueladder.py) and their assembly (generator/worklist.py) sit above.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from generator.cases import LoadedCase
from generator.i18n import Msg

Kind = Literal["prescription", "legal_step", "rates", "letter", "send", "error", "nothing"]
# Urgency: a claim about to be time-barred first, a case ripe for court next, then letters.
RANK: dict[str, int] = {
    "prescription": 0,
    "legal_step": 1,
    "rates": 2,
    "letter": 3,
    "send": 4,
    "error": 5,
    "nothing": 9,
}


@dataclass(frozen=True)
class Item:
    """One thing to do (or the reason there is nothing to do) on one case.

    ``date`` is the day the action fell or falls due; ``letter`` the letter type proposed (kind
    letter), requested and not yet sent (send) or concerned (rates); ``request`` the index in
    ``letters:`` of a prepared request (send).
    """

    case: Path
    slug: str
    kind: Kind
    date: dt.date
    message: Msg
    letter: str | None = None
    request: int | None = None
    procedure: str | None = None
    amount: Decimal | None = None
    debtor: str = ""

    @property
    def actionable(self) -> bool:
        return self.kind != "nothing"

    @property
    def reason(self) -> str:
        """Why, in English (``message.render("fr")`` in French)."""
        return self.message.render("en")

    def sort_key(self) -> tuple[int, int, dt.date, str, str]:
        return (0 if self.actionable else 1, RANK[self.kind], self.date, str(self.case), self.letter or "")

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """A fixed set of keys (null when absent), for scripts that read them by name."""
        return {"case": self.case.as_posix(), **self._fields(), "reason": self.message.render(lang)}

    def cache_json(self) -> dict[str, Any]:  # no rendered reason: from_json rebuilds the message
        return {**self._fields(), "message": self.message.to_json()}

    def _fields(self) -> dict[str, Any]:
        """The keys the output and the cache share, in the output's order."""
        return {
            "slug": self.slug,
            "debtor": self.debtor,
            "kind": self.kind,
            "date": self.date.isoformat(),
            "letter": self.letter,
            "request": self.request,
            "procedure": self.procedure,
            "amount": None if self.amount is None else str(self.amount),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], case: Path) -> Item:
        return cls(
            case,
            data["slug"],
            data["kind"],
            dt.date.fromisoformat(data["date"]),
            Msg.from_json(data["message"]),
            data["letter"],
            data["request"],
            data["procedure"],
            None if data["amount"] is None else Decimal(data["amount"]),
            data["debtor"],
        )


@dataclass(frozen=True)
class Worklist:
    as_of: dt.date
    items: tuple[Item, ...]

    @property
    def todo(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.actionable)

    @property
    def waiting(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if not item.actionable)


def case_item(loaded: LoadedCase, kind: Kind, date: dt.date, reason: Msg, **more: object) -> Item:
    return Item(loaded.path, loaded.slug, kind, date, reason, debtor=loaded.case.debtor.name, **more)  # type: ignore[arg-type]
