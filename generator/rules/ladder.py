"""Rules on the ladder of letters: its order (each step after the one before, none repeated, none
backdated), the events a letter needs recorded, and the reference every follow-up recalls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator.events import LetterSent
from generator.facts import claimed_invoices, current_plan, events_until, latest_promise
from generator.letters import ESCALATION, LetterRequest
from generator.rules.registry import CheckContext, Problem, rule


def _sent(ctx: CheckContext, before: dt.date, types: tuple[str, ...]) -> list[LetterSent]:
    return [e for _, e in events_until(ctx.loaded, before) if isinstance(e, LetterSent) and e.letter in types]


# --- The order of the ladder ----------------------------------------------------------------


@rule(
    "rappel.after-due",
    "warning",
    "letter",
    "A courtesy notice is sent before the due date; after it, the letter is a reminder.",
    "Practice: the courtesy notice precedes the due date — docs/law.md#ladder",
    letters=["rappel"],
)
def rappel_after_due(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    late = [
        ctx.loaded.case.invoices[i]
        for i in claimed_invoices(ctx.loaded, letter)
        if ctx.loaded.case.invoices[i].due < letter.date
    ]
    if late:
        numbers = ", ".join(f"{inv.number} (due {inv.due})" for inv in late)
        yield Problem(
            ("letters", index, "type"),
            f"this courtesy notice is dated {letter.date}, after the due date of {numbers}",
            "send relance_1 instead, or date the notice before the due date",
        )


@rule(
    "letter.backdated",
    "warning",
    "letter",
    "A letter is not dated before a letter already sent.",
    "The ladder moves forward; each letter recalls the one before — docs/law.md#ladder",
)
def letter_backdated(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    later = [e for e in ctx.loaded.case.events if isinstance(e, LetterSent) and e.date > letter.date]
    if later:
        last = max(later, key=lambda e: e.date)
        yield Problem(
            ("letters", index, "date"),
            f"dated {letter.date}, before the {last.letter} already sent on {last.date}",
            "date the letter today or later; a letter already sent is recorded under events:",
        )


@rule(
    "med.no-earlier-reminder",
    "warning",
    "letter",
    "A mise en demeure follows at least one recorded reminder.",
    "Practice: the ladder before the formal notice — docs/law.md#ladder",
    letters=["mise_en_demeure"],
)
def med_no_earlier_reminder(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    steps = ("relance_1", "relance_2", "derniere_relance")
    requested = [other for other in ctx.loaded.case.letters if other.type in steps and other.date < letter.date]
    if not _sent(ctx, letter.date, steps) and not requested:
        yield Problem(
            ("letters", index, "type"),
            "no reminder was sent before this mise en demeure",
            "record the reminders sent under events: (type: letter), or send relance_1 first",
        )


@rule(
    "ladder.skipped",
    "warning",
    "letter",
    "A second or final reminder follows the step before it.",
    "Practice: each letter recalls the one before — docs/law.md#ladder",
    letters=["relance_2", "derniere_relance"],
)
def ladder_skipped(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    previous = ESCALATION[ESCALATION.index(letter.type) - 1]
    requested = [o for o in ctx.loaded.case.letters if o.type == previous and o.date < letter.date]
    if not _sent(ctx, letter.date, (previous,)) and not requested:
        yield Problem(
            ("letters", index, "type"),
            f"{letter.type} but no {previous} was sent before it",
            f"record the {previous} under events: (type: letter), or send {previous} first",
        )


@rule(
    "letter.repeated",
    "warning",
    "letter",
    "A step of the ladder is not sent twice.",
    "Practice: three identical reminders are the classic mistake — docs/law.md#ladder",
    letters=ESCALATION,
)
def letter_repeated(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    # The same type on the same date is this very letter, recorded once sent.
    earlier = [e for e in _sent(ctx, letter.date, (letter.type,)) if not e.records(letter)]
    if earlier:
        yield Problem(
            ("letters", index, "type"),
            f"a {letter.type} was already sent on {earlier[-1].date}: three identical reminders are "
            "the classic mistake",
            "send the next step of the ladder instead",
        )


@rule(
    "letter.needs-promise",
    "error",
    "letter",
    "A promise confirmation needs the debtor's promise recorded.",
    "Practice: the letter confirms a recorded promise — docs/law.md#disputes",
    letters=["confirmation_promesse"],
)
def letter_needs_promise(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    if latest_promise(ctx.loaded, letter.date) is None:
        yield Problem(
            ("letters", index, "type"),
            f"no promise recorded on or before {letter.date} to confirm",
            "record it under events: {type: promise, date: ..., promised_date: ..., amount: ...}",
        )


@rule(
    "letter.needs-plan",
    "error",
    "letter",
    "A payment-plan letter needs the agreed plan recorded.",
    "Practice: the letter sets out a recorded plan — docs/law.md#disputes",
    letters=["echeancier"],
)
def letter_needs_plan(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    if current_plan(ctx.loaded, letter.date) is None:
        yield Problem(
            ("letters", index, "type"),
            f"no payment plan recorded on or before {letter.date}",
            "record it under events: {type: payment_plan, date: ..., instalments: [...]}",
        )


@rule(
    "letter.no-reference",
    "warning",
    "letter",
    'A letter has a reference of its own: without one it prints the case file\'s name as "Notre référence".',
    "R124-4 last paragraph (a follow-up recalls the first letter's reference); practice — docs/law.md#ladder",
    letters=(*ESCALATION, "confirmation_promesse", "echeancier"),
)
def letter_no_reference(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    if not (letter.reference or ctx.loaded.sender.reference or ctx.loaded.case.reference):
        yield Problem(
            ("letters", index),
            f"no reference is set: the letter would print the file name "
            f'"{ctx.loaded.slug}" as its reference ("Notre référence")',
            "add reference: at the top of the case file (the letters add their date to it), or "
            f"reference: to letters[{index}]",
        )
