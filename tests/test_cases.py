"""Loading case files: Decimal money, schema errors located with a fix, parties from relance.yaml."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from generator import cases
from generator.errors import RelanceError

VALID = """\
creditor:
  name: Atelier Bernard SARL
  address: ["8 rue des Lilas", "69003 Lyon"]
debtor:
  kind: business
  name: Novatech SAS
  address: ["14 avenue Jean Jaurès", "69007 Lyon"]
invoices:
  - number: "2024-053"
    issued: 2024-01-16
    due: 2024-02-15
    amount: "18000.00"
"""


def load(tmp_path: Path, text: str, name: str = "x.yaml", config: str | None = None) -> cases.LoadResult:
    (tmp_path / "cases").mkdir(exist_ok=True)
    if config is not None:
        (tmp_path / "relance.yaml").write_text(textwrap.dedent(config), encoding="utf-8")
    path = tmp_path / "cases" / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    repo = cases.load_repository(tmp_path)
    return cases.load_case(path, repo)


def rendered(result: cases.LoadResult, tmp_path: Path) -> list[str]:
    return [f.render().replace(str(tmp_path) + "/", "") for f in result.findings]


def test_valid_case_loads_with_decimal_money(tmp_path: Path) -> None:
    result = load(tmp_path, VALID)
    assert result.findings == []
    assert result.case is not None
    assert result.case.case.invoices[0].amount == Decimal("18000.00")
    assert result.case.line("invoices", 0, "due") == 11


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


def test_creditor_reference_resolved_from_config(tmp_path: Path) -> None:
    config = """\
    parties:
      bernard:
        name: Atelier Bernard SARL
        address: ["8 rue des Lilas", "69003 Lyon"]
    """
    text = VALID.replace('creditor:\n  name: Atelier Bernard SARL\n  address: ["8 rue des Lilas", "69003 Lyon"]\n',
                         "creditor: bernard\n")
    result = load(tmp_path, text, config=config)
    assert result.case is not None and result.case.creditor.name == "Atelier Bernard SARL"
    result = load(tmp_path, text.replace("creditor: bernard", "creditor: bernrad"), config=config)
    assert rendered(result, tmp_path) == [
        "cases/x.yaml:1: creditor: [error ref.unknown-party] no party 'bernrad' in relance.yaml "
        "(fix: did you mean 'bernard'?)"]


def test_broken_config_is_fatal_and_located(tmp_path: Path) -> None:
    (tmp_path / "relance.yaml").write_text("defaults:\n  deadline_days: 8\n  colour: red\n", encoding="utf-8")
    with pytest.raises(RelanceError) as info:
        cases.load_repository(tmp_path)
    assert info.value.message.replace(str(tmp_path) + "/", "") == (
        "invalid repository config:\nrelance.yaml:3: defaults.colour: [error schema.unknown-key] unknown key "
        "'colour' (fix: remove it; allowed here: deadline_days, presentation_days, schedule, fold_marks, imputation, "
        "day_count, language)")


def test_not_utf8_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    path = tmp_path / "cases" / "latin1.yaml"
    path.write_bytes("débiteur: x\n".encode("latin-1"))
    result = cases.load_case(path, cases.load_repository(tmp_path))
    assert rendered(result, tmp_path) == [
        "cases/latin1.yaml:1: [error yaml.encoding] not UTF-8 text (invalid continuation byte at byte 1) "
        "(fix: save the file as UTF-8)"]
