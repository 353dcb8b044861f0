"""Rules on the case data as a whole: amounts, invoices, payments, consumer terms, history."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from generator.events import DisputeOpened
from generator.rules.registry import CheckContext, Problem, rule

# --- Amounts and invoices --------------------------------------------------------------------


@rule(
    "invoice.amount-positive",
    "error",
    "case",
    "Every invoice amount is above zero.",
    "A claim needs a positive amount — docs/law.md#invoices",
)
def invoice_amount_positive(ctx: CheckContext) -> Iterator[Problem]:
    for index, invoice in enumerate(ctx.loaded.case.invoices):
        if invoice.amount <= 0:
            yield Problem(
                ("invoices", index, "amount"),
                f"amount {invoice.amount} is not above zero",
                'write the amount including tax, e.g. "1500.00"; record credit notes as payments',
            )


@rule(
    "payment.amount-positive",
    "error",
    "case",
    "Every payment amount is above zero.",
    "A payment extinguishes a debt (C. civ. 1342, 1342-10) — docs/law.md#payments",
)
def payment_amount_positive(ctx: CheckContext) -> Iterator[Problem]:
    for index, payment in enumerate(ctx.loaded.case.payments):
        if payment.amount <= 0:
            yield Problem(
                ("payments", index, "amount"),
                f"amount {payment.amount} is not above zero",
                'write the amount received, e.g. "500.00"; delete the line if nothing was paid',
            )


@rule(
    "invoice.excl-tax-above-amount",
    "error",
    "case",
    "The amount excluding tax is not above the amount including tax.",
    "C. com. L441-9 (invoice amounts); the claim is the amount incl. VAT — docs/law.md#invoices",
)
def invoice_excl_tax(ctx: CheckContext) -> Iterator[Problem]:
    for index, invoice in enumerate(ctx.loaded.case.invoices):
        if invoice.amount_excl_tax is not None and invoice.amount_excl_tax > invoice.amount:
            yield Problem(
                ("invoices", index, "amount_excl_tax"),
                f"amount excluding tax {invoice.amount_excl_tax} is above the amount including tax {invoice.amount}",
                "amount is the total including tax (TTC), amount_excl_tax the total before tax (HT): "
                "check they are not swapped",
            )


@rule(
    "invoice.due-before-issue",
    "error",
    "case",
    "An invoice falls due on or after the day it is issued.",
    "C. com. L441-10 I (payment term counted from the invoice date) — docs/law.md#invoices",
)
def invoice_due_before_issue(ctx: CheckContext) -> Iterator[Problem]:
    for index, invoice in enumerate(ctx.loaded.case.invoices):
        if invoice.due < invoice.issued:
            yield Problem(
                ("invoices", index, "due"),
                f"due date {invoice.due} is before the issue date {invoice.issued}",
                "copy the payment date printed on the invoice",
            )


@rule(
    "invoice.duplicate-number",
    "error",
    "case",
    "Each invoice number appears once in a case.",
    "C. com. L441-9 (each invoice has its own number) — docs/law.md#invoices",
)
def invoice_duplicate_number(ctx: CheckContext) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for index, invoice in enumerate(ctx.loaded.case.invoices):
        number = invoice.number.strip()
        if number in first:
            line = ctx.loaded.line("invoices", first[number], "number")
            yield Problem(
                ("invoices", index, "number"),
                f"invoice number {number} is already used by invoices[{first[number]}] (line {line})",
                "list each invoice once; an invoice paid in instalments is one invoice and several payments",
            )
        else:
            first[number] = index


def _unknown_invoice(number: str, known: list[str]) -> tuple[str, str]:
    close = difflib.get_close_matches(number, known, n=1)
    fix = f"did you mean '{close[0]}'?" if close else f"use one of the invoice numbers: {', '.join(known)}"
    return f"no invoice numbered {number} in this case", fix


@rule(
    "payment.unknown-invoice",
    "error",
    "case",
    "A payment that names an invoice names one of the case's invoices.",
    "C. civ. 1342-10 (a payment goes to the debt the debtor designated) — docs/law.md#payments",
)
def payment_unknown_invoice(ctx: CheckContext) -> Iterator[Problem]:
    known = [invoice.number for invoice in ctx.loaded.case.invoices]
    for index, payment in enumerate(ctx.loaded.case.payments):
        if payment.invoice is not None and payment.invoice not in known:
            yield Problem(("payments", index, "invoice"), *_unknown_invoice(payment.invoice, known))


@rule(
    "dispute.unknown-invoice",
    "error",
    "case",
    "A dispute that names invoices names the case's invoices.",
    "A disputed claim is not pursued until answered (practice) — docs/law.md#disputes",
)
def dispute_unknown_invoice(ctx: CheckContext) -> Iterator[Problem]:
    known = [invoice.number for invoice in ctx.loaded.case.invoices]
    for index, event in enumerate(ctx.loaded.case.events):
        if isinstance(event, DisputeOpened):
            for position, number in enumerate(event.invoices or []):
                if number not in known:
                    yield Problem(("events", index, "invoices", position), *_unknown_invoice(number, known))


@rule(
    "letter.unknown-invoice",
    "error",
    "case",
    "A letter that chooses its invoices names the case's invoices.",
    "A letter claims chosen invoices — docs/law.md#claimed-invoices",
)
def letter_unknown_invoice(ctx: CheckContext) -> Iterator[Problem]:
    known = [invoice.number for invoice in ctx.loaded.case.invoices]
    for index, letter in enumerate(ctx.loaded.case.letters):
        for position, number in enumerate(letter.invoices or []):
            if number not in known:
                yield Problem(("letters", index, "invoices", position), *_unknown_invoice(number, known))


@rule(
    "invoice.pdf-path",
    "error",
    "case",
    "An invoice PDF is a file inside the repository, named by a relative path.",
    "Case data is untrusted: a name cannot become a path; the PDF is attached to the letter — docs/law.md#case-files",
)
def invoice_pdf_path(ctx: CheckContext) -> Iterator[Problem]:
    root = ctx.loaded.repo.root.resolve()
    for index, invoice in enumerate(ctx.loaded.case.invoices):
        if invoice.pdf is None:
            continue
        message = _pdf_problem(invoice.pdf, root)
        if message:
            yield Problem(
                ("invoices", index, "pdf"),
                message,
                "put the PDF in the repository (e.g. invoices/2024-053.pdf) and give its path "
                "from the repository root, with forward slashes",
            )


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


@rule(
    "b2c.penalties",
    "error",
    "case",
    "A consumer debtor owes no L441-10 late penalties: no penalty rate, no penalty claim.",
    "C. com. L441-10, D441-5 (professionals only); CPCE L111-8 — docs/law.md#consumers",
    debtors=["consumer"],
)
def b2c_penalties(ctx: CheckContext) -> Iterator[Problem]:
    terms = ctx.loaded.case.terms
    if terms.late_penalty_rate is not None:
        yield Problem(
            ("terms", "late_penalty_rate"),
            f"a penalty rate ({terms.late_penalty_rate} %) is set but the debtor is a consumer, "
            "who owes no L441-10 penalties",
            "remove late_penalty_rate: a consumer owes legal interest from the mise en demeure",
        )
    if terms.claim == "penalties":
        yield Problem(
            ("terms", "claim"),
            "claim: penalties is set but the debtor is a consumer, who owes no L441-10 penalties",
            "remove claim (a consumer owes legal interest only), or set debtor kind: business if the "
            "debtor acts as a professional",
        )


# --- History ---------------------------------------------------------------------------------


@rule(
    "history.order",
    "warning",
    "case",
    "Events and payments are listed in date order.",
    "The history decides the next step (practice) — docs/law.md#case-files",
)
def history_order(ctx: CheckContext) -> Iterator[Problem]:
    case = ctx.loaded.case
    for key, items in (("events", case.events), ("payments", case.payments)):
        for index in range(1, len(items)):
            before = items[index - 1]
            if items[index].date < before.date:
                line = ctx.loaded.line(key, index - 1)
                yield Problem(
                    (key, index, "date"),
                    f"dated {items[index].date}, before the entry above it ({before.date}, line {line})",
                    "keep entries in date order; check the date for a typo",
                )


@rule(
    "history.future",
    "error",
    "case",
    "No invoice, payment or event is dated after the check date.",
    "Facts are recorded after they happen (a future date is a typo) — docs/law.md#case-files",
)
def history_future(ctx: CheckContext) -> Iterator[Problem]:
    case = ctx.loaded.case
    dated = [(("invoices", i, "issued"), "invoice issued", inv.issued) for i, inv in enumerate(case.invoices)]
    dated += [(("payments", i, "date"), "payment", p.date) for i, p in enumerate(case.payments)]
    dated += [(("events", i, "date"), "event", e.date) for i, e in enumerate(case.events)]
    for loc, what, when in dated:
        if when > ctx.as_of:
            yield Problem(
                loc,
                f"{what} on {when}, after the check date {ctx.as_of}",
                "correct the date, or check as of a later date with --as-of",
            )
