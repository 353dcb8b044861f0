"""Words a letter must never use, whoever wrote them: template, override or free paragraph.

Each rule is a list of patterns over :func:`generator.rules.lettertext.fold`ed text (no case, no
accents, one apostrophe, one space), so "FRAIS DE GESTION", "frais de\\ngestion" and
"Frais de gestion" are one phrase. A finding quotes the letter's own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.events import LetterSent
from generator.letters import LetterRequest
from generator.rules.lettertext import LetterText, fold, normalise
from generator.rules.registry import CheckContext, Problem, rule
from generator.rules.text import L111_8


def _compile(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


def quotes(pattern: re.Pattern[str], text: str) -> list[str]:
    """The distinct phrases of ``text`` that ``pattern`` finds in its folded form, in order."""
    found: list[str] = []
    for match in pattern.finditer(fold(text)):
        words = text[match.start() : match.end()]
        if words not in found:
            found.append(words)
    return found


# What a consumer never owes: the €40 and L441-10 penalties are for professionals, and any amicable
# recovery cost stays with the creditor (L111-8 CPCE), which covers every name such a cost goes by.
_B2C_FORBIDDEN = _compile(
    r"\bindemnites? forfaitaires?",
    r"\bfrais (?:de |d')(?:recouvrement|dossier|relances?|gestion|l'acte|sommation|mise en demeure)",
    r"\bfrais (?:administratifs?|accessoires)",
    r"\bdommages?(?: et | ?- ?)interets?",
    r"\bmajorations?\b",
    r"\bmajore(?:e|s|es)? de\b",
    r"\bpenalites?\b",
    r"\b[ld]\.? ?441-(?:10|5)\b",
    r"\b40(?:,00)? ?€ (?:par facture|d'indemnite|au titre)",
)


@rule(
    "text.b2c-no-fees",
    "error",
    "text",
    "A letter to a consumer claims no €40 indemnity, no penalty or majoration, no damages and no "
    "recovery, reminder, management or administrative fee.",
    "C. com. L441-10 (professionals only); CPCE L111-8 al. 2; C. conso L121-21; C. civ. 1231-6 "
    "(damages need bad faith and a separate loss) — docs/law.md#consumers",
    debtors=["consumer"],
)
def b2c_no_fees(ctx: CheckContext, index: int, letter: LetterRequest, text: LetterText) -> Iterator[Problem]:
    body = text.text
    for paragraph in L111_8:  # the statute a recovery firm must quote speaks of "frais de recouvrement"
        body = body.replace(normalise(paragraph), " ")
    for words in quotes(_B2C_FORBIDDEN, body):
        yield Problem(
            ("letters", index),
            f'a letter to a consumer mentions "{words}"',
            f"remove it from {text.template} or the letter's paragraph: consumers owe legal interest only",
        )


# "saisir le tribunal" is real proceedings; seizing property, pay or accounts needs an enforceable
# title, and so does any "exécution forcée" or a listing in a debtors' file.
_SEIZURE = _compile(
    r"\bsaisies?[- ](?:attribution|vente|conservatoire|immobiliere|sur (?:salaire|remuneration|compte))\b",
    r"\b(?:a|une|la|les|des) saisies?\b",
    r"\bsaisir (?:vos|votre|ses|son|sa|leurs?|les|tous vos|l'ensemble de vos) "
    r"(?:biens|bien|salaires?|remunerations?|comptes?|meubles|vehicules?|avoirs|revenus)\b",
    r"\bexecution forcee\b",
    r"\bvoies? d'execution\b",
    r"\binscri(?:ption|re|rons|rez|t|te)s? (?:au|aux|dans (?:le|un|les)|sur (?:le|un|les)) (?:fichiers?|ficp)\b",
    r"\bfichage\b",
    r"\bhuissiers?\b",
    r"\bblocage de (?:vos|votre|ses) comptes?",
)


@rule(
    "text.no-seizure",
    "error",
    "text",
    "A letter never threatens a seizure, forced execution or a listing in a debtors' file: there is no "
    "enforceable title.",
    "CPCE L111-2 (enforcement needs a title); C. pén. 433-13 — docs/law.md#no-threats",
)
def no_seizure(ctx: CheckContext, index: int, letter: LetterRequest, text: LetterText) -> Iterator[Problem]:
    for words in quotes(_SEIZURE, text.text):
        yield Problem(
            ("letters", index),
            f'the letter threatens enforcement ("{words}") without an enforceable title',
            f"name only the court procedure; edit {text.template} or the letter's paragraph",
        )


# A recovery firm collects amicably (L124-1 CPCE): it neither goes to court nor has a litigation
# department, and "poursuites" blurs amicable with forced collection (DGCCRF, docs/law.md#recovery-firms).
_FIRM_IN_COURT = _compile(
    r"\bnous (?:saisirons|assignerons|engagerons|intenterons|introduirons|lancerons|poursuivrons)\b",
    r"\bnous (?:confierons|transmettrons) (?:le recouvrement|votre dossier|le dossier)",
    r"\bpoursuites?\b",
    r"\bservices? (?:du |de |des )?(?:contentieux|juridique)\b",
    # Its mise en demeure is itself amicable (L124-1): nothing "amicable" ends before it.
    r"\bderniere (?:demarche|tentative|relance|etape|phase) (?:amiable|de (?:recouvrement )?amiable)",
    r"\b(?:fin|terme) (?:de la|du) (?:phase|procedure|recouvrement) amiable",
)


@rule(
    "text.firm-no-court",
    "error",
    "text",
    'A recovery firm never announces proceedings, "poursuites" or a "service contentieux" of its own, '
    'nor a "dernière démarche amiable": it only collects amicably, and only its client can go to court.',
    "CPCE L124-1, R124-4 (amicable collection only; no standing in court) — docs/law.md#recovery-firms",
    senders=["recovery_firm"],
)
def firm_no_court(ctx: CheckContext, index: int, letter: LetterRequest, text: LetterText) -> Iterator[Problem]:
    for words in quotes(_FIRM_IN_COURT, text.text):
        yield Problem(
            ("letters", index),
            f'the recovery firm announces proceedings of its own ("{words}"); '
            "it collects amicably and cannot go to court",
            f"say what the creditor may do; edit {text.template} or the letter's paragraph",
        )


_WE_RECEIVED = _compile(
    r"\bnous avons (?:bien )?(?:recu|encaisse) (?:votre|vos) "
    r"(?:reglements?|paiements?|versements?)"
)
# Said of letters already sent ("sont restés sans effet", "sans effet à ce jour"), not of a notice to come
# ("si elle reste sans effet").
_NO_EFFECT = _compile(
    r"\b(?:sont|est|etaient|etait) (?:restee?s?|demeuree?s?) sans effet",
    r"\bsans effet a ce jour",
    r"\b(?:ecrit|sujet), sans effet\b",
    r"\bsans (?:aucune )?reponse ni (?:reglement|paiement)",
)


@rule(
    "text.history-true",
    "error",
    "text",
    "What a letter recalls is true for its sender: a firm or a lawyer does not say it received the payments "
    "made to its client, and a reminder followed by a payment is not said to have been without effect.",
    "RIN art. 8 (a lawyer does not present the situation unfairly); C. conso L121-2 (misleading statements); "
    "CPCE R124-4 (the firm's letter states the sums accurately) — docs/law.md#ladder",
)
def history_true(ctx: CheckContext, index: int, letter: LetterRequest, text: LetterText) -> Iterator[Problem]:
    if ctx.loaded.sender.role != "creditor":
        for words in quotes(_WE_RECEIVED, text.text):
            yield Problem(
                ("letters", index),
                f'the letter says "{words}", but the payments were made to {ctx.loaded.creditor.name}',
                f"say that {ctx.loaded.creditor.name} received them; edit {text.template} or the letter's paragraph",
            )
    recalled = [e.date for e in ctx.loaded.case.events if isinstance(e, LetterSent) and e.date < letter.date]
    paid_after = recalled and any(min(recalled) < p.date <= letter.date for p in ctx.loaded.case.payments)
    if paid_after:
        for words in quotes(_NO_EFFECT, text.text):
            yield Problem(
                ("letters", index),
                f'the letter says "{words}" of earlier letters that were followed by a payment',
                f"say that only a partial payment followed; edit {text.template}",
            )
