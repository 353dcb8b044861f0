"""Rendering letters: every variant renders, data is escaped, templates can be overridden, goldens."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import goldens
import pytest
from fixtures.figures import FakeFigures, install_fake_figures

from generator import cases, context, render, templates, validate
from generator.cases import LoadedCase, Repository
from generator.errors import Finding, RelanceError
from generator.letters import COURT_DOCUMENTS, LETTER_TYPES
from generator.models import Sender
from generator.rates import MissingRate
from generator.resources import builtin_templates
from generator.validate import CaseReport

FIXTURES = Path(__file__).parent / "fixtures" / "repo"
BUILTIN = builtin_templates().resolve()
DEMO = Path(__file__).parent.parent
DEMO_TYPES = (*COURT_DOCUMENTS, "reconnaissance_dette")  # no fixture case holds them


@pytest.fixture(autouse=True)
def figures(monkeypatch: pytest.MonkeyPatch) -> None:
    install_fake_figures(monkeypatch)


def load(name: str, root: Path = FIXTURES) -> LoadedCase:
    repo = cases.load_repository(root)
    result = cases.load_case(root / "cases" / name, repo)
    assert result.case is not None, [f.render() for f in result.findings]
    return result.case


def variant(loaded: LoadedCase, role: str, kind: str) -> LoadedCase:
    case = loaded.case.model_copy(update={"debtor": loaded.case.debtor.model_copy(update={"kind": kind})})
    firm = {
        "creditor": None,
        "recovery_firm": loaded.repo.config.firms["recouvra"],
        "lawyer": loaded.repo.config.firms["lefort"],
    }[role]
    return dataclasses.replace(loaded, case=case, sender=Sender(role=role), firm=firm)


@pytest.mark.parametrize("role", ["creditor", "recovery_firm", "lawyer"])
@pytest.mark.parametrize("kind", ["business", "consumer"])
def test_every_letter_type_renders_for_every_sender_and_debtor(role: str, kind: str) -> None:
    loaded = variant(load("novatech.yaml"), role, kind)
    renderer = render.Renderer(loaded.repo)
    rendered = {
        renderer.render_letter(loaded, i, assets_href=None).type: renderer.render_letter(loaded, i, assets_href=None)
        for i in range(len(loaded.case.letters))
    }
    # The court documents are addressed to a court, not the debtor: tests/test_court.py renders them.
    # The acknowledgement is a document the debtor signs: tests/test_acknowledgement.py renders it.
    assert sorted(rendered) == sorted(set(LETTER_TYPES) - set(COURT_DOCUMENTS) - {"reconnaissance_dette"})
    for letter in rendered.values():
        assert letter.html.startswith('<!DOCTYPE html>\n<html lang="fr">')
        assert "Novatech SAS" in letter.text.text
        assert ("Recouvra SAS" in letter.text.text) == (role == "recovery_firm")
        assert ("consulter un avocat" in letter.text.text) == (role == "lawyer")
        assert ("indemnité forfaitaire" in letter.text.text) == (
            kind == "business" and letter.type not in ("rappel", "confirmation_promesse", "echeancier")
        )


def test_rendered_letter_fields() -> None:
    loaded = load("novatech.yaml")
    letter = render.Renderer(loaded.repo).render_letter(loaded, 6, assets_href="../../assets")
    assert (letter.index, letter.type, letter.slug) == (6, "mise_en_demeure", "2026-11-23-mise_en_demeure")
    assert (letter.title, letter.author, letter.date) == (
        "Mise en demeure — Novatech SAS",
        "Atelier Bernard SARL",
        dt.date(2026, 11, 23),
    )
    assert '<link rel="stylesheet" href="../../assets/letter.css">' in letter.html
    assert (letter.attachments, letter.pdfa) == ((), False)
    assert letter.templates[:4] == (
        BUILTIN / "letters/mise_en_demeure.html",
        BUILTIN / "base.html",
        BUILTIN / "partials/document_head.html",
        BUILTIN / "partials/footer.html",
    )
    assert BUILTIN / "assets/letter.css" in letter.templates
    assert BUILTIN / "assets/fonts/LiberationSerif-Regular.ttf" in letter.templates
    # No repository templates folder: only the more specific built-in names were missing.
    assert letter.missing[:3] == (
        BUILTIN / "letters/mise_en_demeure.creditor.business.html",
        BUILTIN / "letters/mise_en_demeure.creditor.html",
        BUILTIN / "letters/mise_en_demeure.business.html",
    )
    assert "<link" not in render.Renderer(loaded.repo).render_letter(loaded, 6, assets_href=None).html


def test_letter_text_says_what_the_law_asks() -> None:
    loaded = load("novatech.yaml")
    text = render.Renderer(loaded.repo).render_letter(loaded, 6, assets_href=None).text.text
    for phrase in [
        "Lyon, le 23 novembre 2026",
        "Lettre recommandée avec demande d'avis de réception n° 1A 234 567 8901 2",
        "Objet : Mise en demeure de payer — factures nos 2026-053, 2026-061",
        "notre relance du 20 août 2026 (référence BER-2026-014-20260820) ; notre deuxième relance du "
        "5 septembre 2026. Ils n'ont été suivis que d'un règlement partiel.",
        "Le 11 septembre 2026, vous aviez pris l'engagement de régler 16 000,00 € au plus tard le "
        "18 septembre 2026. Cet engagement n'a pas été tenu.",
        "Nous avons bien reçu votre règlement : 2 000,00 € le 20 septembre 2026 (facture n° 2026-053)",
        "nous vous mettons en demeure, par la présente, de payer la somme de 17 897,23 € (dix-sept mille huit "
        "cent quatre-vingt-dix-sept euros et vingt-trois centimes), arrêtée au 23 novembre 2026, dans un délai "
        "de huit jours à compter de la réception de la présente, et au plus tard le 3 décembre 2026.",
        "des pénalités de retard courent de plein droit depuis le lendemain de la date d'échéance",
        "La présente lettre vaut mise en demeure au sens de l'article 1344 du Code civil.",
        "À défaut de paiement dans ce délai, nous saisirons la juridiction compétente d'une requête en injonction "
        "de payer, sans autre avis.",
        "par virement au bénéficiaire Atelier Bernard SARL (IBAN FR76 3000 6000 0112 3456 7890 189, BIC AGRIFRPP)",
        "Annexe — Décompte au 23 novembre 2026",
        "16/08/2026 23/11/2026 100 / 365 16 000,00 € 12,15 % (1) 532,60 €",
        "Sources des taux : (1) BCE 2,15 % + 10 points",
        "Nous restons disponibles pour en parler.",
    ]:
        assert phrase in text


def test_b2c_recovery_firm_letter() -> None:
    loaded = load("durand.yaml")
    text = render.Renderer(loaded.repo).render_letter(loaded, 1, assets_href=None).text.text
    assert (
        "Recouvra SAS, 22 quai Saint-Antoine, 69002 Lyon, exerce une activité de recouvrement amiable de "
        "créances pour le compte d'autrui. Nous intervenons pour le compte de Cuisines Martin SARL"
    ) in text
    assert (
        "Notre premier courrier relatif à cette créance vous a été adressé le 10 octobre 2026 sous la "
        "référence RC-7781-01."
    ) in text
    assert (
        "Conformément à l'article 1344-1 du Code civil, elle fait courir les intérêts "
        "au taux légal sur la somme due à compter du 9 novembre 2026"
    ) in text
    assert "indemnité" not in text and "pénalités" not in text


def test_missing_promise_or_plan_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "c.yaml").write_text(
        (FIXTURES / "cases" / "lumen.yaml")
        .read_text(encoding="utf-8")
        .replace("sender: lawyer\n", "")
        .replace("type: mise_en_demeure", "type: echeancier"),
        encoding="utf-8",
    )
    loaded = load("c.yaml", tmp_path)
    with pytest.raises(RelanceError) as caught:
        render.Renderer(loaded.repo).render_letter(loaded, 0, assets_href=None)
    assert caught.value.message == (
        f"{loaded.path}:14: letters[0]: an echeancier sets out a payment plan, and none is recorded on or "
        "before the letter date (add a 'type: payment_plan' event)"
    )


HOSTILE = """\
creditor:
  name: "Atelier <b>Bernard</b>"
  address: ["8 rue des Lilas", "69003 Lyon"]
debtor:
  kind: business
  name: "<script>alert(1)</script>"
  address: ['<img src="file:///etc/passwd">', "../../etc/passwd", "69007 Lyon"]
  attention: {name: '<link rel="attachment" href="file:///etc/shadow">'}
invoices:
  - {number: "../../../etc/passwd", issued: 2026-07-16, due: 2026-08-15, amount: "100.00",
     label: "http://127.0.0.1/evil.css"}
letters:
  - type: mise_en_demeure
    date: 2026-11-23
    place: '<style>@import url(http://127.0.0.1/x.css);</style>'
    paragraph: |
      <b>gras</b> <img src="file:///etc/passwd"> [lien](http://127.0.0.1/x) ![i](file:///etc/hostname)
      <http://127.0.0.1/auto> *ok*
"""


def tags_with_urls(html: str) -> list[str]:
    """Elements that could make a renderer fetch something: only the stylesheet link is expected."""
    found: list[str] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("img", "script", "style", "link", "a", "object", "iframe", "embed") or any(
                name in ("src", "href", "data", "style") for name, _ in attrs
            ):
                found.append(tag)

    Parser().feed(html)
    return found


def test_case_data_is_escaped(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    loaded = load("hostile.yaml", tmp_path)
    html = render.Renderer(loaded.repo).render_letter(loaded, 0, assets_href=None).html
    assert tags_with_urls(html) == []
    for raw in ("<script", "<img", "<b>", "<style", "<a ", "<link"):
        assert raw not in html
    for escaped in (
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;img src=&#34;file:///etc/passwd&#34;&gt;",
        "../../../etc/passwd",
        "Atelier &lt;b&gt;Bernard&lt;/b&gt;",
        "&lt;style&gt;@import url(http://127.0.0.1/x.css);&lt;/style&gt;",
    ):
        assert escaped in html
    assert context.paragraph_html(loaded.case.letters[0].paragraph) == (
        '<p>&lt;b&gt;gras&lt;/b&gt; &lt;img src="file:///etc/passwd"&gt; [lien](http://127.0.0.1/x) '
        "![i](file:///etc/hostname)\n&lt;http://127.0.0.1/auto&gt; <em>ok</em></p>"
    )


def test_markdown_paragraph_keeps_emphasis_and_lists() -> None:
    assert context.paragraph_html("Un *mot* et **deux**.\n\n- a\n- b") == (
        "<p>Un <em>mot</em> et <strong>deux</strong>.</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>"
    )
    assert context.paragraph_html(None) is None


def override_repo(tmp_path: Path, templates: dict[str, str]) -> Path:
    root = tmp_path / "repo"
    (root / "cases").mkdir(parents=True)
    for name in ("relance.yaml", "cases/lumen.yaml"):
        (root / name).write_text((FIXTURES / name).read_text(encoding="utf-8"), encoding="utf-8")
    for name, text in templates.items():
        (root / "letter_templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "letter_templates" / name).write_text(text, encoding="utf-8")
    return root


def test_repository_override_and_default_prefix(tmp_path: Path) -> None:
    root = override_repo(
        tmp_path,
        {
            "letters/mise_en_demeure.lawyer.html": '{% extends "default:letters/mise_en_demeure.html" %}\n'
            "{% block closing %}Veuillez agréer, {{ salutation[:-1] }}, mes salutations confraternelles.{% endblock %}\n",
            "partials/signature.html": "<p>Signé : {{ signatory.name }}</p>\n",
        },
    )
    loaded = load("lumen.yaml", root)
    renderer = render.Renderer(loaded.repo)
    assert renderer.search_path() == [(root / "letter_templates").resolve(), BUILTIN]
    letter = renderer.render_letter(loaded, 0, assets_href=None)
    assert "Veuillez agréer, Madame, Monsieur, mes salutations confraternelles." in letter.text.text
    assert "Signé : Maître Anne Lefort" in letter.text.text
    assert "Nous vous prions d'agréer" not in letter.text.text
    local = (root / "letter_templates").resolve()
    assert letter.templates[:3] == (
        local / "letters/mise_en_demeure.lawyer.html",
        BUILTIN / "letters/mise_en_demeure.html",
        BUILTIN / "base.html",
    )
    assert local / "partials/signature.html" in letter.templates
    assert BUILTIN / "partials/signature.html" not in letter.templates
    assert local / "letters/mise_en_demeure.lawyer.business.html" in letter.missing
    assert local / "base.html" in letter.missing
    assert letter.text.template == str(local / "letters/mise_en_demeure.lawyer.html")


def report_for(loaded: LoadedCase) -> CaseReport:
    return CaseReport(loaded.path, loaded, [])


def test_strict_undefined_becomes_a_located_finding(tmp_path: Path) -> None:
    root = override_repo(
        tmp_path,
        {
            "letters/mise_en_demeure.html": '{% extends "default:letters/mise_en_demeure.html" %}\n'
            "{% block body %}\n<p>{{ debtor.nom }}</p>\n{% endblock %}\n"
        },
    )
    loaded = load("lumen.yaml", root)
    report = report_for(loaded)
    validate.check_rendered_text(report, dt.date(2026, 11, 23))
    [finding] = report.findings
    assert (finding.rule, finding.severity, finding.path, finding.line, finding.field, finding.letter) == (
        "render.failed",
        "error",
        (root / "letter_templates/letters/mise_en_demeure.html").resolve(),
        3,
        "letters[0]",
        0,
    )
    assert finding.message == "template error: 'generator.parties.Debtor object' has no attribute 'nom'"


def test_template_syntax_error_is_located(tmp_path: Path) -> None:
    root = override_repo(tmp_path, {"letters/mise_en_demeure.html": "<p>\n{% if %}\n"})
    loaded = load("lumen.yaml", root)
    report = report_for(loaded)
    validate.check_rendered_text(report, dt.date(2026, 11, 23))
    [finding] = report.findings
    assert (finding.rule, finding.path, finding.line) == (
        "render.failed",
        (root / "letter_templates/letters/mise_en_demeure.html").resolve(),
        2,
    )
    assert finding.message == "template syntax error: Expected an expression, got 'end of statement block'"


def test_missing_rate_becomes_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    class NoRates(FakeFigures):
        def statement(
            self, loaded: LoadedCase, at: dt.date, *, notice: bool = False, invoices: object = None
        ) -> object:
            raise MissingRate("no legal interest rate for 2026-H2", "add it under rates: in relance.yaml")

    install_fake_figures(monkeypatch, NoRates())
    loaded = load("lumen.yaml")
    report = report_for(loaded)
    validate.check_rendered_text(report, dt.date(2026, 11, 23))
    [finding] = report.findings
    assert (finding.rule, finding.path, finding.line, finding.letter) == ("rates.missing", loaded.path, 15, 0)
    assert finding.message == "no legal interest rate for 2026-H2; add it under rates: in relance.yaml"


def test_only_the_rate_tables_missing_rate_is_a_rates_finding() -> None:
    """The rule comes from the exception's class, not its name: another error named alike is a render failure."""

    class MissingRate(RelanceError):  # not generator.rates.MissingRate
        pass

    loaded = load("lumen.yaml")
    finding = validate.render_finding(loaded, 0, MissingRate("no template for it"), [])
    assert (finding.rule, finding.message) == ("render.failed", "no template for it")


def test_the_fixture_letters_pass_every_text_rule() -> None:
    for name in ("novatech.yaml", "durand.yaml", "lumen.yaml"):
        report = report_for(load(name))
        validate.check_rendered_text(report, dt.date(2026, 11, 23))
        assert [f.render() for f in report.findings] == []


def test_the_fixture_letters_pass_with_the_real_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the autouse stand-ins out: the real statement and deadline
    for name in ("novatech.yaml", "durand.yaml", "lumen.yaml"):
        report = report_for(load(name))
        validate.check_rendered_text(report, dt.date(2026, 11, 23))
        assert [f.render() for f in report.findings] == []


def test_blocked_letters_are_not_rendered(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = load("lumen.yaml")
    report = report_for(loaded)
    report.findings.append(Finding("x", "error", loaded.path, 1, None, "blocked", "", 0))
    monkeypatch.setattr(render.Renderer, "render_letter", None)  # would fail if called
    validate.check_rendered_text(report, dt.date(2026, 11, 23))
    assert len(report.findings) == 1


def test_pdf_attachments_stay_inside_the_repository(tmp_path: Path) -> None:
    root = override_repo(tmp_path, {})
    text = (root / "cases/lumen.yaml").read_text(encoding="utf-8")
    (root / "cases/lumen.yaml").write_text(
        text.replace('amount: "4200.00"}', 'amount: "4200.00", pdf: ../x.pdf}').replace(
            "deadline_days: 10}", "deadline_days: 10, pdfa: true}"
        ),
        encoding="utf-8",
    )
    loaded = load("lumen.yaml", root)
    with pytest.raises(RelanceError) as caught:
        render.Renderer(loaded.repo).render_letter(loaded, 0, assets_href=None)
    assert caught.value.message == (
        f"{loaded.path}:13: invoices[0].pdf: '../x.pdf' is outside the repository "
        "(give a path relative to the repository root)"
    )


def test_place_defaults_to_the_sender_town() -> None:
    assert context.town(["40 boulevard des Belges", "69006 Lyon Cedex 06"]) == "Lyon"
    assert context.town(["1 rue X", "13001 Marseille"]) == "Marseille"
    assert context.town(["Genève"]) == "Genève"


@pytest.mark.parametrize("name", goldens.LETTER_CASES)
def test_golden_letters(name: str, golden: Callable[[str, str], None], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # goldens show the real statement and deadline, as a build writes them
    loaded = load(name)
    renderer = render.Renderer(loaded.repo)
    for index in range(len(loaded.case.letters)):
        letter = renderer.render_letter(loaded, index, assets_href="../assets")
        golden(f"{Path(name).stem}-{letter.slug}.html", letter.html)


@pytest.mark.parametrize("name", goldens.DEMO_DOCUMENTS)
def test_golden_demo_documents(name: str, golden: Callable[[str, str], None], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()
    loaded = load(name, DEMO)
    renderer = render.Renderer(loaded.repo)
    for index, request in enumerate(loaded.case.letters):
        if request.type in DEMO_TYPES:
            letter = renderer.render_letter(loaded, index, assets_href="../assets")
            golden(f"demo-{Path(name).stem}-{letter.slug}.html", letter.html)


def test_rendering_is_deterministic() -> None:
    loaded = load("novatech.yaml")
    first = render.Renderer(loaded.repo).render_letter(loaded, 6, assets_href=None).html
    templates._ENVIRONMENTS.clear()
    assert render.Renderer(loaded.repo).render_letter(loaded, 6, assets_href=None).html == first


def test_unused_repository_is_fine(tmp_path: Path) -> None:
    assert render.Renderer(Repository(root=tmp_path, config=cases.Config())).search_path() == [BUILTIN]


def test_the_text_checks_return_their_renders() -> None:
    """A build writes the PDF from the render the text checks made: it must be the PDF's HTML."""
    loaded = load("novatech.yaml")
    renders = validate.check_rendered_text(report_for(loaded), dt.date(2026, 11, 23))
    assert sorted(renders) == list(range(len(loaded.case.letters)))
    fresh = render.Renderer(loaded.repo)
    for index, kept in renders.items():
        assert kept.html == fresh.render_letter(loaded, index, assets_href=None).html


def test_no_orphan_golden_files() -> None:
    # A golden file no test compares any more would pass for evidence while checking nothing.
    letters = {
        f"{Path(name).stem}-{letter.date.isoformat()}-{letter.type}.html"
        for name in goldens.LETTER_CASES
        for letter in load(name).case.letters
    }
    letters |= {
        f"demo-{Path(name).stem}-{letter.date.isoformat()}-{letter.type}.html"
        for name in goldens.DEMO_DOCUMENTS
        for letter in load(name, DEMO).case.letters
        if letter.type in DEMO_TYPES
    }
    assert sorted(goldens.on_disk() - letters - set(goldens.SITE_PAGES)) == []
    assert sorted((letters | set(goldens.SITE_PAGES)) - goldens.on_disk()) == []


def test_a_golden_difference_is_shown_as_a_unified_diff() -> None:
    assert goldens.difference("x.html", "<p>a</p>\n<p>b</p>\n", "<p>a</p>\n<p>b</p>\n") is None
    assert goldens.difference("x.html", "<p>a</p>\n<p>b</p>\n", "<p>a</p>\n<p>c</p>\n") == (
        "x.html differs from its golden file (pytest --update-golden to accept):\n"
        "--- tests/golden/x.html\n+++ x.html as rendered now\n@@ -1,2 +1,2 @@\n <p>a</p>\n-<p>b</p>\n+<p>c</p>\n"
    )


def test_fold_marks_are_a_setting(tmp_path: Path) -> None:
    loaded = load("novatech.yaml")
    html = render.Renderer(loaded.repo).render_letter(loaded, 0, assets_href=None).html
    assert "fold-mark" not in html
    config = loaded.repo.config.model_copy(
        update={"defaults": loaded.repo.config.defaults.model_copy(update={"fold_marks": True})}
    )
    marked = dataclasses.replace(loaded, repo=dataclasses.replace(loaded.repo, config=config))
    html = render.Renderer(marked.repo).render_letter(marked, 0, assets_href=None).html
    assert '<span class="fold-mark fold-1"></span><span class="fold-mark fold-2"></span>' in html
