"""Forbidden wording is found wherever it is written (free paragraph included) and however it is spelt."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from fixtures.figures import install_fake_figures

from generator import cases, render
from generator.rules import CheckContext, check_text

FIXTURES = Path(__file__).parent / "fixtures" / "repo"
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def figures(monkeypatch: pytest.MonkeyPatch) -> None:
    install_fake_figures(monkeypatch)


def findings(name: str, index: int, paragraph: str, rule_id: str) -> list[str]:
    """The messages of ``rule_id`` on letter ``index`` of fixture ``name`` with ``paragraph`` added."""
    repo = cases.load_repository(FIXTURES)
    loaded = cases.load_case(FIXTURES / "cases" / name, repo).case
    assert loaded is not None
    letters = list(loaded.case.letters)
    letters[index] = letters[index].model_copy(update={"paragraph": paragraph})
    loaded = dataclasses.replace(loaded, case=loaded.case.model_copy(update={"letters": letters}))
    text = render.Renderer(repo).render_letter(loaded, index, assets_href=None).text
    return [f.message for f in check_text(CheckContext(loaded, AS_OF), index, text) if f.rule == rule_id]


# durand.yaml: a recovery firm writing to a consumer (letter 1 is its mise en demeure).
@pytest.mark.parametrize(
    "paragraph, quoted",
    [
        ("Des frais de relance de 15 € s'ajoutent.", "frais de relance"),
        ("FRAIS DE GESTION : 30 €.", "FRAIS DE GESTION"),
        ("Des frais\nadministratifs seront facturés.", "frais administratifs"),
        ("Vous devrez des dommages et intérêts.", "dommages et intérêts"),
        ("Vous devrez des dommages-interets.", "dommages-interets"),
        ("Une majoration de 10 % s'applique.", "majoration"),
        ("Des Pénalités s'ajoutent.", "Pénalités"),
        ("Des penalites s'ajoutent.", "penalites"),
        ("Soit 40 € d\u2019indemnité par facture.", "40 € d'indemnité"),
    ],
)
def test_consumer_fees_in_a_free_paragraph_are_blocked(paragraph: str, quoted: str) -> None:
    assert findings("durand.yaml", 1, paragraph, "text.b2c-no-fees") == [f'a letter to a consumer mentions "{quoted}"']


@pytest.mark.parametrize(
    "paragraph",
    [
        "Aucuns frais ne vous seront réclamés.",
        "Les intérêts au taux légal courent jusqu'au paiement.",
        "Nous restons à votre disposition pour convenir d'un échéancier.",
    ],
)
def test_consumer_sentences_that_stay_allowed(paragraph: str) -> None:
    assert findings("durand.yaml", 1, paragraph, "text.b2c-no-fees") == []


# lumen.yaml: a lawyer writing to a business; the rule holds for every sender.
@pytest.mark.parametrize(
    "paragraph, quoted",
    [
        ("À défaut, nous ferons saisir vos biens.", "saisir vos biens"),
        ("Nous pourrons SAISIR VOTRE SALAIRE.", "SAISIR VOTRE SALAIRE"),
        ("Nous pourrons saisir\nvotre compte bancaire.", "saisir votre compte"),
        ("Nous engagerons l'exécution forcée.", "exécution forcée"),
        ("Nous engagerons l\u2019execution forcee.", "execution forcee"),
        ("Nous demanderons votre inscription au fichier des incidents.", "inscription au fichier"),
        ("Nous procéderons à votre INSCRIPTION AU FICHIER.", "INSCRIPTION AU FICHIER"),
    ],
)
def test_enforcement_threats_are_blocked(paragraph: str, quoted: str) -> None:
    assert findings("lumen.yaml", 0, paragraph, "text.no-seizure") == [
        f'the letter threatens enforcement ("{quoted}") without an enforceable title'
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Nous saisirons le tribunal judiciaire.",
        "La juridiction saisie statuera sur votre dette.",
        "Nous pourrons saisir le juge compétent.",
    ],
)
def test_court_wording_stays_allowed(paragraph: str) -> None:
    assert findings("lumen.yaml", 0, paragraph, "text.no-seizure") == []


@pytest.mark.parametrize(
    "paragraph, quoted",
    [
        ("Sans règlement, des poursuites seront engagées.", "poursuites"),
        ("Votre dossier passera au Service Contentieux.", "Service Contentieux"),
        ("Votre dossier passera au service du contentieux.", "service du contentieux"),
        ("Nous engagerons une procédure.", "Nous engagerons"),
        ("NOUS ENGAGERONS\nla procédure d\u2019injonction de payer.", "NOUS ENGAGERONS"),
    ],
)
def test_recovery_firm_announcing_proceedings_is_blocked(paragraph: str, quoted: str) -> None:
    assert findings("durand.yaml", 0, paragraph, "text.firm-no-court") == [
        f'the recovery firm announces proceedings of its own ("{quoted}"); it collects amicably and cannot go to court'
    ]


def test_recovery_firm_may_say_what_its_client_may_do() -> None:
    assert findings("durand.yaml", 0, "Notre mandant pourra saisir le tribunal judiciaire.", "text.firm-no-court") == []


@pytest.mark.parametrize(
    "paragraph, quoted",
    [
        ("Cette lettre est notre dernière démarche amiable.", "dernière démarche amiable"),
        ("C'est notre DERNIERE TENTATIVE AMIABLE.", "DERNIERE TENTATIVE AMIABLE"),
        ("Nous arrivons à la fin de la phase amiable.", "fin de la phase amiable"),
    ],
)
def test_recovery_firm_never_ends_amicable_collection(paragraph: str, quoted: str) -> None:
    assert findings("durand.yaml", 0, paragraph, "text.firm-no-court") == [
        f'the recovery firm announces proceedings of its own ("{quoted}"); it collects amicably and cannot go to court'
    ]


def test_final_reminder_is_the_last_before_the_mise_en_demeure() -> None:
    repo = cases.load_repository(FIXTURES)
    loaded = cases.load_case(FIXTURES / "cases" / "novatech.yaml", repo).case
    assert loaded is not None and loaded.case.letters[5].type == "derniere_relance"
    text = render.Renderer(repo).render_letter(loaded, 5, assets_href=None).text.text
    assert "Cette lettre est notre dernière relance avant mise en demeure." in text
    assert "amiable" not in text


def test_a_firm_does_not_say_it_received_its_clients_payments() -> None:
    assert findings("durand.yaml", 0, "Nous avons bien reçu votre règlement de 100 €.", "text.history-true") == [
        'the letter says "Nous avons bien reçu votre règlement", but the payments were made to Cuisines Martin SARL'
    ]
    assert findings("durand.yaml", 0, "Cuisines Martin SARL a bien reçu votre règlement.", "text.history-true") == []


def test_a_reminder_followed_by_a_payment_is_not_without_effect() -> None:
    # novatech.yaml: reminders of 20 August and 5 September 2026, then a payment on 20 September.
    repo = cases.load_repository(FIXTURES)
    loaded = cases.load_case(FIXTURES / "cases" / "novatech.yaml", repo).case
    assert loaded is not None
    text = render.Renderer(repo).render_letter(loaded, 6, assets_href=None).text.text
    assert "Ils n'ont été suivis que d'un règlement partiel." in text
    assert "Nous avons bien reçu votre règlement : 2 000,00 € le 20 septembre 2026" in text  # the creditor writes
    assert findings("novatech.yaml", 6, "Nos relances sont restées sans effet.", "text.history-true") == [
        'the letter says "sont restées sans effet" of earlier letters that were followed by a payment'
    ]
    assert (
        findings("novatech.yaml", 6, "Si elle reste sans effet, nous saisirons le tribunal.", "text.history-true") == []
    )
    assert findings("durand.yaml", 0, "Notre relance est restée sans effet.", "text.history-true") == []
