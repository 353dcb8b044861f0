"""Read an invoice's late-payment clauses: the PMD note (penalty rate) and the PMT note (€40).

Every French e-invoice carries them as notes coded PMD and PMT (rule BR-FR-05 of the French
e-invoicing specifications; C. com. L441-9 requires the mentions on every B2B invoice,
docs/law.md#invoices). relance keeps one fixed yearly rate per case (``terms.late_penalty_rate``)
or the statutory default (ECB rate + 10 points, C. com. L441-10 II, docs/law.md#penalties). A
clause is recorded only when it says one of those two things plainly; anything else — a
multiple of the legal interest rate, a monthly rate, two rates, no rate — is handed to a
person to read, never interpreted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

STATUTORY_MARGIN = Decimal("10")  # points over the ECB rate, C. com. L441-10 II
FIXED_INDEMNITY = Decimal("40")  # euros, C. com. D441-5 (docs/law.md#indemnity)

_PERCENT = re.compile(r"(?<![0-9.,])([0-9]{1,3}(?:[.,][0-9]{1,4})?)\s*(?:%|pour\s*cent\b|p\.?\s*100\b)")
_POINTS = re.compile(r"(?<![0-9.,])([0-9]{1,2}(?:[.,][0-9]{1,2})?)\s*(?:points?|pts?\b)")
_EUROS = re.compile(r"(?<![0-9.,])([0-9]{1,5}(?:[.,][0-9]{1,2})?)\s*(?:€|eur\b|euros?\b)")
_ECB = re.compile(r"\bbce\b|\bb\.c\.e\b|banque centrale europeenne|refinancement|taux directeur|\becb\b")
_LEGAL_RATE = re.compile(r"interet(?:s)?\s+legal|taux\s+legal")
_MONTHLY = re.compile(r"par\s+mois|mensuel|/\s*mois\b|\bpar\s+jour\b|journalier")


@dataclass(frozen=True)
class PenaltyClause:
    """What a PMD note says: a fixed yearly ``rate``, the ``statutory`` default, or ``review``."""

    rate: Decimal | None = None
    statutory: bool = False
    review: str | None = None


def normalise(text: str) -> str:
    """Lower case, no accents, one kind of apostrophe, one space between words."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"[\u2018\u2019\u02bc\u00b4`]", "'", plain.casefold())
    return re.sub(r"\s+", " ", plain).strip()


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def read_penalty(text: str) -> PenaltyClause:
    """The penalty rate a PMD note states, or why a person must read it."""
    plain = normalise(text)
    if _LEGAL_RATE.search(plain):
        return PenaltyClause(
            review="it sets the rate from the legal interest rate, which changes every "
            "half-year; relance records a fixed yearly rate only"
        )
    if _ECB.search(plain):
        points = {_number(m.group(1)) for m in _POINTS.finditer(plain)}
        if points == {STATUTORY_MARGIN}:
            return PenaltyClause(statutory=True)
        if not points:
            return PenaltyClause(review="it names the ECB rate without saying how many points are added")
        return PenaltyClause(
            review="it adds to the ECB rate a margin other than the statutory 10 points, "
            "which relance cannot record as a fixed rate"
        )
    if _MONTHLY.search(plain):
        return PenaltyClause(review="it states a rate per month or per day; relance records a yearly rate")
    rates = {_number(m.group(1)) for m in _PERCENT.finditer(plain)}
    if not rates:
        return PenaltyClause(review="it states no rate relance can read")
    if len(rates) > 1:
        shown = ", ".join(f"{r} %" for r in sorted(rates))
        return PenaltyClause(review=f"it states several rates ({shown})")
    rate = rates.pop()
    if not Decimal(0) < rate < Decimal(100):
        return PenaltyClause(review=f"a yearly rate of {rate} % is not plausible")
    cents = rate.quantize(Decimal("0.01"))
    return PenaltyClause(rate=cents if cents == rate else rate)  # "12" is written "12.00"


def read_indemnity(text: str) -> str | None:
    """Why a PMT note needs a person to read it, or None when it states the €40 indemnity."""
    amounts = {_number(m.group(1)) for m in _EUROS.finditer(normalise(text))}
    if amounts == {FIXED_INDEMNITY}:
        return None
    if not amounts:
        return "it states no amount; the fixed recovery indemnity is 40 € (C. com. D441-5)"
    shown = ", ".join(f"{a} €" for a in sorted(amounts))
    return f"it states {shown}; the fixed recovery indemnity is 40 € (C. com. D441-5), more only on proof of costs"
