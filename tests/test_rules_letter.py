"""Letter rules (generator/rules/letter.py): each rule passes on a good letter and fails, located, on a bad one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from casebuilder import changed, check


def letter(kind: str, date: dt.date, **more: Any) -> dict[str, Any]:
    return {"letters": [{"type": kind, "date": date, "reference": "BER-2024-053", **more}]}


MARCH_5 = dt.date(2024, 3, 5)
NO_EVENTS = {"events": []}  # then letters[0] is on line 15
PLAN = {
    "date": dt.date(2024, 2, 25),
    "type": "payment_plan",
    "instalments": [
        {"due": dt.date(2024, 3, 1), "amount": "6000.00"},
        {"due": dt.date(2024, 4, 1), "amount": "12000.00"},
    ],
}
DISPUTE = {"date": dt.date(2024, 2, 25), "type": "dispute_opened", "reason": "travaux non conformes"}
LATER_INVOICE = {"number": "2024-060", "issued": dt.date(2024, 2, 1), "due": dt.date(2024, 3, 31), "amount": "500.00"}
DEADLINE_FIX = "set deadline_days between 8 and 15"

CASES = [
    ("med-8-days", {**letter("mise_en_demeure", MARCH_5, deadline_days=8)}, []),
    ("med-15-days", {**letter("mise_en_demeure", MARCH_5, deadline_days=15)}, []),
    ("not-due-day-after", {**NO_EVENTS, **letter("relance_1", dt.date(2024, 2, 16))}, []),
    (
        "not-due-on-due-date",
        {**NO_EVENTS, **letter("relance_1", dt.date(2024, 2, 15))},
        [
            "cases/x.yaml:17: letters[0]: [error letter.nothing-claimed] the letter claims no invoice on 2024-02-15: "
            "invoice 2024-053 falls due on 2024-02-15 (fix: date the letter after 2024-02-15, or send a rappel "
            "(courtesy notice) before it)"
        ],
    ),
    (
        "not-due-chosen",
        {**NO_EVENTS, **letter("relance_1", dt.date(2024, 2, 15), invoices=["2024-053"])},
        [
            "cases/x.yaml:20: letters[0].invoices: [error letter.invoice-not-due] invoice 2024-053 falls due on "
            "2024-02-15: it is not late on the letter date 2024-02-15 (fix: remove it from letters[0].invoices (a letter "
            "claims only late invoices by default), or date the letter after 2024-02-15)"
        ],
    ),
    (
        "not-due-but-paid",
        {
            "invoices.1": LATER_INVOICE,
            "payments": [{"date": dt.date(2024, 3, 1), "amount": "500.00", "invoice": "2024-060"}],
        },
        [],
    ),
    # An invoice not yet due no longer blocks the reminder of the late one: it is left out.
    (
        "not-due-and-unpaid",
        {"invoices.1": LATER_INVOICE, "payments": [{"date": dt.date(2024, 3, 1), "amount": "500.00"}]},
        [],
    ),
    ("dispute-closed", {"events.1": DISPUTE, "events.2": {"date": dt.date(2024, 3, 1), "type": "dispute_closed"}}, []),
    (
        "dispute-open",
        {"events.1": DISPUTE},
        [
            "cases/x.yaml:19: letters[0]: [error letter.nothing-claimed] the letter claims no invoice on 2024-03-05: "
            "invoice 2024-053 is disputed (fix: answer the dispute and record a dispute_closed event)"
        ],
    ),
    (
        "dispute-closed-after-the-letter",
        {"events.1": DISPUTE, "events.2": {"date": dt.date(2024, 3, 6), "type": "dispute_closed"}},
        [
            "cases/x.yaml:20: letters[0]: [error letter.nothing-claimed] the letter claims no invoice on 2024-03-05: "
            "invoice 2024-053 is disputed (fix: answer the dispute and record a dispute_closed event)"
        ],
    ),
    # A dispute of one invoice does not block the letter about the other: it is left out, reserved.
    (
        "dispute-of-one-invoice",
        {
            "events.1": {**DISPUTE, "invoices": ["2024-060"]},
            "invoices.1": LATER_INVOICE | {"due": dt.date(2024, 2, 15)},
        },
        [],
    ),
    (
        "dispute-open-chosen",
        {"events.1": DISPUTE, "letters.0.invoices": ["2024-053"]},
        [
            "cases/x.yaml:22: letters[0].invoices: [error letter.dispute-open] the dispute opened on 2024-02-25 (line 17) "
            "about invoice 2024-053 is still open (fix: remove the disputed invoice from letters[0].invoices (left out, "
            "it is named as reserved), or answer the dispute and record a dispute_closed event)"
        ],
    ),
    (
        "unknown-invoice-chosen",
        {"letters.0.invoices": ["2024-53"]},
        [
            "cases/x.yaml:21: letters[0].invoices[0]: [error letter.unknown-invoice] no invoice numbered 2024-53 in this "
            "case (fix: did you mean '2024-053'?)"
        ],
    ),
    (
        "dispute-about-a-paid-invoice",
        {
            "events.1": {**DISPUTE, "invoices": ["2024-060"]},
            "invoices.1": LATER_INVOICE | {"due": dt.date(2024, 2, 15)},
            "payments": [{"date": dt.date(2024, 3, 1), "amount": "500.00", "invoice": "2024-060"}],
        },
        [],
    ),
    ("plan-missed", {"events.1": PLAN, "payments": [{"date": dt.date(2024, 3, 1), "amount": "5999.99"}]}, []),
    (
        "plan-kept",
        {"events.1": PLAN, "payments": [{"date": dt.date(2024, 3, 1), "amount": "6000.00"}]},
        [
            "cases/x.yaml:24: letters[0].type: [error letter.plan-honoured] the payment plan agreed on 2024-02-25 "
            "(line 18) is being kept: every instalment due before 2024-03-05 is paid (fix: wait for a missed instalment; "
            "record the payments received under payments:)"
        ],
    ),
    # The instalment due on the letter's own day is not missed yet (it is late only the day after):
    # the plan is still being kept and the reminder waits.
    (
        "plan-instalment-due-on-the-letter-date",
        {"events.1": PLAN, **letter("relance_2", dt.date(2024, 3, 1))},
        [
            "cases/x.yaml:23: letters[0].type: [error letter.plan-honoured] the payment plan agreed on 2024-02-25 "
            "(line 17) is being kept: every instalment due before 2024-03-01 is paid (fix: wait for a missed "
            "instalment; record the payments received under payments:)"
        ],
    ),
    (
        "insolvent",
        {"debtor.insolvency": "collective_proceedings"},
        [
            "cases/x.yaml:19: letters[0].type: [error debtor.insolvency] the debtor is in collective proceedings: no "
            "relance_2 may be sent (fix: file the claim with the mandataire judiciaire instead (déclaration de "
            "créance))"
        ],
    ),
    (
        "over-indebted",
        {"debtor.kind": "consumer", "debtor.insolvency": "over_indebtedness"},
        [
            "cases/x.yaml:19: letters[0].type: [error debtor.insolvency] the debtor is under an admissible "
            "over-indebtedness file: no relance_2 may be sent (fix: stop the recovery and follow the commission's "
            "decision)"
        ],
    ),
]


@pytest.mark.parametrize(("changes", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_letter_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changes: dict[str, Any], expected: list[str]
) -> None:
    assert check(tmp_path, monkeypatch, changed(changes)) == expected


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (15, []),
        (
            20,
            [
                "cases/x.yaml:18: letters[0]: [error med.deadline-range] deadline of 20 days is outside the 8 to 15 days "
                f"a mise en demeure gives (fix: {DEADLINE_FIX})"
            ],
        ),
    ],
)
def test_med_deadline_from_the_repository_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, days: int, expected: list[str]
) -> None:
    data = changed(letter("mise_en_demeure", MARCH_5))
    assert check(tmp_path, monkeypatch, data, config={"defaults": {"deadline_days": days}}) == expected


def test_med_deadline_written_in_the_letter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = changed(letter("mise_en_demeure", MARCH_5, deadline_days=7))
    assert check(tmp_path, monkeypatch, data) == [
        "cases/x.yaml:18: letters[0].deadline_days: [error med.deadline-range] deadline of 7 days is outside the 8 "
        f"to 15 days a mise en demeure gives (fix: {DEADLINE_FIX})"
    ]
