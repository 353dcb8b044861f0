"""Court documents (generator/court.py, generator/rules/court.py): each condition blocks, a full case passes.

The worked example: invoice 2024-053, 18 000,00 € due 15 February 2024, penalties at the ECB rate
of the first half of 2024 (4,50 %) + 10 points = 14,50 % a year, from 16 February to 2 April 2024
(47 days): 18 000 × 14,50 % × 47 / 365 = 336,08 €; plus the 40 € indemnity: 18 376,08 €.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from casebuilder import DELETE, apply_changes, dump
from pypdf import PdfWriter

from generator import cases, court, statement, validate
from generator.render import Renderer

DATE = dt.date(2024, 4, 2)
NOTICE = dt.date(2024, 3, 5)

CASE: dict[str, Any] = {
    "creditor": {
        "name": "Atelier Bernard SARL",
        "address": ["8 rue des Lilas", "69003 Lyon"],
        "siren": "732829320",
        "iban": "FR7630006000011234567890189",
        "legal_form": "SARL au capital de 10 000 €",
        "signatory": {"name": "Claire Bernard", "title": "Gérante"},
    },
    "debtor": {
        "kind": "business",
        "name": "Novatech SAS",
        "address": ["14 avenue Jean Jaurès", "69007 LYON"],
        "siren": "810457507",
        "legal_form": "SAS au capital de 50 000 €",
        "representative": {"name": "Paul Morel", "title": "Président"},
    },
    "invoices": [
        {
            "number": "2024-053",
            "issued": dt.date(2024, 1, 16),
            "due": dt.date(2024, 2, 15),
            "amount": "18000.00",
            "pdf": "pieces/2024-053.pdf",
        }
    ],
    "events": [
        {"date": dt.date(2024, 2, 20), "type": "letter", "letter": "relance_1", "channel": "email"},
        {
            "date": NOTICE,
            "type": "letter",
            "letter": "mise_en_demeure",
            "channel": "lrar",
            "received": dt.date(2024, 3, 7),
            "proof": "pieces/ar.pdf",
        },
    ],
    "letters": [{"type": "requete_injonction", "date": DATE, "court": "Tribunal de commerce de Lyon"}],
}


def blank_pdf(path: Path, pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        writer.write(stream)
    return path.read_bytes()


def repo(tmp_path: Path, changes: dict[str, Any] | None = None, config: str = "{}\n", archived: bool = True) -> Path:
    """The case above (with dotted ``changes``) in a repository with its pieces and archived notice."""
    data = apply_changes(copy.deepcopy(CASE), changes or {})
    (tmp_path / "cases").mkdir()
    (tmp_path / "relance.yaml").write_text(config, encoding="utf-8")
    (tmp_path / "cases" / "x.yaml").write_text(dump(data), encoding="utf-8")
    blank_pdf(tmp_path / "pieces" / "2024-053.pdf")
    blank_pdf(tmp_path / "pieces" / "ar.pdf")
    if archived:
        notice = blank_pdf(tmp_path / "archive" / "x" / "2024-03-05-mise_en_demeure.pdf", pages=2)
        index = {
            "letters": [
                {
                    "file": "2024-03-05-mise_en_demeure.pdf",
                    "sha256": hashlib.sha256(notice).hexdigest(),
                    "size": len(notice),
                }
            ]
        }
        (tmp_path / "archive" / "x" / "index.json").write_text(json.dumps(index), encoding="utf-8")
    return tmp_path / "cases" / "x.yaml"


def findings(path: Path, as_of: dt.date = DATE) -> list[str]:
    """Data rules, then (for a document not blocked) the rules on its rendered text."""
    report = validate.check_one(path, cases.load_repository(path.parent.parent), as_of)
    validate.check_rendered_text(report, as_of)
    return [f.render() for f in report.findings]


def loaded_case(path: Path) -> cases.LoadedCase:
    result = cases.load_case(path, cases.load_repository(path.parent.parent))
    assert result.case is not None
    return result.case


def test_a_complete_request_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert findings(repo(tmp_path)) == []


def test_the_breakdown_is_the_statement_at_the_requests_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    loaded = loaded_case(repo(tmp_path))
    st = statement.compute(loaded, DATE)
    assert (st.balance, st.interest, st.indemnity, st.total) == (
        Decimal("18000.00"),
        Decimal("336.08"),
        Decimal("40.00"),
        Decimal("18376.08"),
    )
    text = Renderer(loaded.repo).render_letter(loaded, 0, assets_href=None).text.text
    for line in (
        "Principal restant dû 18 000,00 €",
        "au 2 avril 2024 336,08 €",
        "Total dû 18 376,08 €",
        "la somme de 18 376,08 € (dix-huit mille trois cent soixante-seize euros et huit centimes)",
    ):
        assert line in text.replace("\u202f", " ").replace("\xa0", " "), line
    assert "40,00 €" in text


def test_the_request_states_the_court_both_identities_and_every_piece(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    loaded = loaded_case(repo(tmp_path))
    text = Renderer(loaded.repo).render_letter(loaded, 0, assets_href=None).text.text
    for phrase in (
        "À Madame ou Monsieur le Président du Tribunal de commerce de Lyon",
        "Atelier Bernard SARL, SARL au capital de 10 000 €, dont le siège est 8 rue des Lilas, 69003 Lyon, "
        "immatriculée sous le numéro SIREN 732829320, représentée par Claire Bernard, Gérante",
        "Novatech SAS, SAS au capital de 50 000 €, dont le siège est 14 avenue Jean Jaurès, 69007 LYON, "
        "immatriculée sous le numéro SIREN 810457507, prise en la personne de Paul Morel, Président",
        "articles 1405 à 1425 du Code de procédure civile",
        "Pièce n° 1 Facture n° 2024-053 du 16 janvier 2024",
        "Pièce n° 2 Mise en demeure du 5 mars 2024",
        "Pièce n° 3 Avis de réception du 7 mars 2024",
        "mise en demeure de payer au plus tard le 13 mars 2024",
        "Fait à Lyon, le 2 avril 2024",
    ):
        assert phrase in text, phrase


def test_the_pieces_are_the_invoices_then_the_notice_then_its_receipt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    loaded = loaded_case(repo(tmp_path))
    found = court.pieces(loaded, loaded.case.letters[0])
    assert [(p.number, p.title, p.path.relative_to(tmp_path).as_posix() if p.path else None) for p in found] == [
        (1, "Facture n° 2024-053 du 16 janvier 2024", "pieces/2024-053.pdf"),
        (2, "Mise en demeure du 5 mars 2024", "archive/x/2024-03-05-mise_en_demeure.pdf"),
        (3, "Avis de réception du 7 mars 2024", "pieces/ar.pdf"),
    ]


BLOCKED = [
    (
        "no notice",
        {"events.1": DELETE},
        True,
        "cases/x.yaml:20: letters[0].type: [error court.notice-sent] no mise en demeure is recorded as sent on or "
        "before 2024-04-02 (fix: send the mise en demeure first and record it (relance record))",
    ),
    (
        "deadline not passed",
        {"letters.0.date": dt.date(2024, 3, 13)},
        True,
        "cases/x.yaml:21: letters[0].date: [error court.notice-deadline] the mise en demeure of 2024-03-05 leaves the "
        "debtor until 2024-03-13 to pay (fix: date the request 2024-03-14 or later)",
    ),
    # A disputed invoice is left out of the claim by default; a request that chooses it is refused.
    (
        "open dispute",
        {"events.2": {"date": dt.date(2024, 3, 20), "type": "dispute_opened", "reason": "travaux"}},
        True,
        "cases/x.yaml:22: letters[0]: [error letter.nothing-claimed] the letter claims no invoice on 2024-04-02: "
        "invoice 2024-053 is disputed (fix: answer the dispute and record a dispute_closed event)",
    ),
    (
        "open dispute, invoice chosen",
        {
            "events.2": {"date": dt.date(2024, 3, 20), "type": "dispute_opened", "reason": "travaux"},
            "letters.0.invoices": ["2024-053"],
        },
        True,
        "cases/x.yaml:22: letters[0].type: [error court.dispute-open] the dispute opened on 2024-03-20 (line 20) "
        "about invoice 2024-053 is still open (fix: answer the dispute and record a dispute_closed event first)",
    ),
    (
        "collective proceedings",
        {"debtor.insolvency": "collective_proceedings"},
        True,
        "cases/x.yaml:22: letters[0].type: [error debtor.insolvency] the debtor is in collective proceedings: no "
        "requete_injonction may be sent (fix: file the claim with the mandataire judiciaire instead (déclaration de "
        "créance))",
    ),
    (
        "no court",
        {"letters.0.court": DELETE},
        True,
        "cases/x.yaml:21: letters[0]: [error court.name] no court is named: the claim goes to the tribunal de "
        "commerce of the debtor's seat (69007 LYON) (fix: write its exact name in letters[0].court, or list it under "
        "courts: in relance.yaml (kind: tribunal_de_commerce, with the debtor's postcode))",
    ),
    (
        "no debtor SIREN",
        {"debtor.siren": DELETE},
        True,
        "cases/x.yaml:8: debtor.siren: [error court.identity] the debtor's SIREN is not given: the requete_injonction "
        "must name it (fix: add debtor.siren)",
    ),
    (
        "no representative",
        {"debtor.representative": DELETE},
        True,
        "cases/x.yaml:8: debtor.representative: [error court.identity] the debtor's legal representative is not given: the "
        "requete_injonction must name it (fix: add debtor.representative (name and title))",
    ),
    (
        "invoice PDF missing",
        {"invoices.0.pdf": DELETE},
        True,
        "cases/x.yaml:21: letters[0]: [error court.pieces] piece 1 (Facture n° 2024-053 du 16 janvier 2024) is "
        "missing: no file is named (invoices[0].pdf) (fix: give the file in invoices[0].pdf, relative to the "
        "repository root)",
    ),
    (
        "recovery firm",
        {
            "sender": {
                "role": "recovery_firm",
                "firm": {
                    "role": "recovery_firm",
                    "name": "Recouvra SAS",
                    "address": ["1 rue A", "69001 Lyon"],
                    "insurance": "X",
                    "declaration": "TJ Lyon",
                },
                "mandate": {"reference": "M1", "date": dt.date(2024, 3, 1)},
            }
        },
        True,
        "cases/x.yaml:21: letters[0].type: [error court.sender] a recovery firm cannot file a requete_injonction: its "
        "mandate is amicable collection only (fix: have the creditor or a lawyer file it (sender: creditor or "
        "lawyer))",
    ),
]


@pytest.mark.parametrize(("what", "changes", "blocks", "message"), BLOCKED, ids=[b[0] for b in BLOCKED])
def test_each_condition_blocks_the_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str, changes: dict[str, Any], blocks: bool, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    found = findings(repo(tmp_path, changes))
    assert message in found, found
    report = validate.check_one(tmp_path / "cases" / "x.yaml", cases.load_repository(tmp_path), DATE)
    assert report.blocked(0) is blocks


def test_the_archived_notice_missing_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert findings(repo(tmp_path, archived=False)) == [
        "cases/x.yaml:21: letters[0]: [error court.pieces] piece 2 (Mise en demeure du 5 mars 2024) is missing: no "
        "file is named (events[1] (relance record)) (fix: give the file in events[1] (relance record), relative to "
        "the repository root)"
    ]


def test_a_time_barred_invoice_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    late = dt.date(2029, 3, 1)  # five years from 15 February 2024 (C. com. L110-4)
    found = findings(repo(tmp_path, {"letters.0.date": late}), as_of=late)
    assert (
        "cases/x.yaml:16: invoices[0].due: [error court.prescribed] invoice 2024-053 is time-barred since "
        "2029-02-16: the requete_injonction cannot claim it (fix: remove the invoice from the case, or record the "
        "acknowledgement or court claim that interrupted the period)"
    ) in found, found


def test_the_court_comes_from_relance_yaml_by_kind_and_postcode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = (
        "courts:\n"
        "  - {kind: tribunal_judiciaire, name: Tribunal judiciaire de Lyon, postcodes: ['69']}\n"
        "  - {kind: tribunal_de_commerce, name: Tribunal de commerce de Lyon, postcodes: ['69']}\n"
        "  - {kind: tribunal_de_commerce, name: Tribunal de commerce de Villefranche, postcodes: ['694']}\n"
    )
    path = repo(tmp_path, {"letters.0.court": DELETE}, config=config)
    assert findings(path) == []
    loaded = loaded_case(path)
    assert court.court_name(loaded, loaded.case.letters[0]) == ("Tribunal de commerce de Lyon", "config")


def test_a_consumer_claim_goes_to_the_tribunal_judiciaire(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = repo(
        tmp_path,
        {
            "debtor.kind": "consumer",
            "debtor.siren": DELETE,
            "debtor.legal_form": DELETE,
            "debtor.representative": DELETE,
            "debtor.civility": "Monsieur",
            "debtor.name": "Paul Morel",
        },
    )
    found = findings(path)
    assert found == [
        'cases/x.yaml:19: letters[0].court: [warning court.kind] "Tribunal de commerce de Lyon" does not read as a '
        "tribunal judiciaire, the court for this claim (fix: check the court: a tribunal judiciaire hears it)"
    ]
    path.write_text(
        path.read_text(encoding="utf-8").replace("Tribunal de commerce", "Tribunal judiciaire"), encoding="utf-8"
    )
    assert findings(path) == []
    loaded = loaded_case(path)
    text = Renderer(loaded.repo).render_letter(loaded, 0, assets_href=None).text.text
    assert "À Madame ou Monsieur le Juge du Tribunal judiciaire de Lyon" in text
    assert "Contre : Monsieur Paul Morel, demeurant 14 avenue Jean Jaurès, 69007 LYON." in text


@pytest.mark.parametrize("dropped", ["Tribunal de commerce de Lyon", "810457507", "Pièce n° 3", "336,08"])
def test_a_template_that_drops_a_mention_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dropped: str
) -> None:
    monkeypatch.chdir(tmp_path)
    path = repo(tmp_path)
    loaded = loaded_case(path)
    html = Renderer(loaded.repo).render_letter(loaded, 0, assets_href=None).html
    own = tmp_path / "letter_templates" / "letters"
    own.mkdir(parents=True)
    # The repository's own template: the built-in one with a mention removed from every place it shows.
    source = Path(validate.__file__).parent.parent / "letter_templates" / "letters" / "requete_injonction.html"
    text = source.read_text(encoding="utf-8")
    replacements = {
        "Tribunal de commerce de Lyon": ("{{ court.name }}", "un tribunal"),
        "810457507": ("{{ debtor.siren }}", "—"),
        "Pièce n° 3": ('{% include "partials/court_pieces.html" %}', ""),
        "336,08": ('{% include "partials/amounts.html" %}', ""),
    }
    old, new = replacements[dropped]
    assert dropped in html.replace("\u00a0", " ").replace("\u202f", " ")  # the letter's no-break spaces
    (own / "requete_injonction.html").write_text(text.replace(old, new), encoding="utf-8")
    if dropped == "810457507":  # the SIREN is in the shared parties partial
        (tmp_path / "letter_templates" / "partials").mkdir()
        part = source.parent.parent / "partials" / "court_parties.html"
        (tmp_path / "letter_templates" / "partials" / "court_parties.html").write_text(
            part.read_text(encoding="utf-8").replace("{{ debtor.siren }}", "—"), encoding="utf-8"
        )
    found = findings(path)
    assert any("[error text.court-contents]" in f for f in found), found


# --- small claims ------------------------------------------------------------------------------

SMALL = {"invoices.0.amount": "4000.00", "letters.0": {"type": "petites_creances", "date": DATE}}


def test_a_small_claim_passes_and_states_its_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = repo(tmp_path, SMALL)
    assert findings(path) == []
    loaded = loaded_case(path)
    st = statement.compute(loaded, DATE)
    # 4 000 × 14,50 % × 47 / 365 = 74,68; + 40,00
    assert (st.interest, st.total) == (Decimal("74.68"), Decimal("4114.68"))
    text = Renderer(loaded.repo).render_letter(loaded, 0, assets_href=None).text.text
    for phrase in (
        "articles L125-1 et R125-1 et suivants du Code des procédures civiles d'exécution",
        "Relance du 20 février 2024",
        "Mise en demeure du 5 mars 2024, par lettre recommandée avec accusé de réception, reçue le 7 mars 2024",
        "Pièce n° 2 Mise en demeure du 5 mars 2024",
        "Les frais de la procédure sont à la charge du créancier.",
    ):
        assert phrase in text, phrase
    assert "4\u202f114,68\xa0€" in text or "4 114,68 €" in text.replace("\u202f", " ").replace("\xa0", " ")


def test_a_small_claim_above_5000_euros_with_interest_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    # 4 950 € of principal: 5 082,42 € with 92,42 € of penalties and the 40 € indemnity.
    found = findings(repo(tmp_path, {**SMALL, "invoices.0.amount": "4950.00"}))
    assert [f for f in found if "small-claims" in f] == [
        "cases/x.yaml:21: letters[0].type: [error court.small-claims-ceiling] the claim is 5\u202f082,42\xa0€ on "
        "2024-04-02, above the 5\u202f000,00\xa0€ of the small-claims procedure (fix: request a requete_injonction "
        "instead)"
    ]


# Each condition of the small-claims instruction, one by one: its own case, its own message.
SMALL_BLOCKED = [
    (
        "above 5 000 euros with interest",
        {"invoices.0.amount": "4950.00"},
        "cases/x.yaml:21: letters[0].type: [error court.small-claims-ceiling] the claim is 5\u202f082,42\xa0€ on "
        "2024-04-02, above the 5\u202f000,00\xa0€ of the small-claims procedure (fix: request a requete_injonction "
        "instead)",
    ),
    (
        "one cent above",
        {"invoices.0.amount": "4869.10"},
        "cases/x.yaml:21: letters[0].type: [error court.small-claims-ceiling] the claim is 5\u202f000,01\xa0€ on "
        "2024-04-02, above the 5\u202f000,00\xa0€ of the small-claims procedure (fix: request a requete_injonction "
        "instead)",
    ),
    (
        "open dispute",
        {"events.2": {"date": dt.date(2024, 3, 20), "type": "dispute_opened", "reason": "travaux"}},
        "cases/x.yaml:22: letters[0]: [error letter.nothing-claimed] the letter claims no invoice on 2024-04-02: "
        "invoice 2024-053 is disputed (fix: answer the dispute and record a dispute_closed event)",
    ),
    (
        "collective proceedings",
        {"debtor.insolvency": "collective_proceedings"},
        "cases/x.yaml:22: letters[0].type: [error debtor.insolvency] the debtor is in collective proceedings: no "
        "petites_creances may be sent (fix: file the claim with the mandataire judiciaire instead (déclaration de "
        "créance))",
    ),
    (
        "no debtor SIREN",
        {"debtor.siren": DELETE},
        "cases/x.yaml:8: debtor.siren: [error court.identity] the debtor's SIREN is not given: the petites_creances "
        "must name it (fix: add debtor.siren)",
    ),
    (
        "no creditor legal form",
        {"creditor.legal_form": DELETE},
        "cases/x.yaml:1: creditor.legal_form: [error court.identity] the creditor's legal form is not given: the "
        "petites_creances must name it (fix: add creditor.legal_form)",
    ),
    (
        "no debtor representative",
        {"debtor.representative": DELETE},
        "cases/x.yaml:8: debtor.representative: [error court.identity] the debtor's legal representative is not given: "
        "the petites_creances must name it (fix: add debtor.representative (name and title))",
    ),
    (
        "invoice PDF missing",
        {"invoices.0.pdf": DELETE},
        "cases/x.yaml:21: letters[0]: [error court.pieces] piece 1 (Facture n° 2024-053 du 16 janvier 2024) is "
        "missing: no file is named (invoices[0].pdf) (fix: give the file in invoices[0].pdf, relative to the "
        "repository root)",
    ),
    (
        "receipt missing",
        {"events.1.proof": DELETE},
        "cases/x.yaml:21: letters[0]: [error court.pieces] piece 3 (Avis de réception du 7 mars 2024) is missing: no "
        "file is named (events[1].proof) (fix: give the file in events[1].proof, relative to the repository root)",
    ),
    (
        "recovery firm",
        {
            "sender": {
                "role": "recovery_firm",
                "firm": {
                    "role": "recovery_firm",
                    "name": "Recouvra SAS",
                    "address": ["1 rue A", "69001 Lyon"],
                    "insurance": "X",
                    "declaration": "TJ Lyon",
                },
                "mandate": {"reference": "M1", "date": dt.date(2024, 3, 1)},
            }
        },
        "cases/x.yaml:21: letters[0].type: [error court.sender] a recovery firm cannot file a petites_creances: its "
        "mandate is amicable collection only (fix: have the creditor or a lawyer file it (sender: creditor or "
        "lawyer))",
    ),
]


@pytest.mark.parametrize(("what", "changes", "message"), SMALL_BLOCKED, ids=[b[0] for b in SMALL_BLOCKED])
def test_each_small_claims_condition_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str, changes: dict[str, Any], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    found = findings(repo(tmp_path, {**SMALL, **changes}))
    assert message in found, found
    assert [f for f in found if "[error" in f and "sender.identity" not in f] == [message]
    report = validate.check_one(tmp_path / "cases" / "x.yaml", cases.load_repository(tmp_path), DATE)
    assert report.blocked(0)


def test_a_small_claim_of_exactly_5000_euros_with_interest_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    # 4 869,09 × 14,50 % × 47 / 365 = 90,91; + 40,00 indemnity: 5 000,00 € exactly, the ceiling itself.
    path = repo(tmp_path, {**SMALL, "invoices.0.amount": "4869.09"})
    assert statement.compute(loaded_case(path), DATE).total == Decimal("5000.00")
    assert findings(path) == []


def test_a_small_claim_time_barred_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    late = dt.date(2029, 3, 1)
    found = findings(repo(tmp_path, {**SMALL, "letters.0.date": late}), as_of=late)
    assert (
        "cases/x.yaml:16: invoices[0].due: [error court.prescribed] invoice 2024-053 is time-barred since "
        "2029-02-16: the petites_creances cannot claim it (fix: remove the invoice from the case, or record the "
        "acknowledgement or court claim that interrupted the period)"
    ) in found, found
