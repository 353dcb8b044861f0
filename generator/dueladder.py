"""The ladder's next letter: the step the schedule sets, and what holds the ladder or moves it at once.

The ladder dates come from the schedule (practice, never law: docs/law.md#ladder); an honoured
payment plan (rule letter.plan-honoured) or a promise not yet due holds it, a broken promise or a
missed instalment calls for the next letter at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from generator import deadlines, facts, statement
from generator.cases import LoadedCase
from generator.dueitems import Item, case_item
from generator.events import LetterSent
from generator.i18n import Letter, Msg, msg
from generator.letters import ESCALATION
from generator.rules import CheckContext
from generator.rules.letter import honoured_plan


def hold(loaded: LoadedCase, ctx: CheckContext, as_of: dt.date, owed: Decimal) -> Item | tuple[dt.date, Msg] | None:
    """Why the ladder waits (an Item), or the date and reason it must move at once, or None."""
    case = loaded.case
    history = [e for e in case.events if e.date <= as_of]
    found_plan = facts.current_plan(loaded, as_of)
    if found_plan is not None:
        plan = found_plan[1]
        if honoured_plan(ctx, as_of) is not None:
            upcoming = [i for i in sorted(plan.instalments, key=lambda i: i.due) if i.due >= as_of]
            kept = (
                msg(
                    "payment plan of {day} kept so far; next instalment {amount} on {due}",
                    day=plan.date,
                    amount=upcoming[0].amount,
                    due=upcoming[0].due,
                )
                if upcoming
                else msg("payment plan of {day} kept so far", day=plan.date)
            )
            return case_item(loaded, "nothing", upcoming[0].due if upcoming else as_of, kept, amount=owed)
        first = statement.missed_instalments(plan, case.payments, as_of)[0]
        if _acted_on(history, first.due):
            return None
        return first.due + dt.timedelta(days=1), msg(
            "instalment of {amount} due on {day} unpaid", amount=first.amount, day=first.due
        )
    found_promise = facts.latest_promise(loaded, as_of)
    if found_promise is not None:
        promise = found_promise[1]
        if promise.promised_date >= as_of:
            return case_item(
                loaded,
                "nothing",
                promise.promised_date,
                msg("promise of {amount} to pay by {day}", amount=promise.amount, day=promise.promised_date),
                amount=owed,
            )
        if facts.promise_broken(loaded, promise, as_of) and not _acted_on(history, promise.promised_date):
            return (
                promise.promised_date + dt.timedelta(days=1),
                msg("promise of {amount} for {day} not kept", amount=promise.amount, day=promise.promised_date),
            )
    return None


def _acted_on(history: Sequence[object], broken: dt.date) -> bool:
    """Was a letter sent after ``broken``? Then the ladder simply goes on from that letter."""
    return any(isinstance(e, LetterSent) and e.date > broken for e in history)


def next_step(
    loaded: LoadedCase, last: LetterSent | None, left: list[Decimal], as_of: dt.date
) -> tuple[str, dt.date, Msg]:
    """The next step of the ladder, the day the schedule sets for it, and how it was reckoned.

    The oldest unpaid due date anchors the schedule; after a letter sent late, the schedule's gap
    between the two steps is kept from the day that letter was sent.
    """
    case = loaded.case
    schedule = facts.schedule_of(loaded)
    due = min(inv.due for inv, b in zip(case.invoices, left, strict=True) if b > 0)
    offsets = schedule.model_dump()
    if last is None:
        step = "rappel" if as_of <= due else "relance_1"
    else:
        step = ESCALATION[ESCALATION.index(last.letter) + 1]
    when = deadlines.schedule_dates(due, schedule)[step]
    why = msg("schedule: due date {due} {offset} days", due=due, offset=f"{offsets[step]:+d}")
    if last is not None:
        gap = offsets[step] - offsets[last.letter]
        after = last.date + dt.timedelta(days=max(gap, 1))
        if after > when:
            when, why = (
                after,
                msg(
                    "schedule: {gap} days after the {letter} of {day}",
                    gap=gap,
                    letter=Letter(last.letter),
                    day=last.date,
                ),
            )
    return step, when, why
