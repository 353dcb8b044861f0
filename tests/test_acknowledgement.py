"""The reconnaissance de dette (generator/rules/acknowledgement.py, letters/reconnaissance_dette.html).

The worked example is test_court's: 18 000,00 € due 15 February 2024, penalties at 14,50 % for 47 days
to 2 April 2024 = 336,08 €, + 40 € indemnity: 18 376,08 € acknowledged. The sum in words is left for
the signer to write (C. civ. 1376), never printed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from test_court import DATE, findings, loaded_case, repo

from generator import validate
from generator.render import Renderer
from generator.rules.acknowledgement import words_printed
from generator.worklist import case_worklist

ACK: dict[str, Any] = {"letters.0": {"type": "reconnaissance_dette", "date": DATE}}


def text_of(path: Path) -> str:
    loaded = loaded_case(path)
    return Renderer(loaded.repo).render_letter(loaded, 0, assets_href=None).text.text


def test_a_complete_acknowledgement_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert findings(repo(tmp_path, ACK)) == []


def test_it_states_the_sum_in_figures_and_leaves_the_words_to_the_signer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = text_of(repo(tmp_path, ACK)).replace("\u202f", " ").replace("\xa0", " ")
    for phrase in (
        "Novatech SAS, SAS au capital de 50 000 €, dont le siège est 14 avenue Jean Jaurès, 69007 LYON, "
        "immatriculée sous le numéro SIREN 810457507, représentée par Paul Morel, Président,",
        "reconnaît devoir à Atelier Bernard SARL, dont le siège est 8 rue des Lilas, 69003 Lyon, SIREN "
        "732829320, la somme de 18 376,08 €, arrêtée au 2 avril 2024, au titre de la facture suivante",
        "Somme due, en toutes lettres puis en chiffres, écrite par le signataire lui-même (article 1376 du Code civil",
        "En toutes lettres : ……",
        "En chiffres : ……",
        "interrompt le délai de prescription",
        "(articles 2240 et 2231 du Code civil)",
        "Signature du débiteur",
    ):
        assert phrase in text, phrase
    assert "dix-huit mille" not in text


def test_a_consumer_signs_in_the_first_person(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = repo(tmp_path, {**ACK, "debtor.kind": "consumer", "debtor.civility": "Madame", "debtor.name": "Anne Morel"})
    text = text_of(path)
    assert "Je soussignée Madame Anne Morel, demeurant 14 avenue Jean Jaurès, 69007 LYON," in text
    assert "reconnais devoir à Atelier Bernard SARL" in text


def test_a_time_barred_invoice_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    late = dt.date(2029, 3, 1)
    found = findings(repo(tmp_path, {"letters.0": {"type": "reconnaissance_dette", "date": late}}), as_of=late)
    assert (
        "cases/x.yaml:16: invoices[0].due: [error acknowledgement.prescribed] invoice 2024-053 is time-barred "
        "since 2029-02-16: an acknowledgement can no longer interrupt its period (fix: remove the invoice from "
        "the case, or record the acknowledgement or court claim that interrupted the period in time)"
    ) in found


def test_an_open_dispute_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = repo(
        tmp_path, {**ACK, "events.2": {"date": dt.date(2024, 3, 20), "type": "dispute_opened", "reason": "travaux"}}
    )
    # By default the disputed invoice is left out of what the debtor acknowledges: nothing is left.
    found = findings(path)
    assert (
        "cases/x.yaml:22: letters[0]: [error letter.nothing-claimed] the letter claims no invoice on 2024-04-02: "
        "invoice 2024-053 is disputed (fix: answer the dispute and record a dispute_closed event)"
    ) in found, found
    # Chosen in letters[].invoices, it is refused while the dispute is open.
    (tmp_path / "chosen").mkdir()
    monkeypatch.chdir(tmp_path / "chosen")
    path = repo(
        tmp_path / "chosen",
        {
            **ACK,
            "events.2": {"date": dt.date(2024, 3, 20), "type": "dispute_opened", "reason": "travaux"},
            "letters.0.invoices": ["2024-053"],
        },
    )
    found = findings(path)
    assert (
        "cases/x.yaml:22: letters[0].type: [error acknowledgement.dispute-open] the dispute opened on 2024-03-20 "
        "(line 20) about invoice 2024-053 is still open (fix: answer the dispute and record a dispute_closed "
        "event first)"
    ) in found, found


@pytest.mark.parametrize(
    "printed",
    [
        "dix-huit mille trois cent soixante-seize euros et huit centimes",
        "Dix-Huit Mille Trois Cent Soixante-Seize Euros et huit centimes",
        "dix huit mille trois cent soixante seize euros",
        "dix-huit\nmille trois cent\u00a0soixante-seize euros",
        "DIX-HUIT MILLE TROIS CENT SOIXANTE-SEIZE EUROS",
    ],
)
def test_the_sum_in_words_is_caught_in_any_form(printed: str) -> None:
    assert words_printed(f"En toutes lettres : {printed}.", Decimal("18376.08"))


@pytest.mark.parametrize(
    "allowed",
    [
        "En toutes lettres : ……………………",
        "la somme de 18 376,08 €",
        "dix-huit mille trois cents exemplaires",  # other words, not the sum
    ],
)
def test_what_stays_allowed(allowed: str) -> None:
    assert not words_printed(allowed, Decimal("18376.08"))


def test_a_template_that_pre_prints_the_words_is_blocked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = repo(tmp_path, ACK)
    own = tmp_path / "letter_templates" / "letters"
    own.mkdir(parents=True)
    source = Path(validate.__file__).parent.parent / "letter_templates" / "letters" / "reconnaissance_dette.html"
    text = source.read_text(encoding="utf-8").replace(
        "En toutes lettres : ……………………………………………………………………………………………………",
        "En toutes lettres : {{ statement.total | words }}",
    )
    (own / "reconnaissance_dette.html").write_text(text, encoding="utf-8")
    found = findings(path)
    assert any("[error text.acknowledgement-contents] the sum is printed in words" in f for f in found), found


def test_due_offers_it_when_prescription_is_near(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    loaded = loaded_case(repo(tmp_path))
    items = [i for i in case_worklist(loaded, dt.date(2029, 1, 1)) if i.kind == "prescription"]
    assert [(i.letter, i.date) for i in items] == [("reconnaissance_dette", dt.date(2029, 2, 15))]
    assert "have the debtor sign a reconnaissance_dette before then" in str(items[0].reason)
