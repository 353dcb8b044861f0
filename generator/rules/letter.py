"""Rules on each requested letter (``letters:`` in a case file), checked before it is rendered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator import address, proceedings
from generator.events import LetterSent, PaymentPlan
from generator.facts import (
    claimed_invoices,
    current_plan,
    deadline_days,
    disputed_claims,
    disputed_numbers,
    events_until,
    latest_promise,
    unpaid_invoices,
)
from generator.letters import COURT_DOCUMENTS, ESCALATION, LETTER_TYPES, LetterRequest
from generator.rules.registry import CheckContext, Problem, rule
from generator.statement import missed_instalments

REMINDERS = ("relance_1", "relance_2", "derniere_relance", "mise_en_demeure")
"""Letters that claim a sum already due: every step of the ladder after the courtesy notice."""
REGISTERED = ("lrar", "lre", "commissaire")


def _sent(ctx: CheckContext, before: dt.date, types: tuple[str, ...]) -> list[LetterSent]:
    return [e for _, e in events_until(ctx.loaded, before) if isinstance(e, LetterSent) and e.letter in types]


# --- Deadline, dates and what is claimed ------------------------------------------------------

@rule("med.deadline-range", "error", "letter",
      "A mise en demeure gives 8 to 15 days to pay.",
      "C. civ. 1231 and 1344 (reasonable time); practice 8 to 15 days — docs/law.md#deadline",
      letters=["mise_en_demeure"])
def med_deadline_range(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    days = deadline_days(ctx.loaded, letter)
    if not 8 <= days <= 15:
        where = ("letters", index, "deadline_days") if letter.deadline_days else ("letters", index)
        yield Problem(where, f"deadline of {days} days is outside the 8 to 15 days a mise en demeure gives",
                      "set deadline_days between 8 and 15")


@rule("letter.invoice-not-due", "error", "letter",
      "A reminder or mise en demeure only claims invoices past their due date on the letter date.",
      "C. com. L441-10 II (late from the day after the due date); C. civ. 1344 — docs/law.md#ladder",
      letters=REMINDERS)
def letter_invoice_not_due(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    for number in claimed_invoices(ctx.loaded, letter):
        invoice = ctx.loaded.case.invoices[number]
        if invoice.due >= letter.date:
            yield Problem(("letters", index, "invoices"),
                          f"invoice {invoice.number} falls due on {invoice.due}: it is not late on the letter "
                          f"date {letter.date}",
                          f"remove it from letters[{index}].invoices (a letter claims only late invoices by "
                          f"default), or date the letter after {invoice.due}")


@rule("letter.nothing-claimed", "error", "letter",
      "A letter claims at least one invoice: by default the unpaid, undisputed ones (past due, for a reminder "
      "or a mise en demeure).",
      "C. civ. 1344 (a demand names what is due); a disputed claim is reserved — docs/law.md#claimed-invoices")
def letter_nothing_claimed(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    if letter.invoices is not None or claimed_invoices(ctx.loaded, letter):
        return  # a chosen number the case lacks is letter.unknown-invoice's finding
    invoices = ctx.loaded.case.invoices
    unpaid = unpaid_invoices(ctx.loaded, letter.date)
    if not unpaid:
        if all(invoice.amount > 0 for invoice in invoices):  # else invoice.amount-positive says what is wrong
            yield Problem(("letters", index), f"every invoice is paid on the letter date {letter.date}: the "
                          "letter has nothing to claim", "remove the letter request")
        return
    disputed = disputed_numbers(ctx.loaded, letter.date)
    why = [f"invoice {invoices[i].number} is disputed" if invoices[i].number in disputed else
           f"invoice {invoices[i].number} falls due on {invoices[i].due}" for i in unpaid]
    later = [invoices[i].due for i in unpaid if invoices[i].number not in disputed]
    if not later:
        fix = "answer the dispute and record a dispute_closed event"
    elif len(later) < len(unpaid):
        fix = (f"answer the dispute and record a dispute_closed event; or date the letter after {min(later)}, or "
               "send a rappel (courtesy notice) before it")
    else:
        fix = f"date the letter after {min(later)}, or send a rappel (courtesy notice) before it"
    yield Problem(("letters", index), f"the letter claims no invoice on {letter.date}: {'; '.join(why)}", fix)


@rule("rappel.after-due", "warning", "letter",
      "A courtesy notice is sent before the due date; after it, the letter is a reminder.",
      "Practice: the courtesy notice precedes the due date — docs/law.md#ladder",
      letters=["rappel"])
def rappel_after_due(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    late = [ctx.loaded.case.invoices[i] for i in claimed_invoices(ctx.loaded, letter)
            if ctx.loaded.case.invoices[i].due < letter.date]
    if late:
        numbers = ", ".join(f"{inv.number} (due {inv.due})" for inv in late)
        yield Problem(("letters", index, "type"),
                      f"this courtesy notice is dated {letter.date}, after the due date of {numbers}",
                      "send relance_1 instead, or date the notice before the due date")


@rule("letter.backdated", "warning", "letter",
      "A letter is not dated before a letter already sent.",
      "The ladder moves forward; each letter recalls the one before — docs/law.md#ladder")
def letter_backdated(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    later = [e for e in ctx.loaded.case.events if isinstance(e, LetterSent) and e.date > letter.date]
    if later:
        last = max(later, key=lambda e: e.date)
        yield Problem(("letters", index, "date"),
                      f"dated {letter.date}, before the {last.letter} already sent on {last.date}",
                      "date the letter today or later; a letter already sent is recorded under events:")


# --- Reasons not to escalate -------------------------------------------------------------------

@rule("letter.dispute-open", "error", "letter",
      "A reminder or mise en demeure does not claim an invoice the debtor disputes; the others may be claimed.",
      "A seriously disputed claim is answered before it is pursued (practice; CPC 835) — "
      "docs/law.md#disputes",
      letters=REMINDERS)
def letter_dispute_open(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    for event_index, dispute, concerned in disputed_claims(ctx.loaded, letter):
        line = ctx.loaded.line("events", event_index)
        yield Problem(("letters", index, "invoices"),
                      f"the dispute opened on {dispute.date} (line {line}) about invoice "
                      f"{', '.join(concerned)} is still open",
                      f"remove the disputed invoice from letters[{index}].invoices (left out, it is named "
                      "as reserved), or answer the dispute and record a dispute_closed event")


def honoured_plan(ctx: CheckContext, on: dt.date) -> tuple[int, PaymentPlan] | None:
    """The latest payment plan before ``on`` if no instalment of it is missed by then.

    The letter recalls missed instalments with the same function, so a letter the rule lets
    through always says which instalment was not paid.
    """
    found = current_plan(ctx.loaded, on)
    if found is None:
        return None
    return None if missed_instalments(found[1], ctx.loaded.case.payments, on) else found


@rule("letter.plan-honoured", "error", "letter",
      "No reminder or mise en demeure while the debtor keeps to an agreed payment plan.",
      "An agreed term (C. civ. 1305) postpones what is due; practice — docs/law.md#disputes",
      letters=REMINDERS)
def letter_plan_honoured(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    found = honoured_plan(ctx, letter.date)
    if found:
        event_index, plan = found
        yield Problem(("letters", index, "type"),
                      f"the payment plan agreed on {plan.date} (line {ctx.loaded.line('events', event_index)}) "
                      f"is being kept: every instalment due before {letter.date} is paid",
                      "wait for a missed instalment; record the payments received under payments:")


@rule("debtor.insolvency", "error", "letter",
      "No letter demanding payment while the debtor is in insolvency proceedings: only the declaration of claim.",
      "C. com. L622-21, L622-24 (claims are filed, not demanded); C. conso L722-2, L722-5 — "
      "docs/law.md#insolvency")
def debtor_insolvency(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    state = ctx.loaded.case.debtor.insolvency
    collective = proceedings.collective(state)
    if state == "none" or (collective and letter.type == "declaration_creance"):
        return
    what = "in collective proceedings" if collective else "under an admissible over-indebtedness file"
    fix = "file the claim with the mandataire judiciaire instead (déclaration de créance)" \
        if collective else "stop the recovery and follow the commission's decision"
    yield Problem(("letters", index, "type"), f"the debtor is {what}: no {letter.type} may be sent", fix)


# --- Sending -------------------------------------------------------------------------------

@rule("channel.lre-consent", "error", "letter",
      "A registered e-mail (LRE) goes to a consumer only with their recorded consent.",
      "Code des postes et des communications électroniques L100 — docs/law.md#sending",
      debtors=["consumer"])
def channel_lre_consent(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    if letter.channel == "lre" and not ctx.loaded.case.debtor.lre_consent:
        yield Problem(("letters", index, "channel"),
                      "a consumer receives an electronic registered letter only after agreeing to it",
                      "send it by lrar, or record the consent with debtor lre_consent: true")


@rule("med.channel", "warning", "letter",
      "A mise en demeure goes by registered letter (LRAR, LRE or commissaire de justice), which proves it.",
      "C. civ. 1344 (no set form; registered mail proves sending) — docs/law.md#sending",
      letters=["mise_en_demeure"])
def med_channel(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    if letter.channel is not None and letter.channel not in REGISTERED:
        yield Problem(("letters", index, "channel"),
                      f"a mise en demeure sent by {letter.channel} leaves no proof that it was sent or received",
                      "use channel: lrar (the default), lre or commissaire")


# --- The ladder ------------------------------------------------------------------------------

@rule("med.no-earlier-reminder", "warning", "letter",
      "A mise en demeure follows at least one recorded reminder.",
      "Practice: the ladder before the formal notice — docs/law.md#ladder",
      letters=["mise_en_demeure"])
def med_no_earlier_reminder(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    steps = ("relance_1", "relance_2", "derniere_relance")
    requested = [other for other in ctx.loaded.case.letters if other.type in steps and other.date < letter.date]
    if not _sent(ctx, letter.date, steps) and not requested:
        yield Problem(("letters", index, "type"), "no reminder was sent before this mise en demeure",
                      "record the reminders sent under events: (type: letter), or send relance_1 first")


@rule("ladder.skipped", "warning", "letter",
      "A second or final reminder follows the step before it.",
      "Practice: each letter recalls the one before — docs/law.md#ladder",
      letters=["relance_2", "derniere_relance"])
def ladder_skipped(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    previous = ESCALATION[ESCALATION.index(letter.type) - 1]
    requested = [o for o in ctx.loaded.case.letters if o.type == previous and o.date < letter.date]
    if not _sent(ctx, letter.date, (previous,)) and not requested:
        yield Problem(("letters", index, "type"), f"{letter.type} but no {previous} was sent before it",
                      f"record the {previous} under events: (type: letter), or send {previous} first")


@rule("letter.repeated", "warning", "letter",
      "A step of the ladder is not sent twice.",
      "Practice: three identical reminders are the classic mistake — docs/law.md#ladder",
      letters=ESCALATION)
def letter_repeated(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    # The same type on the same date is this very letter, recorded once sent.
    earlier = [e for e in _sent(ctx, letter.date, (letter.type,)) if not e.records(letter)]
    if earlier:
        yield Problem(("letters", index, "type"),
                      f"a {letter.type} was already sent on {earlier[-1].date}: three identical reminders are "
                      "the classic mistake",
                      "send the next step of the ladder instead")


@rule("letter.needs-promise", "error", "letter",
      "A promise confirmation needs the debtor's promise recorded.",
      "Practice: the letter confirms a recorded promise — docs/law.md#disputes",
      letters=["confirmation_promesse"])
def letter_needs_promise(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    if latest_promise(ctx.loaded, letter.date) is None:
        yield Problem(("letters", index, "type"), f"no promise recorded on or before {letter.date} to confirm",
                      "record it under events: {type: promise, date: ..., promised_date: ..., amount: ...}")


@rule("letter.needs-plan", "error", "letter",
      "A payment-plan letter needs the agreed plan recorded.",
      "Practice: the letter sets out a recorded plan — docs/law.md#disputes",
      letters=["echeancier"])
def letter_needs_plan(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    if current_plan(ctx.loaded, letter.date) is None:
        yield Problem(("letters", index, "type"), f"no payment plan recorded on or before {letter.date}",
                      "record it under events: {type: payment_plan, date: ..., instalments: [...]}")


# --- The envelope window ----------------------------------------------------------------------

_TO_THE_DEBTOR = [t for t in LETTER_TYPES if t not in COURT_DOCUMENTS]  # a court document goes to the court


@rule("address.window", "error", "letter",
      "The recipient's address fits a window envelope: at most 6 lines of at most 38 characters.",
      "NF Z10-011 (La Poste's address standard) — docs/law.md#sending", letters=_TO_THE_DEBTOR)
def address_window(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    debtor = ctx.loaded.case.debtor
    lines = address.recipient_lines(debtor)
    if len(lines) > address.MAX_LINES:
        yield Problem(("debtor",), f"the recipient's address takes {len(lines)} lines, more than the "
                      f"{address.MAX_LINES} of a window envelope (NF Z10-011)",
                      "remove a line: the attention's title, or an address line (building and street on one line)")
    for line in lines:
        if len(line.text) > address.MAX_CHARS:
            yield Problem(line.field, f"the address line \"{line.text}\" has {len(line.text)} characters, more than "
                          f"the {address.MAX_CHARS} a window envelope shows (NF Z10-011)",
                          f"shorten it to {address.MAX_CHARS} characters (abbreviate: bd, av, bât, Cedex)")


@rule("address.last-line", "warning", "letter",
      "The recipient's address ends with \"postcode town\".",
      "NF Z10-011 (La Poste's address standard) — docs/law.md#sending", letters=_TO_THE_DEBTOR)
def address_last_line(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    debtor = ctx.loaded.case.debtor
    lines = address.recipient_lines(debtor)
    if not address.ends_with_postcode(lines):
        yield Problem(lines[-1].field, f"the last address line \"{lines[-1].text}\" is not \"postcode town\" "
                      "(NF Z10-011)", "end the address with the postcode and the town, e.g. \"69007 LYON\" (a "
                      "foreign address: ignore this)")


@rule("address.punctuation", "warning", "letter",
      "No punctuation (commas, full stops) on the last lines of the recipient's address.",
      "NF Z10-011 (La Poste's address standard) — docs/law.md#sending", letters=_TO_THE_DEBTOR)
def address_punctuation(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    debtor = ctx.loaded.case.debtor
    for line in address.sorting_lines(address.recipient_lines(debtor)):
        if found := address.punctuation(line):
            marks, bare = " ".join(found), " ".join(address.PUNCTUATION.sub(" ", line.text).split())
            yield Problem(line.field, f"the address line \"{line.text}\" has punctuation ({marks}) where La Poste "
                          "reads the address to sort it (NF Z10-011)", f"write it \"{bare}\"")


@rule("address.capitals", "warning", "letter",
      "The last line of the recipient's address, postcode and town, is in capitals.",
      "NF Z10-011 (La Poste's address standard) — docs/law.md#sending", letters=_TO_THE_DEBTOR)
def address_capitals(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    debtor = ctx.loaded.case.debtor
    lines = address.recipient_lines(debtor)
    last, capitals = lines[-1], lines[-1].text.strip().upper()
    if address.ends_with_postcode(lines) and last.text.strip() != capitals:
        yield Problem(last.field, f"the last address line \"{last.text}\" is not in capitals (NF Z10-011)",
                      f"write it \"{capitals}\"")


@rule("letter.no-reference", "warning", "letter",
      "A letter has a reference of its own: without one it prints the case file's name as \"Notre référence\".",
      "R124-4 last paragraph (a follow-up recalls the first letter's reference); practice — docs/law.md#ladder",
      letters=(*ESCALATION, "confirmation_promesse", "echeancier"))
def letter_no_reference(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    if not (letter.reference or ctx.loaded.sender.reference or ctx.loaded.case.reference):
        yield Problem(("letters", index), f"no reference is set: the letter would print the file name "
                      f"\"{ctx.loaded.slug}\" as its reference (\"Notre référence\")",
                      "add reference: at the top of the case file (the letters add their date to it), or "
                      f"reference: to letters[{index}]")
