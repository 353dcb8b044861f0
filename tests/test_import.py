"""relance import: e-invoices (Factur-X, CII, UBL) into a new case or an existing one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import einvoicebuilder as eb
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator import validate
from generator.cli import cli

NEW_CASE = """\
# yaml-language-server: $schema=../schema/case.schema.json
# Dossier créé par `relance import` à partir de factures électroniques : relisez-le, puis
# ajoutez la lettre à produire. Created by `relance import` from e-invoices: review it, then
# add the letter to produce, e.g.
#   letters:
#     - {type: relance_1, date: YYYY-MM-DD}
creditor:
  name: "Atelier Bernard SARL"
  address: ["8 rue des Lilas", "69003 Lyon"]
  siren: "732829320"
  vat: FR44732829320
  iban: FR7630006000011234567890189
  bic: AGRIFRPP
debtor:
  kind: business
  name: "Novatech SAS"
  address: ["14 avenue Jean Jaurès", "69007 LYON"]
  siren: "830436911"
terms:
  late_penalty_rate: "12.00"
invoices:
  - number: F-2026-101
    issued: 2026-01-15
    due: 2026-02-14
    amount: "1200.00"
    amount_excl_tax: "1000.00"
    label: "Mission de conseil"
    pdf: invoices/novatech/F-2026-101.pdf
  - number: F-2026-102
    issued: 2026-01-20
    due: 2026-02-19
    amount: "600.00"
    amount_excl_tax: "500.00"
    label: "Atelier de cadrage"
  - number: F-2026-103
    issued: 2026-01-25
    due: 2026-02-24
    amount: "2400.00"
    amount_excl_tax: "2000.00"
    label: Accompagnement
"""

EXISTING = """\
# Dossier Novatech — suivi par Claire.
creditor:
  name: Atelier Bernard SARL
  address: ["8 rue des Lilas", "69003 Lyon"]
  siren: "732829320"

debtor:
  kind: business
  name: Novatech SAS   # siège
  address: ["14 avenue Jean Jaurès", "69007 Lyon"]
  siren: "830436911"

invoices:
  # la première, saisie à la main
  - {number: "F-2026-050", issued: 2025-12-01, due: 2025-12-31, amount: "300.00"}

events: []   # rien encore
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "cases").mkdir(parents=True)
    (root / "relance.yaml").write_text("defaults: {deadline_days: 8}\n", encoding="utf-8")
    return root


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["import", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def three_formats(inbox: Path) -> list[Path]:
    return [
        eb.facturx_pdf(inbox, "a.pdf", number="F-2026-101", issued=dt.date(2026, 1, 15), due=dt.date(2026, 2, 14)),
        eb.cii(
            inbox,
            "b.xml",
            number="F-2026-102",
            issued=dt.date(2026, 1, 20),
            due=dt.date(2026, 2, 19),
            excl_tax="500.00",
            vat="100.00",
            item="Atelier de cadrage",
        ),
        eb.ubl(
            inbox,
            "c.xml",
            number="F-2026-103",
            issued=dt.date(2026, 1, 25),
            due=dt.date(2026, 2, 24),
            excl_tax="2000.00",
            vat="400.00",
            item="Accompagnement",
        ),
    ]


def test_a_folder_of_three_formats_makes_a_case_that_validates_and_builds(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "inbox"
    three_formats(inbox)
    monkeypatch.chdir(repo)
    code, out = run(inbox, "--new-case", "cases/novatech.yaml")
    assert code == 0, out
    case = repo / "cases" / "novatech.yaml"
    assert case.read_text(encoding="utf-8") == NEW_CASE
    assert (repo / "invoices/novatech/F-2026-101.pdf").read_bytes() == (inbox / "a.pdf").read_bytes()
    assert out.splitlines()[0] == (
        f"{inbox / 'a.pdf'}: F-2026-101 added: issued 2026-01-15, due 2026-02-14, "
        "amount 1200.00, pdf invoices/novatech/F-2026-101.pdf"
    )
    assert out.splitlines()[-2:] == [
        'note: cases/novatech.yaml: terms.late_penalty_rate set to "12.00" (PMD clause of invoice F-2026-101)',
        "cases/novatech.yaml: created, 3 invoice(s) added",
    ]

    # The only edit left to the clerk: the letter request. Then the case validates and builds,
    # and the PDF/A-3 letter carries the original Factur-X file.
    with case.open("a", encoding="utf-8") as handle:
        handle.write("letters:\n  - {type: relance_1, date: 2026-03-02, pdfa: true}\n")
    reports = validate.validate([case], dt.date(2026, 3, 2))
    assert [f.render() for f in reports[0].findings if f.severity == "error"] == []
    built = CliRunner().invoke(cli, ["build", "--as-of", "2026-03-02"])
    assert built.exit_code == 0, built.output
    letter = next((repo / "output" / "cases" / "novatech").glob("*relance_1*.pdf"))
    assert PdfReader(letter).attachments == {"F-2026-101.pdf": [(inbox / "a.pdf").read_bytes()]}


def test_adding_to_an_existing_case_keeps_every_line_and_comment(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = repo / "cases" / "novatech.yaml"
    case.write_text(EXISTING, encoding="utf-8")
    inbox = tmp_path / "inbox"
    eb.cii(inbox, "b.xml", number="F-2026-102", pmd="Taux BCE majoré de 10 points")
    monkeypatch.chdir(repo)
    code, out = run(inbox / "b.xml", "--case", "cases/novatech.yaml")
    assert code == 0, out
    assert case.read_text(encoding="utf-8") == EXISTING.replace(
        '  - {number: "F-2026-050", issued: 2025-12-01, due: 2025-12-31, amount: "300.00"}\n',
        '  - {number: "F-2026-050", issued: 2025-12-01, due: 2025-12-31, amount: "300.00"}\n'
        '  - {number: F-2026-102, issued: 2026-09-01, due: 2026-10-01, amount: "1200.00", '
        'amount_excl_tax: "1000.00", label: "Mission de conseil"}\n',
    )
    assert "terms" not in case.read_text(encoding="utf-8")  # ECB + 10 points is the statutory default


def test_reimporting_changes_nothing(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = three_formats(tmp_path / "inbox")
    monkeypatch.chdir(repo)
    assert run(*files, "--new-case", "cases/n.yaml")[0] == 0
    before = (repo / "cases/n.yaml").read_bytes()
    copied = sorted(p.name for p in (repo / "invoices").rglob("*"))
    code, out = run(*files, "--case", "cases/n.yaml")
    assert code == 0, out
    assert (repo / "cases/n.yaml").read_bytes() == before
    assert sorted(p.name for p in (repo / "invoices").rglob("*")) == copied
    assert out.splitlines() == [
        f"{files[0]}: F-2026-101 unchanged (already in the case)",
        f"{files[1]}: F-2026-102 unchanged (already in the case)",
        f"{files[2]}: F-2026-103 unchanged (already in the case)",
        "cases/n.yaml: nothing written",
    ]


def test_a_different_amount_for_a_known_number_is_an_error_not_an_overwrite(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = repo / "cases" / "novatech.yaml"
    case.write_text(EXISTING, encoding="utf-8")
    changed = eb.cii(tmp_path, "f.xml", number="F-2026-050", excl_tax="250.00", vat="60.00")
    monkeypatch.chdir(repo)
    code, out = run(changed, "--case", "cases/novatech.yaml")
    assert code == 1
    assert case.read_text(encoding="utf-8") == EXISTING
    line = next(
        n for n, text in enumerate(changed.read_text(encoding="utf-8").splitlines(), 1) if "DuePayableAmount" in text
    )
    assert out.splitlines() == [
        f"{changed}: F-2026-050 not imported",
        f"  error: {changed}:{line}: F-2026-050 is already in cases/novatech.yaml with amount 300.00, but this "
        "e-invoice says 310.00: nothing was changed; if the case is wrong, correct it by hand",
        "cases/novatech.yaml: nothing written",
    ]


def test_check_writes_nothing_and_reports_what_would_be_created(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = three_formats(tmp_path / "inbox")
    monkeypatch.chdir(repo)
    code, out = run(*files, "--new-case", "cases/n.yaml", "--check")
    assert code == 0, out
    assert not (repo / "cases/n.yaml").exists() and not (repo / "invoices").exists()
    assert out.splitlines()[0].startswith(f"{files[0]}: F-2026-101 would add: issued 2026-01-15")
    assert out.splitlines()[-1] == "cases/n.yaml: would create, 3 invoice(s) to add (--check: nothing written)"


def test_bad_files_get_one_line_each_and_the_others_are_imported(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "inbox"
    plain = eb.write(inbox, "scan.pdf", eb.plain_pdf())
    broken = eb.write(inbox, "broken.xml", eb.cii_bytes()[:-40])
    other = eb.write(inbox, "order.xml", b"<?xml version='1.0'?>\n<Order xmlns='urn:x'><ID>1</ID></Order>\n")
    text = eb.write(inbox, "notes.txt", b"facture 12\n")
    good = eb.cii(inbox, "good.xml", number="F-2026-120")
    monkeypatch.chdir(repo)
    code, out = run(plain, broken, other, text, good, "--new-case", "cases/n.yaml")
    assert code == 1
    lines = broken.read_bytes().count(b"\n") + 1
    assert out.splitlines()[:4] == [
        f"error: {plain}: no e-invoice inside this PDF (no factur-x.xml attached): a plain PDF cannot be "
        "imported; ask the seller for the Factur-X file, or type the invoice into the case file",
        f"error: {broken}:{lines}: malformed XML: the XML cannot be read (expected '>'); export the invoice again from its source",
        f"error: {other}: unknown format: the XML root is <Order>, not a CII <CrossIndustryInvoice> nor a "
        "UBL <Invoice>",
        f"error: {text}: unknown format: neither a PDF nor an XML file (relance imports Factur-X PDFs and "
        "CII or UBL XML invoices)",
    ]
    assert out.splitlines()[4].startswith(f"{good}: F-2026-120 added")
    assert "F-2026-120" in (repo / "cases/n.yaml").read_text(encoding="utf-8")


def test_an_xml_the_official_schema_refuses_is_located(tmp_path: Path) -> None:
    xml = eb.cii_bytes().replace(
        b"<ram:TypeCode>380</ram:TypeCode>", b"<ram:TypeCode>380</ram:TypeCode><ram:Colour>blue</ram:Colour>"
    )
    path = eb.write(tmp_path, "f.xml", xml)
    code, out = run(path, "--new-case", tmp_path / "cases" / "n.yaml")
    assert code == 1
    assert out.splitlines()[0] == (
        f"error: {path}:10: not a valid CII invoice: Element 'Colour': This element is not expected. "
        "Expected is ( IssueDateTime ) (checked against the official schema; export the invoice "
        "again from its source)"
    )


def test_a_consumer_buyer_needs_the_clerks_word_and_gets_no_penalty_terms(tmp_path: Path) -> None:
    path = eb.cii(tmp_path, "f.xml", buyer=eb.CONSUMER)
    target = tmp_path / "cases" / "rey.yaml"
    code, out = run(path, "--new-case", target)
    assert code == 1 and not target.exists()
    assert (
        f"error: {path}: the buyer Mathieu Rey has no SIREN (BT-47) nor VAT number (BT-48), so the invoice "
        "does not say whether it is a business or a consumer, and the law differs: run again with "
        "--debtor-kind consumer or --debtor-kind business"
    ) in out.splitlines()
    code, out = run(path, "--new-case", target, "--debtor-kind", "consumer")
    assert code == 0, out
    text = target.read_text(encoding="utf-8")
    assert 'debtor:\n  kind: consumer\n  name: "Mathieu Rey"\n' in text and "terms" not in text
    assert "PMD" not in out  # a consumer owes no L441-10 penalty: the clause is not read


def test_invoices_stating_two_rates_leave_the_terms_to_the_clerk(tmp_path: Path) -> None:
    one = eb.cii(tmp_path, "a.xml", number="A", pmd="Pénalités : 12 %")
    two = eb.cii(tmp_path, "b.xml", number="B", pmd="Pénalités : 10 %")
    code, out = run(one, two, "--new-case", tmp_path / "cases" / "n.yaml")
    assert code == 0
    assert (
        f"  warning: {one}: the invoices state different penalty rates: 10.00 % (B), 12.00 % (A); "
        "the case holds one rate: set terms.late_penalty_rate by hand"
    ) in out.splitlines()
    assert "terms" not in (tmp_path / "cases" / "n.yaml").read_text(encoding="utf-8")


def test_an_invoice_to_another_debtor_is_refused(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = repo / "cases" / "novatech.yaml"
    case.write_text(EXISTING, encoding="utf-8")
    other = dict(eb.BUYER, name="Brûlerie Saint-Just SAS", legal_identifier="999901689")
    path = eb.cii(tmp_path, "f.xml", buyer=other)
    monkeypatch.chdir(repo)
    code, out = run(path, "--case", "cases/novatech.yaml")
    assert code == 1 and case.read_text(encoding="utf-8") == EXISTING
    assert out.splitlines()[1].endswith(
        ": F-2026-101: the buyer Brûlerie Saint-Just SAS (SIREN 999901689) is "
        "not the case's debtor Novatech SAS (SIREN 830436911): import it into "
        "that party's case"
    )


def test_a_seller_known_in_relance_yaml_is_referred_to_by_its_key(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "relance.yaml").write_text(
        'parties:\n  bernard:\n    name: Atelier Bernard SARL\n    address: ["8 rue des Lilas", "69003 Lyon"]\n'
        '    siren: "732 829 320"\n',
        encoding="utf-8",
    )
    path = eb.cii(tmp_path, "f.xml")
    monkeypatch.chdir(repo)
    code, out = run(path, "--new-case", "cases/n.yaml")
    assert code == 0, out
    assert "\ncreditor: bernard\ndebtor:\n" in (repo / "cases/n.yaml").read_text(encoding="utf-8")


def test_import_needs_exactly_one_target(tmp_path: Path) -> None:
    path = eb.cii(tmp_path, "f.xml")
    code, out = run(path)
    assert code == 2
    assert "say where the invoices go: --case CASE (an existing case file) or --new-case PATH" in out
    (tmp_path / "n.yaml").write_text("x: 1\n", encoding="utf-8")
    code, out = run(path, "--new-case", tmp_path / "n.yaml")
    assert code == 1 and f"{tmp_path / 'n.yaml'}: already exists; add the invoices to it with --case" in out


def test_the_same_invoice_twice_in_one_import(tmp_path: Path) -> None:
    pdf = eb.facturx_pdf(tmp_path, "a.pdf", number="F-1")
    same = eb.ubl(tmp_path, "b.xml", number="F-1")
    other = eb.cii(tmp_path, "c.xml", number="F-1", vat="100.00")
    code, out = run(pdf, same, other, "--new-case", tmp_path / "cases" / "n.yaml", "--check")
    assert code == 1
    assert out.splitlines()[1] == f"{same}: F-1 unchanged (same as {pdf})"
    assert out.splitlines()[3].endswith(
        f": F-1 is already in {pdf} with amount 1200.00, but this e-invoice "
        "says 1100.00: nothing was changed; if the case is wrong, correct it by hand"
    )
    assert (
        "note: " + str(tmp_path / "cases" / "n.yaml") + ': would be terms.late_penalty_rate set to "12.00" '
        "(PMD clause of invoice F-1)" in out.splitlines()
    )


def test_a_file_that_is_not_a_case_is_refused(tmp_path: Path) -> None:
    case = tmp_path / "list.yaml"
    case.write_text("- a\n- b\n", encoding="utf-8")
    code, out = run(eb.cii(tmp_path, "f.xml"), "--case", case)
    assert code == 1
    assert out == f"Error: {case}: not a case file (it should start with keys such as creditor:, debtor:)\n"
    assert case.read_text(encoding="utf-8") == "- a\n- b\n"


def test_a_siret_gives_the_siren_and_a_foreign_address_ends_with_its_country(tmp_path: Path) -> None:
    from generator import einvoice
    from generator.importparties import debtor_entry

    buyer = dict(
        eb.BUYER,
        legal_identifier="83043691100010",
        legal_identifier_schemeid="0009",
        country_code="BE",
        postcode="1000",
        city="Bruxelles",
        addr_l1="Rue Neuve 1",
    )
    invoice = einvoice.read(eb.ubl(tmp_path, buyer=buyer))
    assert debtor_entry(invoice.buyer, None).entry == {
        "kind": "business",
        "name": "Novatech SAS",
        "address": ["Rue Neuve 1", "1000 BRUXELLES", "BELGIQUE"],
        "siren": "830436911",
        "siret": "83043691100010",
    }
    invalid = dict(eb.BUYER, legal_identifier="830436912")
    result = debtor_entry(einvoice.read(eb.cii(tmp_path, buyer=invalid)).buyer, "business")
    assert isinstance(result.entry, dict) and "siren" not in result.entry
    assert result.messages == [
        ("warning", "the buyer's registration number 830436912 (BT-47) is not a valid SIREN or SIRET; it was left out")
    ]


def test_a_consumer_case_from_an_invoice_validates(tmp_path: Path) -> None:
    path = eb.cii(tmp_path, "f.xml", buyer=eb.CONSUMER, issued=dt.date(2026, 1, 15), due=dt.date(2026, 2, 14))
    target = tmp_path / "cases" / "rey.yaml"
    assert run(path, "--new-case", target, "--debtor-kind", "consumer")[0] == 0
    with target.open("a", encoding="utf-8") as handle:
        handle.write("letters:\n  - {type: relance_1, date: 2026-03-02}\n")
    findings = validate.validate([target], dt.date(2026, 3, 2))[0].findings
    assert [f.render() for f in findings if f.severity == "error"] == []
