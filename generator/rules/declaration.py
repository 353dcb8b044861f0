"""Rules on the déclaration de créance: before rendering (the proceedings, the time limit) and after.

The declaration is the one document relance produces while the debtor is in collective
proceedings (rules/letter.py, debtor.insolvency). Its figures and time limit come from
generator/declaration.py, which the template reads too (docs/law.md#declaration).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator import declaration, frenchtext
from generator.letters import LetterRequest
from generator.proceedings import PROCEDURE_NAMES
from generator.rates import MissingRate
from generator.rules.lettertext import LetterText, amount_text, says
from generator.rules.registry import CheckContext, Problem, rule
from generator.rules.text import _fix

DECLARATION = ["declaration_creance"]
SOURCE = "docs/law.md#declaration"


@rule(
    "declaration.proceedings",
    "error",
    "letter",
    "A declaration of claim needs the debtor's collective proceedings and their details.",
    f"C. com. L622-24, L622-25 — {SOURCE}",
    letters=DECLARATION,
)
def declaration_proceedings(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    debtor = ctx.loaded.case.debtor
    if debtor.kind != "business":
        yield Problem(
            ("debtor", "kind"),
            "collective proceedings concern a debtor acting professionally: a "
            "consumer's claim is not declared to a mandataire",
            "remove the declaration_creance",
        )
    elif debtor.insolvency == "collective_proceedings":
        yield Problem(
            ("debtor", "insolvency"),
            "the proceedings' details are not given: the declaration names "
            "the procedure, the court, the opening judgment and the mandataire",
            "write debtor.insolvency as procedure:, court:, opened:, published:, mandataire: {name, address}",
        )
    elif declaration.proceedings_of(ctx.loaded) is None:
        yield Problem(
            ("letters", index, "type"),
            "the debtor is not in collective proceedings: there is no mandataire to declare the claim to",
            "record the proceedings under debtor.insolvency, or request another letter",
        )


@rule(
    "declaration.after-opening",
    "error",
    "letter",
    "A declaration of claim is dated on or after the opening judgment.",
    f"C. com. L622-24 — {SOURCE}",
    letters=DECLARATION,
)
def declaration_after_opening(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    found = declaration.proceedings_of(ctx.loaded)
    if found is not None and letter.date < found.opened:
        yield Problem(
            ("letters", index, "date"),
            f"the declaration is dated {letter.date}, before the opening judgment of {found.opened}",
            f"date it {found.opened} or later",
        )


@rule(
    "declaration.published",
    "warning",
    "letter",
    "The BODACC publication date is given, so the time limit to declare can be computed.",
    f"C. com. R622-24 — {SOURCE}",
    letters=DECLARATION,
)
def declaration_published(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    found = declaration.proceedings_of(ctx.loaded)
    if found is not None and found.published is None:
        yield Problem(
            ("debtor", "insolvency"),
            "the BODACC publication date is not given: the time limit to "
            "declare (two months from it) cannot be computed",
            "add debtor.insolvency.published: the date the BODACC published the opening judgment",
        )


def _limit(ctx: CheckContext) -> tuple[dt.date, int, dt.date] | None:
    """The last day to declare, the months it allows and the publication it runs from."""
    found = declaration.proceedings_of(ctx.loaded)
    limit = declaration.time_limit(ctx.loaded, found) if found is not None else None
    if found is None or limit is None or found.published is None:
        return None
    return limit, declaration.period_months(found), found.published


@rule(
    "declaration.time-limit",
    "error",
    "letter",
    "A declaration of claim is made within two months of the BODACC publication, four for a creditor outside "
    "the court's territory.",
    f"C. com. L622-24, L622-26, R622-24; CPC 641-642 — {SOURCE}",
    letters=DECLARATION,
)
def declaration_time_limit(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    found = _limit(ctx)
    proceedings = declaration.proceedings_of(ctx.loaded)
    if found is None or proceedings is None:
        return
    limit, months, published = found
    if letter.date > limit:
        relief = declaration.relief_limit(ctx.loaded, proceedings)
        yield Problem(
            ("letters", index, "date"),
            f"the time limit to declare ended on {limit} ({months} months "
            f"from the BODACC publication of {published}): the claim is foreclosed",
            f"ask the juge-commissaire for relief (relevé de forclusion, L622-26) by {relief}, then "
            "declare within the time the order gives",
        )


@rule(
    "declaration.time-limit-near",
    "warning",
    "letter",
    f"A declaration of claim dated within {declaration.WARNING_DAYS} days of its time limit is sent at once.",
    f"C. com. R622-24; CPC 641-642 — {SOURCE}",
    letters=DECLARATION,
)
def declaration_time_limit_near(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    found = _limit(ctx)
    if found is None:
        return
    limit, months, published = found
    if limit - dt.timedelta(days=declaration.WARNING_DAYS) <= letter.date <= limit:
        days = (limit - letter.date).days
        yield Problem(
            ("letters", index, "date"),
            f"the time limit to declare ends on {limit} ({months} months from "
            f"the BODACC publication of {published}), {days} days after the declaration's date",
            f"send it to the mandataire so that it arrives by {limit}",
        )


@rule(
    "declaration.claim-before-opening",
    "warning",
    "letter",
    "Only claims born before the opening judgment are declared; later ones are paid at their due date.",
    f"C. com. L622-24, L622-17 — {SOURCE}",
    letters=DECLARATION,
)
def declaration_claim_before_opening(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    found = declaration.proceedings_of(ctx.loaded)
    if found is None:
        return
    for i, invoice in enumerate(ctx.loaded.case.invoices):
        if invoice.issued > found.opened:
            yield Problem(
                ("invoices", i, "issued"),
                f"invoice {invoice.number} was issued on {invoice.issued}, "
                f"after the opening judgment of {found.opened}",
                "check when the work was done: a claim "
                "born after the opening judgment is not declared (L622-17), remove it from this case",
            )


# --- the rendered declaration ----------------------------------------------------------------


@rule(
    "text.declaration-contents",
    "error",
    "text",
    "A declaration of claim states the mandataire, the proceedings, both parties, the sum due at the opening "
    "judgment, the sums not yet due with their dates, that interest stopped, every security and every piece.",
    f"C. com. L622-25, L622-28, R622-23 — {SOURCE}",
    letters=DECLARATION,
)
def declaration_contents(ctx: CheckContext, index: int, letter: LetterRequest, text: LetterText) -> Iterator[Problem]:
    from generator import court

    loaded = ctx.loaded
    try:
        found = declaration.declaration(loaded, letter)
    except MissingRate:
        return  # rates.missing says which rate is lacking
    if found is None:
        return
    proc = found.proceedings
    wanted = [
        loaded.creditor.name,
        loaded.case.debtor.name,
        proc.mandataire.name,
        proc.court,
        PROCEDURE_NAMES[proc.procedure],
        frenchtext.date_long(proc.opened),
        "L622-24",
        "L622-28",
        amount_text(found.due_total),
        amount_text(found.total),
    ]
    wanted += [p.siren for p in (loaded.creditor, loaded.case.debtor) if p.siren]
    for account in found.not_due:
        wanted += [amount_text(account.balance), frenchtext.date_long(account.invoice.due)]
    wanted += list(proc.securities) + ([proc.pending_case] if proc.pending_case else [])
    wanted += [p.title for p in court.pieces(loaded, letter)]
    for phrase in wanted:
        if not says(text, phrase):
            yield Problem(("letters", index), f'the declaration_creance does not state "{phrase}"', _fix(text))
