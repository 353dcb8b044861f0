"""Which debt a payment pays: the invoice (C. civ. 1342-10), then interest before principal (1343-1);
which instalments of a payment plan the payments leave unpaid.

docs/law.md#payments. A payment goes to the invoice the debtor designated, else to the debts
already due at its date, oldest due date first (then the oldest issue date, then file order).
Within an invoice, under the legal order ``interest_first``, it pays first the interest accrued
on that invoice up to the day it arrived and not yet paid, then the principal; under
``principal_first`` (the creditor's choice to claim less) it pays the principal only. What no
invoice can take stays unapplied.

The €40 indemnity is never paid before the principal: whether it is an accessory that 1343-1
puts first is not settled by the sources relance relies on, and leaving it last claims less.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from generator.events import Instalment, PaymentPlan
from generator.models import Invoice, Payment

ZERO = Decimal("0.00")
Imputation = Literal["interest_first", "principal_first"]


@dataclass(frozen=True)
class AppliedPayment:
    """The part of one payment that went to one invoice: ``interest`` of it to interest, the rest to principal."""

    date: dt.date
    amount: Decimal
    invoice: str
    designated: bool
    interest: Decimal = ZERO

    @property
    def principal(self) -> Decimal:
        return self.amount - self.interest


Accrued = Callable[[int, tuple[AppliedPayment, ...], dt.date], Decimal]
"""Interest accrued on invoice ``index`` up to and including a day, given the payments applied to it so far."""


def allocate(
    invoices: Sequence[Invoice], payments: Sequence[Payment], at: dt.date, accrued: Accrued | None = None
) -> tuple[list[list[AppliedPayment]], Decimal]:
    """Each invoice's share of the payments dated by ``at``, and what no invoice can take.

    Without ``accrued`` every payment goes to principal (``principal_first``); with it, each share
    pays the invoice's unpaid accrued interest first (``interest_first``).
    """
    remaining = [invoice.amount for invoice in invoices]
    interest_paid = [ZERO for _ in invoices]
    applied: list[list[AppliedPayment]] = [[] for _ in invoices]
    unapplied = ZERO
    for payment in sorted((p for p in payments if p.date <= at and p.amount > 0), key=lambda p: p.date):
        left = payment.amount
        designated = next((i for i, inv in enumerate(invoices) if inv.number == payment.invoice), None)
        order = sorted(
            range(len(invoices)), key=lambda i: (invoices[i].due > payment.date, invoices[i].due, invoices[i].issued, i)
        )
        for index in ([designated] if designated is not None else []) + order:
            if left <= 0:
                break
            owed = ZERO
            if accrued is not None:
                owed = max(ZERO, accrued(index, tuple(applied[index]), payment.date) - interest_paid[index])
            to_interest = min(left, owed)
            to_principal = min(left - to_interest, remaining[index])
            if to_interest + to_principal > 0:
                remaining[index] -= to_principal
                interest_paid[index] += to_interest
                left -= to_interest + to_principal
                applied[index].append(
                    AppliedPayment(
                        payment.date,
                        to_interest + to_principal,
                        invoices[index].number,
                        index == designated,
                        to_interest,
                    )
                )
        unapplied += left
    return applied, unapplied


def missed_instalments(plan: PaymentPlan, payments: Iterable[Payment], day: dt.date) -> tuple[Instalment, ...]:
    """Instalments of ``plan`` due before ``day`` that the payments received since the plan do not cover.

    An instalment is late only after its due day, as an invoice is: one due on ``day`` is not missed.
    """
    paid = sum((p.amount for p in payments if plan.date <= p.date <= day), ZERO)
    missed, owed = [], ZERO
    for instalment in sorted(plan.instalments, key=lambda i: i.due):
        if instalment.due >= day:
            break
        owed += instalment.amount
        if owed > paid:
            missed.append(instalment)
    return tuple(missed)
