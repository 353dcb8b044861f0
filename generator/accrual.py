"""What each invoice of a case accrues: the regime, from when, at which rate; the payments imputed.

The conventions are those of the statement of account (``generator/statement.py``;
docs/law.md#penalties, docs/law.md#legal-interest, docs/law.md#payments): penalties for a business
debtor unless legal interest is chosen, legal interest from the first mise en demeure, payments
imputed on accrued interest first unless ``principal_first`` is set.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from generator.cases import LoadedCase
from generator.events import LetterSent
from generator.imputation import ZERO, AppliedPayment, Imputation, allocate
from generator.interest import RateFor, accrue_slices, total
from generator.models import Case, Invoice
from generator.rates import MissingRate, RateTables, load_rates

Regime = Literal["penalties", "legal_interest"]


def regime_of(case: Case) -> Regime:
    """Penalties for a business debtor (unless legal interest is chosen); legal interest for a consumer."""
    if case.debtor.kind == "business" and case.terms.claim != "legal_interest":
        return "penalties"
    return "legal_interest"


def mise_en_demeure_date(case: Case, at: dt.date) -> dt.date | None:
    """When legal interest starts: the first mise en demeure sent by ``at``, its receipt if recorded."""
    sent = [
        event
        for event in case.events
        if isinstance(event, LetterSent) and event.letter == "mise_en_demeure" and event.date <= at
    ]
    if not sent:
        return None
    first = min(sent, key=lambda event: event.date)
    return first.received or first.date


def interest_runs_from(case: Case, regime: Regime, at: dt.date) -> dt.date | None:
    """Under legal interest, the day it runs from: the mise en demeure (C. civ. 1231-6, 1344-1 —
    docs/law.md#legal-interest); None under penalties, which run from each due date."""
    return mise_en_demeure_date(case, at) if regime == "legal_interest" else None


def imputation_of(loaded: LoadedCase) -> Imputation:
    """The case's ``terms.imputation``, else ``defaults.imputation`` of relance.yaml (interest first)."""
    return loaded.case.terms.imputation or loaded.repo.config.defaults.imputation


def interest_start(regime: Regime, invoice: Invoice, interest_from: dt.date | None) -> dt.date | None:
    """The day after which the invoice bears interest: its due date, or the notice for legal interest."""
    if regime == "penalties":
        return invoice.due
    return max(interest_from, invoice.due) if interest_from else None


def line_kind(regime: Regime) -> Literal["penalty", "legal_interest"]:
    return "penalty" if regime == "penalties" else "legal_interest"


def impute(
    loaded: LoadedCase, at: dt.date, tables: RateTables | None = None
) -> tuple[list[list[AppliedPayment]], Decimal]:
    """The payments dated by ``at`` shared among the invoices, and what is left over (docs/law.md#payments).

    Under ``interest_first`` each share pays the interest accrued on its invoice up to the payment
    date first, so a missing rate raises MissingRate, as the statement does.
    """
    case = loaded.case
    if imputation_of(loaded) == "principal_first" or not case.payments:
        return allocate(case.invoices, case.payments, at)
    regime = regime_of(case)
    interest_from = interest_runs_from(case, regime, at)
    rate_for = rates_for(regime, loaded, tables or load_rates(loaded.repo.config))
    day_count = loaded.repo.config.defaults.day_count

    def accrued(index: int, applied: tuple[AppliedPayment, ...], until: dt.date) -> Decimal:
        invoice = case.invoices[index]
        start = interest_start(regime, invoice, interest_from)
        if start is None or until <= start:
            return ZERO
        try:
            return total(
                accrue_slices(
                    invoice.number,
                    line_kind(regime),
                    balance_slices(invoice, list(applied), start, until),
                    rate_for,
                    day_count,
                )
            )
        except MissingRate as exc:
            exc.invoice = index
            raise

    return allocate(case.invoices, case.payments, at, accrued)


def balance_slices(
    invoice: Invoice, payments: list[AppliedPayment], start: dt.date, at: dt.date
) -> list[tuple[dt.date, dt.date, Decimal]]:
    """``(after, until, base)``: the balance bears interest after ``start``, changing at each payment."""
    base = invoice.amount - sum((p.principal for p in payments if p.date <= start), ZERO)
    slices = []
    after = start
    for payment in (p for p in payments if p.date > start):
        slices.append((after, payment.date, base))
        base -= payment.principal
        after = payment.date
    slices.append((after, at, base))
    return slices


def rates_for(regime: Regime, loaded: LoadedCase, tables: RateTables) -> RateFor:
    """The rate of each half-year: the legal rate of the creditor's category, the agreed rate, or ECB + 10."""
    if regime == "legal_interest":
        category: Literal["individual", "other"] = "individual" if loaded.creditor.kind == "individual" else "other"
        return lambda half_year: tables.legal(half_year, category)
    agreed = loaded.case.terms.late_penalty_rate
    if agreed is not None:
        return lambda half_year: (agreed, "taux convenu, art. L441-10 C. com.")
    return tables.penalty_default
