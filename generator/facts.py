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
from generator.models import Event, LetterRequest, LetterSent, PaymentPlan, Promise
from generator.statement import balances

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
    paid = sum((p.amount for p in loaded.case.payments if promise.date <= p.date <= promise.promised_date),
               Decimal(0))
    return paid < promise.amount


def firm_first_letter(loaded: LoadedCase) -> tuple[int, LetterSent] | None:
    """The recovery firm's first letter: the first of its own recorded on or after its mandate.

    Letters the creditor sent before handing the file over are not the firm's; every
    follow-up of the firm recalls this one's reference and date (CPCE R124-4 last
    paragraph, docs/law.md#recovery-firms).
    """
    mandate = loaded.sender.mandate
    sent = [(index, event) for index, event in events_until(loaded, dt.date.max)
            if isinstance(event, LetterSent) and loaded.sent_by_us(event)
            and (mandate is None or event.date >= mandate.date)]
    return sent[0] if sent else None


def firm_first_letter_before(loaded: LoadedCase, day: dt.date) -> LetterSent | None:
    """The firm's first letter if it was sent before ``day``: what a follow-up dated ``day`` recalls."""
    found = firm_first_letter(loaded)
    return found[1] if found and found[1].date < day else None


def deadline_days(loaded: LoadedCase, letter: LetterRequest) -> int:
    """The days the letter gives to pay: its own ``deadline_days``, else the repository default."""
    return letter.deadline_days or loaded.repo.config.defaults.deadline_days


def claimed_invoices(loaded: LoadedCase, day: dt.date) -> list[int]:
    """Indexes of the invoices a letter dated ``day`` claims: those not fully paid by then.

    Payments are allocated exactly as the statement does (designated invoice, else C. civ.
    1342-10), so the rules and the letter agree on which invoices are claimed.
    """
    case = loaded.case
    return [index for index, left in enumerate(balances(case.invoices, case.payments, day)) if left > 0]
