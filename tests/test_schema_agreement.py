"""The published JSON Schema accepts exactly the values ``relance validate`` accepts.

An editor checks a case file against the schema as the clerk types; ``validate`` checks it with
the pydantic models. Both read YAML 1.2 (``1500`` is a number, ``2026-01-15`` a date or, for
JSON Schema, a string), so each variant below is written once as YAML text and judged by both.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator import cases, scaffold, yamlsource
from generator.models import Config

CASE = json.loads(scaffold.schema_text())
CONFIG = json.loads(scaffold.schema_text(config=True))


def _as_json(data: Any) -> Any:
    # An editor's YAML 1.2 parser has no date type: a date is the string it was written as.
    if isinstance(data, dict):
        return {key: _as_json(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_as_json(value) for value in data]
    return data.isoformat() if isinstance(data, dt.date) else data


def _verdicts(tmp_path: Path, text: str, field: str) -> tuple[bool, bool]:
    """(schema accepts, validate accepts) for ``field`` of the case file ``text``."""
    path = tmp_path / "cases" / "x.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    data = _as_json(yamlsource.parse(text, path).data)
    schema_ok = not list(jsonschema.Draft202012Validator(CASE).iter_errors(data))
    result = cases.load_case(path, cases.Repository(root=tmp_path, config=Config()))
    validate_ok = not [f for f in result.findings if f.rule.startswith("schema.") and f.field == field]
    return schema_ok, validate_ok


def _skeleton_with(old: str, new: str) -> str:
    assert old in scaffold.CASE_SKELETON
    return scaffold.CASE_SKELETON.replace(old, new, 1)


AMOUNTS = {
    '"1200.00"': True,
    '"1200"': True,
    '"1200.5"': True,
    '"-20.00"': True,
    "'1200.00'": True,
    "1200": False,
    "1200.0": False,
    "1200.50": False,
    "1.2e3": False,
    '"1200.001"': False,
    '"1 200,00"': False,
    '" 1200.00"': False,
    '"1200.00 "': False,
    '"1200,00"': False,
    '"€1200"': False,
    "true": False,
    "null": False,
    '""': False,
    "[1200]": False,
}


@pytest.mark.parametrize(("written", "accepted"), AMOUNTS.items())
def test_an_amount_is_accepted_by_both_or_refused_by_both(tmp_path: Path, written: str, accepted: bool) -> None:
    text = _skeleton_with('amount: "1200.00"', f"amount: {written}")
    assert _verdicts(tmp_path, text, "invoices[0].amount") == (accepted, accepted)


DATES = {
    "2026-01-15": True,
    '"2026-01-15"': True,
    "2024-02-29": True,
    "2000-02-29": True,
    "2026-12-31": True,
    "2026-02-29": False,
    "1900-02-29": False,
    "2026-02-30": False,
    "2026-04-31": False,
    "2026-13-01": False,
    "0000-01-01": False,
    '"20260115"': False,
    '"2026-W03-4"': False,
    "2026-1-5": False,
    "2026-01-15T10:00:00": False,
    '"15/01/2026"': False,
    '" 2026-01-15"': False,
    "20260115": False,
}


@pytest.mark.parametrize(("written", "accepted"), DATES.items())
def test_a_date_is_accepted_by_both_or_refused_by_both(tmp_path: Path, written: str, accepted: bool) -> None:
    text = _skeleton_with("issued: 2026-01-15", f"issued: {written}")
    assert _verdicts(tmp_path, text, "invoices[0].issued") == (accepted, accepted)


RATES = {
    "null": True,
    '"12.15"': True,
    '"12"': True,
    '"3.1234"': True,
    "12": False,
    "12.15": False,
    '"12.12345"': False,
    '"12,15"': False,
    '"-1"': False,
    '"12 %"': False,
}


@pytest.mark.parametrize(("written", "accepted"), RATES.items())
def test_a_rate_is_accepted_by_both_or_refused_by_both(tmp_path: Path, written: str, accepted: bool) -> None:
    text = _skeleton_with("late_penalty_rate: null", f"late_penalty_rate: {written}")
    assert _verdicts(tmp_path, text, "terms.late_penalty_rate") == (accepted, accepted)


EVENTS = {
    "{date: 2026-02-20, type: call, contact: M. X}": True,
    '{date: 2026-02-20, type: promise, promised_date: 2026-03-01, amount: "10.00"}': True,
    "{date: 2026-02-20, type: call, promised_date: 2026-03-01}": False,  # a promise's key on a call
    "{date: 2026-02-20, type: phone}": False,
    "{date: 2026-02-20}": False,
}


@pytest.mark.parametrize(("written", "accepted"), EVENTS.items())
def test_an_event_type_selects_its_keys_in_both(tmp_path: Path, written: str, accepted: bool) -> None:
    text = _skeleton_with("events: []", f"events:\n  - {written}")
    schema_ok, _ = _verdicts(tmp_path, text, "events[0]")
    path = tmp_path / "cases" / "x.yaml"
    result = cases.load_case(path, cases.Repository(root=tmp_path, config=Config()))
    validate_ok = not [f for f in result.findings if f.rule.startswith("schema.")]
    assert (schema_ok, validate_ok) == (accepted, accepted)


def test_an_unquoted_whole_amount_says_to_quote_it(tmp_path: Path) -> None:
    path = tmp_path / "cases" / "x.yaml"
    path.parent.mkdir()
    path.write_text(_skeleton_with('amount: "1200.00"', "amount: 1200"), encoding="utf-8")
    result = cases.load_case(path, cases.Repository(root=tmp_path, config=Config()))
    assert [f.render() for f in result.findings] == [
        f"{cases._display(path)}:35: invoices[0].amount: [error schema.unquoted-amount] amount 1200 is not in "
        'quotes (fix: write it in quotes: "1200.00")'
    ]


@pytest.mark.parametrize("schema", [CASE, CONFIG], ids=["case", "config"])
def test_the_schema_uses_standard_keywords_only(schema: dict[str, Any]) -> None:
    text = json.dumps(schema)
    assert '"discriminator"' not in text and '"format"' not in text
    jsonschema.Draft202012Validator.check_schema(schema)
