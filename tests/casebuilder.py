"""A small case written into a temporary folder and checked: the shared fixture of the rule tests."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import cases, validate

AS_OF = dt.date(2024, 4, 1)
DELETE = object()

# Dumped with flow style for leaf collections: each invoice, payment and event is one line.
#  1 creditor:  2 name  3 address  4 siren  5 iban  6 rcs  7 legal_form  8 debtor:  9 kind  10 name
# 11 address  12 invoices:  13 - invoice 0  14 payments: []  15 events:  16 - event 0  17 letters:
# 18 - letter 0 (the creditor carries the legal mentions of C. com. R123-237: no warning on them)
BASE: dict[str, Any] = {
    "creditor": {
        "name": "Atelier Bernard SARL",
        "address": ["8 rue des Lilas", "69003 Lyon"],
        "siren": "732829320",
        "iban": "FR7630006000011234567890189",
        "rcs": "RCS Lyon",
        "legal_form": "SARL au capital de 10 000 €",
    },
    "debtor": {"kind": "business", "name": "Novatech SAS", "address": ["14 avenue Jean Jaurès", "69007 LYON"]},
    "invoices": [
        {"number": "2024-053", "issued": dt.date(2024, 1, 16), "due": dt.date(2024, 2, 15), "amount": "18000.00"}
    ],
    "payments": [],
    "events": [{"date": dt.date(2024, 2, 20), "type": "letter", "letter": "relance_1", "channel": "email"}],
    "letters": [{"type": "relance_2", "date": dt.date(2024, 3, 5), "reference": "BER-2024-053"}],
}


def changed(changes: dict[str, Any]) -> dict[str, Any]:
    """BASE with dotted keys set (``invoices.0.due``), or removed with DELETE."""
    return apply_changes(copy.deepcopy(BASE), changes)


def apply_changes(data: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``data`` with dotted keys set (``invoices.0.due``), appended at a list's end, or removed with DELETE."""
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        key: Any = int(last) if isinstance(target, list) else last
        if value is DELETE:
            del target[key]
        elif isinstance(target, list) and key == len(target):
            target.append(value)
        else:
            target[key] = value
    return data


def check(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    data: dict[str, Any],
    as_of: dt.date = AS_OF,
    config: dict[str, Any] | None = None,
    name: str = "x.yaml",
) -> list[str]:
    """Write the case into tmp_path/cases and return its rendered findings."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cases").mkdir(exist_ok=True)
    if config is not None:
        (tmp_path / "relance.yaml").write_text(dump(config), encoding="utf-8")
    path = tmp_path / "cases" / name
    path.write_text(dump(data), encoding="utf-8")
    report = validate.check_one(path, cases.load_repository(tmp_path), as_of)
    return [finding.render() for finding in report.findings]


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None, width=200)
