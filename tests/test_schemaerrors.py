"""Schema errors on a case file: located at the key's line, in plain words, with a fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cases import VALID, load, rendered


def test_schema_errors_are_located_with_a_fix(tmp_path: Path) -> None:
    text = VALID.replace('    amount: "18000.00"\n', "    amount: 18000.50\n    colour: blue\n")
    text += "letters:\n  - type: mise_en_demeure\n    date: 2024-04-02\n    deadline_days: 20\n"
    assert rendered(load(tmp_path, text), tmp_path) == [
        "cases/x.yaml:12: invoices[0].amount: [error schema.float-amount] amount 18000.5 is a YAML float, "
        "which can lose cents (fix: write it in quotes: \"18000.50\")",
        "cases/x.yaml:13: invoices[0].colour: [error schema.unknown-key] unknown key 'colour' "
        "(fix: remove it; allowed here: number, issued, due, amount, amount_excl_tax, label, contract, completed, delivered, pdf)",
        "cases/x.yaml:17: letters[0].deadline_days: [error med.deadline-range] deadline of 20 days is outside "
        "the 8 to 15 days a mise en demeure gives (fix: set deadline_days between 8 and 15)",
    ]


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        ("issued: 2024-01-16", "issued: 16/01/2024",
         "cases/x.yaml:10: invoices[0].issued: [error schema.date] '16/01/2024' is not a valid date "
         "(fix: write it as YYYY-MM-DD, e.g. 2026-11-23)"),
        ('amount: "18000.00"', 'amount: "18 000,00"',
         "cases/x.yaml:12: invoices[0].amount: [error schema.value] '18 000,00' is not an amount (fix: write "
         "euros with a dot and at most two decimals, e.g. \"15000.50\" (no spaces, no comma, no € sign))"),
        ("kind: business", "kind: company",
         "cases/x.yaml:5: debtor.kind: [error schema.choice] 'company' is not allowed "
         "(fix: use one of 'business' or 'consumer')"),
        ("  kind: business\n", "",
         "cases/x.yaml:4: debtor.kind: [error schema.missing] required key is missing "
         "(fix: add 'kind:' here (see `relance schema`))"),
        ("  adress: x\n", "",  # no-op replacement: the typo is added below
         None),
    ],
)
def test_schema_messages(tmp_path: Path, replace: str, by: str, expected: str | None) -> None:
    if expected is None:
        text = VALID.replace("  address: [\"14", "  adress: [\"14")
        expected = ("cases/x.yaml:7: debtor.adress: [error schema.unknown-key] unknown key 'adress' "
                    "(fix: did you mean 'address'?)")
    else:
        text = VALID.replace(replace, by)
    found = rendered(load(tmp_path, text), tmp_path)
    assert expected in found


def test_events_report_their_own_field(tmp_path: Path) -> None:
    text = VALID + ("events:\n"
                    "  - {date: 2024-02-20, type: letter, letter: relance_9, channel: email}\n"
                    "  - {date: 2024-02-21, type: bogus}\n"
                    "  - {date: 2024-02-22}\n")
    assert rendered(load(tmp_path, text), tmp_path) == [
        "cases/x.yaml:14: events[0].letter: [error schema.choice] 'relance_9' is not allowed (fix: use one of "
        "'rappel', 'relance_1', 'relance_2', 'derniere_relance', 'mise_en_demeure', 'confirmation_promesse', "
        "'echeancier', 'requete_injonction', 'petites_creances', 'declaration_creance' or 'reconnaissance_dette')",
        "cases/x.yaml:15: events[1].type: [error schema.choice] 'bogus' is not an event type (fix: use one of "
        "letter, call, promise, dispute_opened, dispute_closed, payment_plan, acknowledgement, court_claim)",
        "cases/x.yaml:16: events[2]: [error schema.missing] this event has no 'type' (fix: add 'type:', one of "
        "letter, call, promise, dispute_opened, dispute_closed, payment_plan, acknowledgement, court_claim)",
    ]
