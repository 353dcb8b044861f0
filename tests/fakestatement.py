"""Statements built from the real classes with figures a test chooses: for tests of the build and
the site, which are about pages and files, not about interest.

The payments are allocated by the real code (``statement.allocate``); only the interest and the
indemnity are the test's. A fake made of the real dataclasses cannot drift from them: a field the
code reads that a statement lacks, or one renamed, fails here too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from generator.accrual import regime_of
from generator.cases import LoadedCase
from generator.statement import ZERO, InvoiceAccount, Statement, allocate


def flat(loaded: LoadedCase, at: dt.date, *, interest: Decimal = ZERO, indemnity: Decimal = ZERO) -> Statement:
    """The statement of ``loaded`` at ``at`` with ``interest`` on the first late invoice and
    ``indemnity`` on each late one (late: due before ``at`` and not fully paid)."""
    case = loaded.case
    applied, unapplied = allocate(case.invoices, case.payments, at)
    accounts = []
    interest_left = interest
    for invoice, payments in zip(case.invoices, applied, strict=True):
        paid = sum((p.amount for p in payments), ZERO)
        balance = invoice.amount - paid
        late = at > invoice.due and balance > 0
        own_interest, own_indemnity = (interest_left, indemnity) if late else (ZERO, ZERO)
        if late:
            interest_left = ZERO
        accounts.append(
            InvoiceAccount(
                invoice,
                paid,
                balance,
                tuple(payments),
                (),
                own_interest,
                own_indemnity,
                max(0, (at - invoice.due).days),
                balance + own_interest + own_indemnity,
            )
        )
    principal = sum((a.invoice.amount for a in accounts), ZERO)
    paid = sum((a.paid for a in accounts), ZERO)
    total_interest = sum((a.interest for a in accounts), ZERO)
    total_indemnity = sum((a.indemnity for a in accounts), ZERO)
    return Statement(
        at,
        regime_of(case),
        None,
        tuple(accounts),
        principal,
        paid,
        principal - paid,
        total_interest,
        total_indemnity,
        principal - paid + total_interest + total_indemnity,
        loaded.repo.config.defaults.day_count,
        (),
        unapplied,
    )
