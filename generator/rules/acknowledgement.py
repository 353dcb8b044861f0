"""Rules on the reconnaissance de dette: a claim still open to acknowledgement, a text the signer completes.

The debtor's written acknowledgement interrupts prescription (C. civ. 2240); it proves the debt only
with the sum written by the signer himself, in words and in figures (C. civ. 1376). Before
rendering: no time-barred invoice, no open dispute. After: the parties, the sum in figures, the
invoices and the blank lines are stated, and the sum in words is not pre-printed
(docs/law.md#acknowledgement).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

from generator import frenchtext
from generator.facts import claimed_invoices, disputed_claims, time_barred_claims
from generator.letters import LetterRequest
from generator.rules.lettertext import LetterText, amount_text, fold, says
from generator.rules.registry import CheckContext, Problem, rule
from generator.rules.text import _fix

ACKNOWLEDGEMENT = ["reconnaissance_dette"]
SOURCE = "docs/law.md#acknowledgement"


@rule(
    "acknowledgement.prescribed",
    "error",
    "letter",
    "An acknowledgement is asked for a claim not yet time-barred: it interrupts a running period only.",
    f"C. civ. 2240, 2250 — docs/law.md#prescription, {SOURCE}",
    letters=ACKNOWLEDGEMENT,
)
def acknowledgement_prescribed(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    for i, limit in time_barred_claims(ctx.loaded, letter):
        invoice = ctx.loaded.case.invoices[i]
        yield Problem(
            ("invoices", i, "due"),
            f"invoice {invoice.number} is time-barred since "
            f"{limit + dt.timedelta(days=1)}: an acknowledgement can no longer interrupt its period",
            "remove the invoice from the case, or record the acknowledgement or court claim that "
            "interrupted the period in time",
        )


@rule(
    "acknowledgement.dispute-open",
    "error",
    "letter",
    "No acknowledgement is asked for an invoice the debtor disputes while the dispute is open.",
    f"C. civ. 2240 — docs/law.md#disputes, {SOURCE}",
    letters=ACKNOWLEDGEMENT,
)
def acknowledgement_dispute_open(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    for event_index, dispute, concerned in disputed_claims(ctx.loaded, letter):
        yield Problem(
            ("letters", index, "type"),
            f"the dispute opened on {dispute.date} (line "
            f"{ctx.loaded.line('events', event_index)}) about invoice {', '.join(concerned)} is "
            "still open",
            "answer the dispute and record a dispute_closed event first",
        )


def words_printed(text: str, total: Decimal) -> bool:
    """Does ``text`` print the sum in words, in full or its euros alone, whatever the case, accents or spaces?"""
    words = frenchtext.amount_in_words(total)
    euros = re.match(r"(.*?euros?)\b", words)
    folded = " ".join(fold(text).replace("-", " ").split())
    for form in (words, euros.group(1) if euros else words):
        if " ".join(fold(form).replace("-", " ").split()) in folded:
            return True
    return False


@rule(
    "text.acknowledgement-contents",
    "error",
    "text",
    "An acknowledgement states both parties, the sum in figures, the invoices and the blank lines where the signer "
    "writes the sum; it never pre-prints the sum in words.",
    f"C. civ. 1376, 2240 — {SOURCE}",
    letters=ACKNOWLEDGEMENT,
)
def acknowledgement_contents(
    ctx: CheckContext, index: int, letter: LetterRequest, text: LetterText
) -> Iterator[Problem]:
    loaded, st = ctx.loaded, text.statement
    wanted = [
        loaded.creditor.name,
        loaded.case.debtor.name,
        amount_text(st.total),
        "en toutes lettres",
        "écrite par le signataire lui-même",
        "1376",
        "2240",
    ]
    wanted += [loaded.case.invoices[i].number for i in claimed_invoices(loaded, letter)]
    for phrase in wanted:
        if not says(text, phrase):
            yield Problem(("letters", index), f'the reconnaissance_dette does not state "{phrase}"', _fix(text))
    if words_printed(text.text, st.total):
        yield Problem(
            ("letters", index),
            "the sum is printed in words: C. civ. 1376 wants it written by the signer "
            "himself, so the document leaves blank lines for it",
            f"remove the sum in words from {text.template}",
        )
