"""Values written as YAML text: each reads back as exactly the value written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from test_yamledit import CASE

from generator import yamledit
from generator.yamlsource import parse


def test_money_is_written_quoted_and_reads_back_as_text():
    edit = yamledit.YamlEdit(CASE, "c.yaml")
    edit.append(
        ("invoices",),
        {"number": "2024-060", "issued": dt.date(2024, 2, 1), "due": dt.date(2024, 3, 2), "amount": Decimal("1200.50")},
    )
    assert '  - {number: "2024-060", issued: 2024-02-01, due: 2024-03-02, amount: "1200.50"}\n' in edit.text
    assert parse(edit.text, Path("x")).data["invoices"][1]["amount"] == "1200.50"


@pytest.mark.parametrize(
    "value",
    [
        "yes",
        "NO",
        "012",
        "1_000",
        "2024-01-01",
        "a: b",
        "# x",
        "- x",
        "",
        "null",
        "l'été",
        'dit "oui"',
        "tab\there",
        "Zoë ✓",
    ],
)
def test_strings_that_look_like_something_else_read_back_as_text(value):
    edit = yamledit.YamlEdit("a: 1\n", "c.yaml")
    edit.set(("b",), value)
    assert parse(edit.text, Path("x")).data["b"] == value
