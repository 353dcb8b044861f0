"""Loading case files: Decimal money, parties from relance.yaml, a broken config or file located."""

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


def test_creditor_reference_resolved_from_config(tmp_path: Path) -> None:
    config = """\
    parties:
      bernard:
        name: Atelier Bernard SARL
        address: ["8 rue des Lilas", "69003 Lyon"]
    """
    text = VALID.replace(
        'creditor:\n  name: Atelier Bernard SARL\n  address: ["8 rue des Lilas", "69003 Lyon"]\n', "creditor: bernard\n"
    )
    result = load(tmp_path, text, config=config)
    assert result.case is not None and result.case.creditor.name == "Atelier Bernard SARL"
    result = load(tmp_path, text.replace("creditor: bernard", "creditor: bernrad"), config=config)
    assert rendered(result, tmp_path) == [
        "cases/x.yaml:1: creditor: [error ref.unknown-party] no party 'bernrad' in relance.yaml "
        "(fix: did you mean 'bernard'?)"
    ]


def test_broken_config_is_fatal_and_located(tmp_path: Path) -> None:
    (tmp_path / "relance.yaml").write_text("defaults:\n  deadline_days: 8\n  colour: red\n", encoding="utf-8")
    with pytest.raises(RelanceError) as info:
        cases.load_repository(tmp_path)
    assert info.value.message.replace(str(tmp_path) + "/", "") == (
        "invalid repository config:\nrelance.yaml:3: defaults.colour: [error schema.unknown-key] unknown key "
        "'colour' (fix: remove it; allowed here: deadline_days, presentation_days, schedule, fold_marks, imputation, "
        "day_count, language)"
    )


def test_not_utf8_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    path = tmp_path / "cases" / "latin1.yaml"
    path.write_bytes("débiteur: x\n".encode("latin-1"))
    result = cases.load_case(path, cases.load_repository(tmp_path))
    assert rendered(result, tmp_path) == [
        "cases/latin1.yaml:1: [error yaml.encoding] not UTF-8 text (invalid continuation byte at byte 1) "
        "(fix: save the file as UTF-8)"
    ]
