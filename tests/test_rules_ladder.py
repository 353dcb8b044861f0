"""Ladder rules (generator/rules/ladder.py): each rule passes on a good letter and fails, located, on a bad one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from casebuilder import DELETE, changed, check
from test_rules_letter import MARCH_5, NO_EVENTS, PLAN, letter

PROMISE = {"date": dt.date(2024, 3, 1), "type": "promise", "promised_date": dt.date(2024, 3, 15), "amount": "18000.00"}

CASES = [
    ("rappel-before-due", {**NO_EVENTS, **letter("rappel", dt.date(2024, 2, 10))}, []),
    ("rappel-on-due-date", {**NO_EVENTS, **letter("rappel", dt.date(2024, 2, 15))}, []),
    (
        "rappel-after-due",
        {**NO_EVENTS, **letter("rappel", dt.date(2024, 2, 16))},
        [
            "cases/x.yaml:17: letters[0].type: [warning rappel.after-due] this courtesy notice is dated 2024-02-16, "
            "after the due date of 2024-053 (due 2024-02-15) (fix: send relance_1 instead, or date the notice before "
            "the due date)"
        ],
    ),
    ("same-day-as-last-letter", letter("relance_2", dt.date(2024, 2, 20)), []),
    (
        "backdated",
        letter("relance_2", dt.date(2024, 2, 19)),
        [
            "cases/x.yaml:18: letters[0].type: [warning ladder.skipped] relance_2 but no relance_1 was sent before it "
            "(fix: record the relance_1 under events: (type: letter), or send relance_1 first)",
            "cases/x.yaml:18: letters[0].date: [warning letter.backdated] dated 2024-02-19, before the relance_1 already "
            "sent on 2024-02-20 (fix: date the letter today or later; a letter already sent is recorded under "
            "events:)",
        ],
    ),
    (
        "med-first",
        {**NO_EVENTS, **letter("mise_en_demeure", MARCH_5)},
        [
            "cases/x.yaml:17: letters[0].type: [warning med.no-earlier-reminder] no reminder was sent before this mise "
            "en demeure (fix: record the reminders sent under events: (type: letter), or send relance_1 first)"
        ],
    ),
    (
        "no-reference",
        {"letters.0.reference": DELETE},
        [
            "cases/x.yaml:18: letters[0]: [warning letter.no-reference] no reference is set: the letter would print the "
            'file name "x" as its reference ("Notre référence") (fix: add reference: at the top of the case file (the '
            "letters add their date to it), or reference: to letters[0])"
        ],
    ),
    ("case-reference", {"letters.0.reference": DELETE, "reference": "BER-2024"}, []),
    (
        "ladder-in-one-go",
        {"letters.1": {"type": "derniere_relance", "date": dt.date(2024, 3, 20), "reference": "R-2"}},
        [],
    ),
    (
        "ladder-skipped",
        letter("derniere_relance", MARCH_5),
        [
            "cases/x.yaml:18: letters[0].type: [warning ladder.skipped] derniere_relance but no relance_2 was sent "
            "before it (fix: record the relance_2 under events: (type: letter), or send relance_2 first)"
        ],
    ),
    ("letter-recorded-as-sent", letter("relance_1", dt.date(2024, 2, 20)), []),
    (
        "letter-repeated",
        letter("relance_1", MARCH_5),
        [
            "cases/x.yaml:18: letters[0].type: [warning letter.repeated] a relance_1 was already sent on 2024-02-20: "
            "three identical reminders are the classic mistake (fix: send the next step of the ladder instead)"
        ],
    ),
    ("promise-recorded", {"events.1": PROMISE, **letter("confirmation_promesse", MARCH_5)}, []),
    (
        "promise-missing",
        letter("confirmation_promesse", MARCH_5),
        [
            "cases/x.yaml:18: letters[0].type: [error letter.needs-promise] no promise recorded on or before 2024-03-05 "
            "to confirm (fix: record it under events: {type: promise, date: ..., promised_date: ..., amount: ...})"
        ],
    ),
    ("plan-recorded", {"events.1": PLAN, **letter("echeancier", MARCH_5)}, []),
    (
        "plan-missing",
        letter("echeancier", MARCH_5),
        [
            "cases/x.yaml:18: letters[0].type: [error letter.needs-plan] no payment plan recorded on or before "
            "2024-03-05 (fix: record it under events: {type: payment_plan, date: ..., instalments: [...]})"
        ],
    ),
]


@pytest.mark.parametrize(("changes", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_letter_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changes: dict[str, Any], expected: list[str]
) -> None:
    assert check(tmp_path, monkeypatch, changed(changes)) == expected
