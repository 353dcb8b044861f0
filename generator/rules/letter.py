"""Rules on each requested letter (``letters:`` in a case file), checked before it is rendered."""

from __future__ import annotations

from collections.abc import Iterator

from generator.models import LetterRequest
from generator.rules import CheckContext, Problem, rule


def deadline_days(ctx: CheckContext, letter: LetterRequest) -> int:
    """The deadline the letter gives: its own, else the repository default."""
    return letter.deadline_days or ctx.loaded.repo.config.defaults.deadline_days


@rule("med.deadline-range", "error", "letter",
      "A mise en demeure gives 8 to 15 days to pay.",
      "C. civ. 1231 and 1344 (reasonable time); practice 8 to 15 days — legal-fr.md §10, §14(c)4",
      letters=["mise_en_demeure"])
def med_deadline_range(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    days = deadline_days(ctx, letter)
    if not 8 <= days <= 15:
        where = ("letters", index, "deadline_days") if letter.deadline_days else ("letters", index)
        yield Problem(where, f"deadline of {days} days is outside the 8 to 15 days a mise en demeure gives",
                      "set deadline_days between 8 and 15")
