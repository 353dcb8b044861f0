"""Rules on the case data as a whole: amounts, dates, identities, history."""

from __future__ import annotations

from collections.abc import Iterator

from generator.rules import CheckContext, Problem, rule


@rule("invoice.amount-positive", "error", "case",
      "Every invoice amount is above zero.",
      "A claim needs a positive amount — legal-fr.md §14(a)1")
def invoice_amount_positive(ctx: CheckContext) -> Iterator[Problem]:
    for index, invoice in enumerate(ctx.loaded.case.invoices):
        if invoice.amount <= 0:
            yield Problem(("invoices", index, "amount"), f"amount {invoice.amount} is not above zero",
                          "write the amount including tax, e.g. \"1500.00\"; record credit notes as payments")
