"""relance import, one e-invoice at a time: what refuses it, its entry, its PDF copy, its clauses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import einvoicebuilder as eb
import pytest
from test_import import EXISTING, run

from generator import validate


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "cases").mkdir(parents=True)
    (root / "relance.yaml").write_text("defaults: {deadline_days: 8}\n", encoding="utf-8")
    return root


def test_no_due_date_is_never_guessed_the_error_quotes_the_payment_terms(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = repo / "cases" / "novatech.yaml"
    case.write_text(EXISTING, encoding="utf-8")
    source = eb.ubl(tmp_path, "f.xml", number="F-2026-110", due=None, payment_terms="45 jours fin de mois")
    monkeypatch.chdir(repo)
    code, out = run(source, "--case", "cases/novatech.yaml")
    assert code == 1
    assert (
        f'  error: {source}: F-2026-110: no due date (BT-9), payment terms (BT-20): "45 jours fin de mois"; '
        "relance never works a due date out: add due: YYYY-MM-DD to invoice F-2026-110 in "
        "cases/novatech.yaml" in out.splitlines()
    )
    text = case.read_text(encoding="utf-8")
    assert "F-2026-110, issued: 2026-09-01, amount:" in text and "due: 2026-10" not in text
    findings = validate.validate([case], dt.date(2026, 9, 2))[0].findings
    assert [(f.field, f.message) for f in findings] == [("invoices[1].due", "required key is missing")]


def test_credit_note_and_foreign_currency_are_refused(tmp_path: Path) -> None:
    credit = eb.ubl(tmp_path, "avoir.xml", number="AV-1", type_code="381", BG_3=None)
    dollars = eb.cii(tmp_path, "usd.xml", number="F-9", currency="USD")
    code, out = run(credit, dollars, "--new-case", tmp_path / "cases" / "n.yaml", "--check")
    assert code == 1
    assert out.splitlines()[1].startswith(f"  error: {credit}:")
    assert out.splitlines()[1].endswith(
        ": AV-1 is a credit note (type 381): relance imports invoices only; "
        "lower the invoice it corrects or record the credit under payments: by hand"
    )
    assert out.splitlines()[3].endswith(
        ": F-9 is in USD, not in euros: relance computes and writes claims in "
        "euros only; type it into the case file with its amount in euros"
    )
    assert out.splitlines()[-2].startswith("error: ") and "no invoice could be imported" in out


def test_partial_payment_imports_what_remains_due(tmp_path: Path) -> None:
    path = eb.cii(tmp_path, "f.xml", paid="500.00")
    code, out = run(path, "--new-case", tmp_path / "cases" / "n.yaml")
    assert code == 0, out
    text = (tmp_path / "cases" / "n.yaml").read_text(encoding="utf-8")
    assert '    amount: "700.00"\n    label:' in text and "amount_excl_tax" not in text
    assert ": F-2026-101: 500.00 already paid (BT-113): amount is what remains due (700.00)" in out


@pytest.mark.parametrize(
    ("pmd", "expected"),
    [
        (
            "Pénalités de retard : 3 fois le taux d'intérêt légal",
            "it sets the rate from the legal interest rate, which changes every half-year; relance records a fixed "
            "yearly rate only",
        ),
        ("Des pénalités de retard sont exigibles", "it states no rate relance can read"),
    ],
)
def test_a_clause_without_a_fixed_rate_is_a_warning_to_review(tmp_path: Path, pmd: str, expected: str) -> None:
    path = eb.cii(tmp_path, "f.xml", pmd=pmd)
    code, out = run(path, "--new-case", tmp_path / "cases" / "n.yaml")
    assert code == 0, out
    assert f'  warning: {path}:15: F-2026-101: review the PMD clause "{pmd}": {expected}' in out.splitlines()
    assert "terms" not in (tmp_path / "cases" / "n.yaml").read_text(encoding="utf-8")


def test_missing_or_odd_indemnity_clause(tmp_path: Path) -> None:
    odd = eb.cii(tmp_path, "a.xml", number="A", pmt="Indemnité de recouvrement : 50 EUR")
    none = eb.cii(tmp_path, "b.xml", number="B", pmt=None)
    code, out = run(odd, none, "--new-case", tmp_path / "cases" / "n.yaml", "--check")
    assert code == 0, out
    assert (
        f'  warning: {odd}:19: A: review the PMT clause "Indemnité de recouvrement : 50 EUR": it states '
        "50 €; the fixed recovery indemnity is 40 € (C. com. D441-5), more only on proof of costs"
    ) in out
    assert (
        f"  note: {none}: B: no €40 indemnity clause (note PMT); the statutory terms apply (C. com. L441-10 II)"
    ) in out.splitlines()


def test_invoice_numbers_never_become_paths_and_never_share_a_copy(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = eb.facturx_pdf(tmp_path / "in", "one.pdf", number="../F/1")
    two = eb.facturx_pdf(tmp_path / "in", "two.pdf", number=".._F_1", vat="100.00")
    monkeypatch.chdir(repo)
    code, out = run(one, two, "--new-case", "cases/n.yaml")
    assert code == 0, out
    assert sorted(p.name for p in (repo / "invoices" / "n").iterdir()) == ["_F_1-2.pdf", "_F_1.pdf"]
    assert (repo / "invoices/n/_F_1.pdf").read_bytes() == one.read_bytes()
    assert (repo / "invoices/n/_F_1-2.pdf").read_bytes() == two.read_bytes()
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()) == [
        "in/one.pdf",
        "in/two.pdf",
        "repo/cases/n.yaml",
        "repo/invoices/n/_F_1-2.pdf",
        "repo/invoices/n/_F_1.pdf",
        "repo/relance.yaml",
    ]


def test_a_factur_x_already_in_the_repository_is_referred_to_where_it_is(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = eb.facturx_pdf(repo / "archives" / "2026", "a.pdf")
    monkeypatch.chdir(repo)
    assert run(pdf, "--new-case", "cases/n.yaml")[0] == 0
    assert "    pdf: archives/2026/a.pdf\n" in (repo / "cases/n.yaml").read_text(encoding="utf-8")
    assert not (repo / "invoices").exists()
