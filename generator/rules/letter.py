"""Rules on each requested letter (``letters:`` in a case file), checked before it is rendered: what it
claims, and the reasons not to send it (a dispute, a plan kept, insolvency proceedings)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator import proceedings
from generator.events import PaymentPlan
from generator.facts import (
    claimed_invoices,
    current_plan,
    deadline_days,
    disputed_claims,
    disputed_numbers,
    unpaid_invoices,
)
from generator.letters import LetterRequest
from generator.rules.registry import CheckContext, Problem, rule
from generator.statement import missed_instalments

REMINDERS = ("relance_1", "relance_2", "derniere_relance", "mise_en_demeure")
"""Letters that claim a sum already due: every step of the ladder after the courtesy notice."""


# --- The deadline and what is claimed ---------------------------------------------------------


@rule(
    "med.deadline-range",
    "error",
    "letter",
    "A mise en demeure gives 8 to 15 days to pay.",
    "C. civ. 1231 and 1344 (reasonable time); practice 8 to 15 days — docs/law.md#deadline",
    letters=["mise_en_demeure"],
)
def med_deadline_range(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    days = deadline_days(ctx.loaded, letter)
    if not 8 <= days <= 15:
        where = ("letters", index, "deadline_days") if letter.deadline_days else ("letters", index)
        yield Problem(
            where,
            f"deadline of {days} days is outside the 8 to 15 days a mise en demeure gives",
            "set deadline_days between 8 and 15",
        )


@rule(
    "letter.invoice-not-due",
    "error",
    "letter",
    "A reminder or mise en demeure only claims invoices past their due date on the letter date.",
    "C. com. L441-10 II (late from the day after the due date); C. civ. 1344 — docs/law.md#ladder",
    letters=REMINDERS,
)
def letter_invoice_not_due(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    for number in claimed_invoices(ctx.loaded, letter):
        invoice = ctx.loaded.case.invoices[number]
        if invoice.due >= letter.date:
            yield Problem(
                ("letters", index, "invoices"),
                f"invoice {invoice.number} falls due on {invoice.due}: it is not late on the letter date {letter.date}",
                f"remove it from letters[{index}].invoices (a letter claims only late invoices by "
                f"default), or date the letter after {invoice.due}",
            )


@rule(
    "letter.nothing-claimed",
    "error",
    "letter",
    "A letter claims at least one invoice: by default the unpaid, undisputed ones (past due, for a reminder "
    "or a mise en demeure).",
    "C. civ. 1344 (a demand names what is due); a disputed claim is reserved — docs/law.md#claimed-invoices",
)
def letter_nothing_claimed(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    if letter.invoices is not None or claimed_invoices(ctx.loaded, letter):
        return  # a chosen number the case lacks is letter.unknown-invoice's finding
    invoices = ctx.loaded.case.invoices
    unpaid = unpaid_invoices(ctx.loaded, letter.date)
    if not unpaid:
        if all(invoice.amount > 0 for invoice in invoices):  # else invoice.amount-positive says what is wrong
            yield Problem(
                ("letters", index),
                f"every invoice is paid on the letter date {letter.date}: the letter has nothing to claim",
                "remove the letter request",
            )
        return
    disputed = disputed_numbers(ctx.loaded, letter.date)
    why = [
        f"invoice {invoices[i].number} is disputed"
        if invoices[i].number in disputed
        else f"invoice {invoices[i].number} falls due on {invoices[i].due}"
        for i in unpaid
    ]
    later = [invoices[i].due for i in unpaid if invoices[i].number not in disputed]
    if not later:
        fix = "answer the dispute and record a dispute_closed event"
    elif len(later) < len(unpaid):
        fix = (
            f"answer the dispute and record a dispute_closed event; or date the letter after {min(later)}, or "
            "send a rappel (courtesy notice) before it"
        )
    else:
        fix = f"date the letter after {min(later)}, or send a rappel (courtesy notice) before it"
    yield Problem(("letters", index), f"the letter claims no invoice on {letter.date}: {'; '.join(why)}", fix)


# --- Reasons not to escalate -------------------------------------------------------------------


@rule(
    "letter.dispute-open",
    "error",
    "letter",
    "A reminder or mise en demeure does not claim an invoice the debtor disputes; the others may be claimed.",
    "A seriously disputed claim is answered before it is pursued (practice; CPC 835) — docs/law.md#disputes",
    letters=REMINDERS,
)
def letter_dispute_open(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    for event_index, dispute, concerned in disputed_claims(ctx.loaded, letter):
        line = ctx.loaded.line("events", event_index)
        yield Problem(
            ("letters", index, "invoices"),
            f"the dispute opened on {dispute.date} (line {line}) about invoice {', '.join(concerned)} is still open",
            f"remove the disputed invoice from letters[{index}].invoices (left out, it is named "
            "as reserved), or answer the dispute and record a dispute_closed event",
        )


def honoured_plan(ctx: CheckContext, on: dt.date) -> tuple[int, PaymentPlan] | None:
    """The latest payment plan before ``on`` if no instalment of it is missed by then.

    The letter recalls missed instalments with the same function, so a letter the rule lets
    through always says which instalment was not paid.
    """
    found = current_plan(ctx.loaded, on)
    if found is None:
        return None
    return None if missed_instalments(found[1], ctx.loaded.case.payments, on) else found


@rule(
    "letter.plan-honoured",
    "error",
    "letter",
    "No reminder or mise en demeure while the debtor keeps to an agreed payment plan.",
    "An agreed term (C. civ. 1305) postpones what is due; practice — docs/law.md#disputes",
    letters=REMINDERS,
)
def letter_plan_honoured(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    found = honoured_plan(ctx, letter.date)
    if found:
        event_index, plan = found
        yield Problem(
            ("letters", index, "type"),
            f"the payment plan agreed on {plan.date} (line {ctx.loaded.line('events', event_index)}) "
            f"is being kept: every instalment due before {letter.date} is paid",
            "wait for a missed instalment; record the payments received under payments:",
        )


@rule(
    "debtor.insolvency",
    "error",
    "letter",
    "No letter demanding payment while the debtor is in insolvency proceedings: only the declaration of claim.",
    "C. com. L622-21, L622-24 (claims are filed, not demanded); C. conso L722-2, L722-5 — docs/law.md#insolvency",
)
def debtor_insolvency(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    state = ctx.loaded.case.debtor.insolvency
    collective = proceedings.collective(state)
    if state == "none" or (collective and letter.type == "declaration_creance"):
        return
    what = "in collective proceedings" if collective else "under an admissible over-indebtedness file"
    fix = (
        "file the claim with the mandataire judiciaire instead (déclaration de créance)"
        if collective
        else "stop the recovery and follow the commission's decision"
    )
    yield Problem(("letters", index, "type"), f"the debtor is {what}: no {letter.type} may be sent", fix)
