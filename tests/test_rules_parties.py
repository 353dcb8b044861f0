"""Rules on the parties (generator/rules/parties.py): identity numbers, and who writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from casebuilder import BASE, changed, check

FIRM = {
    "name": "Recouvre Rhône",
    "address": ["3 quai Saint-Antoine", "69002 Lyon"],
    "siren": "552081317",
    "role": "recovery_firm",
    "insurance": "Hiscox, police 123",
    "declaration": "TJ Lyon, 2023-01-12",
}
MANDATE = {"reference": "M-2024-7", "date": dt.date(2024, 2, 1)}


# --- Identity numbers ----------------------------------------------------------------------------

IDENTITY_FIX = {
    "siren": "copy it from the Kbis extract or annuaire-entreprises (9 digits)",
    "siret": "copy it from the Kbis extract (14 digits: the SIREN then 5 digits)",
}

IDENTITIES = [
    ("siren-ok", {"debtor.siren": "552 081 317"}, []),
    (
        "siren-key",
        {"creditor.siren": "732829321"},
        [
            f"cases/x.yaml:4: creditor.siren: [error identity.siren] SIREN 732829321 is not valid: its check digit is "
            f"wrong (fix: {IDENTITY_FIX['siren']})"
        ],
    ),
    (
        "siren-length",
        {"debtor.siren": "55208131"},
        [
            f"cases/x.yaml:12: debtor.siren: [error identity.siren] SIREN 55208131 is not valid: it does not have "
            f"9 digits (fix: {IDENTITY_FIX['siren']})"
        ],
    ),
    ("siret-ok", {"creditor.siret": "73282932000074"}, []),
    (
        "siret-key",
        {"creditor.siret": "73282932000075"},
        [
            f"cases/x.yaml:8: creditor.siret: [error identity.siret] SIRET 73282932000075 is not valid: its check "
            f"digit is wrong (fix: {IDENTITY_FIX['siret']})"
        ],
    ),
    (
        "siret-other-company",
        {"creditor.siret": "35600000000048"},
        [
            "cases/x.yaml:8: creditor.siret: [error identity.siret] SIRET 35600000000048 does not start with the "
            "SIREN 732829320 (fix: one of the two belongs to another company: check both)"
        ],
    ),
    ("iban-ok", {"debtor.iban": "FR76 3000 6000 0112 3456 7890 189"}, []),
    (
        "iban-key",
        {"creditor.iban": "FR7630006000011234567890188"},
        [
            "cases/x.yaml:5: creditor.iban: [error identity.iban] IBAN FR7630006000011234567890188 is not valid: its "
            "check digits are wrong (fix: copy it from the bank's RIB; a wrong IBAN sends the debtor's payment "
            "nowhere)"
        ],
    ),
    (
        "iban-form",
        {"creditor.iban": "FR76"},
        [
            "cases/x.yaml:5: creditor.iban: [error identity.iban] IBAN FR76 is not valid: it does not have the length "
            "or the form of an IBAN (fix: copy it from the bank's RIB; a wrong IBAN sends the debtor's payment "
            "nowhere)"
        ],
    ),
    ("vat-ok", {"creditor.vat": "FR44732829320", "debtor.vat": "DE136695976"}, []),
    (
        "vat-key",
        {"creditor.vat": "FR00732829320"},
        [
            "cases/x.yaml:8: creditor.vat: [error identity.vat] VAT number FR00732829320 is not valid: its key is wrong "
            "(fix: copy it from the invoice; a French number is FR, 2 key digits, then the SIREN)"
        ],
    ),
    (
        "vat-other-company",
        {"creditor.vat": "FR03552081317"},
        [
            "cases/x.yaml:8: creditor.vat: [error identity.vat] VAT number FR03552081317 does not contain the SIREN "
            "732829320 (fix: one of the two belongs to another company: check both)"
        ],
    ),
]


@pytest.mark.parametrize(("changes", "expected"), [c[1:] for c in IDENTITIES], ids=[c[0] for c in IDENTITIES])
def test_identity_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changes: dict[str, Any], expected: list[str]
) -> None:
    assert check(tmp_path, monkeypatch, changed(changes)) == expected


def test_identity_from_config_is_reported_at_the_key_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = {"parties": {"bernard": {**BASE["creditor"], "siren": "732829321"}}}
    assert check(tmp_path, monkeypatch, changed({"creditor": "bernard"}), config=config) == [
        "cases/x.yaml:1: creditor: [error identity.siren] SIREN 732829321 is not valid: its check digit is wrong "
        f"(party 'bernard' in relance.yaml) (fix: {IDENTITY_FIX['siren']})"
    ]


# --- Recovery firms and lawyers ------------------------------------------------------------------


def firm_case(
    firm: dict[str, Any] | str | None = None, mandate: dict[str, Any] | None = MANDATE, role: str = "recovery_firm"
) -> dict[str, Any]:
    sender: dict[str, Any] = {"role": role}
    if firm is not None:
        sender["firm"] = firm
    if mandate is not None:
        sender["mandate"] = mandate
    data = changed({"sender": sender})
    data["events"][0]["reference"] = "RR-1"
    return data


def test_recovery_firm_with_everything_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert check(tmp_path, monkeypatch, firm_case(FIRM)) == []


def test_recovery_firm_from_config_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert check(tmp_path, monkeypatch, firm_case(), config={"firms": {"rr": FIRM}}) == []


def test_recovery_firm_without_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert check(tmp_path, monkeypatch, firm_case()) == [
        "cases/x.yaml:19: sender: [error sender.identity] the letters are sent by a recovery_firm but no firm "
        "identity is known (fix: name the firm: sender: {role: recovery_firm, firm: KEY} with KEY under firms: "
        "in relance.yaml)"
    ]


def test_recovery_firm_missing_siren_mandate_and_declaration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    firm = {k: v for k, v in FIRM.items() if k not in ("siren", "insurance", "declaration")}
    assert check(tmp_path, monkeypatch, firm_case("rr", mandate=None), config={"firms": {"rr": firm}}) == [
        "cases/x.yaml:19: sender: [error firm.declaration] recovery firm 'Recouvre Rhône' has no insurance "
        "and no declaration (firm 'rr' in relance.yaml) (fix: add insurance: (professional liability insurer) "
        "and declaration: (prosecutor, date) to the firm)",
        "cases/x.yaml:19: sender: [error sender.identity] recovery firm 'Recouvre Rhône' has no SIREN "
        "(firm 'rr' in relance.yaml) (fix: add siren: (9 digits) to the firm)",
        "cases/x.yaml:19: sender: [error sender.mandate] a recovery firm may act only under a written mandate, "
        "and none is recorded (fix: add mandate: {reference: ..., date: YYYY-MM-DD} under sender:)",
    ]


def test_lawyer_needs_a_bar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lawyer = {**{k: v for k, v in FIRM.items() if k not in ("insurance", "declaration")}, "role": "lawyer"}
    assert check(tmp_path, monkeypatch, firm_case(lawyer, mandate=None, role="lawyer")) == [
        "cases/x.yaml:21: sender.firm: [error sender.identity] lawyer 'Recouvre Rhône' has no bar "
        "(fix: add bar: (e.g. Barreau de Lyon) to the firm)"
    ]
    assert (
        check(tmp_path, monkeypatch, firm_case({**lawyer, "bar": "Barreau de Lyon"}, mandate=None, role="lawyer")) == []
    )


def test_firm_of_the_wrong_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lawyer = {**FIRM, "role": "lawyer", "bar": "Barreau de Lyon"}
    assert check(tmp_path, monkeypatch, firm_case("cab"), config={"firms": {"cab": lawyer}}) == [
        "cases/x.yaml:19: sender: [error sender.identity] firm 'Recouvre Rhône' is a lawyer, not a "
        "recovery_firm (firm 'cab' in relance.yaml) (fix: name a firm of the right kind, or change sender role)"
    ]


def test_firm_first_letter_needs_its_reference(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = firm_case(FIRM)
    del data["events"][0]["reference"]
    assert check(tmp_path, monkeypatch, data) == [
        "cases/x.yaml:16: events[0]: [warning firm.first-letter-reference] the firm's first letter (relance_1, "
        "2024-02-20) has no reference recorded (fix: add reference: as printed on that letter; each follow-up "
        "must recall it and its date)"
    ]
    # A letter the creditor sent before the mandate is not the firm's first letter.
    data["sender"]["mandate"] = {**MANDATE, "date": dt.date(2024, 2, 21)}
    assert check(tmp_path, monkeypatch, data) == []
