"""One e-invoice in ``relance import``: what refuses it whatever the case, its entry under ``invoices:``.

The entry holds what the invoice states (BT-9 for the due date, never worked out from payment
terms) and where its Factur-X PDF is, or will be copied to when it lies outside the repository
(``importer`` copies it); its PMD and PMT notes are read for what they say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from generator import latepayment
from generator.einvoice import EInvoice

Severity = Literal["error", "warning", "note"]
Action = Literal["add", "unchanged", "refused"]


@dataclass
class FileResult:
    """What became of one file: the invoice added, found unchanged, or refused, and why."""

    path: Path
    number: str | None = None
    action: Action = "refused"
    entry: dict[str, Any] | None = None
    messages: list[tuple[Severity, str]] = field(default_factory=list)
    invoice: EInvoice | None = field(default=None, repr=False)
    pdf_from: Path | None = None
    pdf_to: Path | None = None
    penalty: latepayment.PenaltyClause | None = None
    duplicate_of: Path | None = None  # the file of this batch that brought the same invoice

    def say(self, severity: Severity, text: str) -> None:
        self.messages.append((severity, text))


def admit(item: FileResult) -> None:
    """What refuses an invoice whatever the case: a credit note, another currency, nothing due."""
    invoice = item.invoice
    assert invoice is not None
    item.number = invoice.number
    item.action = "add"
    if invoice.is_credit_note:
        corrects = f" correcting {invoice.preceding}" if invoice.preceding else ""
        item.say(
            "error",
            f"{invoice.where('BT-3')}: {invoice.number} is a credit note (type {invoice.type_code})"
            f"{corrects}: relance imports invoices only; lower the invoice it corrects or record "
            "the credit under payments: by hand",
        )
    elif invoice.currency != "EUR":
        item.say(
            "error",
            f"{invoice.where('BT-5')}: {invoice.number} is in {invoice.currency or 'no currency'}, "
            "not in euros: relance computes and writes claims in euros only; type it into the "
            "case file with its amount in euros",
        )
    elif invoice.amount_due < 0:
        item.say(
            "error",
            f"{invoice.where('BT-115')}: {invoice.number}: the amount due (BT-115) is negative "
            f"({invoice.amount_due}): nothing to claim",
        )
    elif invoice.amount_due == 0:
        item.say(
            "error",
            f"{invoice.where('BT-115')}: {invoice.number}: nothing is left to pay (amount due, "
            "BT-115, is 0.00): not imported",
        )
    else:
        return
    item.action = "refused"


def invoice_entry(item: FileResult, root: Path, target: Path, taken: set[Path]) -> dict[str, Any]:
    invoice = item.invoice
    assert invoice is not None
    entry: dict[str, Any] = {"number": invoice.number, "issued": invoice.issued}
    if invoice.due is not None:
        entry["due"] = invoice.due
    else:
        terms = (
            f'payment terms (BT-20): "{invoice.payment_terms}"'
            if invoice.payment_terms
            else "and no payment terms (BT-20)"
        )
        item.say(
            "error",
            f"{invoice.path}: {invoice.number}: no due date (BT-9), {terms}; relance never works "
            f"a due date out: add due: YYYY-MM-DD to invoice {invoice.number} in {target}",
        )
    entry["amount"] = invoice.amount_due
    if invoice.prepaid:
        item.say(
            "note",
            f"{invoice.where('BT-113')}: {invoice.number}: {invoice.prepaid} already paid (BT-113): "
            f"amount is what remains due ({invoice.amount_due}); amount_excl_tax, which is the "
            "whole invoice's, is left out",
        )
    elif invoice.total_excl_tax is not None:
        entry["amount_excl_tax"] = invoice.total_excl_tax
    if invoice.total is not None and invoice.total - (invoice.prepaid or 0) != invoice.amount_due:
        item.say(
            "warning",
            f"{invoice.where('BT-115')}: {invoice.number}: the amount due {invoice.amount_due} "
            f"is not the total {invoice.total} less {invoice.prepaid or Decimal('0.00')} paid; "
            "check the invoice",
        )
    label = _label(invoice.items)
    if label:
        entry["label"] = label
    if invoice.kind == "Factur-X":
        source = invoice.path.resolve()
        if source.is_relative_to(root.resolve()):
            entry["pdf"] = source.relative_to(root.resolve()).as_posix()
        else:
            item.pdf_from = source
            item.pdf_to = _pdf_destination(root, target, invoice.number, source, taken)
            entry["pdf"] = item.pdf_to.relative_to(root).as_posix()
    return entry


def _label(items: tuple[str, ...]) -> str | None:
    if not items:
        return None
    text = items[0] if len(items) == 1 else f"{items[0]} (+ {len(items) - 1} autre(s) ligne(s))"
    return text if len(text) <= 200 else text[:199] + "…"


def _pdf_destination(root: Path, target: Path, number: str, source: Path, taken: set[Path]) -> Path:
    """``invoices/<case>/<number>.pdf``: the number is case data, so only safe characters reach a path.

    ``taken`` holds the copies this import already plans: two numbers that differ only in
    unsafe characters ("F/1", "F_1") must not share one file.
    """
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in number).lstrip(".") or "facture"
    folder = root / "invoices" / target.stem
    candidate, counter = folder / f"{safe}.pdf", 1
    data = source.read_bytes()
    while candidate in taken or candidate.exists() and candidate.read_bytes() != data:
        counter += 1
        candidate = folder / f"{safe}-{counter}.pdf"
    return candidate


def same_amount(existing: dict[str, Any], entry: dict[str, Any]) -> bool:
    try:
        return bool(Decimal(str(existing.get("amount"))) == entry["amount"])
    except InvalidOperation:
        return False


def read_clauses(item: FileResult, data: dict[str, Any]) -> None:
    """The PMD and PMT notes of a B2B invoice, read; a consumer owes neither (L441-10, docs/law.md#consumers)."""
    invoice = item.invoice
    assert invoice is not None
    debtor = data.get("debtor")
    if isinstance(debtor, dict) and debtor.get("kind") == "consumer":
        return
    for code in ("PMD", "PMT"):
        notes = [n for n in invoice.notes if n.code == code]
        if not notes:
            what = "late-penalty" if code == "PMD" else "€40 indemnity"
            item.say(
                "note",
                f"{invoice.path}: {invoice.number}: no {what} clause (note {code}); the statutory "
                "terms apply (C. com. L441-10 II)",
            )
        for note in notes:
            where = invoice.at(note.line)
            if code == "PMD":
                clause = latepayment.read_penalty(note.text)
                item.penalty = item.penalty or clause
                review = clause.review
            else:
                review = latepayment.read_indemnity(note.text)
            if review:
                item.say("warning", f'{where}: {invoice.number}: review the {code} clause "{note.text}": {review}')
