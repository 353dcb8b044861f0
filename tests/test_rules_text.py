"""Each rule on the rendered text passes on the real letter and fails on a doctored one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from fixtures.figures import FakeFigures, install_fake_figures

from generator import cases, render
from generator.models import Sender
from generator.rules import CheckContext, all_rules, check_text
from generator.rules.lettertext import LetterText, normalise
from generator.rules.text import L111_8

FIXTURES = Path(__file__).parent / "fixtures" / "repo"
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def figures(monkeypatch: pytest.MonkeyPatch) -> None:
    install_fake_figures(monkeypatch)


def letter(name: str, index: int, **changes: object) -> tuple[CheckContext, LetterText]:
    repo = cases.load_repository(FIXTURES)
    loaded = cases.load_case(FIXTURES / "cases" / name, repo).case
    assert loaded is not None
    if changes:
        loaded = dataclasses.replace(loaded, **changes)
    text = render.Renderer(repo).render_letter(loaded, index, assets_href=None).text
    return CheckContext(loaded, AS_OF), text


def messages(rule_id: str, ctx: CheckContext, index: int, text: LetterText) -> list[str]:
    return [f.message for f in check_text(ctx, index, text) if f.rule == rule_id]


def doctor(text: LetterText, old: str, new: str) -> LetterText:
    assert normalise(old) in text.text, old
    return dataclasses.replace(text, text=text.text.replace(normalise(old), normalise(new)))


def test_every_text_rule_names_its_source() -> None:
    text_rules = [r for r in all_rules() if r.scope == "text"]
    assert [r.id for r in text_rules] == [
        "text.acknowledgement-contents",
        "text.b2b-penalties",
        "text.b2c-no-fees",
        "text.court-contents",
        "text.declaration-contents",
        "text.firm-no-court",
        "text.history-true",
        "text.l111-8",
        "text.lawyer-invite",
        "text.med-1344-1",
        "text.med-deadline",
        "text.med-interest-start",
        "text.med-invoices",
        "text.med-total",
        "text.med-words",
        "text.no-seizure",
        "text.r124-4",
        "text.r124-4-basis",
    ]
    assert all(r.law_anchors for r in text_rules)


def test_real_letters_pass() -> None:
    for name, count in (("novatech.yaml", 7), ("durand.yaml", 2), ("lumen.yaml", 1)):
        for index in range(count):
            ctx, text = letter(name, index)
            assert [f.render() for f in check_text(ctx, index, text)] == []


def test_med_words() -> None:
    ctx, text = letter("novatech.yaml", 6)
    bad = dataclasses.replace(
        text, text=text.text.replace("mise en demeure", "lettre").replace("Mise en demeure", "Lettre")
    )
    assert messages("text.med-words", ctx, 6, bad) == ['the letter never says "mise en demeure"']


def test_med_total_in_figures_and_words() -> None:
    ctx, text = letter("novatech.yaml", 6)
    bad = doctor(
        doctor(text, "17\u202f897,23\u00a0€", "17 897 euros"),
        "dix-sept mille huit cent quatre-vingt-dix-sept euros et vingt-trois centimes",
        "",
    )
    assert messages("text.med-total", ctx, 6, bad) == [
        "the total 17\u202f897,23\u00a0€ is not in the letter",
        'the total in words ("dix-sept mille huit cent quatre-vingt-dix-sept euros et vingt-trois centimes") '
        "is not in the letter",
    ]


def test_med_invoices() -> None:
    ctx, text = letter("novatech.yaml", 6)
    bad = doctor(
        doctor(text, "2026-061 03/08/2026 02/09/2026 1 250,50 €", "2026-061"),
        "Facture n° 2026-061 du 03/08/2026, échue le 02/09/2026 Montant TTC 1 250,50 €",
        "",
    )
    bad = dataclasses.replace(bad, text=bad.text.replace("1 250,50 €", "").replace("02/09/2026", ""))
    assert messages("text.med-invoices", ctx, 6, bad) == [
        "invoice 2026-061: the letter lacks its amount 1\u202f250,50\u00a0€, date 03/08/2026, due date 02/09/2026"
    ]


def test_med_deadline() -> None:
    ctx, text = letter("novatech.yaml", 6)
    assert (
        "dans un délai de huit jours à compter de la réception de la présente, et au plus tard le 3 décembre 2026"
    ) in text.text  # 23 November + 2 working days of LRAR presentation + 8 days
    bad = doctor(text, "au plus tard le 3 décembre 2026", "sous huitaine")
    assert messages("text.med-deadline", ctx, 6, bad) == ["the deadline (3 décembre 2026) is not written in the letter"]


def test_med_1344_both_built_in_wordings_pass() -> None:
    ctx, text = letter("novatech.yaml", 6)  # business, late penalties
    assert "vaut mise en demeure au sens de l'article 1344 du Code civil" in text.text
    assert "1344-1" not in text.text
    assert messages("text.med-1344-1", ctx, 6, text) == []
    ctx, text = letter("durand.yaml", 1)  # consumer, legal interest
    assert "Conformément à l'article 1344-1 du Code civil, elle fait courir les intérêts" in text.text
    assert messages("text.med-1344-1", ctx, 1, text) == []


def test_med_1344_business_notice_cites_1344() -> None:
    ctx, text = letter("novatech.yaml", 6)
    bad = doctor(text, "au sens de l'article 1344 du Code civil", "")
    assert messages("text.med-1344-1", ctx, 6, bad) == [
        'the letter does not cite "article 1344 du Code civil" for the notice'
    ]


def test_med_1344_1_not_cited_for_penalties() -> None:
    ctx, text = letter("novatech.yaml", 6)
    wrong = doctor(text, "au sens de l'article 1344 du Code civil", "au sens de l'article 1344-1 du Code civil")
    assert messages("text.med-1344-1", ctx, 6, wrong) == [
        'the letter does not cite "article 1344 du Code civil" for the notice',
        "the letter claims late penalties, which run from each due date, and cites article 1344-1, which makes "
        "legal interest run from the notice",
    ]


def test_med_1344_1_cited_for_legal_interest() -> None:
    ctx, text = letter("durand.yaml", 1)
    bad = doctor(text, "Conformément à l'article 1344-1 du Code civil, elle", "Elle")
    assert messages("text.med-1344-1", ctx, 1, bad) == [
        'the letter claims legal interest and does not cite "article 1344-1 du Code civil"'
    ]


def test_b2b_penalties_and_indemnity() -> None:
    ctx, text = letter("novatech.yaml", 6)
    bad = dataclasses.replace(
        text,
        text=re.sub("pénalités de retard", "intérêts", text.text, flags=re.I)
        .replace("D441-5", "")
        .replace("40,00 €", "quarante euros"),
    )
    assert messages("text.b2b-penalties", ctx, 6, bad) == [
        'the letter does not mention "pénalités de retard"',
        'the letter does not mention "D441-5" (€40 per late invoice)',
        'the letter does not mention "40,00 €" (€40 per late invoice)',
    ]
    started = doctor(text, "La présente lettre vaut", "La présente lettre fait courir les pénalités et vaut")
    assert messages("text.b2b-penalties", ctx, 6, started) == [
        "the letter says it starts the penalties; they run from the day after each due date (L441-10 II)"
    ]


@pytest.mark.parametrize(
    "added, label",
    [
        ("Une indemnité forfaitaire est due.", "indemnité forfaitaire"),
        ("Des frais de recouvrement de 35,00 € s'ajoutent.", "frais de recouvrement"),
        ("Frais de dossier : 20,00 €.", "Frais de dossier"),
        ("Selon l'article L. 441-10 du Code de commerce.", "L. 441-10"),
        ("Des pénalités de retard courent.", "pénalités"),
        ("Soit 40 € par facture.", "40 € par facture"),
    ],
)
def test_b2c_no_fees(added: str, label: str) -> None:
    ctx, text = letter("durand.yaml", 1)
    assert "frais de recouvrement" in text.text  # in the L111-8 quotation, which is allowed
    bad = dataclasses.replace(text, text=text.text + " " + added)
    assert messages("text.b2c-no-fees", ctx, 1, bad) == [f'a letter to a consumer mentions "{label}"']


def test_l111_8_word_for_word() -> None:
    ctx, text = letter("durand.yaml", 1)
    old = dataclasses.replace(text, text=text.text.replace("prescrit par la loi au créancier", "prescrit par la loi"))
    assert messages("text.l111-8", ctx, 1, old) == [
        "paragraph 2 of article L111-8 CPCE is not reproduced word for word"
    ]
    typographic = dataclasses.replace(text, text=text.text.replace("'", "\u2019"))
    assert messages("text.l111-8", ctx, 1, dataclasses.replace(typographic, text=normalise(typographic.text))) == []
    assert normalise(L111_8[1]) in text.text


def test_r124_4_mentions_and_first_letter() -> None:
    ctx, text = letter("durand.yaml", 1)
    bad = doctor(
        doctor(
            text,
            "exerce une activité de recouvrement amiable de créances",
            "exerce une activité de recouvrement de créances",
        ),
        "vous a été adressé le 10 octobre 2026 sous la référence RC-7781-01",
        "vous a été adressé",
    )
    bad = dataclasses.replace(bad, text=bad.text.replace("10 octobre 2026", "").replace("RC-7781-01", ""))
    assert messages("text.r124-4", ctx, 1, bad) == [
        'the letter does not say "recouvrement amiable"',
        "the letter does not recall the date of the first letter (10 octobre 2026)",
        "the letter does not recall the first letter's reference (RC-7781-01)",
    ]


@pytest.mark.parametrize(
    ("threat", "quoted"),
    [
        ("À défaut, nous procéderons à la saisie de vos biens.", "la saisie"),
        ("Une saisie-attribution sera pratiquée.", "Une saisie"),
        ("Un huissier se présentera chez vous.", "huissier"),
        ("Nous demanderons le blocage de vos comptes.", "blocage de vos comptes"),
    ],
)
def test_no_seizure(threat: str, quoted: str) -> None:
    ctx, text = letter("lumen.yaml", 0)
    assert messages("text.no-seizure", ctx, 0, dataclasses.replace(text, text=text.text + " " + threat)) == [
        f'the letter threatens enforcement ("{quoted}") without an enforceable title'
    ]


def test_court_seised_is_not_a_seizure() -> None:
    ctx, text = letter("lumen.yaml", 0)
    fine = dataclasses.replace(text, text=text.text + " Le tribunal sera saisi ; la juridiction saisie statuera.")
    assert messages("text.no-seizure", ctx, 0, fine) == []
    bad = dataclasses.replace(text, text=text.text + " Nous procéderons à la saisie de vos biens.")
    assert messages("text.no-seizure", ctx, 0, bad) == [
        'the letter threatens enforcement ("la saisie") without an enforceable title'
    ]


def test_lawyer_invites_to_consult_a_lawyer() -> None:
    ctx, text = letter("lumen.yaml", 0)
    bad = doctor(text, "Vous avez la faculté de consulter un avocat de votre choix", "")
    assert messages("text.lawyer-invite", ctx, 0, bad) == ["the letter does not invite the debtor to consult a lawyer"]
    represented = dataclasses.replace(
        ctx.loaded,
        case=ctx.loaded.case.model_copy(
            update={"debtor": ctx.loaded.case.debtor.model_copy(update={"has_lawyer": "Maître Colin"})}
        ),
    )
    ctx2, text2 = letter("lumen.yaml", 0, case=represented.case)
    assert "Copie de la présente est adressée à votre avocat, Maître Colin." in text2.text
    assert messages("text.lawyer-invite", ctx2, 0, bad) == []


def test_rule_scope_follows_sender_and_debtor() -> None:
    ctx, text = letter("novatech.yaml", 6, sender=Sender(role="creditor"))
    assert messages("text.l111-8", ctx, 6, text) == []  # not a recovery firm: the rule does not run
    assert messages("text.lawyer-invite", ctx, 6, text) == []


def test_finding_fix_names_the_template() -> None:
    ctx, text = letter("novatech.yaml", 6)
    bad = doctor(text, "article 1344 du Code civil", "Code civil")
    [finding] = [f for f in check_text(ctx, 6, bad) if f.rule == "text.med-1344-1"]
    assert finding.fix == f"restore the wording in {text.template}"
    assert text.template.endswith("letter_templates/letters/mise_en_demeure.html")
    assert (finding.letter, finding.field) == (6, "letters[6]")


def test_recovery_firm_never_announces_its_own_proceedings() -> None:
    ctx, text = letter("durand.yaml", 1)
    assert "notre mandant, Cuisines Martin SARL, pourra" in text.text
    assert messages("text.firm-no-court", ctx, 1, text) == []
    bad = dataclasses.replace(text, text=text.text + " À défaut, nous saisirons le tribunal judiciaire.")
    assert messages("text.firm-no-court", ctx, 1, bad) == [
        'the recovery firm announces proceedings of its own ("nous saisirons"); it collects amicably and '
        "cannot go to court"
    ]


def test_every_letter_has_a_designation_column() -> None:
    ctx, text = letter("novatech.yaml", 6)
    assert "Facture n° Désignation Date Échéance" in text.text
    assert "2026-053 Mission de conseil" in text.text


def test_recovery_firm_states_the_basis_of_the_claim() -> None:
    ctx, text = letter("durand.yaml", 1)
    assert "F-0912 Cuisine équipée" in text.text
    assert messages("text.r124-4-basis", ctx, 1, text) == []
    bad = dataclasses.replace(text, text=text.text.replace("Cuisine équipée", ""))
    assert messages("text.r124-4-basis", ctx, 1, bad) == [
        'invoice F-0912: the letter does not say what it is for ("Cuisine équipée")'
    ]
    invoice = ctx.loaded.case.invoices[0]
    unlabelled = ctx.loaded.case.model_copy(update={"invoices": [invoice.model_copy(update={"label": None})]})
    ctx2, text2 = letter("durand.yaml", 1, case=unlabelled)
    assert messages("text.r124-4-basis", ctx2, 1, text2) == [
        "invoice F-0912 has no label: a recovery firm's letter states the basis of the claim (R124-4 3°)"
    ]
    with_contract = ctx.loaded.case.model_copy(
        update={"invoices": [invoice.model_copy(update={"contract": "devis n° D-77 du 2 mai 2026"})]}
    )
    ctx3, text3 = letter("durand.yaml", 1, case=with_contract)
    assert "F-0912 Cuisine équipée — devis n° D-77 du 2 mai 2026" in text3.text
    assert messages("text.r124-4-basis", ctx3, 1, text3) == []


def test_the_deadline_follows_a_recorded_receipt() -> None:
    from generator.events import LetterSent

    ctx, text = letter("novatech.yaml", 6)
    sent = LetterSent(
        date=dt.date(2026, 11, 23),
        type="letter",
        letter="mise_en_demeure",
        channel="lrar",
        received=dt.date(2026, 11, 27),
    )
    case = ctx.loaded.case.model_copy(update={"events": [*ctx.loaded.case.events, sent]})
    _, received = letter("novatech.yaml", 6, case=case)
    assert received.deadline == dt.date(2026, 12, 5)  # 27 November + 8 days (stand-in figures: not rolled)
    assert "et au plus tard le 5 décembre 2026" in received.text


class _FirstNoticeFigures(FakeFigures):
    """The stand-in figures, with legal interest from the first recorded mise en demeure, as computed."""

    def statement(self, loaded: Any, at: dt.date, *, notice: bool = False, invoices: Any = None) -> Any:
        from generator.accrual import mise_en_demeure_date

        base = super().statement(loaded, at, notice=notice)
        return dataclasses.replace(base, interest_from=mise_en_demeure_date(loaded.case, at) or base.interest_from)


def _second_notice(monkeypatch: pytest.MonkeyPatch, received: dt.date | None) -> tuple[CheckContext, LetterText]:
    from generator.events import LetterSent

    install_fake_figures(monkeypatch, _FirstNoticeFigures())
    ctx, _ = letter("durand.yaml", 1)
    first = LetterSent(
        date=dt.date(2026, 10, 30), type="letter", letter="mise_en_demeure", channel="lrar", received=received
    )
    case = ctx.loaded.case.model_copy(update={"events": [*ctx.loaded.case.events, first]})
    return letter("durand.yaml", 1, case=case)


def test_a_second_mise_en_demeure_does_not_start_interest(monkeypatch: pytest.MonkeyPatch) -> None:
    ctx, text = _second_notice(monkeypatch, dt.date(2026, 11, 3))
    assert (
        "Les intérêts au taux légal (article 1344-1 du Code civil) courent sur la somme due depuis le "
        "3 novembre 2026, date de réception de notre mise en demeure du 30 octobre 2026"
    ) in text.text
    assert "fait courir" not in text.text
    assert messages("text.med-interest-start", ctx, 1, text) == []
    assert messages("text.med-1344-1", ctx, 1, text) == []
    wrong = dataclasses.replace(text, text=text.text + " La présente mise en demeure fait courir les intérêts.")
    assert messages("text.med-interest-start", ctx, 1, wrong) == [
        'the letter says it starts legal interest ("fait courir les intérêts"), which already runs since '
        "3 novembre 2026 from an earlier mise en demeure"
    ]
    silent = dataclasses.replace(text, text=text.text.replace("3 novembre 2026", ""))
    assert messages("text.med-interest-start", ctx, 1, silent) == [
        "the letter does not say legal interest runs since 3 novembre 2026, the receipt of the first mise en demeure"
    ]


def test_a_first_mise_en_demeure_starts_interest(monkeypatch: pytest.MonkeyPatch) -> None:
    ctx, text = letter("durand.yaml", 1)
    assert "elle fait courir les intérêts" in text.text
    assert messages("text.med-interest-start", ctx, 1, text) == []
    ctx, text = _second_notice(monkeypatch, None)
    assert "depuis le 30 octobre 2026, date de notre mise en demeure du 30 octobre 2026" in text.text
