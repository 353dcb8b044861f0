"""One answer per question about a case: the rules and the letter context read the same facts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from casebuilder import changed, check, dump

from generator import cases, context, facts, render, worklist
from generator.cases import LoadedCase
from generator.letters import LetterRequest

MARCH_5 = dt.date(2024, 3, 5)
# Two plans agreed the same day: the second, written after the first, replaces it.
MISSED = {
    "date": dt.date(2024, 2, 25),
    "type": "payment_plan",
    "instalments": [
        {"due": dt.date(2024, 3, 1), "amount": "6000.00"},
        {"due": dt.date(2024, 4, 1), "amount": "12000.00"},
    ],
}
KEPT = {
    "date": dt.date(2024, 2, 25),
    "type": "payment_plan",
    "instalments": [{"due": dt.date(2024, 3, 10), "amount": "18000.00"}],
}


def load(tmp_path: Path, data: dict[str, Any]) -> LoadedCase:
    (tmp_path / "cases").mkdir(exist_ok=True)
    path = tmp_path / "cases" / "x.yaml"
    path.write_text(dump(data), encoding="utf-8")
    loaded = cases.load_case(path, cases.load_repository(tmp_path)).case
    assert loaded is not None
    return loaded


def test_two_plans_on_one_date_the_rule_and_the_letter_see_the_same_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = changed({"events.1": MISSED, "events.2": KEPT})
    loaded = load(tmp_path, data)
    assert facts.current_plan(loaded, MARCH_5) == (2, loaded.case.events[2])
    # The letter recalls the plan in force, which nothing has broken yet ...
    past = context.history(loaded, loaded.case.letters[0])
    assert past.plan == loaded.case.events[2]
    assert past.plan_missed == ()
    # ... and the rule that stops a reminder while a plan is kept speaks of that same plan.
    assert (loaded.line("events", 1), loaded.line("events", 2)) == (17, 22)
    assert check(tmp_path, monkeypatch, data) == [
        "cases/x.yaml:27: letters[0].type: [error letter.plan-honoured] the payment plan agreed on 2024-02-25 "
        "(line 22) is being kept: every instalment due before 2024-03-05 is paid (fix: wait for a missed "
        "instalment; record the payments received under payments:)"
    ]


def test_the_plan_written_first_on_a_date_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other order: the plan in force is the missed one, so the reminder may go and recalls the miss."""
    data = changed({"events.1": KEPT, "events.2": MISSED})
    loaded = load(tmp_path, data)
    past = context.history(loaded, loaded.case.letters[0])
    assert past.plan == loaded.case.events[2]
    assert [i.due for i in past.plan_missed] == [dt.date(2024, 3, 1)]
    assert check(tmp_path, monkeypatch, data) == []


def test_the_latest_promise_on_a_date_is_the_one_written_last(tmp_path: Path) -> None:
    first = {"date": dt.date(2024, 3, 1), "type": "promise", "promised_date": dt.date(2024, 3, 15), "amount": "9000.00"}
    second = {**first, "amount": "18000.00"}
    loaded = load(tmp_path, changed({"events.1": first, "events.2": second}))
    assert facts.latest_promise(loaded, MARCH_5) == (2, loaded.case.events[2])
    assert context.history(loaded, loaded.case.letters[0]).promise == loaded.case.events[2]
    assert facts.latest_promise(loaded, dt.date(2024, 2, 29)) is None


def test_the_firm_first_letter_is_its_own_after_the_mandate(tmp_path: Path) -> None:
    firm = {
        "name": "Recouvre Rhône",
        "address": ["3 quai Saint-Antoine", "69002 Lyon"],
        "siren": "552081317",
        "role": "recovery_firm",
        "insurance": "Hiscox, police 123",
        "declaration": "TJ Lyon, 2023-01-12",
    }
    data = changed(
        {
            "sender": {
                "role": "recovery_firm",
                "firm": firm,
                "mandate": {"reference": "M-7", "date": dt.date(2024, 2, 22)},
            },
            "events.0.by": "creditor",
            "events.1": {
                "date": dt.date(2024, 2, 28),
                "type": "letter",
                "letter": "relance_1",
                "channel": "post",
                "reference": "R-1",
            },
            "events.2": {
                "date": dt.date(2024, 2, 26),
                "type": "letter",
                "letter": "relance_1",
                "channel": "post",
                "reference": "R-0",
            },
        }
    )
    loaded = load(tmp_path, data)
    assert facts.firm_first_letter(loaded) == (2, loaded.case.events[2])
    assert facts.firm_first_letter_before(loaded, MARCH_5) == loaded.case.events[2]
    assert facts.firm_first_letter_before(loaded, dt.date(2024, 2, 26)) is None  # not before itself
    assert context.history(loaded, loaded.case.letters[0]).first_letter == loaded.case.events[2]


def test_deadline_days_the_letter_s_own_else_the_default(tmp_path: Path) -> None:
    loaded = load(tmp_path, changed({"letters.1": {"type": "relance_2", "date": MARCH_5, "deadline_days": 12}}))
    default = loaded.repo.config.defaults.deadline_days
    assert [facts.deadline_days(loaded, r) for r in loaded.case.letters] == [default, 12]
    assert [context.letter_context(loaded, i)["deadline_days"] for i in (0, 1)] == [default, 12]


def test_a_letter_claims_the_invoices_not_paid_by_its_date(tmp_path: Path) -> None:
    data = changed(
        {
            "invoices.1": {
                "number": "2024-060",
                "issued": dt.date(2024, 1, 20),
                "due": dt.date(2024, 2, 19),
                "amount": "500.00",
            },
            "payments": [{"date": dt.date(2024, 3, 1), "amount": "500.00", "invoice": "2024-060"}],
            "terms": {"imputation": "principal_first"},
        }
    )
    loaded = load(tmp_path, data)
    assert facts.unpaid_invoices(loaded, dt.date(2024, 2, 29)) == [0, 1]
    assert facts.claimed_invoices(loaded, LetterRequest(type="relance_2", date=dt.date(2024, 2, 29))) == [0, 1]
    assert facts.claimed_invoices(loaded, loaded.case.letters[0]) == [0]  # 5 March: 2024-060 is paid


def test_what_is_unpaid_follows_the_imputation(tmp_path: Path) -> None:
    """500,00 € paid on 1 March on an invoice of 500,00 € due on 19 February: interest first (C. civ. 1343-1),
    the penalties of 20 to 29 February and 1 March (11 days at 14,50 %: 500 × 14,50 % × 11 / 365 = 2,18) are paid
    first, so 2,18 € of principal is still unpaid and the letter of 5 March claims it too."""
    data = changed(
        {
            "invoices.1": {
                "number": "2024-060",
                "issued": dt.date(2024, 1, 20),
                "due": dt.date(2024, 2, 19),
                "amount": "500.00",
            },
            "payments": [{"date": dt.date(2024, 3, 1), "amount": "500.00", "invoice": "2024-060"}],
        }
    )
    loaded = load(tmp_path, data)
    assert facts.claimed_invoices(loaded, loaded.case.letters[0]) == [0, 1]
    values = context.letter_context(loaded, 0)
    assert [a.balance for a in values["statement"].accounts] == [Decimal("18000.00"), Decimal("2.18")]


# 2024-053 late, 2024-060 late and disputed, 2024-070 not yet due on the letter's date (5 March 2024).
THREE = {
    "invoices.1": {
        "number": "2024-060",
        "issued": dt.date(2024, 1, 20),
        "due": dt.date(2024, 2, 19),
        "amount": "500.00",
        "label": "Pose",
    },
    "invoices.2": {
        "number": "2024-070",
        "issued": dt.date(2024, 2, 20),
        "due": dt.date(2024, 3, 20),
        "amount": "700.00",
    },
    "events.1": {
        "date": dt.date(2024, 2, 25),
        "type": "dispute_opened",
        "reason": "pose non conforme",
        "invoices": ["2024-060"],
    },
}


def test_the_rule_and_the_letter_claim_the_same_invoices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """By default a reminder claims the late, undisputed invoices; the rules pass on exactly those, the
    letter's subject, table and total print exactly those, and the disputed one is named as reserved."""
    data = changed(THREE)
    assert check(tmp_path, monkeypatch, data) == []  # neither the dispute nor the invoice not yet due blocks it
    loaded = load(tmp_path, data)
    letter = loaded.case.letters[0]
    assert facts.claimed_invoices(loaded, letter) == [0]
    assert facts.reserved_invoices(loaded, letter) == [1]
    values = context.letter_context(loaded, 0)
    assert [i.number for i in values["invoices"]] == ["2024-053"]
    assert [a.invoice.number for a in values["statement"].accounts] == ["2024-053"]
    assert values["statement"].principal == Decimal("18000.00")
    assert [i.number for i in values["reserved"]] == ["2024-060"]
    rendered = render.Renderer(loaded.repo).render_letter(loaded, 0, assets_href=None)
    text = rendered.text.text  # normalised: one space for any run, straight apostrophes
    assert "Deuxième relance — facture impayée n° 2024-053" in text
    assert "2024-070" not in text
    assert (
        "La facture n° 2024-060 fait l'objet d'une contestation : elle n'est pas réclamée par la présente, "
        "sous toutes réserves de nos droits."
    ) in text


def test_a_letter_may_choose_its_invoices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = changed({**THREE, "letters.0.invoices": ["2024-070", "2024-053"]})
    loaded = load(tmp_path, data)
    assert facts.claimed_invoices(loaded, loaded.case.letters[0]) == [0, 2]  # in the order of the case file
    assert check(tmp_path, monkeypatch, data) == [
        "cases/x.yaml:27: letters[0].invoices: [error letter.invoice-not-due] invoice 2024-070 falls due on "
        "2024-03-20: it is not late on the letter date 2024-03-05 (fix: remove it from letters[0].invoices (a "
        "letter claims only late invoices by default), or date the letter after 2024-03-20)"
    ]


def test_the_worklist_reads_the_same_plan(tmp_path: Path) -> None:
    """relance due says why the ladder waits: the plan it names is the one the rule and the letter see."""
    loaded = load(tmp_path, changed({"events.1": MISSED, "events.2": KEPT, "letters": []}))
    reasons = [(item.kind, item.date, item.reason) for item in worklist.case_worklist(loaded, MARCH_5)]
    assert reasons == [
        (
            "nothing",
            dt.date(2024, 3, 10),
            "payment plan of 2024-02-25 kept so far; next instalment 18000.00 on 2024-03-10",
        )
    ]
