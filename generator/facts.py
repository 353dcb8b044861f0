"""One answer to each question about a case at a date, for the rules and the letters alike.

A rule that lets a letter through and the letter itself must speak of the same payment plan,
the same promise, the same first letter, the same deadline and the same invoices: each is
computed here once, never again in a rule or in the letter context.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypeVar

from generator.cases import LoadedCase
from generator.events import DisputeClosed, DisputeOpened, Event, LetterSent, PaymentPlan, Promise
from generator.letters import COURT_DOCUMENTS, ESCALATION, LetterRequest
from generator.models import Schedule
from generator.proceedings import CollectiveProceedings
from generator.statement import principal_left

_E = TypeVar("_E")


def events_until(loaded: LoadedCase, day: dt.date) -> list[tuple[int, Event]]:
    """Events dated on or before ``day`` with their index in ``events:``, in date order.

    Two events on one date keep the order of the file: the one written later happened later
    (a plan that replaces another agreed the same day is written after it).
    """
    events = [(index, event) for index, event in enumerate(loaded.case.events) if event.date <= day]
    return sorted(events, key=lambda item: (item[1].date, item[0]))


def _latest(loaded: LoadedCase, day: dt.date, kind: type[_E]) -> tuple[int, _E] | None:
    found = [(index, event) for index, event in events_until(loaded, day) if isinstance(event, kind)]
    return found[-1] if found else None


def current_plan(loaded: LoadedCase, day: dt.date) -> tuple[int, PaymentPlan] | None:
    """The payment plan in force on ``day``: the latest agreed on or before it (and its index)."""
    return _latest(loaded, day, PaymentPlan)


def latest_promise(loaded: LoadedCase, day: dt.date) -> tuple[int, Promise] | None:
    """The debtor's latest promise made on or before ``day`` (and its index)."""
    return _latest(loaded, day, Promise)


def promise_broken(loaded: LoadedCase, promise: Promise, day: dt.date) -> bool:
    """Has ``promise`` been broken by ``day``: its date passed with less paid than promised since it was made?"""
    if promise.promised_date >= day:
        return False
    paid = sum((p.amount for p in loaded.case.payments if promise.date <= p.date <= promise.promised_date), Decimal(0))
    return paid < promise.amount


def firm_first_letter(loaded: LoadedCase) -> tuple[int, LetterSent] | None:
    """The recovery firm's first letter: the first of its own recorded on or after its mandate.

    Letters the creditor sent before handing the file over are not the firm's; every
    follow-up of the firm recalls this one's reference and date (CPCE R124-4 last
    paragraph, docs/law.md#recovery-firms).
    """
    mandate = loaded.sender.mandate
    sent = [
        (index, event)
        for index, event in events_until(loaded, dt.date.max)
        if isinstance(event, LetterSent)
        and loaded.sent_by_us(event)
        and (mandate is None or event.date >= mandate.date)
    ]
    return sent[0] if sent else None


def firm_first_letter_before(loaded: LoadedCase, day: dt.date) -> LetterSent | None:
    """The firm's first letter if it was sent before ``day``: what a follow-up dated ``day`` recalls."""
    found = firm_first_letter(loaded)
    return found[1] if found and found[1].date < day else None


def deadline_days(loaded: LoadedCase, letter: LetterRequest) -> int:
    """The days the letter gives to pay: its own ``deadline_days``, else the repository default."""
    return letter.deadline_days or loaded.repo.config.defaults.deadline_days


def open_disputes(loaded: LoadedCase, on: dt.date) -> list[tuple[int, DisputeOpened]]:
    """Disputes opened on or before ``on`` and not closed by then (a closing ends every earlier one)."""
    opened: list[tuple[int, DisputeOpened]] = []
    for index, event in events_until(loaded, on):
        if isinstance(event, DisputeOpened):
            opened.append((index, event))
        elif isinstance(event, DisputeClosed):
            opened = []
    return opened


def disputed_numbers(loaded: LoadedCase, on: dt.date) -> set[str]:
    """Numbers of the invoices under an open dispute on ``on`` (a dispute naming none disputes all)."""
    every = {invoice.number for invoice in loaded.case.invoices}
    return set().union(*[set(d.invoices) if d.invoices is not None else every for _, d in open_disputes(loaded, on)])


def unpaid_invoices(loaded: LoadedCase, day: dt.date) -> list[int]:
    """Indexes of the invoices with principal left on ``day``.

    Payments are imputed exactly as the statement imputes them (designated invoice, else C. civ.
    1342-10; interest first, C. civ. 1343-1, unless the case says otherwise), so the rules and the
    letter agree on what is unpaid.
    """
    return [index for index, left in enumerate(principal_left(loaded, day)) if left > 0]


def _overdue_only(letter_type: str) -> bool:
    # Every step after the courtesy notice, and the court documents, claim what is late;
    # the courtesy notice, a promise's confirmation and a plan speak of what is unpaid.
    return letter_type in ESCALATION[1:] or letter_type in COURT_DOCUMENTS


def default_claim(loaded: LoadedCase, letter_type: str, day: dt.date) -> list[int]:
    """What a letter of ``letter_type`` dated ``day`` claims when it does not choose its invoices.

    The unpaid invoices not under an open dispute and, for a reminder, a mise en demeure or a
    court document, past their due date (docs/law.md#claimed-invoices).
    """
    disputed = disputed_numbers(loaded, day)
    invoices = loaded.case.invoices
    return [
        i
        for i in unpaid_invoices(loaded, day)
        if invoices[i].number not in disputed and (not _overdue_only(letter_type) or invoices[i].due < day)
    ]


def claimed_invoices(loaded: LoadedCase, letter: LetterRequest) -> list[int]:
    """Indexes of the invoices ``letter`` claims, in the order of the case file.

    The invoices its ``invoices:`` names (an unknown number is the finding of
    letter.unknown-invoice, and is skipped here), else :func:`default_claim`. The rules, the
    letter's table and statement, the worklist and the court documents all ask here, so that
    what a rule lets through is what the letter prints.
    """
    if letter.invoices is None and letter.type == "declaration_creance":
        # Every claim owed at the opening judgment is declared, due or not, disputed or not
        # (C. com. L622-24, R622-23; docs/law.md#declaration).
        proceedings = loaded.case.debtor.insolvency
        opened = proceedings.opened if isinstance(proceedings, CollectiveProceedings) else letter.date
        return unpaid_invoices(loaded, min(opened, letter.date))
    if letter.invoices is None:
        return default_claim(loaded, letter.type, letter.date)
    chosen = set(letter.invoices)
    return [i for i, invoice in enumerate(loaded.case.invoices) if invoice.number in chosen]


def reserved_invoices(loaded: LoadedCase, letter: LetterRequest) -> list[int]:
    """Unpaid invoices under an open dispute that ``letter`` does not claim: it names them as reserved.

    A disputed invoice is never silently dropped: the letter says it is left aside "sous toutes
    réserves de nos droits" (docs/law.md#disputes).
    """
    disputed = disputed_numbers(loaded, letter.date)
    claimed = set(claimed_invoices(loaded, letter))
    return [
        i
        for i in unpaid_invoices(loaded, letter.date)
        if loaded.case.invoices[i].number in disputed and i not in claimed
    ]


def time_barred_claims(loaded: LoadedCase, letter: LetterRequest) -> list[tuple[int, dt.date]]:
    """The invoices ``letter`` claims whose limitation period ended before its date, each with the
    last day it could still be claimed (docs/law.md#prescription)."""
    from generator import prescription

    found = []
    for index in claimed_invoices(loaded, letter):
        limit = prescription.limit_date(loaded, loaded.case.invoices[index])
        if letter.date > limit:
            found.append((index, limit))
    return found


def disputed_claims(loaded: LoadedCase, letter: LetterRequest) -> list[tuple[int, DisputeOpened, list[str]]]:
    """Each dispute open on the letter's date about invoices it claims: the dispute's index in
    ``events:``, the dispute, and the claimed invoice numbers it concerns (docs/law.md#disputes)."""
    numbers = {loaded.case.invoices[i].number for i in claimed_invoices(loaded, letter)}
    found = []
    for event_index, dispute in open_disputes(loaded, letter.date):
        concerned = sorted(numbers if dispute.invoices is None else numbers & set(dispute.invoices))
        if concerned:
            found.append((event_index, dispute, concerned))
    return found


def schedule_of(loaded: LoadedCase) -> Schedule:
    """The repository's schedule, with the steps the case file sets itself taken from the case."""
    base = loaded.repo.config.defaults.schedule
    own = loaded.case.schedule
    if own is None:
        return base
    return base.model_copy(update={step: getattr(own, step) for step in own.model_fields_set})


def pending_request(loaded: LoadedCase) -> tuple[int, LetterRequest] | None:
    """The last letter request of the ladder not yet recorded as sent, if any."""
    for index in reversed(range(len(loaded.case.letters))):
        request = loaded.case.letters[index]
        if not loaded.is_sent(index):
            return index, request
    return None
