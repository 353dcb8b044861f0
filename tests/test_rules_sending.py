"""Sending rules (generator/rules/sending.py): the channel, and the address in the envelope window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from casebuilder import changed, check
from test_rules_letter import MARCH_5, letter

CASES = [
    ("lre-to-business", letter("relance_2", MARCH_5, channel="lre"), []),
    (
        "lre-to-consenting-consumer",
        {"debtor.kind": "consumer", "debtor.lre_consent": True, **letter("relance_2", MARCH_5, channel="lre")},
        [],
    ),
    (
        "lre-to-consumer",
        {"debtor.kind": "consumer", **letter("relance_2", MARCH_5, channel="lre")},
        [
            "cases/x.yaml:18: letters[0].channel: [error channel.lre-consent] a consumer receives an electronic "
            "registered letter only after agreeing to it (fix: send it by lrar, or record the consent with debtor "
            "lre_consent: true)"
        ],
    ),
    ("med-by-commissaire", letter("mise_en_demeure", MARCH_5, channel="commissaire"), []),
    (
        "med-by-post",
        letter("mise_en_demeure", MARCH_5, channel="post"),
        [
            "cases/x.yaml:18: letters[0].channel: [warning med.channel] a mise en demeure sent by post leaves no proof "
            "that it was sent or received (fix: use channel: lrar (the default), lre or commissaire)"
        ],
    ),
]


@pytest.mark.parametrize(("changes", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_letter_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changes: dict[str, Any], expected: list[str]
) -> None:
    assert check(tmp_path, monkeypatch, changed(changes)) == expected


# --- the envelope window (NF Z10-011) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        (
            {"debtor.address": ["Zone artisanale des Grandes Terres Bâtiment C", "69007 LYON"]},
            [
                'cases/x.yaml:11: debtor.address[0]: [error address.window] the address line "Zone artisanale des Grandes '
                'Terres Bâtiment C" has 45 characters, more than the 38 a window envelope shows (NF Z10-011) (fix: shorten it '
                "to 38 characters (abbreviate: bd, av, bât, Cedex))"
            ],
        ),
        (
            {
                "debtor.attention": {"civility": "Madame", "name": "Julie Roussel", "title": "Responsable des achats"},
                "debtor.address": ["Bâtiment C", "Entrée 2", "14 avenue Jean Jaurès", "69007 LYON"],
            },
            [
                "cases/x.yaml:8: debtor: [error address.window] the recipient's address takes 7 lines, more than the 6 of a "
                "window envelope (NF Z10-011) (fix: remove a line: the attention's title, or an address line (building and "
                "street on one line))"
            ],
        ),
        (
            {"debtor.address": ["14 avenue Jean Jaurès", "Lyon"]},
            [
                'cases/x.yaml:11: debtor.address[1]: [warning address.last-line] the last address line "Lyon" is not '
                '"postcode town" (NF Z10-011) (fix: end the address with the postcode and the town, e.g. "69007 LYON" (a '
                "foreign address: ignore this))"
            ],
        ),
        (
            {"debtor.address": ["14, avenue Jean Jaurès", "69007 LYON"]},
            [
                'cases/x.yaml:11: debtor.address[0]: [warning address.punctuation] the address line "14, avenue Jean Jaurès" '
                'has punctuation (,) where La Poste reads the address to sort it (NF Z10-011) (fix: write it "14 avenue Jean '
                'Jaurès")'
            ],
        ),
        (
            {"debtor.address": ["ZI Nord", "Bât. C, 14 av. Jean Jaurès", "69007 LYON CEDEX 07."]},
            [
                'cases/x.yaml:11: debtor.address[1]: [warning address.punctuation] the address line "Bât. C, 14 av. Jean '
                'Jaurès" has punctuation (. ,) where La Poste reads the address to sort it (NF Z10-011) (fix: write it "Bât '
                'C 14 av Jean Jaurès")',
                'cases/x.yaml:11: debtor.address[2]: [warning address.punctuation] the address line "69007 LYON CEDEX 07." '
                'has punctuation (.) where La Poste reads the address to sort it (NF Z10-011) (fix: write it "69007 LYON '
                'CEDEX 07")',
            ],
        ),
        # Lines 1 to 3 (name, person, building) may hold punctuation; a hyphen or an apostrophe is no punctuation.
        (
            {
                "debtor.name": "Novatech S.A.S.",
                "debtor.address": ["Bât. C, entrée 2", "14 rue de l’Île-Barbe", "69009 L'ÎLE-BARBE"],
            },
            [],
        ),
        # A full 6-line block: its 4th line is the street; in 5 lines the 3rd from the end may be the building.
        (
            {
                "debtor.attention": {"civility": "Madame", "name": "Julie Roussel", "title": "Achats"},
                "debtor.address": ["14, avenue Jean Jaurès", "BP 12", "69007 LYON"],
            },
            [
                'cases/x.yaml:11: debtor.address[0]: [warning address.punctuation] the address line "14, avenue Jean Jaurès" '
                'has punctuation (,) where La Poste reads the address to sort it (NF Z10-011) (fix: write it "14 avenue Jean '
                'Jaurès")'
            ],
        ),
        (
            {
                "debtor.attention": {"civility": "Madame", "name": "Julie Roussel"},
                "debtor.address": ["Bât. C", "14 avenue Jean Jaurès", "69007 LYON"],
            },
            [],
        ),
        (
            {"debtor.address": ["14 avenue Jean Jaurès", "69007 Lyon"]},
            [
                'cases/x.yaml:11: debtor.address[1]: [warning address.capitals] the last address line "69007 Lyon" is not in '
                'capitals (NF Z10-011) (fix: write it "69007 LYON")'
            ],
        ),
        (
            {"debtor.address": ["14 avenue Jean Jaurès", "69007 Lyon Cedex 07"]},
            [
                'cases/x.yaml:11: debtor.address[1]: [warning address.capitals] the last address line "69007 Lyon Cedex 07" '
                'is not in capitals (NF Z10-011) (fix: write it "69007 LYON CEDEX 07")'
            ],
        ),
        ({"debtor.address": ["14 avenue Jean Jaurès", "42000 SAINT-ÉTIENNE"]}, []),  # accented capitals are capitals
        (
            {"debtor.address": ["Via Roma 12", "10121 Torino", "Italie"]},  # a foreign address: no French postcode line
            [
                'cases/x.yaml:11: debtor.address[2]: [warning address.last-line] the last address line "Italie" is not '
                '"postcode town" (NF Z10-011) (fix: end the address with the postcode and the town, e.g. "69007 LYON" (a '
                "foreign address: ignore this))"
            ],
        ),
    ],
    ids=[
        "fits",
        "line-too-long",
        "too-many-lines",
        "no-postcode",
        "comma-after-number",
        "full-stops",
        "punctuation-allowed",
        "six-lines",
        "five-lines",
        "town-in-lowercase",
        "cedex-in-lowercase",
        "accented-capitals",
        "foreign",
    ],
)
def test_the_address_fits_the_envelope_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changes: dict[str, Any], expected: list[str]
) -> None:
    assert check(tmp_path, monkeypatch, changed(changes)) == expected


def test_the_letter_prints_the_lines_the_rule_checks() -> None:
    from generator import address
    from generator.parties import Attention, Debtor

    debtor = Debtor(
        kind="business",
        name="Novatech SAS",
        address=["14 avenue Jean Jaurès", "69007 Lyon"],
        attention=Attention(civility="Monsieur", name="Laurent Girardet", title="Directeur"),
    )
    # "À l'attention de Monsieur Laurent Girardet" would be 42 characters: the person alone is written.
    assert [line.text for line in address.recipient_lines(debtor)] == [
        "Novatech SAS",
        "Monsieur Laurent Girardet",
        "Directeur",
        "14 avenue Jean Jaurès",
        "69007 Lyon",
    ]
    short = debtor.model_copy(update={"attention": Attention(civility="Monsieur", name="Léo Roux")})
    assert address.recipient_lines(short)[1].text == "À l'attention de Monsieur Léo Roux"
