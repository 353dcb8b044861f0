"""Rules that need the money arithmetic: rate tables, penalty-rate floor, payments, prescription."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from generator import declaration, prescription
from generator.accrual import impute, regime_of
from generator.events import LetterSent
from generator.facts import claimed_invoices, time_barred_claims, unpaid_invoices
from generator.letters import ESCALATION, LetterRequest
from generator.models import Invoice
from generator.rates import MissingRate, half_year_of, load_rates, missing_soon
from generator.rules.registry import CheckContext, Problem, rule
from generator.statement import Statement, allocate, compute, principal_left

NEAR_DAYS = 90  # a decision, not law: warn within 90 days of the limit (docs/law.md#prescription)
DUNNING = ("relance_1", "relance_2", "derniere_relance", "mise_en_demeure")


def letter_statement(ctx: CheckContext, letter: LetterRequest) -> Statement | MissingRate:
    """The statement of what ``letter`` claims, computed once; a missing rate is returned, not raised."""
    claimed = tuple(claimed_invoices(ctx.loaded, letter))
    day = declaration.statement_day(ctx.loaded, letter)  # a declaration's figures stop at the opening judgment

    def attempt() -> Statement | MissingRate:
        try:
            return compute(ctx.loaded, day, invoices=claimed)
        except MissingRate as exc:
            return exc

    found: Statement | MissingRate = ctx.remember(("statement", day, claimed), attempt)
    return found


@rule(
    "rates.missing",
    "error",
    "letter",
    "The figures of a letter need only published rates: a half-year the tables lack is never guessed.",
    "C. monét. fin. L313-2 (legal rate by arrêté), C. com. L441-10 II (ECB rate on 1 January / "
    "1 July) — docs/law.md#rates",
)
def rates_missing(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    day = declaration.statement_day(ctx.loaded, letter)  # a declaration's figures stop at the opening judgment
    result = letter_statement(ctx, letter)
    if isinstance(result, MissingRate):
        yield Problem(
            ("letters", index, "date"), f"the statement at {day.isoformat()} needs a rate: {result.what}", result.fix
        )


@rule(
    "rates.running-out",
    "warning",
    "case",
    "Warns from 30 days before a half-year starts while the rate tables lack the rows this case's "
    "figures will need, so they are added before its letters are blocked.",
    "C. monét. fin. L313-2 (legal rate set each half-year), C. com. L441-10 II (ECB rate on 1 January / "
    "1 July) — docs/law.md#rates",
)
def rates_running_out(ctx: CheckContext) -> Iterator[Problem]:
    case = ctx.loaded.case
    if not any(balance > 0 for balance in principal_left(ctx.loaded, ctx.as_of)):
        return
    if declaration.proceedings_of(ctx.loaded) is not None:
        return  # interest stopped at the opening judgment (C. com. L622-28): no later rate is needed
    if regime_of(case) == "legal_interest":
        if not _notice_ahead(ctx):
            return  # no interest runs before a mise en demeure and none is near: no rate is needed yet
        needs: tuple[str, ...] = ("legal",)  # legal interest at the creditor's rate
    elif case.terms.late_penalty_rate is None:
        needs = ("ecb",)  # statutory default: ECB rate + 10 points
    else:
        needs = ("legal",)  # the agreed rate is checked against 3 × the legal rate
    for text in missing_soon(load_rates(ctx.loaded.repo.config), ctx.as_of, needs):
        yield Problem(
            (),
            f"the rate tables have {text}: letters of this case dated in that half-year are blocked until it is added",
            "run relance rates update once the rate is published (or relance rates add … --source …); "
            "relance rates shows the tables",
        )


def _notice_ahead(ctx: CheckContext) -> bool:
    """Does legal interest run, or will a letter of this case start it?

    It runs only from a mise en demeure (C. civ. 1231-6, 1344-1; docs/law.md#rates): one recorded as
    sent, one requested, or the next step of the ladder (a dernière relance was the last letter sent).
    """
    case = ctx.loaded.case
    if any(request.type == "mise_en_demeure" for request in case.letters):
        return True
    sent = [e.letter for e in case.events if isinstance(e, LetterSent) and e.letter in ESCALATION]
    return bool(sent) and max(sent, key=ESCALATION.index) in ("derniere_relance", "mise_en_demeure")


def _floor_breaches(ctx: CheckContext, letter: LetterRequest) -> Iterator[tuple[str, Decimal, Decimal | None]]:
    """``(half_year, floor, statutory default or None)`` for each half-year the penalties cover
    where the agreed rate is below 3 × the legal rate "other"."""
    agreed = ctx.loaded.case.terms.late_penalty_rate
    if agreed is None or regime_of(ctx.loaded.case) != "penalties":
        return
    result = letter_statement(ctx, letter)
    if isinstance(result, MissingRate):
        return  # rates.missing reports it
    tables = load_rates(ctx.loaded.repo.config)
    for half_year in sorted({half_year_of(line.start) for a in result.accounts for line in a.lines}):
        try:
            floor = tables.floor(half_year)
        except MissingRate:
            continue
        if agreed >= floor:
            continue
        try:
            default: Decimal | None = tables.penalty_default(half_year)[0]
        except MissingRate:
            default = None
        yield half_year, floor, default


def _floor_problem(ctx: CheckContext, half_year: str, floor: Decimal, extra: str) -> Problem:
    agreed = ctx.loaded.case.terms.late_penalty_rate
    legal = floor / 3
    return Problem(
        ("terms", "late_penalty_rate"),
        f"agreed penalty rate {agreed} % is below {floor} % (3 × the legal interest rate of "
        f"{legal} % for {half_year}), the lowest rate C. com. L441-10 II allows{extra}",
        f"check the agreed rate; claim at least {floor} % for {half_year}, or set "
        "terms.late_penalty_rate: null to claim the statutory default (ECB rate + 10 points)",
    )


@rule(
    "terms.rate-below-floor",
    "error",
    "letter",
    "An agreed B2B penalty rate is at least 3 times the legal interest rate of each half-year claimed.",
    "C. com. L441-10 II — docs/law.md#penalty-floor",
    debtors=["business"],
)
def rate_below_floor(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    for half_year, floor, default in _floor_breaches(ctx, letter):
        if default is None or default >= floor:
            yield _floor_problem(ctx, half_year, floor, "")


@rule(
    "terms.rate-below-floor-unsettled",
    "warning",
    "letter",
    "An agreed B2B penalty rate below 3 times the legal rate in a half-year where the statutory "
    "default is itself below that floor (2024-H1, 2024-H2): the law is unsettled.",
    "C. com. L441-10 II (open interpretation) — docs/law.md#penalty-floor",
    debtors=["business"],
)
def rate_below_floor_unsettled(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    for half_year, floor, default in _floor_breaches(ctx, letter):
        if default is not None and default < floor:
            yield _floor_problem(
                ctx,
                half_year,
                floor,
                f"; the statutory default of {default} % is itself below it in {half_year}, "
                "so whether the floor applies is unsettled",
            )


@rule(
    "payment.exceeds-owed",
    "error",
    "case",
    "Payments do not exceed the principal of the case's invoices.",
    "C. civ. 1342-10 (allocation of payments) — docs/law.md#payments",
)
def payment_exceeds_owed(ctx: CheckContext) -> Iterator[Problem]:
    case = ctx.loaded.case
    try:
        _, unapplied = impute(ctx.loaded, dt.date.max)  # a payment may also have paid interest (C. civ. 1343-1)
    except MissingRate:
        _, unapplied = allocate(case.invoices, case.payments, dt.date.max)
    if unapplied > 0:
        paid = sum((p.amount for p in case.payments if p.amount > 0), Decimal(0))
        principal = sum((i.amount for i in case.invoices), Decimal(0))
        yield Problem(
            ("payments",),
            f"payments total {paid} but the invoices total {principal}: {unapplied} cannot be applied to any invoice",
            "check the payment amounts, or add the invoice they paid",
        )


def _law(ctx: CheckContext, invoice: Invoice) -> str:
    origin = prescription.origin(ctx.loaded, invoice)[1]
    if ctx.loaded.case.debtor.kind == "consumer":
        return f"2 years from {origin}, C. conso L218-2"
    return f"5 years from {origin}, C. civ. 2224 and C. com. L110-4"


def _later_origin(ctx: CheckContext, invoice: Invoice) -> str:
    if ctx.loaded.case.debtor.kind == "consumer" and invoice.completed is None and invoice.delivered is None:
        return "; if the work was completed later than the invoice, record invoices[].completed"
    return ""


@rule(
    "prescription.expired",
    "error",
    "letter",
    "A reminder or mise en demeure never claims a time-barred invoice, nor does any letter of a recovery "
    "firm to a consumer; against a consumer the period runs from the completion of the work.",
    "C. civ. 2224, C. com. L110-4, C. conso L218-2 (Civ. 1re 19 May 2021, n° 20-12.520; Civ. 3e 1 Mar 2023, "
    "n° 21-23.176); a letter never interrupts (C. civ. 2240, 2241; Cass. com. 18 May 2022); DGCCRF on firms "
    "pursuing time-barred debts — docs/law.md#prescription, docs/law.md#recovery-firms",
)
def prescription_expired(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    firm_to_consumer = ctx.loaded.sender.role == "recovery_firm" and ctx.loaded.case.debtor.kind == "consumer"
    if letter.type not in DUNNING and not firm_to_consumer:
        return
    for i, limit in time_barred_claims(ctx.loaded, letter):
        invoice = ctx.loaded.case.invoices[i]
        yield Problem(
            ("invoices", i, "due"),
            f"invoice {invoice.number} is time-barred since {(limit + dt.timedelta(days=1)).isoformat()} "
            f"({_law(ctx, invoice)}; counted from "
            f"{prescription.start_of(ctx.loaded, invoice).isoformat()}): "
            f"letter {index + 1} ({letter.type}) cannot claim it",
            "remove the invoice from the case, or record the acknowledgement or court claim "
            "that interrupted the period (events: type acknowledgement or court_claim)" + _later_origin(ctx, invoice),
        )


@rule(
    "prescription.near",
    "warning",
    "case",
    "Warns when an unpaid invoice becomes time-barred within 90 days: only a court claim or an "
    "acknowledgement interrupts the period, never a letter.",
    "C. civ. 2224, 2238 (small claims only suspend), 2240, 2241, C. com. L110-4, C. conso L218-2 — "
    "docs/law.md#prescription",
)
def prescription_near(ctx: CheckContext) -> Iterator[Problem]:
    for i in unpaid_invoices(ctx.loaded, ctx.as_of):
        invoice = ctx.loaded.case.invoices[i]
        limit = prescription.limit_date(ctx.loaded, invoice)
        left = (limit - ctx.as_of).days
        if 0 <= left <= NEAR_DAYS:
            yield Problem(
                ("invoices", i, "due"),
                f"invoice {invoice.number} becomes time-barred after {limit.isoformat()}, in {left} "
                f"days ({_law(ctx, invoice)}); a letter does not interrupt the period",
                "before that date, file a court claim (injonction de payer, assignation, référé; "
                "C. civ. 2241) or obtain the debtor's written acknowledgement of the debt (C. civ. 2240); "
                "the small-claims procedure does not interrupt the period",
            )
