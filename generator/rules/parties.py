"""Rules on the parties of a case: their identity numbers, and who writes (firm, lawyer, mandate)."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from stdnum import iban as std_iban
from stdnum.eu import vat as std_vat
from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError
from stdnum.fr import siren as std_siren
from stdnum.fr import siret as std_siret
from stdnum.fr import tva as std_tva

from generator.facts import firm_first_letter
from generator.models import Firm, Party
from generator.rules.registry import CheckContext, Problem, rule

Loc = tuple[str | int, ...]
CONFIG = "relance.yaml"


# --- Identity numbers -----------------------------------------------------------------------


def _party_sources(ctx: CheckContext) -> Iterator[tuple[Loc, Party, str]]:
    """Each identity the case uses: where to report it, the party, and where it really comes from."""
    loaded = ctx.loaded
    case = loaded.case
    if isinstance(case.creditor, str):
        yield ("creditor",), loaded.creditor, f" (party '{case.creditor}' in {CONFIG})"
    else:
        yield ("creditor",), loaded.creditor, ""
    yield ("debtor",), case.debtor, ""
    if loaded.firm is not None:
        firm_value = getattr(case.sender, "firm", None)
        if isinstance(firm_value, Firm):
            yield ("sender", "firm"), loaded.firm, ""
        else:
            key = next((k for k, f in loaded.repo.config.firms.items() if f is loaded.firm), "?")
            yield ("sender",), loaded.firm, f" (firm '{key}' in {CONFIG})"


def _field_loc(prefix: Loc, note: str, key: str) -> Loc:
    # An identity from relance.yaml has no line in the case file: report at the key naming it.
    return prefix if note else prefix + (key,)


def _why(exc: ValidationError, digits: str) -> str:
    if isinstance(exc, InvalidChecksum):
        return "its check digit is wrong"
    if isinstance(exc, InvalidLength):
        return f"it does not have {digits}"
    return "it has characters that do not belong in it"


@rule(
    "identity.siren",
    "error",
    "case",
    "SIREN numbers have 9 digits and a valid Luhn key.",
    "C. com. R123-237 (SIREN on commercial documents) — docs/law.md#identities",
)
def identity_siren(ctx: CheckContext) -> Iterator[Problem]:
    for prefix, party, note in _party_sources(ctx):
        if party.siren is not None:
            try:
                std_siren.validate(party.siren)
            except ValidationError as exc:
                yield Problem(
                    _field_loc(prefix, note, "siren"),
                    f"SIREN {party.siren} is not valid: {_why(exc, '9 digits')}{note}",
                    "copy it from the Kbis extract or annuaire-entreprises (9 digits)",
                )


@rule(
    "identity.siret",
    "error",
    "case",
    "SIRET numbers have 14 digits, a valid Luhn key, and start with the SIREN when both are given.",
    "C. com. R123-237 — docs/law.md#identities",
)
def identity_siret(ctx: CheckContext) -> Iterator[Problem]:
    for prefix, party, note in _party_sources(ctx):
        if party.siret is None:
            continue
        loc = _field_loc(prefix, note, "siret")
        try:
            siret = std_siret.validate(party.siret)
        except ValidationError as exc:
            yield Problem(
                loc,
                f"SIRET {party.siret} is not valid: {_why(exc, '14 digits')}{note}",
                "copy it from the Kbis extract (14 digits: the SIREN then 5 digits)",
            )
            continue
        if party.siren is not None and std_siren.is_valid(party.siren) and siret[:9] != std_siren.compact(party.siren):
            yield Problem(
                loc,
                f"SIRET {party.siret} does not start with the SIREN {party.siren}{note}",
                "one of the two belongs to another company: check both",
            )


@rule(
    "identity.iban",
    "error",
    "case",
    "IBANs have valid check digits.",
    "The demand states how to pay — docs/law.md#identities",
)
def identity_iban(ctx: CheckContext) -> Iterator[Problem]:
    for prefix, party, note in _party_sources(ctx):
        why = _iban_problem(party.iban) if party.iban is not None else None
        if why is not None:
            yield Problem(
                _field_loc(prefix, note, "iban"),
                f"IBAN {party.iban} is not valid: {why}{note}",
                "copy it from the bank's RIB; a wrong IBAN sends the debtor's payment nowhere",
            )


@functools.lru_cache(maxsize=4096)
def _iban_problem(value: str) -> str | None:
    """Why an IBAN is not valid, or None. Cached: a creditor's IBAN comes back in every case of
    a repository, and python-stdnum looks up the country's format each time."""
    try:
        std_iban.validate(value)
    except ValidationError as exc:
        return (
            "its check digits are wrong"
            if isinstance(exc, InvalidChecksum)
            else "it does not have the length or the form of an IBAN"
        )
    return None


@rule(
    "identity.vat",
    "error",
    "case",
    "VAT numbers are valid; a French VAT number matches the SIREN when both are given.",
    "EU VAT number; French key = (12 + 3 × (SIREN mod 97)) mod 97 — docs/law.md#identities",
)
def identity_vat(ctx: CheckContext) -> Iterator[Problem]:
    for prefix, party, note in _party_sources(ctx):
        if party.vat is None:
            continue
        loc = _field_loc(prefix, note, "vat")
        try:
            number = std_vat.validate(party.vat)
        except ValidationError as exc:
            why = "its key is wrong" if isinstance(exc, InvalidChecksum) else "it is not an EU VAT number"
            yield Problem(
                loc,
                f"VAT number {party.vat} is not valid: {why}{note}",
                "copy it from the invoice; a French number is FR, 2 key digits, then the SIREN",
            )
            continue
        if (
            number.startswith("FR")
            and party.siren is not None
            and std_siren.is_valid(party.siren)
            and std_tva.to_siren(number) != std_siren.compact(party.siren)
        ):
            yield Problem(
                loc,
                f"VAT number {party.vat} does not contain the SIREN {party.siren}{note}",
                "one of the two belongs to another company: check both",
            )


# --- Who writes ------------------------------------------------------------------------------


@rule(
    "sender.identity",
    "error",
    "case",
    "A recovery firm or lawyer writing has a full identity: name, address, SIREN (firm) or bar (lawyer).",
    "CPCE R124-4 1° (recovery firm), RIN art. 8 (lawyer) — docs/law.md#recovery-firms, docs/law.md#lawyers",
    senders=["recovery_firm", "lawyer"],
)
def sender_identity(ctx: CheckContext) -> Iterator[Problem]:
    role = ctx.loaded.sender.role
    firm = ctx.loaded.firm
    if firm is None:
        yield Problem(
            ("sender",),
            f"the letters are sent by a {role} but no firm identity is known",
            f"name the firm: sender: {{role: {role}, firm: KEY}} with KEY under firms: in {CONFIG}",
        )
        return
    ((prefix, _, note),) = [p for p in _party_sources(ctx) if p[1] is firm]
    if firm.role != role:
        yield Problem(
            prefix,
            f"firm '{firm.name}' is a {firm.role}, not a {role}{note}",
            "name a firm of the right kind, or change sender role",
        )
    elif role == "recovery_firm" and firm.siren is None:
        yield Problem(prefix, f"recovery firm '{firm.name}' has no SIREN{note}", "add siren: (9 digits) to the firm")
    elif role == "lawyer" and firm.bar is None:
        yield Problem(prefix, f"lawyer '{firm.name}' has no bar{note}", "add bar: (e.g. Barreau de Lyon) to the firm")


@rule(
    "sender.mandate",
    "error",
    "case",
    "A recovery firm has the creditor's written mandate recorded.",
    "CPCE R124-3 — docs/law.md#recovery-firms",
    senders=["recovery_firm"],
)
def sender_mandate(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.loaded.sender.mandate is None:
        yield Problem(
            ("sender",),
            "a recovery firm may act only under a written mandate, and none is recorded",
            "add mandate: {reference: ..., date: YYYY-MM-DD} under sender:",
        )


@rule(
    "firm.declaration",
    "error",
    "case",
    "A recovery firm has its insurance and its declaration to the public prosecutor recorded.",
    "CPCE R124-2 — docs/law.md#recovery-firms",
    senders=["recovery_firm"],
)
def firm_declaration(ctx: CheckContext) -> Iterator[Problem]:
    firm = ctx.loaded.firm
    if firm is None or firm.role != "recovery_firm":
        return  # sender.identity reports it
    ((prefix, _, note),) = [p for p in _party_sources(ctx) if p[1] is firm]
    missing = [key for key in ("insurance", "declaration") if getattr(firm, key) is None]
    if missing:
        yield Problem(
            prefix,
            f"recovery firm '{firm.name}' has no {' and no '.join(missing)}{note}",
            "add insurance: (professional liability insurer) and declaration: (prosecutor, date) to the firm",
        )


@rule(
    "firm.first-letter-reference",
    "warning",
    "case",
    "A recovery firm records the reference of its first letter, which every follow-up recalls.",
    "CPCE R124-4 last paragraph — docs/law.md#recovery-firms",
    senders=["recovery_firm"],
)
def firm_first_letter_reference(ctx: CheckContext) -> Iterator[Problem]:
    found = firm_first_letter(ctx.loaded)
    if found:
        index, first = found
        if first.reference is None:
            yield Problem(
                ("events", index),
                f"the firm's first letter ({first.letter}, {first.date}) has no reference recorded",
                "add reference: as printed on that letter; each follow-up must recall it and its date",
            )
