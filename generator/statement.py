"""The statement of account (décompte): the single source of every figure a letter prints.

Conventions (docs/law.md#penalties, docs/law.md#legal-interest, docs/law.md#payments):

* **Regime.** A business debtor owes L441-10 penalties from the day after each due date (C. com.
  L441-10 II) unless the case sets ``terms.claim: legal_interest``; a consumer owes legal interest
  only. Legal interest runs from the first recorded mise en demeure (its ``received`` date when
  recorded, else its date; docs/law.md#legal-interest) at the rate for the creditor's category (C. civ.
  1231-6, 1344-1; C. monét. fin. L313-2). Penalties and legal interest are never both claimed
  (Cass. com. 24 Apr 2024, n° 22-24.275): one regime per statement.
* **Payments** are shared by ``imputation``: the designated invoice, else C. civ. 1342-10; on each,
  accrued interest first (C. civ. 1343-1), unless the case or relance.yaml says ``principal_first``.
  Interest runs on the principal left from the day after each payment (docs/law.md#payments). What
  no invoice can take stays ``unapplied`` (the checker flags it).
* **€40** per invoice not paid in full by its due date, business debtors only, never pro-rated,
  kept after a partial payment (C. com. L441-10 II, D441-5; docs/law.md#indemnity).
* Only payments and events dated on or before the statement date count.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from generator.accrual import (
    Regime,
    balance_slices,
    imputation_of,
    impute,
    interest_runs_from,
    interest_start,
    line_kind,
    rates_for,
    regime_of,
)
from generator.cases import LoadedCase
from generator.frenchtext import amount, date_long, percent
from generator.imputation import AppliedPayment, Imputation, allocate, missed_instalments
from generator.interest import InterestLine, RateFor, accrue_slices, total
from generator.models import Invoice
from generator.rates import MissingRate, load_rates

__all__ = ["AppliedPayment", "InterestLine", "InvoiceAccount", "Statement", "allocate", "compute", "missed_instalments"]

ZERO = Decimal("0.00")
INDEMNITY = Decimal("40.00")  # per late invoice, C. com. D441-5 (docs/law.md#indemnity); letters print it too


@dataclass(frozen=True)
class InvoiceAccount:
    invoice: Invoice
    paid: Decimal
    balance: Decimal
    payments: tuple[AppliedPayment, ...]
    lines: tuple[InterestLine, ...]
    interest: Decimal
    indemnity: Decimal
    days_late: int
    total: Decimal  # balance + interest - interest_paid + indemnity
    interest_paid: Decimal = ZERO  # paid out of the payments, before principal (C. civ. 1343-1)


@dataclass(frozen=True)
class Statement:
    at: dt.date
    regime: Regime
    interest_from: dt.date | None
    accounts: tuple[InvoiceAccount, ...]
    principal: Decimal
    paid: Decimal
    balance: Decimal
    interest: Decimal
    indemnity: Decimal
    total: Decimal
    day_count: str
    notes: tuple[str, ...]  # French sentences printed under the table
    unapplied: Decimal  # payments beyond what is owed (the checker flags it)
    interest_paid: Decimal = ZERO
    imputation: Imputation = "principal_first"

    @functools.cached_property  # the annex asks it once per interest line
    def rate_sources(self) -> tuple[str, ...]:
        """The distinct sources of the interest lines, in order of first use: the annex numbers them
        once under its tables instead of repeating a long citation on every line."""
        return tuple(dict.fromkeys(line.source for account in self.accounts for line in account.lines))


def principal_left(loaded: LoadedCase, at: dt.date) -> list[Decimal]:
    """Principal left on each invoice at ``at``, the payments imputed as the statement imputes them.

    When a rate the imputation needs is missing, the letters are blocked (rates.missing) and this
    falls back to principal first, so that the checks can still say which invoices are unpaid.
    Worked out once per case and date (the worklist, the facts and the rules each ask).
    """
    key = ("principal_left", at)
    found = loaded.memo.get(key)
    if found is None:
        try:
            applied, _ = impute(loaded, at)
        except MissingRate:
            applied, _ = allocate(loaded.case.invoices, loaded.case.payments, at)
        found = loaded.memo[key] = tuple(
            invoice.amount - sum((p.principal for p in paid), ZERO)
            for invoice, paid in zip(loaded.case.invoices, applied, strict=True)
        )
    return list(found)


def _account(
    loaded: LoadedCase,
    invoice: Invoice,
    payments: list[AppliedPayment],
    regime: Regime,
    start: dt.date | None,
    at: dt.date,
    rate_for: RateFor,
) -> InvoiceAccount:
    paid = sum((p.principal for p in payments), ZERO)
    interest_paid = sum((p.interest for p in payments), ZERO)
    balance = invoice.amount - paid
    lines: list[InterestLine] = []
    if start is not None:
        lines = accrue_slices(
            invoice.number,
            line_kind(regime),
            balance_slices(invoice, payments, start, at),
            rate_for,
            loaded.repo.config.defaults.day_count,
        )
    paid_on_time = sum((p.principal for p in payments if p.date <= invoice.due), ZERO) >= invoice.amount
    late = at > invoice.due and not paid_on_time
    terms = loaded.case.terms
    indemnity = INDEMNITY if late and terms.recovery_indemnity and loaded.case.debtor.kind == "business" else ZERO
    settled = max(p.date for p in payments) if balance <= 0 and payments else at
    interest = total(lines)
    return InvoiceAccount(
        invoice,
        paid,
        balance,
        tuple(payments),
        tuple(lines),
        interest,
        indemnity,
        max(0, (min(settled, at) - invoice.due).days),
        balance + interest - interest_paid + indemnity,
        interest_paid,
    )


def compute(
    loaded: LoadedCase, at: dt.date, *, notice: bool = False, invoices: Sequence[int] | None = None
) -> Statement:
    """The statement of account of ``loaded`` at date ``at``; raises MissingRate when a rate is unknown.

    ``notice``: the statement is the annex of a mise en demeure not yet recorded as sent, so its
    notes say legal interest runs from that very letter rather than that none was sent.
    ``invoices``: the indexes of the invoices it accounts for (a letter's claim,
    ``facts.claimed_invoices``); every invoice by default. Payments are still allocated over the
    whole case, so an invoice left out keeps what was paid on it. Worked out once per case, date,
    ``notice`` and invoices: the rules, the letter, its preview and the site ask again.
    """
    chosen = None if invoices is None else tuple(invoices)
    key = ("statement", at, notice, chosen)
    found = loaded.memo.get(key)
    if found is None:
        found = loaded.memo[key] = _compute(loaded, at, notice=notice, invoices=chosen)
    assert isinstance(found, Statement)
    return found


def _compute(loaded: LoadedCase, at: dt.date, *, notice: bool, invoices: Sequence[int] | None) -> Statement:
    wanted = set(range(len(loaded.case.invoices)) if invoices is None else invoices)
    case = loaded.case
    tables = load_rates(loaded.repo.config)
    regime = regime_of(case)
    interest_from = interest_runs_from(case, regime, at)
    rate_for = rates_for(regime, loaded, tables)
    applied, unapplied = impute(loaded, at, tables)
    accounts = []
    for index, (invoice, payments) in enumerate(zip(case.invoices, applied, strict=True)):
        if index not in wanted:
            continue
        start = interest_start(regime, invoice, interest_from)
        try:
            accounts.append(_account(loaded, invoice, payments, regime, start, at, rate_for))
        except MissingRate as exc:
            exc.invoice = index  # so that a command can say which invoice needs the rate
            raise
    principal = sum((a.invoice.amount for a in accounts), ZERO)
    paid = sum((a.paid for a in accounts), ZERO)
    interest = sum((a.interest for a in accounts), ZERO)
    indemnity = sum((a.indemnity for a in accounts), ZERO)
    interest_paid = sum((a.interest_paid for a in accounts), ZERO)
    day_count = loaded.repo.config.defaults.day_count
    imputation = imputation_of(loaded)
    return Statement(
        at,
        regime,
        interest_from,
        tuple(accounts),
        principal,
        paid,
        principal - paid,
        interest,
        indemnity,
        principal - paid + interest - interest_paid + indemnity,
        day_count,
        _notes(
            loaded, regime, interest_from, day_count, indemnity, unapplied, paid + interest_paid, notice, imputation
        ),
        unapplied,
        interest_paid,
        imputation,
    )


def _notes(
    loaded: LoadedCase,
    regime: Regime,
    interest_from: dt.date | None,
    day_count: str,
    indemnity: Decimal,
    unapplied: Decimal,
    paid: Decimal,
    notice: bool = False,
    imputation: Imputation = "principal_first",
) -> tuple[str, ...]:
    notes = []
    if regime == "penalties":
        agreed = loaded.case.terms.late_penalty_rate
        rate = (
            f"au taux convenu de {percent(agreed)}"
            if agreed is not None
            else "au taux de la Banque centrale européenne en vigueur au 1er janvier ou au 1er juillet "
            "de chaque semestre, majoré de 10 points"
        )
        notes.append(
            "Pénalités de retard dues de plein droit à compter du lendemain de la date d'échéance "
            f"(article L441-10 du Code de commerce), {rate}."
        )
    elif interest_from is not None:
        who = (
            "lorsque le créancier est une personne physique n'agissant pas pour des besoins professionnels"
            if loaded.creditor.kind == "individual"
            else "aux créanciers professionnels"
        )
        notes.append(
            f"Intérêts au taux légal à compter de la mise en demeure du {date_long(interest_from)} "
            f"(articles 1231-6 et 1344-1 du Code civil), au taux applicable {who}."
        )
    elif notice:
        who = (
            "lorsque le créancier est une personne physique n'agissant pas pour des besoins professionnels"
            if loaded.creditor.kind == "individual"
            else "aux créanciers professionnels"
        )
        notes.append(
            "Les intérêts au taux légal courent à compter de la présente mise en demeure (articles "
            f"1231-6 et 1344-1 du Code civil), au taux applicable {who}."
        )
    else:
        notes.append(
            "Aucune mise en demeure n'a encore été adressée : les intérêts au taux légal ne "
            "courent qu'à compter de celle-ci (article 1344-1 du Code civil)."
        )
    divisor = "365" if day_count == "365" else "365, ou 366 pour les jours d'une année bissextile"
    notes.append(
        f"Intérêts simples : montant × taux × jours ÷ {divisor}. Chaque ligne va du premier au "
        "dernier jour compté, tous deux inclus ; chaque ligne est arrondie au centime le plus "
        "proche et le total est la somme des lignes."
    )
    if paid and imputation == "principal_first":
        notes.append(
            "Les paiements sont imputés sur le principal de la facture désignée par le débiteur, à défaut "
            "selon l'article 1342-10 du Code civil (dette échue la plus ancienne d'abord) ; les "
            "intérêts courent sur le solde à compter du lendemain de chaque paiement."
        )
    elif paid:
        last = " ; l'indemnité forfaitaire n'est pas imputée avant le principal" if indemnity else ""
        notes.append(
            "Les paiements sont imputés sur la facture désignée par le débiteur, à défaut selon l'article "
            "1342-10 du Code civil (dette échue la plus ancienne d'abord), et d'abord sur les intérêts "
            "échus à leur date, puis sur le principal (article 1343-1 du Code civil) ; les intérêts "
            f"courent sur le principal restant à compter du lendemain de chaque paiement{last}."
        )
    if indemnity:
        notes.append(
            "Indemnité forfaitaire pour frais de recouvrement de 40\u00a0€ par facture payée en retard "
            "(articles L441-10 et D441-5 du Code de commerce)."
        )
    if unapplied:
        owed = "du principal dû" if imputation == "principal_first" else "du principal et des intérêts dus"
        notes.append(f"Paiements reçus au-delà {owed}, non imputés : {amount(unapplied)}.")
    return tuple(notes)
