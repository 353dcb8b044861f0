"""Rules on the sender's own duties, checked on small cases written to a temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from casebuilder import DELETE, changed, check

from generator import cases
from generator.render import Renderer

LAWYER = {
    "role": "lawyer",
    "name": "Cabinet Lefort",
    "address": ["5 place Bellecour", "69002 Lyon"],
    "bar": "Avocat au barreau de Lyon",
}


def lawyer_case(**changes: Any) -> dict[str, Any]:
    return changed({"sender": {"role": "lawyer", "firm": "lefort"}, **changes})


def test_a_lawyer_writes_to_an_unrepresented_debtor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert check(tmp_path, monkeypatch, lawyer_case(), config={"firms": {"lefort": LAWYER}}) == []


def test_a_lawyer_never_writes_to_a_represented_debtor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = lawyer_case(**{"debtor.has_lawyer": "Maître Colin"})
    assert check(tmp_path, monkeypatch, data, config={"firms": {"lefort": LAWYER}}) == [
        "cases/x.yaml:19: letters[0]: [error lawyer.represented-debtor] the debtor is represented by Maître "
        "Colin: a lawyer may not write to the debtor directly, and relance does not write letters between "
        'lawyers (fix: write to Maître Colin yourself ("Mon cher Confrère", marked "officielle" if it must be '
        "produced), or send this letter as the creditor (sender: creditor))"
    ]


def test_the_creditor_may_write_to_a_represented_debtor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert check(tmp_path, monkeypatch, changed({"debtor.has_lawyer": "Maître Colin"})) == []


# --- the sender's legal mentions (C. com. R123-237) ------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),  # the case builder's creditor carries them all
        (
            {"creditor.rcs": DELETE},
            [
                "cases/x.yaml:1: creditor: [warning sender.legal-mentions] Atelier Bernard SARL's letters lack its legal "
                'mentions: rcs (fix: add rcs ("RCS" and the registry\'s town, e.g. "RCS Lyon") to Atelier Bernard '
                "SARL's identity)"
            ],
        ),
        (
            {"creditor.legal_form": "SARL"},  # the capital is part of the mention
            [
                "cases/x.yaml:1: creditor: [warning sender.legal-mentions] Atelier Bernard SARL's letters lack its legal "
                'mentions: legal_form (fix: add legal_form (form and capital, e.g. "SARL au capital de 10 000 €") to '
                "Atelier Bernard SARL's identity)"
            ],
        ),
        (
            {"creditor.siren": DELETE, "creditor.rcs": DELETE, "creditor.legal_form": DELETE},
            [
                "cases/x.yaml:1: creditor: [warning sender.legal-mentions] Atelier Bernard SARL's letters lack its legal "
                'mentions: siren, rcs, legal_form (fix: add siren (the 9-digit SIREN); rcs ("RCS" and the registry\'s '
                'town, e.g. "RCS Lyon"); legal_form (form and capital, e.g. "SARL au capital de 10 000 €") to Atelier '
                "Bernard SARL's identity)"
            ],
        ),
        # A business that is not a company by its form may not be on the RCS: only its SIREN is asked.
        ({"creditor.name": "Atelier Bernard", "creditor.rcs": DELETE, "creditor.legal_form": DELETE}, []),
        (
            {
                "creditor.name": "Atelier Bernard",
                "creditor.siren": DELETE,
                "creditor.rcs": DELETE,
                "creditor.legal_form": DELETE,
            },
            [
                "cases/x.yaml:1: creditor: [warning sender.legal-mentions] Atelier Bernard's letters lack its legal "
                "mentions: siren (fix: add siren (the 9-digit SIREN) to Atelier Bernard's identity)"
            ],
        ),
        # The form may be given in legal_form only ("SAS" inside a word does not count).
        (
            {"creditor.name": "Atelier Basalte", "creditor.rcs": DELETE},
            [
                "cases/x.yaml:1: creditor: [warning sender.legal-mentions] Atelier Basalte's letters lack its legal "
                'mentions: rcs (fix: add rcs ("RCS" and the registry\'s town, e.g. "RCS Lyon") to Atelier Basalte\'s '
                "identity)"
            ],
        ),
        # A private creditor has no registration.
        (
            {
                "creditor.kind": "individual",
                "creditor.name": "Jean Bernard",
                "creditor.siren": DELETE,
                "creditor.rcs": DELETE,
                "creditor.legal_form": DELETE,
            },
            [],
        ),
    ],
    ids=[
        "complete",
        "no-rcs",
        "no-capital",
        "none",
        "not-a-company",
        "not-a-company-no-siren",
        "form-in-legal-form",
        "individual",
    ],
)
def test_sender_legal_mentions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changes: dict[str, Any], expected: list[str]
) -> None:
    assert check(tmp_path, monkeypatch, changed(changes)) == expected


def test_a_lawyer_is_not_asked_for_an_rcs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    firm = {**LAWYER, "name": "Lefort SELARL"}
    assert check(tmp_path, monkeypatch, lawyer_case(), config={"firms": {"lefort": firm}}) == []


# --- a lawyer's payee: the CARPA -----------------------------------------------------------

CARPA_IBAN = "FR7630006000011234567890189"


def test_a_lawyer_printing_an_iban_names_the_carpa(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    firm = {**LAWYER, "iban": CARPA_IBAN}
    assert check(tmp_path, monkeypatch, lawyer_case(), config={"firms": {"lefort": firm}}) == [
        "cases/x.yaml:19: sender: [warning lawyer.carpa] Cabinet Lefort's IBAN is printed for payments, but no "
        "CARPA account is named: a lawyer receives a client's funds on the CARPA account of the bar (fix: give the "
        'CARPA account\'s IBAN and carpa: (the payee printed on cheques, e.g. "CARPA de Lyon"), or remove the '
        "firm's iban so that the debtor pays the creditor directly)"
    ]
    firm["carpa"] = "CARPA de Lyon"
    assert check(tmp_path, monkeypatch, lawyer_case(), config={"firms": {"lefort": firm}}) == []


@pytest.mark.parametrize(
    ("iban", "expected"),
    [
        (CARPA_IBAN, "Modes de paiement : par virement au bénéficiaire CARPA de Lyon (IBAN "),
        (None, "Mode de paiement : par chèque libellé à l'ordre de « CARPA de Lyon », adressé à Cabinet Lefort, "),
    ],
)
def test_a_lawyer_s_letter_makes_payments_out_to_the_carpa(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, iban: str | None, expected: str
) -> None:
    firm = {**LAWYER, "carpa": "CARPA de Lyon", **({"iban": iban} if iban else {})}
    check(tmp_path, monkeypatch, lawyer_case(), config={"firms": {"lefort": firm}})
    loaded = cases.load_case(tmp_path / "cases" / "x.yaml", cases.load_repository(tmp_path)).case
    assert loaded is not None
    text = Renderer(loaded.repo).render_letter(loaded, 0, assets_href=None).text.text
    assert expected in text
