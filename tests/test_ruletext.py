"""Rule messages in French: every template has its French text, and real findings come out in French."""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from pathlib import Path
from typing import Any

import pytest
import test_court
import test_rules_case
import test_rules_ladder
import test_rules_letter
import test_rules_parties
import test_rules_sending
from babel.messages.pofile import read_po
from casebuilder import AS_OF, BASE, changed, dump
from click.testing import CliRunner

from generator import cases, ruletext, validate
from generator.cli import cli
from generator.errors import Finding
from generator.resources import data_file


def _names(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_rule_template_has_its_french_text_with_the_same_placeholders() -> None:
    with data_file("fr.po").open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    templates = [t for t in ruletext.catalogue().all_templates() if t.wordy]
    assert len(templates) > 150  # the extraction still finds the rules' messages
    missing = [t.msgid for t in templates if not (catalog.get(t.msgid) and catalog.get(t.msgid).string)]
    assert not missing, "add to generator/data/fr.po:\n\n" + "\n\n".join(
        f'#, python-brace-format\nmsgid {json.dumps(m, ensure_ascii=False)}\nmsgstr ""' for m in missing
    )
    for template in templates:
        assert _names(catalog.get(template.msgid).string) == _names(template.msgid), template.msgid


def test_every_rule_has_its_templates() -> None:
    from generator.rules import all_rules

    found = ruletext.catalogue().by_rule
    assert sorted(r.id for r in all_rules() if not found.get(r.id)) == []


def test_templates_are_read_from_the_rules_own_f_strings() -> None:
    by_rule = {rule: [t.msgid for t in ts] for rule, ts in ruletext.catalogue().by_rule.items()}
    assert by_rule["invoice.amount-positive"] == [
        "amount {amount} is not above zero",
        'write the amount including tax, e.g. "1500.00"; record credit notes as payments',
    ]
    assert by_rule["identity.siren"][0] == "SIREN {siren} is not valid: {why}{note}"
    assert (
        "name the firm: sender: {{role: {role}, firm: KEY}} with KEY under firms: in {CONFIG}"
        in by_rule["sender.identity"]
    )


_RENDERED = re.compile(
    r"^(?P<where>.*?): (?:(?P<field>[^\[]*?): )?\[(?P<severity>error|warning) "
    r"(?P<rule>[\w.-]+)\] (?P<rest>.*)$"
)


def _pinned() -> list[str]:
    """The English findings other tests pin, exactly as relance prints them."""
    found = [
        line
        for _, _, lines in test_rules_case.CASES
        + test_rules_parties.IDENTITIES
        + test_rules_letter.CASES
        + test_rules_ladder.CASES
        + test_rules_sending.CASES
        for line in lines
    ]
    return found + [line for _, _, _, line in test_court.BLOCKED]


@pytest.mark.parametrize("line", _pinned())
def test_every_pinned_english_finding_has_a_french_text(line: str) -> None:
    match = _RENDERED.match(line)
    assert match, line
    rest = match["rest"]
    message, _, fix = rest.rpartition(" (fix: ") if " (fix: " in rest else (rest, "", ")")
    fix = fix[:-1]
    assert ruletext.translate(match["rule"], message, "fr") != message, message
    if fix:
        assert ruletext.translate(match["rule"], fix, "fr") != fix, fix


def _finding(rule: str, message: str, fix: str = "") -> Finding:
    return Finding(rule, "error", Path("cases/x.yaml"), 11, "invoices[0].amount", message, fix)


def test_french_findings_pinned() -> None:
    assert ruletext.render(
        _finding(
            "invoice.amount-positive",
            "amount 0.00 is not above zero",
            'write the amount including tax, e.g. "1500.00"; record credit notes as payments',
        ),
        "fr",
    ) == (
        "cases/x.yaml:11: invoices[0].amount: [erreur invoice.amount-positive] le montant 0,00 n’est pas supérieur "
        'à zéro (correction : écrire le montant TTC, par exemple "1500.00" ; enregistrer les avoirs comme des '
        "paiements)"
    )
    # Phrases inside a message are translated too: the reason, the note on where the identity comes from.
    assert ruletext.translate(
        "identity.siren",
        "SIREN 732829321 is not valid: its check digit is wrong (party 'atelier' in relance.yaml)",
        "fr",
    ) == ("le SIREN 732829321 n’est pas valide : sa clé de contrôle est fausse (partie 'atelier' dans relance.yaml)")
    # A list of phrases joined into a message: each item, and the joiner.
    assert ruletext.translate(
        "text.med-invoices", "invoice 2024-053: the letter lacks its number, due date 15/02/2024", "fr"
    ) == ("facture 2024-053 : il manque à la lettre son numéro, son échéance du 15/02/2024")
    assert ruletext.translate(
        "firm.declaration", "recovery firm 'Recouvre' has no insurance and no declaration", "fr"
    ) == ("le cabinet de recouvrement 'Recouvre' n’a pas d’assurance ni de déclaration au procureur")
    # A missing rate's own text, handed to rates.missing as a value.
    assert ruletext.translate(
        "rates.missing",
        "the statement at 2026-07-15 needs a rate: no legal interest rate for 2026-H2 in the rate tables",
        "fr",
    ) == (
        "le décompte au 15/07/2026 demande un taux : pas de taux d’intérêt légal pour 2026-H2 dans les tables de taux"
    )
    # Words passed as values, and ISO dates, the French way.
    assert ruletext.translate("history.future", "payment on 2024-05-01, after the check date 2024-04-01", "fr") == (
        "paiement le 01/05/2024, après la date de vérification du 01/04/2024"
    )


def test_a_text_no_template_matches_stays_english() -> None:
    assert ruletext.translate("invoice.amount-positive", "something else entirely", "fr") == "something else entirely"
    assert ruletext.translate("no.such-rule", "amount 0 is not above zero", "fr") == "amount 0 is not above zero"
    assert (
        ruletext.translate("invoice.amount-positive", "amount 0 is not above zero", "en")
        == "amount 0 is not above zero"
    )


def _repo(tmp_path: Path, config: dict[str, Any] | None = None) -> Path:
    (tmp_path / "cases").mkdir()
    (tmp_path / "relance.yaml").write_text(dump(config or {}), encoding="utf-8")
    (tmp_path / "cases" / "x.yaml").write_text(dump(changed({"invoices.0.amount": "0.00"})), encoding="utf-8")
    return tmp_path


FR_LINE = (
    "cases/x.yaml:13: invoices[0].amount: [erreur invoice.amount-positive] le montant 0,00 n’est pas "
    'supérieur à zéro (correction : écrire le montant TTC, par exemple "1500.00" ; enregistrer les avoirs '
    "comme des paiements)"
)
EN_LINE = (
    "cases/x.yaml:13: invoices[0].amount: [error invoice.amount-positive] amount 0.00 is not above zero "
    '(fix: write the amount including tax, e.g. "1500.00"; record credit notes as payments)'
)


def _validate(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str, env: dict[str, str] | None = None) -> str:
    monkeypatch.chdir(root)
    monkeypatch.delenv("RELANCE_LANG", raising=False)
    result = CliRunner().invoke(cli, ["validate", "--as-of", AS_OF.isoformat(), *args], env=env)
    assert result.exit_code == 1, result.output
    return result.output


def test_validate_speaks_english_unless_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = _validate(_repo(tmp_path), monkeypatch)
    assert out.splitlines()[0] == EN_LINE
    assert out.splitlines()[-1] == "1 case checked: 0 ok, 1 with errors (1 error, 0 warnings)"


def test_validate_lang_fr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = _validate(_repo(tmp_path), monkeypatch, "--lang", "fr")
    assert out.splitlines()[0] == FR_LINE
    assert out.splitlines()[-1] == "1 dossier vérifié : 0 sans problème, 1 avec erreurs (1 erreur, 0 avertissement)"


def test_validate_language_from_the_environment_and_from_relance_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, {"defaults": {"language": "fr"}})
    assert _validate(root, monkeypatch).splitlines()[0] == FR_LINE
    assert _validate(root, monkeypatch, env={"RELANCE_LANG": "en"}).splitlines()[0] == EN_LINE
    assert _validate(root, monkeypatch, "--lang", "en").splitlines()[0] == EN_LINE


def test_validate_json_in_french_keeps_its_keys_and_rule_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.loads(_validate(_repo(tmp_path), monkeypatch, "--lang", "fr", "--format", "json"))
    finding = data["findings"][0]
    assert (finding["rule"], finding["severity"], finding["message"]) == (
        "invoice.amount-positive",
        "error",
        "le montant 0,00 n’est pas supérieur à zéro",
    )


def test_github_annotations_in_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = _validate(_repo(tmp_path), monkeypatch, "--lang", "fr", "--format", "github")
    assert "::error file=" in out and "le montant 0,00 n’est pas supérieur à zéro (correction : " in out


def test_french_on_the_whole_demo_leaves_no_english_message(monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(root)
    reports = validate.validate([root / "cases"], dt.date(2026, 12, 1))
    findings = [f for r in reports for f in r.findings]
    assert findings
    for finding in findings:
        assert ruletext.finding_in(finding, "fr").message != finding.message, finding.render()


def test_configured_language_is_read_from_relance_yaml(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"defaults": {"language": "en"}})
    assert cases.load_repository(root).config.defaults.language == "en"
    assert BASE  # the case is the shared base case


def test_build_prints_its_findings_and_counts_in_french(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from generator.build import build_all

    root = _repo(tmp_path)
    monkeypatch.chdir(root)
    caplog.set_level("INFO", logger="generator")
    build_all([Path("cases")], out=root / "output", html_only=True, as_of=AS_OF, lang="fr")
    assert [r.getMessage() for r in caplog.records if r.name == "generator.build"] == [
        f"bloqué : {FR_LINE}",
        "0 produite, 0 inchangée, 1 bloquée",
    ]


def test_a_fix_keeps_its_values_as_they_are_typed() -> None:
    # A fix says what to write in the case file or type in a command: 2024-02-15, not 15/02/2024.
    assert ruletext.translate(
        "letter.invoice-not-due",
        "remove it from letters[0].invoices (a letter claims only "
        "late invoices by default), or date the letter after 2024-02-15",
        "fr",
        fix=True,
    ) == (
        "la retirer de letters[0].invoices (une lettre ne réclame par défaut que les factures échues), ou dater la "
        "lettre après le 2024-02-15"
    )
    assert ruletext.translate(
        "letter.invoice-not-due",
        "invoice 2024-053 falls due on 2024-02-15: it is not late on the letter date 2024-02-15",
        "fr",
    ) == (
        "la facture 2024-053 arrive à échéance le 15/02/2024 : elle n’est pas en retard à la date de la lettre, le "
        "15/02/2024"
    )


def test_a_missing_rate_handed_to_due_prints_in_both_languages() -> None:
    what = ruletext.phrase(
        "no ECB main refinancing rate confirmed for 2026-07-01 in the rate tables (confirmed up to 2026-02-05)"
    )
    fix = ruletext.phrase(
        "run relance rates update (it reads the rate in force on 2026-07-01 from the ECB Data "
        'Portal), or: relance rates add ecb 2026-07-01 --rate … --source "décision de la BCE du …"',
        fix=True,
    )
    assert not isinstance(what, str) and not isinstance(fix, str)
    assert what.render("en") == (
        "no ECB main refinancing rate confirmed for 2026-07-01 in the rate tables (confirmed up to 2026-02-05)"
    )
    assert what.render("fr") == (
        "pas de taux de refinancement principal de la BCE confirmé pour le 01/07/2026 dans "
        "les tables de taux (confirmé jusqu’au 05/02/2026)"
    )
    assert "relance rates add ecb 2026-07-01 --rate" in fix.render("fr")
    assert ruletext.phrase("not a known phrase") == "not a known phrase"


def test_schema_findings_in_french() -> None:
    # schemaerrors._explain's texts, and a bad value's own (fields.Invalid), by the same templates.
    assert (
        ruletext.translate("schema.choice", "'pigeon' is not allowed", "fr") == "'pigeon' n’est pas une valeur permise"
    )
    assert (
        ruletext.translate("schema.choice", "use one of 'email', 'post' or 'lrar'", "fr", fix=True)
        == "utiliser l’une de ces valeurs : 'email', 'post' or 'lrar'"
    )
    assert (
        ruletext.translate("schema.unknown-key", "remove it; allowed here: deadline_days, schedule", "fr", fix=True)
        == "la retirer ; clés permises ici : deadline_days, schedule"
    )
    assert (
        ruletext.translate("schema.float-amount", "amount 1500.5 is a YAML float, which can lose cents", "fr")
        == "le montant 1500.5 est un nombre à virgule flottante YAML, qui peut perdre des centimes"
    )
    # What the user typed is quoted as typed, even when it looks like a date.
    assert (
        ruletext.translate("schema.date", "'2026-13-01' is not a valid date", "fr")
        == "'2026-13-01' n’est pas une date valide"
    )


def test_a_finding_quoted_by_due_prints_in_either_language_and_survives_the_cache() -> None:
    from generator.i18n import Msg

    finding = Finding(
        "schema.float-amount",
        "error",
        Path("cases/l.yaml"),
        4,
        "invoices[0].amount",
        "amount 400.5 is a YAML float, which can lose cents",
        'write it in quotes: "400.50"',
    )
    quoted = Msg.from_json(json.loads(json.dumps(ruletext.finding_msg(finding).to_json())))
    assert quoted.render("en") == finding.render()
    assert quoted.render("fr") == (
        "cases/l.yaml:4: invoices[0].amount: [erreur schema.float-amount] le montant 400.5 est un nombre à virgule "
        'flottante YAML, qui peut perdre des centimes (correction : l’écrire entre guillemets : "400.50")'
    )


# A French message naming a letter type agrees with no gender of its own: "la rappel" and
# "une échéancier" were printed before the letter moved out of the article's way.
@pytest.mark.parametrize(
    ("rule", "english", "french"),
    [
        (
            "letter.backdated",
            "dated 2026-11-20, before the rappel already sent on 2026-11-25",
            "datée du 20/11/2026, avant une lettre déjà envoyée le 25/11/2026 (rappel)",
        ),
        (
            "letter.repeated",
            "a rappel was already sent on 2026-11-25: three identical reminders are the classic mistake",
            "la même lettre (rappel) a déjà été envoyée le 25/11/2026 : trois relances identiques sont l’erreur classique",
        ),
        (
            "court.prescribed",
            "invoice F-1 is time-barred since 2026-01-01: the petites_creances cannot claim it",
            "la facture F-1 est prescrite depuis le 01/01/2026 : le document (petites_creances) ne peut la réclamer",
        ),
        (
            "text.court-contents",
            'the requete_injonction does not state "article 1405"',
            "le document (requete_injonction) n’indique pas « article 1405 »",
        ),
    ],
)
def test_french_messages_naming_a_letter_need_no_gender(rule: str, english: str, french: str) -> None:
    assert ruletext.translate(rule, english, "fr") == french
