"""Rules on the case data as a whole: amounts, dates, identities, history."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from stdnum import iban as std_iban
from stdnum.eu import vat as std_vat
from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError
from stdnum.fr import siren as std_siren
from stdnum.fr import siret as std_siret
from stdnum.fr import tva as std_tva

from generator.events import DisputeOpened
from generator.facts import firm_first_letter
from generator.models import Firm, Party
from generator.rules.registry import CheckContext, Problem, rule

Loc = tuple[str | int, ...]
CONFIG = "relance.yaml"


# --- Amounts and invoices --------------------------------------------------------------------

@rule("invoice.amount-positive", "error", "case",
      "Every invoice amount is above zero.",
      "A claim needs a positive amount — docs/law.md#invoices")
def invoice_amount_positive(ctx: CheckContext) -> Iterator[Problem]:
    for index, invoice in enumerate(ctx.loaded.case.invoices):
        if invoice.amount <= 0:
            yield Problem(("invoices", index, "amount"), f"amount {invoice.amount} is not above zero",
                          "write the amount including tax, e.g. \"1500.00\"; record credit notes as payments")


@rule("payment.amount-positive", "error", "case",
      "Every payment amount is above zero.",
      "A payment extinguishes a debt (C. civ. 1342, 1342-10) — docs/law.md#payments")
def payment_amount_positive(ctx: CheckContext) -> Iterator[Problem]:
    for index, payment in enumerate(ctx.loaded.case.payments):
        if payment.amount <= 0:
            yield Problem(("payments", index, "amount"), f"amount {payment.amount} is not above zero",
                          "write the amount received, e.g. \"500.00\"; delete the line if nothing was paid")


@rule("invoice.excl-tax-above-amount", "error", "case",
      "The amount excluding tax is not above the amount including tax.",
      "C. com. L441-9 (invoice amounts); the claim is the amount incl. VAT — docs/law.md#invoices")
def invoice_excl_tax(ctx: CheckContext) -> Iterator[Problem]:
    for index, invoice in enumerate(ctx.loaded.case.invoices):
        if invoice.amount_excl_tax is not None and invoice.amount_excl_tax > invoice.amount:
            yield Problem(("invoices", index, "amount_excl_tax"),
                          f"amount excluding tax {invoice.amount_excl_tax} is above the amount including "
                          f"tax {invoice.amount}",
                          "amount is the total including tax (TTC), amount_excl_tax the total before tax (HT): "
                          "check they are not swapped")


@rule("invoice.due-before-issue", "error", "case",
      "An invoice falls due on or after the day it is issued.",
      "C. com. L441-10 I (payment term counted from the invoice date) — docs/law.md#invoices")
def invoice_due_before_issue(ctx: CheckContext) -> Iterator[Problem]:
    for index, invoice in enumerate(ctx.loaded.case.invoices):
        if invoice.due < invoice.issued:
            yield Problem(("invoices", index, "due"),
                          f"due date {invoice.due} is before the issue date {invoice.issued}",
                          "copy the payment date printed on the invoice")


@rule("invoice.duplicate-number", "error", "case",
      "Each invoice number appears once in a case.",
      "C. com. L441-9 (each invoice has its own number) — docs/law.md#invoices")
def invoice_duplicate_number(ctx: CheckContext) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for index, invoice in enumerate(ctx.loaded.case.invoices):
        number = invoice.number.strip()
        if number in first:
            line = ctx.loaded.line("invoices", first[number], "number")
            yield Problem(("invoices", index, "number"),
                          f"invoice number {number} is already used by invoices[{first[number]}] (line {line})",
                          "list each invoice once; an invoice paid in instalments is one invoice and several "
                          "payments")
        else:
            first[number] = index


def _unknown_invoice(number: str, known: list[str]) -> tuple[str, str]:
    close = difflib.get_close_matches(number, known, n=1)
    fix = f"did you mean '{close[0]}'?" if close else f"use one of the invoice numbers: {', '.join(known)}"
    return f"no invoice numbered {number} in this case", fix


@rule("payment.unknown-invoice", "error", "case",
      "A payment that names an invoice names one of the case's invoices.",
      "C. civ. 1342-10 (a payment goes to the debt the debtor designated) — docs/law.md#payments")
def payment_unknown_invoice(ctx: CheckContext) -> Iterator[Problem]:
    known = [invoice.number for invoice in ctx.loaded.case.invoices]
    for index, payment in enumerate(ctx.loaded.case.payments):
        if payment.invoice is not None and payment.invoice not in known:
            yield Problem(("payments", index, "invoice"), *_unknown_invoice(payment.invoice, known))


@rule("dispute.unknown-invoice", "error", "case",
      "A dispute that names invoices names the case's invoices.",
      "A disputed claim is not pursued until answered (practice) — docs/law.md#disputes")
def dispute_unknown_invoice(ctx: CheckContext) -> Iterator[Problem]:
    known = [invoice.number for invoice in ctx.loaded.case.invoices]
    for index, event in enumerate(ctx.loaded.case.events):
        if isinstance(event, DisputeOpened):
            for position, number in enumerate(event.invoices or []):
                if number not in known:
                    yield Problem(("events", index, "invoices", position), *_unknown_invoice(number, known))


@rule("letter.unknown-invoice", "error", "case",
      "A letter that chooses its invoices names the case's invoices.",
      "A letter claims chosen invoices — docs/law.md#claimed-invoices")
def letter_unknown_invoice(ctx: CheckContext) -> Iterator[Problem]:
    known = [invoice.number for invoice in ctx.loaded.case.invoices]
    for index, letter in enumerate(ctx.loaded.case.letters):
        for position, number in enumerate(letter.invoices or []):
            if number not in known:
                yield Problem(("letters", index, "invoices", position), *_unknown_invoice(number, known))


@rule("invoice.pdf-path", "error", "case",
      "An invoice PDF is a file inside the repository, named by a relative path.",
      "Case data is untrusted: a name cannot become a path; the PDF is attached to the letter — "
      "docs/law.md#case-files")
def invoice_pdf_path(ctx: CheckContext) -> Iterator[Problem]:
    root = ctx.loaded.repo.root.resolve()
    for index, invoice in enumerate(ctx.loaded.case.invoices):
        if invoice.pdf is None:
            continue
        message = _pdf_problem(invoice.pdf, root)
        if message:
            yield Problem(("invoices", index, "pdf"), message,
                          "put the PDF in the repository (e.g. invoices/2024-053.pdf) and give its path "
                          "from the repository root, with forward slashes")


def _pdf_problem(text: str, root: Path) -> str:
    name = PurePosixPath(text)
    if not name.parts:  # "." or "./": the repository folder itself
        return f"'{text}' names the repository folder, not a file in it"
    if "\\" in text or "\0" in text or text.startswith("~") or name.is_absolute() or ":" in name.parts[0]:
        return f"'{text}' is not a relative path inside the repository"
    if ".." in name.parts:
        return f"'{text}' goes up with '..': the path must stay inside the repository"
    target = (root / name).resolve()
    if not target.is_relative_to(root):
        return f"'{text}' leads outside the repository (through a link)"
    if not target.is_file():
        return f"no file '{text}' in the repository"
    return ""


# --- Consumer debtors ------------------------------------------------------------------------

@rule("b2c.penalties", "error", "case",
      "A consumer debtor owes no L441-10 late penalties: no penalty rate, no penalty claim.",
      "C. com. L441-10, D441-5 (professionals only); CPCE L111-8 — docs/law.md#consumers",
      debtors=["consumer"])
def b2c_penalties(ctx: CheckContext) -> Iterator[Problem]:
    terms = ctx.loaded.case.terms
    if terms.late_penalty_rate is not None:
        yield Problem(("terms", "late_penalty_rate"),
                      f"a penalty rate ({terms.late_penalty_rate} %) is set but the debtor is a consumer, "
                      "who owes no L441-10 penalties",
                      "remove late_penalty_rate: a consumer owes legal interest from the mise en demeure")
    if terms.claim == "penalties":
        yield Problem(("terms", "claim"),
                      "claim: penalties is set but the debtor is a consumer, who owes no L441-10 penalties",
                      "remove claim (a consumer owes legal interest only), or set debtor kind: business if the "
                      "debtor acts as a professional")


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


@rule("identity.siren", "error", "case",
      "SIREN numbers have 9 digits and a valid Luhn key.",
      "C. com. R123-237 (SIREN on commercial documents) — docs/law.md#identities")
def identity_siren(ctx: CheckContext) -> Iterator[Problem]:
    for prefix, party, note in _party_sources(ctx):
        if party.siren is not None:
            try:
                std_siren.validate(party.siren)
            except ValidationError as exc:
                yield Problem(_field_loc(prefix, note, "siren"),
                              f"SIREN {party.siren} is not valid: {_why(exc, '9 digits')}{note}",
                              "copy it from the Kbis extract or annuaire-entreprises (9 digits)")


@rule("identity.siret", "error", "case",
      "SIRET numbers have 14 digits, a valid Luhn key, and start with the SIREN when both are given.",
      "C. com. R123-237 — docs/law.md#identities")
def identity_siret(ctx: CheckContext) -> Iterator[Problem]:
    for prefix, party, note in _party_sources(ctx):
        if party.siret is None:
            continue
        loc = _field_loc(prefix, note, "siret")
        try:
            siret = std_siret.validate(party.siret)
        except ValidationError as exc:
            yield Problem(loc, f"SIRET {party.siret} is not valid: {_why(exc, '14 digits')}{note}",
                          "copy it from the Kbis extract (14 digits: the SIREN then 5 digits)")
            continue
        if party.siren is not None and std_siren.is_valid(party.siren) \
                and siret[:9] != std_siren.compact(party.siren):
            yield Problem(loc, f"SIRET {party.siret} does not start with the SIREN {party.siren}{note}",
                          "one of the two belongs to another company: check both")


@rule("identity.iban", "error", "case",
      "IBANs have valid check digits.",
      "The demand states how to pay — docs/law.md#identities")
def identity_iban(ctx: CheckContext) -> Iterator[Problem]:
    for prefix, party, note in _party_sources(ctx):
        why = _iban_problem(party.iban) if party.iban is not None else None
        if why is not None:
            yield Problem(_field_loc(prefix, note, "iban"), f"IBAN {party.iban} is not valid: {why}{note}",
                          "copy it from the bank's RIB; a wrong IBAN sends the debtor's payment nowhere")


@functools.lru_cache(maxsize=4096)
def _iban_problem(value: str) -> str | None:
    """Why an IBAN is not valid, or None. Cached: a creditor's IBAN comes back in every case of
    a repository, and python-stdnum looks up the country's format each time."""
    try:
        std_iban.validate(value)
    except ValidationError as exc:
        return "its check digits are wrong" if isinstance(exc, InvalidChecksum) else \
            "it does not have the length or the form of an IBAN"
    return None


@rule("identity.vat", "error", "case",
      "VAT numbers are valid; a French VAT number matches the SIREN when both are given.",
      "EU VAT number; French key = (12 + 3 × (SIREN mod 97)) mod 97 — docs/law.md#identities")
def identity_vat(ctx: CheckContext) -> Iterator[Problem]:
    for prefix, party, note in _party_sources(ctx):
        if party.vat is None:
            continue
        loc = _field_loc(prefix, note, "vat")
        try:
            number = std_vat.validate(party.vat)
        except ValidationError as exc:
            why = "its key is wrong" if isinstance(exc, InvalidChecksum) else "it is not an EU VAT number"
            yield Problem(loc, f"VAT number {party.vat} is not valid: {why}{note}",
                          "copy it from the invoice; a French number is FR, 2 key digits, then the SIREN")
            continue
        if number.startswith("FR") and party.siren is not None and std_siren.is_valid(party.siren) \
                and std_tva.to_siren(number) != std_siren.compact(party.siren):
            yield Problem(loc, f"VAT number {party.vat} does not contain the SIREN {party.siren}{note}",
                          "one of the two belongs to another company: check both")


# --- Who writes ------------------------------------------------------------------------------

@rule("sender.identity", "error", "case",
      "A recovery firm or lawyer writing has a full identity: name, address, SIREN (firm) or bar (lawyer).",
      "CPCE R124-4 1° (recovery firm), RIN art. 8 (lawyer) — docs/law.md#recovery-firms, docs/law.md#lawyers",
      senders=["recovery_firm", "lawyer"])
def sender_identity(ctx: CheckContext) -> Iterator[Problem]:
    role = ctx.loaded.sender.role
    firm = ctx.loaded.firm
    if firm is None:
        yield Problem(("sender",), f"the letters are sent by a {role} but no firm identity is known",
                      f"name the firm: sender: {{role: {role}, firm: KEY}} with KEY under firms: in {CONFIG}")
        return
    (prefix, _, note), = [p for p in _party_sources(ctx) if p[1] is firm]
    if firm.role != role:
        yield Problem(prefix, f"firm '{firm.name}' is a {firm.role}, not a {role}{note}",
                      "name a firm of the right kind, or change sender role")
    elif role == "recovery_firm" and firm.siren is None:
        yield Problem(prefix, f"recovery firm '{firm.name}' has no SIREN{note}",
                      "add siren: (9 digits) to the firm")
    elif role == "lawyer" and firm.bar is None:
        yield Problem(prefix, f"lawyer '{firm.name}' has no bar{note}",
                      "add bar: (e.g. Barreau de Lyon) to the firm")


@rule("sender.mandate", "error", "case",
      "A recovery firm has the creditor's written mandate recorded.",
      "CPCE R124-3 — docs/law.md#recovery-firms",
      senders=["recovery_firm"])
def sender_mandate(ctx: CheckContext) -> Iterator[Problem]:
    if ctx.loaded.sender.mandate is None:
        yield Problem(("sender",), "a recovery firm may act only under a written mandate, and none is recorded",
                      "add mandate: {reference: ..., date: YYYY-MM-DD} under sender:")


@rule("firm.declaration", "error", "case",
      "A recovery firm has its insurance and its declaration to the public prosecutor recorded.",
      "CPCE R124-2 — docs/law.md#recovery-firms",
      senders=["recovery_firm"])
def firm_declaration(ctx: CheckContext) -> Iterator[Problem]:
    firm = ctx.loaded.firm
    if firm is None or firm.role != "recovery_firm":
        return  # sender.identity reports it
    (prefix, _, note), = [p for p in _party_sources(ctx) if p[1] is firm]
    missing = [key for key in ("insurance", "declaration") if getattr(firm, key) is None]
    if missing:
        yield Problem(prefix, f"recovery firm '{firm.name}' has no {' and no '.join(missing)}{note}",
                      "add insurance: (professional liability insurer) and declaration: (prosecutor, date) "
                      "to the firm")


@rule("firm.first-letter-reference", "warning", "case",
      "A recovery firm records the reference of its first letter, which every follow-up recalls.",
      "CPCE R124-4 last paragraph — docs/law.md#recovery-firms",
      senders=["recovery_firm"])
def firm_first_letter_reference(ctx: CheckContext) -> Iterator[Problem]:
    found = firm_first_letter(ctx.loaded)
    if found:
        index, first = found
        if first.reference is None:
            yield Problem(("events", index),
                          f"the firm's first letter ({first.letter}, {first.date}) has no reference recorded",
                          "add reference: as printed on that letter; each follow-up must recall it and its date")


# --- History ---------------------------------------------------------------------------------

@rule("history.order", "warning", "case",
      "Events and payments are listed in date order.",
      "The history decides the next step (practice) — docs/law.md#case-files")
def history_order(ctx: CheckContext) -> Iterator[Problem]:
    case = ctx.loaded.case
    for key, items in (("events", case.events), ("payments", case.payments)):
        for index in range(1, len(items)):
            before = items[index - 1]
            if items[index].date < before.date:
                line = ctx.loaded.line(key, index - 1)
                yield Problem((key, index, "date"),
                              f"dated {items[index].date}, before the entry above it ({before.date}, line {line})",
                              "keep entries in date order; check the date for a typo")


@rule("history.future", "error", "case",
      "No invoice, payment or event is dated after the check date.",
      "Facts are recorded after they happen (a future date is a typo) — docs/law.md#case-files")
def history_future(ctx: CheckContext) -> Iterator[Problem]:
    case = ctx.loaded.case
    dated = [(("invoices", i, "issued"), "invoice issued", inv.issued) for i, inv in enumerate(case.invoices)]
    dated += [(("payments", i, "date"), "payment", p.date) for i, p in enumerate(case.payments)]
    dated += [(("events", i, "date"), "event", e.date) for i, e in enumerate(case.events)]
    for loc, what, when in dated:
        if when > ctx.as_of:
            yield Problem(loc, f"{what} on {when}, after the check date {ctx.as_of}",
                          "correct the date, or check as of a later date with --as-of")
