"""Rules on who may write what to whom: the sender's own professional duties."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.letters import COURT_DOCUMENTS, ESCALATION, LetterRequest
from generator.models import Firm
from generator.rules.registry import CheckContext, Problem, rule


@rule(
    "lawyer.represented-debtor",
    "error",
    "letter",
    "A lawyer never writes directly to a debtor who has a lawyer: the letter goes to that lawyer.",
    "RIN art. 8 (an opponent known to be represented is written to through its lawyer), RIN art. 3.1-3.2 "
    "(letters between lawyers) — docs/law.md#lawyers",
    senders=["lawyer"],
)
def lawyer_represented_debtor(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    counsel = ctx.loaded.case.debtor.has_lawyer
    if counsel and letter.type not in COURT_DOCUMENTS:  # a court document is addressed to the court
        yield Problem(
            ("letters", index),
            f"the debtor is represented by {counsel}: a lawyer may not write to "
            "the debtor directly, and relance does not write letters between lawyers",
            f'write to {counsel} yourself ("Mon cher Confrère", marked "officielle" if it must '
            "be produced), or send this letter as the creditor (sender: creditor)",
        )


# A commercial company by its form (C. com. L210-1) is registered at the RCS, so its letters carry the
# registration and, as every company, its form and capital. Other businesses (a craftsman on the RNE,
# a liberal profession) may not be on the RCS: only their SIREN is asked of them.
_COMPANY_FORM = re.compile(r"\b(?:SARL|EURL|SAS|SASU|SA|SNC|SCS|SCA|SELARL|SELAS|SELAFA|SELCA)\b")


# The letters the creditor's side writes to the debtor on its own paper; a court document, a
# declaration and an acknowledgement name the parties in their own way.
DUNNING_LETTERS = (*ESCALATION, "confirmation_promesse", "echeancier")


def _sender_path(ctx: CheckContext) -> tuple[str | int, ...]:
    if ctx.loaded.sender.role == "creditor":
        return ("creditor",)
    return ("sender", "firm") if isinstance(ctx.loaded.sender.firm, Firm) else ("sender",)


@rule(
    "sender.legal-mentions",
    "warning",
    "letter",
    "A business sender's letters carry its SIREN and, for a company, its RCS registration, legal form and capital.",
    "C. com. R123-237 (SIREN, RCS and registered office on all correspondence of a registered business) — "
    "docs/law.md#identities",
    letters=DUNNING_LETTERS,
)
def sender_legal_mentions(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    first = next(i for i, r in enumerate(ctx.loaded.case.letters) if r.type in DUNNING_LETTERS)
    if index != first:
        return  # said once per case, on its first letter to the debtor
    role = ctx.loaded.sender.role
    sender = ctx.loaded.creditor if role == "creditor" else ctx.loaded.firm
    if sender is None or role == "lawyer" or (role == "creditor" and ctx.loaded.creditor.kind != "business"):
        return  # a lawyer is on the roll of a bar, not the RCS; a private creditor has no registration
    # A recovery firm's SIREN is already required, as an error, by sender.identity.
    missing: list[str] = []
    if not sender.siren and role != "recovery_firm":
        missing.append("siren (the 9-digit SIREN)")
    if _COMPANY_FORM.search(f"{sender.name} {sender.legal_form or ''}"):
        if not sender.rcs:
            missing.append('rcs ("RCS" and the registry\'s town, e.g. "RCS Lyon")')
        if not sender.legal_form or "capital" not in sender.legal_form.casefold():
            missing.append('legal_form (form and capital, e.g. "SARL au capital de 10 000 €")')
    if missing:
        yield Problem(
            _sender_path(ctx),
            f"{sender.name}'s letters lack its legal mentions: {', '.join(m.split(' ')[0] for m in missing)}",
            f"add {'; '.join(missing)} to {sender.name}'s identity",
        )


@rule(
    "lawyer.carpa",
    "warning",
    "case",
    "A lawyer who asks the debtor to pay the law firm names its CARPA account: a lawyer holds a client's "
    "funds only through the bar's CARPA.",
    "Loi n° 71-1130 du 31 décembre 1971, art. 53 (règlements pécuniaires des avocats) — docs/law.md#lawyers",
    senders=["lawyer"],
)
def lawyer_carpa(ctx: CheckContext) -> Iterator[Problem]:
    firm = ctx.loaded.firm
    if firm is not None and firm.iban and not firm.carpa:
        yield Problem(
            _sender_path(ctx),
            f"{firm.name}'s IBAN is printed for payments, but no CARPA account is "
            "named: a lawyer receives a client's funds on the CARPA account of the bar",
            "give the CARPA account's IBAN and carpa: (the payee printed on cheques, e.g. \"CARPA de "
            "Lyon\"), or remove the firm's iban so that the debtor pays the creditor directly",
        )
