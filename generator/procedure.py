"""The next step a letter may announce: only proceedings really open to the creditor, never a seizure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

# CPCE L125-1 and R125-1: simplified small-claims procedure up to €5,000, principal and interest
# included (docs/law.md#next-steps). Above it, the injonction de payer (CPC 1405) has no ceiling.
SMALL_CLAIMS_CEILING = Decimal("5000.00")


@dataclass(frozen=True)
class NextStep:
    code: Literal["petites_creances", "injonction_de_payer"]
    wording: str  # French, to follow "à défaut de paiement dans ce délai, …"
    source: str
    # The same step as an infinitive, for a recovery firm's letter: the firm has no standing to go
    # to court (it collects amicably, CPCE L124-1, R124-4; docs/law.md#recovery-firms), so the letter says
    # what its client may do ("notre mandant pourra …"), never "nous saisirons".
    action: str


SMALL_CLAIMS = NextStep(
    "petites_creances",
    "nous confierons le recouvrement de cette créance à un commissaire de justice dans le cadre de la "
    "procédure simplifiée de recouvrement des petites créances",
    "art. L125-1 du Code des procédures civiles d'exécution",
    "confier le recouvrement de cette créance à un commissaire de justice dans le cadre de la "
    "procédure simplifiée de recouvrement des petites créances",
)
PAYMENT_ORDER = NextStep(
    "injonction_de_payer",
    "nous saisirons la juridiction compétente d'une requête en injonction de payer",
    "art. 1405 et suivants du Code de procédure civile",
    "saisir la juridiction compétente d'une requête en injonction de payer",
)


def next_step(total: Decimal) -> NextStep:
    """Small claims up to €5,000 (the whole sum claimed, interest included), else injonction de payer.

    No seizure is ever announced: it needs an enforceable title the creditor does not have yet
    (CPCE L111-2; docs/law.md#next-steps).
    """
    return SMALL_CLAIMS if total <= SMALL_CLAIMS_CEILING else PAYMENT_ORDER
