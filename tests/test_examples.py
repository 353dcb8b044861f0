"""The demo repository (relance.yaml and cases/) is valid, current and matches the published schemas."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from stdnum import iban
from stdnum.fr import siren, siret, tva

from generator import cases, declaration, statement, yamlsource
from generator.cli import cli
from generator.events import LetterSent
from generator.letters import ESCALATION, LETTER_TYPES
from generator.validate import validate

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "cases").glob("*.yaml"))
TODAY = dt.date(2026, 11, 23)
# Rate tables stop at 2026-H1 (docs/law.md#rates): figures cannot be computed later.
RATES_KNOWN_UNTIL = dt.date(2026, 6, 30)
SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/case.schema.json"


def _iso(data: Any) -> Any:
    """YAML dates become ISO strings, as an editor's JSON Schema validator sees them."""
    if isinstance(data, dict):
        return {key: _iso(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_iso(value) for value in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _loaded() -> list[cases.LoadedCase]:
    repo = cases.load_repository(ROOT)
    results = [cases.load_case(path, repo) for path in CASES]
    assert [r.findings for r in results] == [[] for _ in results]
    return [r.case for r in results if r.case is not None]


def test_there_are_at_least_eight_examples() -> None:
    assert len(CASES) >= 8


def test_every_example_has_no_error_finding() -> None:
    reports = validate([ROOT / "cases"], as_of=TODAY, with_text=False)
    assert len(reports) == len(CASES)
    errors = [f.render() for report in reports for f in report.errors]
    assert errors == []
    assert all(report.loaded is not None for report in reports)


def test_every_example_passes_the_text_rules_too() -> None:
    reports = validate([ROOT / "cases"], as_of=TODAY, with_text=True)
    assert [f.render() for report in reports for f in report.errors] == []


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_example_starts_with_schema_comment_and_french_summary(path: Path) -> None:
    first, second = path.read_text(encoding="utf-8").splitlines()[:2]
    assert first == SCHEMA_COMMENT
    assert second.startswith("# ") and len(second) > 20


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_example_validates_against_published_schema(path: Path) -> None:
    data = _iso(yamlsource.read(path).data)
    assert [e.message for e in _validator("case.schema.json").iter_errors(data)] == []


def test_demo_config_validates_against_published_schema() -> None:
    data = _iso(yamlsource.read(ROOT / "relance.yaml").data)
    assert [e.message for e in _validator("config.schema.json").iter_errors(data)] == []


def test_published_schema_rejects_a_float_amount_and_an_unknown_key() -> None:
    data = _iso(yamlsource.read(CASES[0]).data)
    data["invoices"][0]["amount"] = 1500.5
    data["colour"] = "blue"
    messages = sorted(e.message for e in _validator("case.schema.json").iter_errors(data))
    assert messages == [
        "1500.5 is not of type 'string'",
        "Additional properties are not allowed ('colour' was unexpected)",
    ]


@pytest.mark.parametrize(
    ("name", "args"), [("case.schema.json", ["schema"]), ("config.schema.json", ["schema", "--config"])]
)
def test_shipped_schema_is_what_relance_schema_writes(name: str, args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert (ROOT / "schema" / name).read_text(encoding="utf-8") == result.output


def test_examples_cover_every_letter_type_and_every_sender() -> None:
    loaded = _loaded()
    requested = {letter.type for lc in loaded for letter in lc.case.letters}
    assert requested == set(LETTER_TYPES)
    assert set(ESCALATION) <= requested
    assert {lc.sender.role for lc in loaded} == {"creditor", "recovery_firm", "lawyer"}
    assert {lc.case.debtor.kind for lc in loaded} == {"business", "consumer"}
    assert any(not lc.case.letters for lc in loaded)  # an open dispute: nothing to send


def test_examples_history_is_in_order_and_before_each_letter() -> None:
    for lc in _loaded():
        dates = [event.date for event in lc.case.events]
        assert dates == sorted(dates), lc.path
        for letter in lc.case.letters:
            assert all(d <= letter.date for d in dates), lc.path
            assert letter.date <= TODAY, lc.path
        assert all(p.date <= TODAY for p in lc.case.payments), lc.path
        assert all(i.issued.year in (2025, 2026) for i in lc.case.invoices), lc.path


def test_letters_with_b2b_penalties_are_dated_within_the_rate_tables() -> None:
    for lc in _loaded():
        penalties = lc.case.debtor.kind == "business" and lc.case.terms.claim != "legal_interest"
        for letter in lc.case.letters:
            if penalties and letter.type != "rappel":  # a declaration's figures stop at the opening judgment
                assert declaration.statement_day(lc, letter) <= RATES_KNOWN_UNTIL, (lc.path, letter.type)


def test_every_letter_statement_can_be_computed() -> None:
    for lc in _loaded():
        for letter in lc.case.letters:
            assert statement.compute(lc, declaration.statement_day(lc, letter)).total > 0, (lc.path, letter.type)


def test_recovery_firm_follow_up_recalls_a_referenced_first_letter() -> None:
    for lc in _loaded():
        if lc.sender.role == "recovery_firm":
            firm = lc.firm
            assert firm is not None and firm.insurance and firm.declaration and firm.siren
            assert lc.sender.mandate is not None
            sent = [e for e in lc.case.events if isinstance(e, LetterSent) and e.reference]
            assert sent, lc.path


def _identities(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, dict):
        found = [data] if {"siren", "siret", "vat", "iban"} & set(data) else []
        return found + [i for value in data.values() for i in _identities(value)]
    if isinstance(data, list):
        return [i for value in data for i in _identities(value)]
    return []


def test_identity_numbers_pass_their_checksums() -> None:
    sources = [ROOT / "relance.yaml", *CASES]
    identities = [i for path in sources for i in _identities(yamlsource.read(path).data)]
    assert len(identities) >= 15
    for identity in identities:
        number = identity.get("siren")
        assert number is None or siren.is_valid(number), identity["name"]
        assert "siret" not in identity or (
            siret.is_valid(identity["siret"]) and identity["siret"].startswith(number or "")
        ), identity["name"]
        assert "vat" not in identity or (tva.is_valid(identity["vat"]) and identity["vat"].endswith(number or "")), (
            identity["name"]
        )
        assert "iban" not in identity or iban.is_valid(identity["iban"]), identity["name"]


def test_example_letters_quote_the_figures_of_their_statement() -> None:
    """Every figure a letter prints comes from the statement at the letter date."""
    from generator import frenchtext, render, statement
    from generator.rules.lettertext import normalise

    repo = cases.load_repository(ROOT)
    renderer = render.Renderer(repo)
    checked = 0
    for path in sorted((ROOT / "cases").glob("*.yaml")):
        loaded = cases.load_case(path, repo).case
        assert loaded is not None
        for index, request in enumerate(loaded.case.letters):
            figures = statement.compute(
                loaded, declaration.statement_day(loaded, request), notice=request.type == "mise_en_demeure"
            )
            text = renderer.render_letter(loaded, index, assets_href=None).text.text
            # A first reminder asks for the principal and states the penalties apart; the others
            # ask for the whole total.
            wanted = [figures.balance] if request.type == "relance_1" else [figures.total]
            if request.type == "relance_1" and figures.interest:
                wanted.append(figures.interest)
            for amount in wanted:
                assert normalise(frenchtext.amount(amount)) in text, (path.name, request.type, amount)
            checked += 1
    assert checked >= 10
