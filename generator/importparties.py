"""The case's creditor and debtor from an e-invoice's seller (BG-4) and buyer (BG-7).

Identity numbers are kept only when valid: a SIREN comes from the legal registration
identifier (BT-30, BT-47) with scheme 0002 (SIREN) or 0009 (SIRET). Whether the buyer is a
business or a consumer decides which law applies (C. com. L441-10 for professionals only,
docs/law.md#who-is-who): it is never guessed. A buyer with a SIREN or a VAT number is a business —
BR-FR-11 requires the buyer's SIREN on a French B2B e-invoice; one with neither needs
``--debtor-kind``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from babel import Locale
from stdnum.fr import siren as std_siren
from stdnum.fr import siret as std_siret

from generator.cases import Repository
from generator.einvoice import EInvoice, Party

Severity = Literal["error", "warning", "note"]


@dataclass
class PartyEntry:
    """A party as the case file will hold it (a mapping, or a key of relance.yaml), and remarks."""

    entry: dict[str, Any] | str | None
    messages: list[tuple[Severity, str]] = field(default_factory=list)


def siren_of(party: Party) -> tuple[str | None, str | None]:
    """(SIREN, SIRET) from the legal registration identifier, when it is one and valid."""
    number = re.sub(r"\s", "", party.legal_id or "")
    scheme = party.legal_scheme
    if scheme in ("0009", None) and len(number) == 14 and std_siret.is_valid(number):
        return number[:9], number
    if scheme in ("0002", None) and len(number) == 9 and std_siren.is_valid(number):
        return number, None
    return None, None


def creditor_entry(invoice: EInvoice, repo: Repository) -> PartyEntry:
    """The seller as the case's creditor: the relance.yaml party with its SIREN, else its identity."""
    seller = invoice.seller
    siren, _ = siren_of(seller)
    if siren is not None:
        for key, party in repo.config.parties.items():
            if party.siren and std_siren.compact(party.siren) == siren:
                return PartyEntry(
                    key,
                    [
                        (
                            "note",
                            f"the seller {seller.name} is the party '{key}' of relance.yaml "
                            "(same SIREN): the case refers to it",
                        )
                    ],
                )
    result = _identity(seller, "seller", "BT-30")
    assert isinstance(result.entry, dict)
    if invoice.iban:
        result.entry["iban"] = invoice.iban
    if invoice.bic:
        result.entry["bic"] = invoice.bic
    return result


def debtor_entry(buyer: Party, kind: str | None) -> PartyEntry:
    """The buyer as the case's debtor; ``kind`` is the clerk's word, needed when the invoice cannot tell."""
    result = _identity(buyer, "buyer", "BT-47", recipient=True)
    assert isinstance(result.entry, dict)
    business = "siren" in result.entry or "siret" in result.entry or "vat" in result.entry
    if kind is None and not business:
        result.messages.append(
            (
                "error",
                f"the buyer {buyer.name} has no SIREN (BT-47) nor VAT number (BT-48), so "
                "the invoice does not say whether it is a business or a consumer, and "
                "the law differs: run again with --debtor-kind consumer or "
                "--debtor-kind business",
            )
        )
        return PartyEntry(None, result.messages)
    result.entry = {"kind": kind or "business", **result.entry}
    if buyer.contact:
        result.entry["attention"] = {"name": buyer.contact}
    return result


def _identity(party: Party, role: str, term: str, recipient: bool = False) -> PartyEntry:
    result = PartyEntry({"name": party.name})
    assert isinstance(result.entry, dict)
    address = list(party.address)
    town = " ".join(v for v in (party.postcode, party.city) if v)
    if town:
        # The letters' recipient: its postcode and town in capitals (NF Z10-011, address.capitals;
        # docs/law.md#sending), as the clerk would otherwise be told to write them.
        address.append(town.upper() if recipient else town)
    if party.country and party.country != "FR":
        address.append(Locale.parse("fr").territories.get(party.country, party.country).upper())
    if address:
        result.entry["address"] = address[:6]
    else:
        result.messages.append(
            (
                "warning",
                f"the {role} {party.name} has no postal address in the invoice; add its address to the case file",
            )
        )
    siren, siret = siren_of(party)
    if siren is not None:
        result.entry["siren"] = siren
    elif party.legal_id:
        result.messages.append(
            (
                "warning",
                f"the {role}'s registration number {party.legal_id} ({term}) is not a "
                "valid SIREN or SIRET; it was left out",
            )
        )
    if siret is not None:
        result.entry["siret"] = siret
    if party.vat:
        result.entry["vat"] = party.vat
    return result


def same_party(
    party: Party, case_party: Any, role: str, case_role: str, repo: Repository | None
) -> tuple[Severity, str] | None:
    """Is the invoice's seller (buyer) the case's creditor (debtor)? An error when the SIRENs differ."""
    if case_party is None:
        return None
    if isinstance(case_party, str):
        known = repo.config.parties.get(case_party) if repo is not None else None
        if known is None:
            return None
        case_party = known.model_dump()
    if not isinstance(case_party, dict):
        return None
    theirs = case_party.get("siren")
    ours, _ = siren_of(party)
    name = str(case_party.get("name") or "")
    if theirs and ours:
        if std_siren.compact(str(theirs)) != ours:
            return (
                "error",
                f"the {role} {party.name} (SIREN {ours}) is not the case's {case_role} {name} "
                f"(SIREN {theirs}): import it into that party's case",
            )
        return None
    if _plain(name) != _plain(party.name):
        return ("warning", f"the {role} is named {party.name}, the case's {case_role} {name}; check it is the same")
    return None


def _plain(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.casefold())
