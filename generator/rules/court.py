"""Rules on the court documents (requete_injonction, petites_creances): before and after rendering.

Before: the conditions the procedure sets (a mise en demeure sent and unanswered, a claim neither
time-barred nor disputed, a court named, full identities, every piece at hand). After: what the
rendered document must state, whatever its template says (docs/law.md#court-documents).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator import court, frenchtext
from generator.facts import claimed_invoices, disputed_claims, time_barred_claims
from generator.letters import COURT_DOCUMENTS, LetterRequest
from generator.procedure import SMALL_CLAIMS_CEILING
from generator.rates import MissingRate
from generator.rules.lettertext import LetterText, amount_text, fold, says
from generator.rules.registry import CheckContext, Problem, rule
from generator.rules.text import _fix

INJONCTION = ["requete_injonction"]
SMALL_CLAIMS = ["petites_creances"]
TO_COURT = INJONCTION + SMALL_CLAIMS  # proceedings against the debtor (not the declaration of claim)
SOURCE = "docs/law.md#court-documents"


@rule(
    "court.sender",
    "error",
    "letter",
    "A recovery firm prepares no court document: it collects amicably only; the creditor or a lawyer files.",
    f"CPCE L124-1, R124-4 — docs/law.md#recovery-firms, {SOURCE}",
    letters=TO_COURT,
    senders=["recovery_firm"],
)
def court_sender(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    yield Problem(
        ("letters", index, "type"),
        f"a recovery firm cannot file a {letter.type}: its mandate is amicable collection only",
        "have the creditor or a lawyer file it (sender: creditor or lawyer)",
    )


@rule(
    "court.notice-sent",
    "error",
    "letter",
    "An injonction de payer request follows a mise en demeure recorded as sent.",
    f"CPC 1407 (the documents supporting the claim); greffe practice — {SOURCE}",
    letters=INJONCTION,
)
def court_notice_sent(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    if court.notice_sent(ctx.loaded, letter.date) is None:
        yield Problem(
            ("letters", index, "type"),
            f"no mise en demeure is recorded as sent on or before {letter.date}",
            "send the mise en demeure first and record it (relance record)",
        )


@rule(
    "court.notice-deadline",
    "error",
    "letter",
    "An injonction de payer request is dated after the deadline the mise en demeure gave.",
    f"C. civ. 1344; CPC 641-642 — docs/law.md#deadline, {SOURCE}",
    letters=INJONCTION,
)
def court_notice_deadline(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    notice = court.notice_sent(ctx.loaded, letter.date)
    if notice is None:
        return
    end = court.notice_deadline(ctx.loaded, notice)
    if letter.date <= end:
        yield Problem(
            ("letters", index, "date"),
            f"the mise en demeure of {notice.date} leaves the debtor until {end} to pay",
            f"date the request {end + dt.timedelta(days=1)} or later",
        )


@rule(
    "court.prescribed",
    "error",
    "letter",
    "A court document never claims a time-barred invoice.",
    f"C. civ. 2224, C. com. L110-4, C. conso L218-2 — docs/law.md#prescription, {SOURCE}",
    letters=COURT_DOCUMENTS,
)
def court_prescribed(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    for i, limit in time_barred_claims(ctx.loaded, letter):
        invoice = ctx.loaded.case.invoices[i]
        yield Problem(
            ("invoices", i, "due"),
            f"invoice {invoice.number} is time-barred since "
            f"{limit + dt.timedelta(days=1)}: the {letter.type} cannot claim it",
            "remove the invoice from the case, or record the acknowledgement or court claim "
            "that interrupted the period",
        )


@rule(
    "court.dispute-open",
    "error",
    "letter",
    "No court document while the debtor's dispute of a claimed invoice is open.",
    f"CPC 1405 (a claim of fixed amount), CPC 835 — docs/law.md#disputes, {SOURCE}",
    letters=TO_COURT,
)
def court_dispute_open(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    for event_index, dispute, concerned in disputed_claims(ctx.loaded, letter):
        yield Problem(
            ("letters", index, "type"),
            f"the dispute opened on {dispute.date} (line "
            f"{ctx.loaded.line('events', event_index)}) about invoice {', '.join(concerned)} is "
            "still open",
            "answer the dispute and record a dispute_closed event first",
        )


@rule(
    "court.name",
    "error",
    "letter",
    "An injonction de payer request names its court, given in the case or relance.yaml; relance never guesses it.",
    f"CPC 1406 (the debtor's court, a rule of public policy), C. com. L721-3 — {SOURCE}",
    letters=INJONCTION,
)
def court_name(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    name, _ = court.court_name(ctx.loaded, letter)
    kind = court.court_kind(ctx.loaded)
    if name is None:
        yield Problem(
            ("letters", index),
            f"no court is named: the claim goes to the "
            f"{court.COURT_NAMES[kind]} of the debtor's seat ({ctx.loaded.case.debtor.address[-1]})",
            f"write its exact name in letters[{index}].court, or list it under courts: in relance.yaml "
            f"(kind: {kind}, with the debtor's postcode)",
        )


@rule(
    "court.kind",
    "warning",
    "letter",
    "The court named is of the kind the claim calls for (commerce between businesses, else judiciaire).",
    f"C. com. L721-3; CPC 1406 — {SOURCE}",
    letters=INJONCTION,
)
def court_kind(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    name, origin = court.court_name(ctx.loaded, letter)
    kind = court.court_kind(ctx.loaded)
    if name is not None and court.COURT_WORDS[kind] not in fold(name):
        where: tuple[str | int, ...] = ("letters", index, "court") if origin == "letter" else ("letters", index)
        yield Problem(
            where,
            f'"{name}" does not read as a {court.COURT_NAMES[kind]}, the court for this claim',
            f"check the court: a {court.COURT_NAMES[kind]} hears it",
        )


@rule(
    "court.identity",
    "error",
    "letter",
    "A court document gives both parties' full identities: for a company its form, SIREN and legal representative.",
    f"CPC 1407, 54 and 57 — {SOURCE}",
    letters=COURT_DOCUMENTS,
)
def court_identity(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    loaded = ctx.loaded
    parties = (
        ("creditor", loaded.creditor, loaded.creditor.kind == "business"),
        ("debtor", loaded.case.debtor, loaded.case.debtor.kind == "business"),
    )
    for role, party, business in parties:
        for field, what in court.identity_gaps(party, business=business, role=role):
            yield Problem(
                (role, field),
                f"{what} is not given: the {letter.type} must name it",
                f"add {role}.{field}" + (" (name and title)" if field == "representative" else ""),
            )


@rule(
    "court.pieces",
    "error",
    "letter",
    "Every piece of the bordereau is at hand: the invoices' PDFs, the archived mise en demeure, its receipt.",
    f"CPC 1407 (the documents are listed and attached) — {SOURCE}",
    letters=COURT_DOCUMENTS,
)
def court_pieces(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    for piece in court.pieces(ctx.loaded, letter):
        if piece.missing:
            state = "no file is named" if piece.path is None else f"file '{piece.path.name}' is missing"
            yield Problem(
                ("letters", index),
                f"piece {piece.number} ({piece.title}) is missing: {state} ({piece.where})",
                f"give the file in {piece.where}, relative to the repository root",
            )


@rule(
    "court.small-claims-ceiling",
    "error",
    "letter",
    "The small-claims procedure takes claims of at most €5,000, interest included.",
    f"CPCE L125-1, R125-1 — docs/law.md#next-steps, {SOURCE}",
    letters=SMALL_CLAIMS,
)
def small_claims_ceiling(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    from generator import statement

    try:
        total = statement.compute(ctx.loaded, letter.date, invoices=claimed_invoices(ctx.loaded, letter)).total
    except MissingRate:
        return  # rates.missing says which rate is lacking
    if total > SMALL_CLAIMS_CEILING:
        yield Problem(
            ("letters", index, "type"),
            f"the claim is {frenchtext.amount(total)} on {letter.date}, "
            f"above the {frenchtext.amount(SMALL_CLAIMS_CEILING)} of the small-claims procedure",
            "request a requete_injonction instead",
        )


# --- the rendered document -----------------------------------------------------------------


@rule(
    "text.court-contents",
    "error",
    "text",
    "A court document states its addressee, both parties with their SIREN, the sum and its breakdown, its "
    "legal basis and every piece of the bordereau.",
    f"CPC 1407 (sum, breakdown, legal basis, bordereau); CPCE L125-1 — {SOURCE}",
    letters=TO_COURT,
)
def court_contents(ctx: CheckContext, index: int, letter: LetterRequest, text: LetterText) -> Iterator[Problem]:
    loaded, st = ctx.loaded, text.statement
    wanted = [loaded.creditor.name, loaded.case.debtor.name]
    wanted += [p.siren for p in (loaded.creditor, loaded.case.debtor) if p.siren]
    if letter.type == "requete_injonction":
        name, _ = court.court_name(loaded, letter)
        wanted += [name or "", "1405", "bordereau"]
    else:
        wanted += ["commissaire de justice", "L125-1"]
    wanted += [amount_text(st.balance), amount_text(st.total)]
    wanted += [amount_text(v) for v in (st.interest, st.indemnity) if v > 0]
    wanted += [p.title for p in court.pieces(loaded, letter)]
    for phrase in wanted:
        if not says(text, phrase):
            yield Problem(("letters", index), f'the {letter.type} does not state "{phrase}"', _fix(text))
