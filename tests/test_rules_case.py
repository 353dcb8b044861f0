"""Case rules (generator/rules/case.py): each rule passes on a good case and fails, located, on a bad one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from casebuilder import AS_OF, BASE, changed, check


def test_the_base_case_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert check(tmp_path, monkeypatch, BASE) == []


FIX_AMOUNT = 'write the amount including tax, e.g. "1500.00"; record credit notes as payments'
PAYMENT = {"date": dt.date(2024, 3, 1), "amount": "100.00"}

CASES = [
    ("invoice-amount-ok", {"invoices.0.amount": "0.01"}, []),
    (
        "invoice-amount-zero",
        {"invoices.0.amount": "0.00"},
        [
            f"cases/x.yaml:13: invoices[0].amount: [error invoice.amount-positive] amount 0.00 is not above zero "
            f"(fix: {FIX_AMOUNT})"
        ],
    ),
    ("payment-amount-ok", {"payments": [PAYMENT]}, []),
    (
        "payment-amount-zero",
        {"payments": [{**PAYMENT, "amount": "0"}]},
        [
            "cases/x.yaml:15: payments[0].amount: [error payment.amount-positive] amount 0 is not above zero "
            '(fix: write the amount received, e.g. "500.00"; delete the line if nothing was paid)'
        ],
    ),
    ("excl-tax-ok", {"invoices.0.amount_excl_tax": "18000.00"}, []),
    (
        "excl-tax-above",
        {"invoices.0.amount_excl_tax": "18000.01"},
        [
            "cases/x.yaml:13: invoices[0].amount_excl_tax: [error invoice.excl-tax-above-amount] amount excluding "
            "tax 18000.01 is above the amount including tax 18000.00 (fix: amount is the total including tax (TTC), "
            "amount_excl_tax the total before tax (HT): check they are not swapped)"
        ],
    ),
    ("due-on-issue-day", {"invoices.0.due": dt.date(2024, 1, 16)}, []),
    (
        "due-before-issue",
        {"invoices.0.due": dt.date(2024, 1, 15)},
        [
            "cases/x.yaml:13: invoices[0].due: [error invoice.due-before-issue] due date 2024-01-15 is before the "
            "issue date 2024-01-16 (fix: copy the payment date printed on the invoice)"
        ],
    ),
    ("numbers-distinct", {"invoices.1": {**BASE["invoices"][0], "number": "2024-054"}}, []),
    (
        "number-twice",
        {"invoices.1": BASE["invoices"][0]},
        [
            "cases/x.yaml:14: invoices[1].number: [error invoice.duplicate-number] invoice number 2024-053 is already "
            "used by invoices[0] (line 13) (fix: list each invoice once; an invoice paid in instalments is one "
            "invoice and several payments)"
        ],
    ),
    ("payment-names-invoice", {"payments": [{**PAYMENT, "invoice": "2024-053"}]}, []),
    (
        "payment-names-typo",
        {"payments": [{**PAYMENT, "invoice": "2024-035"}]},
        [
            "cases/x.yaml:15: payments[0].invoice: [error payment.unknown-invoice] no invoice numbered 2024-035 in "
            "this case (fix: did you mean '2024-053'?)"
        ],
    ),
    (
        "payment-names-unknown",
        {"payments": [{**PAYMENT, "invoice": "ZZ"}]},
        [
            "cases/x.yaml:15: payments[0].invoice: [error payment.unknown-invoice] no invoice numbered ZZ in "
            "this case (fix: use one of the invoice numbers: 2024-053)"
        ],
    ),
    (
        "dispute-names-invoice",
        {
            "events.1": {
                "date": dt.date(2024, 2, 25),
                "type": "dispute_opened",
                "reason": "retard",
                "invoices": ["2024-054"],
            },
            "invoices.1": {**BASE["invoices"][0], "number": "2024-054"},
            "payments": [{**PAYMENT, "amount": "18000.00", "invoice": "2024-054"}],
        },
        [],
    ),
    (
        "dispute-names-unknown",
        {
            "events.1": {
                "date": dt.date(2024, 2, 25),
                "type": "dispute_opened",
                "reason": "retard",
                "invoices": ["2024-054"],
            }
        },
        [
            "cases/x.yaml:20: events[1].invoices[0]: [error dispute.unknown-invoice] no invoice numbered 2024-054 in "
            "this case (fix: did you mean '2024-053'?)"
        ],
    ),
    ("b2b-penalty-rate", {"terms": {"late_penalty_rate": "16", "claim": "penalties"}}, []),
    ("b2c-no-penalty-terms", {"debtor.kind": "consumer", "terms": {"claim": "legal_interest"}}, []),
    (
        "b2c-penalty-terms",
        {"debtor.kind": "consumer", "terms": {"late_penalty_rate": "12", "claim": "penalties"}},
        [
            "cases/x.yaml:19: terms.late_penalty_rate: [error b2c.penalties] a penalty rate (12 %) is set but the "
            "debtor is a consumer, who owes no L441-10 penalties (fix: remove late_penalty_rate: a consumer owes "
            "legal interest from the mise en demeure)",
            "cases/x.yaml:19: terms.claim: [error b2c.penalties] claim: penalties is set but the debtor is a consumer, "
            "who owes no L441-10 penalties (fix: remove claim (a consumer owes legal interest only), or set debtor "
            "kind: business if the debtor acts as a professional)",
        ],
    ),
    ("history-in-order", {"events.1": {"date": dt.date(2024, 2, 20), "type": "call"}}, []),
    (
        "event-out-of-order",
        {"events.1": {"date": dt.date(2024, 2, 19), "type": "call"}},
        [
            "cases/x.yaml:17: events[1].date: [warning history.order] dated 2024-02-19, before the entry above it "
            "(2024-02-20, line 16) (fix: keep entries in date order; check the date for a typo)"
        ],
    ),
    (
        "payment-out-of-order",
        {"payments": [PAYMENT, {**PAYMENT, "date": dt.date(2024, 2, 28)}]},
        [
            "cases/x.yaml:16: payments[1].date: [warning history.order] dated 2024-02-28, before the entry above it "
            "(2024-03-01, line 15) (fix: keep entries in date order; check the date for a typo)"
        ],
    ),
    ("payment-on-check-date", {"payments": [{**PAYMENT, "date": AS_OF}]}, []),
    (
        "payment-in-the-future",
        {"payments": [{**PAYMENT, "date": dt.date(2024, 4, 2)}]},
        [
            "cases/x.yaml:15: payments[0].date: [error history.future] payment on 2024-04-02, after the check date "
            "2024-04-01 (fix: correct the date, or check as of a later date with --as-of)"
        ],
    ),
    (
        "event-in-the-future",
        {"events.1": {"date": dt.date(2025, 2, 20), "type": "call"}},
        [
            "cases/x.yaml:17: events[1].date: [error history.future] event on 2025-02-20, after the check date "
            "2024-04-01 (fix: correct the date, or check as of a later date with --as-of)"
        ],
    ),
]


@pytest.mark.parametrize(("changes", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_case_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changes: dict[str, Any], expected: list[str]
) -> None:
    assert check(tmp_path, monkeypatch, changed(changes)) == expected


# --- Invoice PDF paths ------------------------------------------------------------------------------

PDF_FIX = (
    "put the PDF in the repository (e.g. invoices/2024-053.pdf) and give its path from the repository "
    "root, with forward slashes"
)


@pytest.mark.parametrize(
    ("pdf", "message"),
    [
        ("invoices/2024-053.pdf", None),
        ("../outside.pdf", "'../outside.pdf' goes up with '..': the path must stay inside the repository"),
        ("/etc/passwd", "'/etc/passwd' is not a relative path inside the repository"),
        ("C:/factures/a.pdf", "'C:/factures/a.pdf' is not a relative path inside the repository"),
        ("invoices\\2024-053.pdf", "'invoices\\2024-053.pdf' is not a relative path inside the repository"),
        ("~/a.pdf", "'~/a.pdf' is not a relative path inside the repository"),
        ("invoices/missing.pdf", "no file 'invoices/missing.pdf' in the repository"),
        ("invoices", "no file 'invoices' in the repository"),
        ("link/secret.pdf", "'link/secret.pdf' leads outside the repository (through a link)"),
    ],
)
def test_invoice_pdf_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pdf: str, message: str | None) -> None:
    repo = tmp_path / "repo"
    (repo / "invoices").mkdir(parents=True)
    (repo / "invoices" / "2024-053.pdf").write_bytes(b"%PDF-1.7\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.pdf").write_bytes(b"%PDF-1.7\n")
    (repo / "link").symlink_to(outside)
    found = check(repo, monkeypatch, changed({"invoices.0.pdf": pdf}))
    assert found == (
        []
        if message is None
        else [f"cases/x.yaml:13: invoices[0].pdf: [error invoice.pdf-path] {message} (fix: {PDF_FIX})"]
    )
