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
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from generator import cases
from generator.cases import LoadedCase
from generator.errors import RelanceError
from generator.frenchtext import amount, date_long, date_short, percent
from generator.imputation import AppliedPayment, Imputation, allocate, missed_instalments
from generator.interest import InterestLine, RateFor, accrue_slices, total
from generator.models import Case, Invoice, LetterSent
from generator.rates import MissingRate, RateTables, load_rates

__all__ = ["AppliedPayment", "InterestLine", "InvoiceAccount", "Statement", "allocate", "compute", "missed_instalments",
           "statement_command"]

ZERO = Decimal("0.00")
INDEMNITY = Decimal("40.00")  # per late invoice, C. com. D441-5 (docs/law.md#indemnity); letters print it too
Regime = Literal["penalties", "legal_interest"]


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


# --- Who owes what -----------------------------------------------------------------------------

def regime_of(case: Case) -> Regime:
    """Penalties for a business debtor (unless legal interest is chosen); legal interest for a consumer."""
    if case.debtor.kind == "business" and case.terms.claim != "legal_interest":
        return "penalties"
    return "legal_interest"


def mise_en_demeure_date(case: Case, at: dt.date) -> dt.date | None:
    """When legal interest starts: the first mise en demeure sent by ``at``, its receipt if recorded."""
    sent = [event for event in case.events
            if isinstance(event, LetterSent) and event.letter == "mise_en_demeure" and event.date <= at]
    if not sent:
        return None
    first = min(sent, key=lambda event: event.date)
    return first.received or first.date


def imputation_of(loaded: LoadedCase) -> Imputation:
    """The case's ``terms.imputation``, else ``defaults.imputation`` of relance.yaml (interest first)."""
    return loaded.case.terms.imputation or loaded.repo.config.defaults.imputation


def _start(regime: Regime, invoice: Invoice, interest_from: dt.date | None) -> dt.date | None:
    """The day after which the invoice bears interest: its due date, or the notice for legal interest."""
    if regime == "penalties":
        return invoice.due
    return max(interest_from, invoice.due) if interest_from else None


def _kind(regime: Regime) -> Literal["penalty", "legal_interest"]:
    return "penalty" if regime == "penalties" else "legal_interest"


def impute(loaded: LoadedCase, at: dt.date,
           tables: RateTables | None = None) -> tuple[list[list[AppliedPayment]], Decimal]:
    """The payments dated by ``at`` shared among the invoices, and what is left over (docs/law.md#payments).

    Under ``interest_first`` each share pays the interest accrued on its invoice up to the payment
    date first, so a missing rate raises MissingRate, as the statement does.
    """
    case = loaded.case
    if imputation_of(loaded) == "principal_first" or not case.payments:
        return allocate(case.invoices, case.payments, at)
    regime = regime_of(case)
    interest_from = mise_en_demeure_date(case, at) if regime == "legal_interest" else None
    rate_for = _rate_for(regime, loaded, tables or load_rates(loaded.repo.config))
    day_count = loaded.repo.config.defaults.day_count

    def accrued(index: int, applied: tuple[AppliedPayment, ...], until: dt.date) -> Decimal:
        invoice = case.invoices[index]
        start = _start(regime, invoice, interest_from)
        if start is None or until <= start:
            return ZERO
        try:
            return total(accrue_slices(invoice.number, _kind(regime), _slices(invoice, list(applied), start, until),
                                       rate_for, day_count))
        except MissingRate as exc:
            exc.invoice = index
            raise

    return allocate(case.invoices, case.payments, at, accrued)


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
        found = loaded.memo[key] = tuple(invoice.amount - sum((p.principal for p in paid), ZERO)
                                         for invoice, paid in zip(loaded.case.invoices, applied, strict=True))
    return list(found)


def _slices(invoice: Invoice, payments: list[AppliedPayment], start: dt.date,
            at: dt.date) -> list[tuple[dt.date, dt.date, Decimal]]:
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


def _rate_for(regime: Regime, loaded: LoadedCase, tables: RateTables) -> RateFor:
    if regime == "legal_interest":
        category: Literal["individual", "other"] = "individual" if loaded.creditor.kind == "individual" else "other"
        return lambda half_year: tables.legal(half_year, category)
    agreed = loaded.case.terms.late_penalty_rate
    if agreed is not None:
        return lambda half_year: (agreed, "taux convenu, art. L441-10 C. com.")
    return tables.penalty_default


def _account(loaded: LoadedCase, invoice: Invoice, payments: list[AppliedPayment], regime: Regime,
             start: dt.date | None, at: dt.date, rate_for: RateFor) -> InvoiceAccount:
    paid = sum((p.principal for p in payments), ZERO)
    interest_paid = sum((p.interest for p in payments), ZERO)
    balance = invoice.amount - paid
    lines: list[InterestLine] = []
    if start is not None:
        lines = accrue_slices(invoice.number, _kind(regime), _slices(invoice, payments, start, at), rate_for,
                              loaded.repo.config.defaults.day_count)
    paid_on_time = sum((p.principal for p in payments if p.date <= invoice.due), ZERO) >= invoice.amount
    late = at > invoice.due and not paid_on_time
    terms = loaded.case.terms
    indemnity = INDEMNITY if late and terms.recovery_indemnity and loaded.case.debtor.kind == "business" else ZERO
    settled = max(p.date for p in payments) if balance <= 0 and payments else at
    interest = total(lines)
    return InvoiceAccount(invoice, paid, balance, tuple(payments), tuple(lines), interest, indemnity,
                          max(0, (min(settled, at) - invoice.due).days),
                          balance + interest - interest_paid + indemnity, interest_paid)


def compute(loaded: LoadedCase, at: dt.date, *, notice: bool = False,
            invoices: Sequence[int] | None = None) -> Statement:
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
    interest_from = mise_en_demeure_date(case, at) if regime == "legal_interest" else None
    rate_for = _rate_for(regime, loaded, tables)
    applied, unapplied = impute(loaded, at, tables)
    accounts = []
    for index, (invoice, payments) in enumerate(zip(case.invoices, applied, strict=True)):
        if index not in wanted:
            continue
        start = _start(regime, invoice, interest_from)
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
    return Statement(at, regime, interest_from, tuple(accounts), principal, paid, principal - paid, interest,
                     indemnity, principal - paid + interest - interest_paid + indemnity, day_count,
                     _notes(loaded, regime, interest_from, day_count, indemnity, unapplied, paid + interest_paid,
                            notice, imputation),
                     unapplied, interest_paid, imputation)


def _notes(loaded: LoadedCase, regime: Regime, interest_from: dt.date | None, day_count: str,
           indemnity: Decimal, unapplied: Decimal, paid: Decimal, notice: bool = False,
           imputation: Imputation = "principal_first") -> tuple[str, ...]:
    notes = []
    if regime == "penalties":
        agreed = loaded.case.terms.late_penalty_rate
        rate = (f"au taux convenu de {percent(agreed)}" if agreed is not None else
                "au taux de la Banque centrale européenne en vigueur au 1er janvier ou au 1er juillet "
                "de chaque semestre, majoré de 10 points")
        notes.append("Pénalités de retard dues de plein droit à compter du lendemain de la date d'échéance "
                     f"(article L441-10 du Code de commerce), {rate}.")
    elif interest_from is not None:
        who = ("lorsque le créancier est une personne physique n'agissant pas pour des besoins professionnels"
               if loaded.creditor.kind == "individual" else "aux créanciers professionnels")
        notes.append(f"Intérêts au taux légal à compter de la mise en demeure du {date_long(interest_from)} "
                     f"(articles 1231-6 et 1344-1 du Code civil), au taux applicable {who}.")
    elif notice:
        who = ("lorsque le créancier est une personne physique n'agissant pas pour des besoins professionnels"
               if loaded.creditor.kind == "individual" else "aux créanciers professionnels")
        notes.append("Les intérêts au taux légal courent à compter de la présente mise en demeure (articles "
                     f"1231-6 et 1344-1 du Code civil), au taux applicable {who}.")
    else:
        notes.append("Aucune mise en demeure n'a encore été adressée : les intérêts au taux légal ne "
                     "courent qu'à compter de celle-ci (article 1344-1 du Code civil).")
    divisor = "365" if day_count == "365" else "365, ou 366 pour les jours d'une année bissextile"
    notes.append(f"Intérêts simples : montant × taux × jours ÷ {divisor}. Chaque ligne va du premier au "
                 "dernier jour compté, tous deux inclus ; chaque ligne est arrondie au centime le plus "
                 "proche et le total est la somme des lignes.")
    if paid and imputation == "principal_first":
        notes.append("Les paiements sont imputés sur le principal de la facture désignée par le débiteur, à défaut "
                     "selon l'article 1342-10 du Code civil (dette échue la plus ancienne d'abord) ; les "
                     "intérêts courent sur le solde à compter du lendemain de chaque paiement.")
    elif paid:
        last = " ; l'indemnité forfaitaire n'est pas imputée avant le principal" if indemnity else ""
        notes.append("Les paiements sont imputés sur la facture désignée par le débiteur, à défaut selon l'article "
                     "1342-10 du Code civil (dette échue la plus ancienne d'abord), et d'abord sur les intérêts "
                     "échus à leur date, puis sur le principal (article 1343-1 du Code civil) ; les intérêts "
                     f"courent sur le principal restant à compter du lendemain de chaque paiement{last}.")
    if indemnity:
        notes.append("Indemnité forfaitaire pour frais de recouvrement de 40\u00a0€ par facture payée en retard "
                     "(articles L441-10 et D441-5 du Code de commerce).")
    if unapplied:
        owed = "du principal dû" if imputation == "principal_first" else "du principal et des intérêts dus"
        notes.append(f"Paiements reçus au-delà {owed}, non imputés : {amount(unapplied)}.")
    return tuple(notes)


# --- relance statement ----------------------------------------------------------------------

def statement_command(path: Path, as_of: dt.date, fmt: Literal["text", "json"]) -> str:
    """``relance statement CASE``: the statement of one case as text for people or JSON."""
    repo = cases.load_repository(cases.find_root(path))
    result = cases.load_case(path, repo)
    if result.case is None or result.findings:
        raise RelanceError(f"{result.path}: cannot compute the statement, the case file has errors:\n"
                           + "\n".join(finding.render() for finding in result.findings))
    try:
        statement = compute(result.case, as_of)
    except MissingRate as exc:
        index = exc.invoice or 0
        raise MissingRate(f"{result.path}:{result.case.line('invoices', index)}: invoices[{index}]: {exc.what}",
                          exc.fix) from None
    if fmt == "json":
        return json.dumps(to_json(statement), ensure_ascii=False, indent=2) + "\n"
    return to_text(statement, result.case)


def _line_json(line: InterestLine) -> dict[str, Any]:
    return {"kind": line.kind, "start": line.start.isoformat(), "end": line.end.isoformat(),
            "days": line.days, "base": str(line.base), "rate": str(line.rate), "divisor": line.divisor,
            "source": line.source, "amount": str(line.amount)}


def to_json(statement: Statement) -> dict[str, Any]:
    """Every figure as a string (exact decimals); dates ISO; days and divisors as integers."""
    accounts = [{
        "invoice": a.invoice.number, "issued": a.invoice.issued.isoformat(), "due": a.invoice.due.isoformat(),
        "amount": str(a.invoice.amount), "paid": str(a.paid), "balance": str(a.balance),
        "payments": [{"date": p.date.isoformat(), "amount": str(p.amount), "designated": p.designated,
                      "interest": str(p.interest)} for p in a.payments],
        "interest_paid": str(a.interest_paid),
        "lines": [_line_json(line) for line in a.lines], "interest": str(a.interest),
        "indemnity": str(a.indemnity), "days_late": a.days_late, "total": str(a.total)}
        for a in statement.accounts]
    return {"at": statement.at.isoformat(), "regime": statement.regime,
            "interest_from": statement.interest_from.isoformat() if statement.interest_from else None,
            "day_count": statement.day_count, "imputation": statement.imputation, "accounts": accounts,
            **{key: str(getattr(statement, key)) for key in
               ("principal", "paid", "balance", "interest", "interest_paid", "indemnity", "total", "unapplied")},
            "notes": list(statement.notes)}


def to_text(statement: Statement, loaded: LoadedCase) -> str:
    """A table a court clerk can recompute line by line."""
    title = "Pénalités de retard" if statement.regime == "penalties" else "Intérêts au taux légal"
    out = [f"Décompte au {date_long(statement.at)} — {loaded.case.debtor.name}", ""]
    for account in statement.accounts:
        inv = account.invoice
        out.append(f"Facture {inv.number} du {date_short(inv.issued)}, échéance le {date_short(inv.due)}")
        out.append(_row("Principal", inv.amount))
        for payment in account.payments:
            how = "désigné" if payment.designated else "imputé art. 1342-10 C. civ."
            out.append(_row(f"Paiement du {date_short(payment.date)} ({how})", -payment.principal))
        out.append(_row("Reste dû en principal", account.balance))
        for line in account.lines:
            out.append(f"  {title} du {date_short(line.start)} au {date_short(line.end)} : "
                       f"{amount(line.base)} × {percent(line.rate)} × {line.days} j ÷ {line.divisor} "
                       f"= {amount(line.amount)}")
            out.append(f"      source : {line.source}")
        if account.lines:
            out.append(_row(f"Total {title.lower()}", account.interest))
        for payment in (p for p in account.payments if p.interest):
            out.append(_row(f"{title} payé{'es' if statement.regime == 'penalties' else 's'} le "
                            f"{date_short(payment.date)} (art. 1343-1 C. civ.)", -payment.interest))
        if account.indemnity:
            out.append(_row("Indemnité forfaitaire (art. D441-5 C. com.)", account.indemnity))
        out.append(_row(f"Total facture ({account.days_late} jours de retard)", account.total))
        out.append("")
    out.append("Récapitulatif")
    for label, value in (("Principal", statement.principal), ("Paiements imputés", -statement.paid),
                         ("Reste dû en principal", statement.balance), (title, statement.interest),
                         *([(f"{title} déjà payé{'es' if statement.regime == 'penalties' else 's'}",
                             -statement.interest_paid)] if statement.interest_paid else []),
                         ("Indemnités forfaitaires", statement.indemnity),
                         (f"Total dû au {date_short(statement.at)}", statement.total)):
        out.append(_row(label, value))
    out.append("")
    out.extend(statement.notes)
    return "\n".join(out) + "\n"


def _row(label: str, value: Decimal) -> str:
    return f"  {label:<58} {amount(value):>16}"
