"""Rules on the rendered text of each letter (what the debtor will actually read)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

from generator import frenchtext
from generator.events import LetterSent
from generator.facts import claimed_invoices, firm_first_letter_before
from generator.letters import COURT_DOCUMENTS, LetterRequest
from generator.rules.lettertext import LetterText, amount_text, fold, normalise, says
from generator.rules.registry import CheckContext, Problem, rule


def _date_forms(day: dt.date) -> tuple[str, str]:
    return frenchtext.date_long(day), frenchtext.date_short(day)


def _fix(text: LetterText) -> str:
    return f"restore the wording in {text.template}"


# L111-8 CPCE, paragraphs 2 and 3, in force since 19 March 2014 (loi 2014-344 art. 12), docs/law.md#l111-8.
L111_8 = (
    "Les frais de recouvrement entrepris sans titre exécutoire restent à la charge du créancier, sauf s'ils "
    "concernent un acte dont l'accomplissement est prescrit par la loi au créancier. Toute stipulation "
    "contraire est réputée non écrite, sauf disposition législative contraire.",
    "Cependant, le créancier qui justifie du caractère nécessaire des démarches entreprises pour recouvrer "
    "sa créance peut demander au juge de l'exécution de laisser tout ou partie des frais ainsi exposés à la "
    "charge du débiteur de mauvaise foi.",
)

MED = ["mise_en_demeure"]


@rule(
    "text.med-words",
    "error",
    "text",
    'A mise en demeure says "mise en demeure".',
    "C. civ. 1344 (interpellation suffisante); practice — docs/law.md#mise-en-demeure",
    letters=MED,
)
def med_words(ctx: CheckContext, index: int, letter: LetterRequest, text: LetterText) -> Iterator[Problem]:
    if not says(text, "mise en demeure"):
        yield Problem(("letters", index), 'the letter never says "mise en demeure"', _fix(text))


@rule(
    "text.med-total",
    "error",
    "text",
    "A mise en demeure states the total in figures and in words.",
    "C. civ. 1344 (a clear demand of a stated sum); practice — docs/law.md#notice-contents",
    letters=MED,
)
def med_total(ctx: CheckContext, index: int, letter: LetterRequest, text: LetterText) -> Iterator[Problem]:
    total = text.statement.total
    if amount_text(total) not in text.text:
        yield Problem(("letters", index), f"the total {frenchtext.amount(total)} is not in the letter", _fix(text))
    if not says(text, frenchtext.amount_in_words(total)):
        yield Problem(
            ("letters", index),
            f'the total in words ("{frenchtext.amount_in_words(total)}") is not in the letter',
            _fix(text),
        )


@rule(
    "text.med-invoices",
    "error",
    "text",
    "A mise en demeure lists every invoice with its number, date, due date and amount.",
    "Practice; C. civ. 1344 (an unambiguous demand) — docs/law.md#notice-contents",
    letters=MED,
)
def med_invoices(ctx: CheckContext, index: int, letter: LetterRequest, text: LetterText) -> Iterator[Problem]:
    for number in claimed_invoices(ctx.loaded, letter):
        invoice = ctx.loaded.case.invoices[number]
        missing = []
        if invoice.number not in text.text:
            missing.append("number")
        if amount_text(invoice.amount) not in text.text:
            missing.append(f"amount {frenchtext.amount(invoice.amount)}")
        if not any(form in text.text for form in _date_forms(invoice.issued)):
            missing.append(f"date {frenchtext.date_short(invoice.issued)}")
        if not any(form in text.text for form in _date_forms(invoice.due)):
            missing.append(f"due date {frenchtext.date_short(invoice.due)}")
        if missing:
            yield Problem(
                ("invoices", number), f"invoice {invoice.number}: the letter lacks its {', '.join(missing)}", _fix(text)
            )


@rule(
    "text.med-deadline",
    "error",
    "text",
    "A mise en demeure gives its deadline as a calendar date.",
    "C. civ. 1231, 1344; CPC 641-642 — docs/law.md#deadline",
    letters=MED,
)
def med_deadline(ctx: CheckContext, index: int, letter: LetterRequest, text: LetterText) -> Iterator[Problem]:
    if text.deadline is not None and frenchtext.date_long(text.deadline) not in text.text:
        yield Problem(
            ("letters", index),
            f"the deadline ({frenchtext.date_long(text.deadline)}) is not written in the letter",
            _fix(text),
        )


# "article 1344 du Code civil", "art. 1344 C. civ.", "articles 1344 et 1344-1": 1344 alone, not 1344-1.
_ART_1344 = re.compile(r"\bart(?:icle|icles|\.)? 1344(?!-)\b")
_ART_1344_1 = re.compile(r"\b1344-1\b")


@rule(
    "text.med-1344-1",
    "error",
    "text",
    "A business mise en demeure cites article 1344 du Code civil for the notice; a mise en demeure that "
    "claims legal interest cites article 1344-1, and one that claims L441-10 penalties does not.",
    "C. civ. 1344 (the notice), 1344-1 (legal interest runs from it); C. com. L441-10 (penalties run from "
    "the due date) — docs/law.md#mise-en-demeure, docs/law.md#no-double-claim",
    letters=MED,
)
def med_1344_1(ctx: CheckContext, index: int, letter: LetterRequest, text: LetterText) -> Iterator[Problem]:
    folded = fold(text.text)
    if ctx.loaded.case.debtor.kind == "business" and not _ART_1344.search(folded):
        yield Problem(
            ("letters", index), 'the letter does not cite "article 1344 du Code civil" for the notice', _fix(text)
        )
    legal_interest = text.statement.regime != "penalties"
    if legal_interest and not says(text, "article 1344-1 du Code civil"):
        yield Problem(
            ("letters", index),
            'the letter claims legal interest and does not cite "article 1344-1 du Code civil"',
            _fix(text),
        )
    if not legal_interest and _ART_1344_1.search(folded):
        yield Problem(
            ("letters", index),
            "the letter claims late penalties, which run from each due date, and "
            "cites article 1344-1, which makes legal interest run from the notice",
            f"cite article 1344 for the notice; {_fix(text)}",
        )


# "elle fait courir les intérêts", "la présente fait courir", "intérêts dus à compter de la présente".
_STARTS_INTEREST = re.compile(
    r"\bfai(?:t|sons) courir (?:les |des )?interets"
    r"|\binterets[^.]{0,60}a compter de la presente"
)


@rule(
    "text.med-interest-start",
    "error",
    "text",
    "A second mise en demeure does not claim to start legal interest: it runs from the first one's receipt, "
    "which the letter names.",
    "C. civ. 1344-1, 1231-6 (interest runs from the first notice) — docs/law.md#legal-interest",
    letters=MED,
)
def med_interest_start(ctx: CheckContext, index: int, letter: LetterRequest, text: LetterText) -> Iterator[Problem]:
    start = text.statement.interest_from
    earlier = [
        e
        for e in ctx.loaded.case.events
        if isinstance(e, LetterSent)
        and e.letter == "mise_en_demeure"
        and e.date <= letter.date
        and not e.records(letter)
    ]
    if not earlier or start is None:
        return
    match = _STARTS_INTEREST.search(fold(text.text))
    if match:
        words = text.text[match.start() : match.end()]
        yield Problem(
            ("letters", index),
            f'the letter says it starts legal interest ("{words}"), '
            f"which already runs since {frenchtext.date_long(start)} from an earlier mise en demeure",
            _fix(text),
        )
    elif frenchtext.date_long(start) not in text.text:
        yield Problem(
            ("letters", index),
            f"the letter does not say legal interest runs since "
            f"{frenchtext.date_long(start)}, the receipt of the first mise en demeure",
            _fix(text),
        )


@rule(
    "text.b2b-penalties",
    "error",
    "text",
    "A B2B mise en demeure states the late penalties and the €40 indemnity per invoice.",
    "C. com. L441-10 II and D441-5 — docs/law.md#penalties, docs/law.md#indemnity",
    letters=MED,
    debtors=["business"],
)
def b2b_penalties(ctx: CheckContext, index: int, letter: LetterRequest, text: LetterText) -> Iterator[Problem]:
    if text.statement.regime == "penalties":
        for phrase in ("pénalités de retard", "L441-10"):
            if not says(text, phrase):
                yield Problem(("letters", index), f'the letter does not mention "{phrase}"', _fix(text))
        if says(text, "à compter de la présente") or says(text, "la présente lettre fait courir les pénalités"):
            yield Problem(
                ("letters", index),
                "the letter says it starts the penalties; they run from the day after each due date (L441-10 II)",
                _fix(text),
            )
    if ctx.loaded.case.terms.recovery_indemnity and text.statement.indemnity > 0:
        for phrase in ("indemnité forfaitaire", "D441-5", amount_text(Decimal(40))):
            if not says(text, phrase):
                yield Problem(
                    ("letters", index), f'the letter does not mention "{phrase}" (€40 per late invoice)', _fix(text)
                )


@rule(
    "text.l111-8",
    "error",
    "text",
    "A recovery firm's letter reproduces paragraphs 2 and 3 of L111-8 CPCE word for word.",
    "CPCE R124-4 5°, L111-8 — docs/law.md#l111-8",
    senders=["recovery_firm"],
)
def l111_8(ctx: CheckContext, index: int, letter: LetterRequest, text: LetterText) -> Iterator[Problem]:
    for number, paragraph in enumerate(L111_8, start=2):
        if normalise(paragraph) not in text.text:
            yield Problem(
                ("letters", index),
                f"paragraph {number} of article L111-8 CPCE is not reproduced word for word",
                _fix(text),
            )


@rule(
    "text.r124-4",
    "error",
    "text",
    "A recovery firm's letter names the firm, its amicable collection activity, the creditor, and splits "
    "the sum into principal, interest and accessories; follow-ups recall the first letter.",
    "CPCE R124-4 1° to 4° and last paragraph — docs/law.md#recovery-firms",
    senders=["recovery_firm"],
)
def r124_4(ctx: CheckContext, index: int, letter: LetterRequest, text: LetterText) -> Iterator[Problem]:
    loaded = ctx.loaded
    wanted = [loaded.creditor.name, "recouvrement amiable", "principal", "intérêts", "accessoires"]
    if loaded.firm is not None:
        wanted.insert(0, loaded.firm.name)
    for phrase in wanted:
        if not says(text, phrase):
            yield Problem(("letters", index), f'the letter does not say "{phrase}"', _fix(text))
    first = firm_first_letter_before(ctx.loaded, letter.date)
    if first is not None:
        if not any(form in text.text for form in _date_forms(first.date)):
            yield Problem(
                ("letters", index),
                f"the letter does not recall the date of the first letter ({frenchtext.date_long(first.date)})",
                _fix(text),
            )
        if first.reference and first.reference not in text.text:
            yield Problem(
                ("letters", index),
                f"the letter does not recall the first letter's reference ({first.reference})",
                _fix(text),
            )


@rule(
    "text.r124-4-basis",
    "error",
    "text",
    "A recovery firm's letter says what each claimed invoice is for: its label (and contract, when recorded).",
    'CPCE R124-4 3° ("le fondement et le montant de la somme due"); a missing mention is a 5th-class '
    "contravention (R124-7) — docs/law.md#recovery-firms",
    senders=["recovery_firm"],
)
def r124_4_basis(ctx: CheckContext, index: int, letter: LetterRequest, text: LetterText) -> Iterator[Problem]:
    numbers = {invoice.number: n for n, invoice in enumerate(ctx.loaded.case.invoices)}
    for account in text.statement.accounts:
        invoice = account.invoice
        where = ("invoices", numbers.get(invoice.number, 0))
        if not invoice.label:
            yield Problem(
                where,
                f"invoice {invoice.number} has no label: a recovery firm's letter states the basis "
                "of the claim (R124-4 3°)",
                "add label: (what was invoiced) to the invoice",
            )
            continue
        for words in (invoice.label, invoice.contract):
            if words and normalise(words) not in text.text:
                yield Problem(
                    where, f'invoice {invoice.number}: the letter does not say what it is for ("{words}")', _fix(text)
                )


@rule(
    "text.lawyer-invite",
    "error",
    "text",
    "A lawyer's letter to a debtor without a lawyer invites them to consult one.",
    "RIN art. 8 — docs/law.md#lawyers",
    senders=["lawyer"],
)
def lawyer_invite(ctx: CheckContext, index: int, letter: LetterRequest, text: LetterText) -> Iterator[Problem]:
    if ctx.loaded.case.debtor.has_lawyer or letter.type in COURT_DOCUMENTS:  # not written to the debtor
        return
    if not re.search(r"consulter un avocat|avocat de votre choix", text.text, re.IGNORECASE):
        yield Problem(
            ("letters", index),
            "the letter does not invite the debtor to consult a lawyer",
            f"{_fix(text)}, or record debtor.has_lawyer",
        )
