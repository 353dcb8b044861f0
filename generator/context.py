"""The letter context: everything a letter template may use, computed once per letter.

Parties, the statement of account, the deadline, the next step of the procedure, what happened
before the letter (letters sent, payments, promises, plans), and the phrases that depend on
them. Templates only lay this out; the figures come from the core modules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import markdown
from markupsafe import Markup

from generator import address, court, deadlines, declaration, facts, procedure
from generator import statement as statement_of
from generator.cases import LoadedCase
from generator.errors import RelanceError
from generator.events import Instalment, LetterSent, PaymentPlan, Promise
from generator.letters import COURT_DOCUMENTS, LetterRequest
from generator.models import Debtor, Party, Payment
from generator.procedure import SMALL_CLAIMS_CEILING
from generator.proceedings import PROCEDURE_NAMES
from generator.statement import INDEMNITY, missed_instalments

TITLES = {
    "rappel": "Rappel d'échéance",
    "relance_1": "Relance",
    "relance_2": "Deuxième relance",
    "derniere_relance": "Dernière relance avant mise en demeure",
    "mise_en_demeure": "Mise en demeure",
    "confirmation_promesse": "Confirmation d'engagement de paiement",
    "echeancier": "Échéancier de paiement",
    "requete_injonction": "Requête en injonction de payer",
    "petites_creances": "Demande de recouvrement d'une petite créance",
    "declaration_creance": "Déclaration de créance",
    "reconnaissance_dette": "Reconnaissance de dette",
}
# The final reminder and the formal notice carry the statement of account as an annex.
WITH_ANNEX = frozenset({"derniere_relance", "mise_en_demeure"})
# How a letter recalls an earlier one: "la relance du 20 février 2026".
LETTER_NAMES = {
    "rappel": "rappel d'échéance",
    "relance_1": "relance",
    "relance_2": "deuxième relance",
    "derniere_relance": "dernière relance",
    "mise_en_demeure": "mise en demeure",
    "confirmation_promesse": "confirmation de votre engagement",
    "echeancier": "courrier d'échéancier",
    "requete_injonction": "requête en injonction de payer",
    "petites_creances": "demande de recouvrement d'une petite créance",
    "declaration_creance": "déclaration de créance",
    "reconnaissance_dette": "reconnaissance de dette",
}


def letter_context(loaded: LoadedCase, index: int) -> dict[str, Any]:
    """Everything a template may use, computed once: parties, figures, dates, history, phrases."""
    case, letter = loaded.case, loaded.case.letters[index]
    role = loaded.sender.role
    if role != "creditor" and loaded.firm is None:
        raise RelanceError(
            f"{loaded.path}:{loaded.line('sender') or '?'}: sender: no identity for the "
            f"{role.replace('_', ' ')} (define it under firms: in relance.yaml)"
        )
    sender: Party = loaded.firm if loaded.firm is not None else loaded.creditor
    past = history(loaded, letter)
    _require_history(loaded, index, past)
    claimed = facts.claimed_invoices(loaded, letter)
    # A declaration of claim is figured at the opening judgment, where interest stops (C. com. L622-28).
    statement = statement_of.compute(
        loaded, declaration.statement_day(loaded, letter), notice=letter.type == "mise_en_demeure", invoices=claimed
    )
    days = facts.deadline_days(loaded, letter)
    channel = letter.channel or ("lrar" if letter.type == "mise_en_demeure" else "post")
    receipt = deadlines.received_on(
        letter.date,
        getattr(loaded.repo.config.defaults.presentation_days, channel),
        next((e.received for e in case.events if isinstance(e, LetterSent) and e.records(letter)), None),
        deadlines.postcode_of(case.debtor.address),
    )
    deadline = deadlines.deadline(receipt, days, deadlines.postcode_of(case.debtor.address))
    payee: Party = loaded.firm if loaded.firm is not None and loaded.firm.iban else loaded.creditor
    # A lawyer holds a client's funds only on the bar's CARPA account (docs/law.md#lawyers).
    carpa = loaded.firm.carpa if loaded.firm is not None and role == "lawyer" else None
    if carpa:
        payee = loaded.firm if loaded.firm is not None else payee
    return {
        "type": letter.type,
        "index": index,
        "letter": letter,
        "title": TITLES[letter.type],
        "case": case,
        "debtor": case.debtor,
        "creditor": loaded.creditor,
        "firm": loaded.firm,
        "sender": sender,
        "role": role,
        "b2b": case.debtor.kind == "business",
        "terms": case.terms,
        "invoices": [case.invoices[i] for i in claimed],
        "statement": statement,
        "deadline": deadline,
        "deadline_days": days,
        "next_step": procedure.next_step(statement.total),
        "place": letter.place or town(sender.address),
        "date": letter.date,
        "channel": channel,
        "reference": letter_reference(loaded, index),
        "file_reference": loaded.sender.reference or case.reference,
        "mandate": loaded.sender.mandate,
        "signatory": sender.signatory,
        "salutation": salutation(case.debtor),
        "payee": payee,
        "payee_name": carpa or payee.name,
        "history": past,
        "paragraph": paragraph_html(letter.paragraph),
        "with_annex": letter.type in WITH_ANNEX,
        "letter_names": LETTER_NAMES,
        "indemnity_unit": INDEMNITY,
        "court": court.document(loaded, letter) if letter.type in COURT_DOCUMENTS else None,
        "ceiling": SMALL_CLAIMS_CEILING,
        "declaration": declaration.declaration(loaded, letter) if letter.type == "declaration_creance" else None,
        "procedure_names": PROCEDURE_NAMES,
        "reserved": [case.invoices[i] for i in facts.reserved_invoices(loaded, letter)],
        "recipient": address.recipient_lines(case.debtor),
        "fold_marks": loaded.repo.config.defaults.fold_marks,
    }


def town(address: list[str]) -> str:
    """``"69003 Lyon Cedex 03"`` → ``"Lyon"``: the place a letter is written from."""
    last = address[-1].strip()
    match = re.fullmatch(r"(?:F-)?\d{5}\s+(.+?)(?:\s+cedex(?:\s+\d+)?)?", last, flags=re.IGNORECASE)
    return match.group(1) if match else last


def salutation(debtor: Debtor) -> str:
    civility = debtor.attention.civility if debtor.attention is not None else debtor.civility
    return f"{civility}," if civility else "Madame, Monsieur,"


def letter_reference(loaded: LoadedCase, index: int) -> str:
    """The reference printed on the letter: its own, else the case's (or file's) plus the date."""
    letter = loaded.case.letters[index]
    if letter.reference:
        return letter.reference
    base = loaded.sender.reference or loaded.case.reference or loaded.slug
    return f"{base}-{letter.date:%Y%m%d}"


@dataclass(frozen=True)
class History:
    """What happened before this letter, as the letter recalls it."""

    letters: tuple[LetterSent, ...]  # sent by this case's sender
    others: tuple[LetterSent, ...]  # sent by someone else, e.g. the creditor before a firm took over
    first_letter: LetterSent | None
    payments: tuple[Payment, ...]
    promise: Promise | None
    promise_broken: bool
    plan: PaymentPlan | None
    plan_missed: tuple[Instalment, ...]


def history(loaded: LoadedCase, letter: LetterRequest) -> History:
    case = loaded.case
    # The letter itself may already be recorded as sent (same day, same type): it is not history.
    sent = tuple(
        e for e in case.events if isinstance(e, LetterSent) and e.date <= letter.date and not e.records(letter)
    )
    sent = tuple(sorted(sent, key=lambda e: e.date))
    payments = tuple(sorted((p for p in case.payments if p.date <= letter.date), key=lambda p: p.date))
    found_promise = facts.latest_promise(loaded, letter.date)
    promise = found_promise[1] if found_promise else None
    broken = promise is not None and facts.promise_broken(loaded, promise, letter.date)
    found_plan = facts.current_plan(loaded, letter.date)
    plan = found_plan[1] if found_plan else None
    if loaded.sender.role == "recovery_firm":
        # A firm's follow-ups recall the firm's own first letter, never the creditor's reminders.
        first_letter = facts.firm_first_letter_before(loaded, letter.date)
    else:
        first_letter = next((e for e in sent if loaded.sent_by_us(e)), None)
    ours = tuple(e for e in sent if loaded.sent_by_us(e))
    others = tuple(e for e in sent if not loaded.sent_by_us(e))
    return History(
        ours,
        others,
        first_letter,
        payments,
        promise,
        broken,
        plan,
        missed_instalments(plan, payments, letter.date) if plan else (),
    )


def _require_history(loaded: LoadedCase, index: int, past: History) -> None:
    letter = loaded.case.letters[index]
    where = f"{loaded.path}:{loaded.line('letters', index) or '?'}: letters[{index}]"
    if letter.type == "confirmation_promesse" and past.promise is None:
        raise RelanceError(
            f"{where}: a confirmation_promesse confirms a promise, and none is recorded "
            "on or before the letter date (add a 'type: promise' event)"
        )
    if letter.type == "echeancier" and past.plan is None:
        raise RelanceError(
            f"{where}: an echeancier sets out a payment plan, and none is recorded on or "
            "before the letter date (add a 'type: payment_plan' event)"
        )


_MARKDOWN_OFF = {
    "inline": (
        "html",
        "entity",
        "link",
        "image_link",
        "image_reference",
        "reference",
        "short_reference",
        "short_image_ref",
        "autolink",
        "automail",
    ),
    "block": ("reference",),
    "pre": ("html_block",),
}


def paragraph_html(text: str | None) -> Markup | None:
    """The case's free paragraph: Markdown emphasis and lists only; raw HTML, links and images stay text."""
    if not text:
        return None
    md = markdown.Markdown()
    for name in _MARKDOWN_OFF["inline"]:
        md.inlinePatterns.deregister(name)
    for name in _MARKDOWN_OFF["block"]:
        md.parser.blockprocessors.deregister(name)
    for name in _MARKDOWN_OFF["pre"]:
        md.preprocessors.deregister(name)
    try:
        return Markup(md.convert(text))
    except RecursionError:  # the schema bounds nesting (bounds.MAX_NESTING); this is the last guard
        raise RelanceError(
            "the paragraph nests lists or quotes too deeply to be shown (fix: write it as plain sentences)"
        ) from None
