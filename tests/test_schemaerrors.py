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
        'which can lose cents (fix: write it in quotes: "18000.50")',
        "cases/x.yaml:13: invoices[0].colour: [error schema.unknown-key] unknown key 'colour' "
        "(fix: remove it; allowed here: number, issued, due, amount, amount_excl_tax, label, contract, completed, delivered, pdf)",
        "cases/x.yaml:17: letters[0].deadline_days: [error med.deadline-range] deadline of 20 days is outside "
        "the 8 to 15 days a mise en demeure gives (fix: set deadline_days between 8 and 15)",
    ]


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        (
            "issued: 2024-01-16",
            "issued: 16/01/2024",
            "cases/x.yaml:10: invoices[0].issued: [error schema.date] '16/01/2024' is not a valid date "
            "(fix: write it as YYYY-MM-DD, e.g. 2026-11-23)",
        ),
        (
            'amount: "18000.00"',
            'amount: "18 000,00"',
            "cases/x.yaml:12: invoices[0].amount: [error schema.value] '18 000,00' is not an amount (fix: write "
            'euros with a dot and at most two decimals, e.g. "15000.50" (no spaces, no comma, no € sign))',
        ),
        (
            "kind: business",
            "kind: company",
            "cases/x.yaml:5: debtor.kind: [error schema.choice] 'company' is not allowed "
            "(fix: use one of business, consumer)",
        ),
        (
            "  kind: business\n",
            "",
            "cases/x.yaml:4: debtor.kind: [error schema.missing] required key is missing "
            "(fix: add 'kind:' here (see `relance schema`))",
        ),
        (
            "  adress: x\n",
            "",  # no-op replacement: the typo is added below
            None,
        ),
    ],
)
def test_schema_messages(tmp_path: Path, replace: str, by: str, expected: str | None) -> None:
    if expected is None:
        text = VALID.replace('  address: ["14', '  adress: ["14')
        expected = (
            "cases/x.yaml:7: debtor.adress: [error schema.unknown-key] unknown key 'adress' "
            "(fix: did you mean 'address'?)"
        )
    else:
        text = VALID.replace(replace, by)
    found = rendered(load(tmp_path, text), tmp_path)
    assert expected in found


def test_events_report_their_own_field(tmp_path: Path) -> None:
    text = VALID + (
        "events:\n"
        "  - {date: 2024-02-20, type: letter, letter: relance_9, channel: email}\n"
        "  - {date: 2024-02-21, type: bogus}\n"
        "  - {date: 2024-02-22}\n"
    )
    assert rendered(load(tmp_path, text), tmp_path) == [
        "cases/x.yaml:14: events[0].letter: [error schema.choice] 'relance_9' is not allowed (fix: use one of "
        "rappel, relance_1, relance_2, derniere_relance, mise_en_demeure, confirmation_promesse, "
        "echeancier, requete_injonction, petites_creances, declaration_creance, reconnaissance_dette)",
        "cases/x.yaml:15: events[1].type: [error schema.choice] 'bogus' is not an event type (fix: use one of "
        "letter, call, promise, dispute_opened, dispute_closed, payment_plan, acknowledgement, court_claim)",
        "cases/x.yaml:16: events[2]: [error schema.missing] this event has no 'type' (fix: add 'type:', one of "
        "letter, call, promise, dispute_opened, dispute_closed, payment_plan, acknowledgement, court_claim)",
    ]


# Each schema error in the clerk's words, in English and in French: pydantic's own sentences
# ("Input should be a valid string") and its English "or" never reach a finding.
@pytest.mark.parametrize(
    ("replace", "by", "english", "french"),
    [
        (
            "name: Novatech SAS",
            "name: [Novatech, SAS]",
            "debtor.name: [error schema.type] a list is given where a text is expected (fix: write a single text, "
            "in quotes if it starts with [)",
            "debtor.name: [erreur schema.type] une liste est donnée là où un texte est attendu (correction : écrire "
            "un seul texte, entre guillemets s’il commence par [)",
        ),
        (
            "name: Novatech SAS",
            "name: {Novatech: SAS}",
            "debtor.name: [error schema.type] a block of keys is given where a text is expected (fix: write a single "
            "text, in quotes if it holds a colon followed by a space)",
            "debtor.name: [erreur schema.type] un bloc de clés est donné là où un texte est attendu (correction : "
            "écrire un seul texte, entre guillemets s’il contient un deux-points suivi d’une espace)",
        ),
        (
            "name: Novatech SAS",
            "name: true",
            "debtor.name: [error schema.type] a text is expected here (fix: write it in quotes)",
            "debtor.name: [erreur schema.type] un texte est attendu ici (correction : l’écrire entre guillemets)",
        ),
        (
            "kind: business",
            "kind: [business]",
            "debtor.kind: [error schema.choice] '['business']' is not allowed (fix: use one of business, consumer)",
            "debtor.kind: [erreur schema.choice] '['business']' n’est pas une valeur permise (correction : utiliser "
            "l’une de ces valeurs : business, consumer)",
        ),
        (
            '  address: ["14 avenue Jean Jaurès", "69007 Lyon"]',
            "  address: 14 avenue Jean Jaurès",
            "debtor.address: [error schema.type] a list is expected here (fix: write one line starting with '- ' per "
            "item, or [a, b])",
            "debtor.address: [erreur schema.type] une liste est attendue ici (correction : écrire une ligne "
            "commençant par '- ' par élément, ou [a, b])",
        ),
        (
            '  address: ["8 rue des Lilas", "69003 Lyon"]',
            '  address: ["8 rue des Lilas", "69003 Lyon"]\n  siren: "' + "1" * 300 + '"',
            "creditor.siren: [error schema.length] the text has 300 characters: at most 200 are allowed (fix: see "
            "`relance schema` for the allowed values)",
            "creditor.siren: [erreur schema.length] le texte a 300 caractères : 200 au plus sont permis (correction : "
            "voir `relance schema` pour les valeurs permises)",
        ),
        (
            "invoices:\n",
            "schedule: 12\ninvoices:\n",
            "schedule: [error schema.type] a block of keys is expected here (fix: write its keys on the lines below "
            "it, indented, as `relance schema` shows)",
            "schedule: [erreur schema.type] un bloc de clés est attendu ici (correction : écrire ses clés sur les "
            "lignes suivantes, en retrait, comme le montre `relance schema`)",
        ),
        (
            "invoices:\n",
            "letters:\n  - {type: mise_en_demeure, date: 2024-04-02, deadline_days: 8.5}\ninvoices:\n",
            "letters[0].deadline_days: [error schema.type] '8.5' is not a whole number (fix: write a whole number in "
            "figures, e.g. 10)",
            "letters[0].deadline_days: [erreur schema.type] '8.5' n’est pas un nombre entier (correction : écrire un "
            "nombre entier en chiffres, par exemple 10)",
        ),
    ],
)
def test_schema_errors_speak_plainly_in_both_languages(
    tmp_path: Path, replace: str, by: str, english: str, french: str
) -> None:
    from generator import ruletext

    text = VALID.replace(replace, by, 1)
    assert text != VALID
    result = load(tmp_path, text)
    found = [f.render().split(": ", 1)[1] for f in result.findings]
    in_french = [ruletext.render(f, "fr").split(": ", 1)[1] for f in result.findings]
    assert not any("Input should" in line or "should be" in line for line in found + in_french)
    assert english in found
    assert french in in_french
