"""The worklist's legal pieces: prescription, the next legal step after a mise en demeure, missing rates.

* a prescription limit within 90 days is flagged (C. civ. 2224, C. conso L218-2 — docs/law.md#prescription);
* a mise en demeure whose deadline passed unpaid calls for the next legal step, named by the
  amount (small claims up to €5,000, CPCE L125-1; else injonction de payer, CPC 1405 —
  docs/law.md#next-steps; generator/procedure.py);
* a letter due whose statement needs a half-year the rate tables lack is flagged: nothing is
  guessed (docs/law.md#rates).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from generator import accrual, deadlines, facts, prescription, procedure, ruletext, statement
from generator.cases import LoadedCase
from generator.dueitems import Item, case_item
from generator.events import LetterSent
from generator.i18n import Letter, msg
from generator.interest import split
from generator.rates import MissingRate, half_year_of, load_rates

PRESCRIPTION_WARNING_DAYS = 90  # as prescription.near: a warning within 90 days of the limit (docs/law.md#prescription)
PROCEDURE_NAMES = {"petites_creances": msg("petites creances"), "injonction_de_payer": msg("injonction de payer")}
# The document relance prepares for each next step (generator/court.py, docs/law.md#court-documents).
DOCUMENTS = {"petites_creances": "petites_creances", "injonction_de_payer": "requete_injonction"}
PROCEDURES = {document: code for code, document in DOCUMENTS.items()}


def prescription_items(loaded: LoadedCase, as_of: dt.date, until: dt.date) -> list[Item]:
    case = loaded.case
    items = []
    left = statement.principal_left(loaded, as_of)
    for invoice, balance in zip(case.invoices, left, strict=True):
        if balance <= 0:
            continue
        limit = prescription.limit_date(loaded, invoice)
        years = prescription.years_for(loaded)
        if limit < as_of:
            items.append(
                case_item(
                    loaded,
                    "prescription",
                    limit,
                    msg(
                        "invoice {invoice} has been time-barred since {barred} ({years} years from {start}): no "
                        "mise en demeure can claim it",
                        invoice=invoice.number,
                        barred=limit + dt.timedelta(days=1),
                        years=years,
                        start=prescription.start_of(loaded, invoice),
                    ),
                    amount=balance,
                )
            )
        elif limit > max(until, as_of + dt.timedelta(days=PRESCRIPTION_WARNING_DAYS)):
            continue
        elif (awaited := prescription.awaited_acknowledgement(loaded, as_of)) is not None:
            items.append(
                case_item(
                    loaded,
                    "prescription",
                    limit,
                    msg(
                        "invoice {invoice} is time-barred after {limit} ({years} years from {start}): the "
                        "reconnaissance_dette sent on {sent} is not recorded signed; record it (events: type "
                        "acknowledgement) or bring the claim "
                        "to court before then",
                        invoice=invoice.number,
                        limit=limit,
                        years=years,
                        sent=awaited,
                        start=prescription.start_of(loaded, invoice),
                    ),
                    amount=balance,
                )
            )
        else:
            items.append(
                case_item(
                    loaded,
                    "prescription",
                    limit,
                    msg(
                        "invoice {invoice} is time-barred after {limit} ({years} years from {start}): bring the claim "
                        "to court or have the debtor sign a reconnaissance_dette before then (request one in letters:)",
                        invoice=invoice.number,
                        limit=limit,
                        years=years,
                        start=prescription.start_of(loaded, invoice),
                    ),
                    amount=balance,
                    letter="reconnaissance_dette",
                )
            )
    return items


def after_notice(loaded: LoadedCase, notice: LetterSent, as_of: dt.date, owed: Decimal) -> list[Item]:
    """After a mise en demeure: wait for its deadline, then the next legal step the sum allows."""
    days = _notice_days(loaded, notice)
    # From the letter's date, as letters print it; when the deadline runs from receipt, the rule
    # lives in generator/deadlines.py with the deadline itself.
    end = deadlines.deadline(notice.date, days, deadlines.postcode_of(loaded.case.debtor.address))
    if end >= as_of:
        return [
            case_item(
                loaded,
                "nothing",
                end,
                msg("mise en demeure of {day}: the debtor has until {end} to pay", day=notice.date, end=end),
                amount=owed,
            )
        ]
    try:
        total = statement.compute(loaded, as_of, invoices=facts.default_claim(loaded, "petites_creances", as_of)).total
    except MissingRate as exc:
        step = procedure.next_step(owed)
        return [
            case_item(
                loaded,
                "legal_step",
                end + dt.timedelta(days=1),
                msg(
                    "deadline of the mise en demeure of {day} passed on {end} unpaid; the sum with interest "
                    "cannot be computed ({what}), principal alone: {procedure}",
                    day=notice.date,
                    end=end,
                    what=ruletext.phrase(exc.what),
                    procedure=step.code,
                ),
                procedure=step.code,
                amount=owed,
                letter=DOCUMENTS[step.code],
            )
        ]
    step = procedure.next_step(total)
    document = DOCUMENTS[step.code]
    return [
        case_item(
            loaded,
            "legal_step",
            end + dt.timedelta(days=1),
            msg(
                "ready for the next legal step: the deadline of the mise en demeure of {day} passed on {end} "
                "and {total} is still owed; {procedure} ({source}): request a {document} in letters:",
                day=notice.date,
                end=end,
                total=total,
                procedure=PROCEDURE_NAMES[step.code],
                source=step.source,
                document=document,
            ),
            procedure=step.code,
            amount=total,
            letter=document,
        )
    ]


def _notice_days(loaded: LoadedCase, notice: LetterSent) -> int:
    """The deadline the notice gave: its request's deadline_days when still in the file, else the default."""
    request = next((r for r in loaded.case.letters if notice.records(r) and r.deadline_days), None)
    return facts.deadline_days(loaded, request) if request else loaded.repo.config.defaults.deadline_days


def missing_rates(loaded: LoadedCase, day: dt.date, step: str) -> Item | None:
    exc = first_missing_rate(loaded, day)
    if exc is None:
        return None
    return case_item(
        loaded,
        "rates",
        day,
        msg(
            "the {step} cannot be written yet: {what} ({fix})",
            step=Letter(step),
            what=ruletext.phrase(exc.what),
            fix=ruletext.phrase(exc.fix, fix=True),
        ),
        letter=step,
    )


def first_missing_rate(loaded: LoadedCase, at: dt.date) -> MissingRate | None:
    """The MissingRate ``statement.compute(loaded, at)`` raises, or None, without working out the statement.

    The rates are asked in the statement's own order, through the functions it uses
    (generator/accrual.py: the imputation, then each invoice's slices cut into half-years), so the
    first one missing is the one the statement would name; only the amounts, lines and notes are
    not made. A half-year already
    answered is not asked again: the answer does not change within one statement.
    """
    case = loaded.case
    tables = load_rates(loaded.repo.config)
    regime = accrual.regime_of(case)
    interest_from = accrual.interest_runs_from(case, regime, at)
    rate_for = accrual.rates_for(regime, loaded, tables)
    asked: set[str] = set()
    try:
        applied, _ = accrual.impute(loaded, at, tables)
        for invoice, payments in zip(case.invoices, applied, strict=True):
            start = accrual.interest_start(regime, invoice, interest_from)
            if start is None:
                continue
            for after, until, base in accrual.balance_slices(invoice, payments, start, at):
                if base > 0 and until > after:
                    for first, _ in split(after, until):
                        if (half_year := half_year_of(first)) not in asked:
                            rate_for(half_year)
                            asked.add(half_year)
    except MissingRate as exc:
        # Without its traceback: the frames it holds would hold the caller's, which holds it, a
        # cycle the collector, paused while cases are read (cases.bulk), would keep until the end.
        return exc.with_traceback(None)
    return None
