"""One answer per question about a case: the rules and the letter context read the same facts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from casebuilder import changed, check, dump

from generator import cases, context, facts, worklist
from generator.cases import LoadedCase

MARCH_5 = dt.date(2024, 3, 5)
# Two plans agreed the same day: the second, written after the first, replaces it.
MISSED = {"date": dt.date(2024, 2, 25), "type": "payment_plan",
          "instalments": [{"due": dt.date(2024, 3, 1), "amount": "6000.00"},
                          {"due": dt.date(2024, 4, 1), "amount": "12000.00"}]}
KEPT = {"date": dt.date(2024, 2, 25), "type": "payment_plan",
        "instalments": [{"due": dt.date(2024, 3, 10), "amount": "18000.00"}]}


def load(tmp_path: Path, data: dict[str, Any]) -> LoadedCase:
    (tmp_path / "cases").mkdir(exist_ok=True)
    path = tmp_path / "cases" / "x.yaml"
    path.write_text(dump(data), encoding="utf-8")
    loaded = cases.load_case(path, cases.load_repository(tmp_path)).case
    assert loaded is not None
    return loaded


def test_two_plans_on_one_date_the_rule_and_the_letter_see_the_same_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = changed({"events.1": MISSED, "events.2": KEPT})
    loaded = load(tmp_path, data)
    assert facts.current_plan(loaded, MARCH_5) == (2, loaded.case.events[2])
    # The letter recalls the plan in force, which nothing has broken yet ...
    past = context.history(loaded, loaded.case.letters[0])
    assert past.plan == loaded.case.events[2]
    assert past.plan_missed == ()
    # ... and the rule that stops a reminder while a plan is kept speaks of that same plan.
    assert (loaded.line("events", 1), loaded.line("events", 2)) == (15, 20)
    assert check(tmp_path, monkeypatch, data) == [
        "cases/x.yaml:25: letters[0].type: [error letter.plan-honoured] the payment plan agreed on 2024-02-25 "
        "(line 20) is being kept: every instalment due before 2024-03-05 is paid (fix: wait for a missed "
        "instalment; record the payments received under payments:)"]


def test_the_plan_written_first_on_a_date_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other order: the plan in force is the missed one, so the reminder may go and recalls the miss."""
    data = changed({"events.1": KEPT, "events.2": MISSED})
    loaded = load(tmp_path, data)
    past = context.history(loaded, loaded.case.letters[0])
    assert past.plan == loaded.case.events[2]
    assert [i.due for i in past.plan_missed] == [dt.date(2024, 3, 1)]
    assert check(tmp_path, monkeypatch, data) == []


def test_the_latest_promise_on_a_date_is_the_one_written_last(tmp_path: Path) -> None:
    first = {"date": dt.date(2024, 3, 1), "type": "promise", "promised_date": dt.date(2024, 3, 15),
             "amount": "9000.00"}
    second = {**first, "amount": "18000.00"}
    loaded = load(tmp_path, changed({"events.1": first, "events.2": second}))
    assert facts.latest_promise(loaded, MARCH_5) == (2, loaded.case.events[2])
    assert context.history(loaded, loaded.case.letters[0]).promise == loaded.case.events[2]
    assert facts.latest_promise(loaded, dt.date(2024, 2, 29)) is None


def test_the_firm_first_letter_is_its_own_after_the_mandate(tmp_path: Path) -> None:
    firm = {"name": "Recouvre Rhône SAS", "address": ["3 quai Saint-Antoine", "69002 Lyon"], "siren": "552081317",
            "role": "recovery_firm", "insurance": "Hiscox, police 123", "declaration": "TJ Lyon, 2023-01-12"}
    data = changed({
        "sender": {"role": "recovery_firm", "firm": firm, "mandate": {"reference": "M-7", "date": dt.date(2024, 2, 22)}},
        "events.0.by": "creditor",
        "events.1": {"date": dt.date(2024, 2, 28), "type": "letter", "letter": "relance_1", "channel": "post",
                     "reference": "R-1"},
        "events.2": {"date": dt.date(2024, 2, 26), "type": "letter", "letter": "relance_1", "channel": "post",
                     "reference": "R-0"}})
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
    data = changed({"invoices.1": {"number": "2024-060", "issued": dt.date(2024, 1, 20),
                                   "due": dt.date(2024, 2, 19), "amount": "500.00"},
                    "payments": [{"date": dt.date(2024, 3, 1), "amount": "500.00", "invoice": "2024-060"}]})
    loaded = load(tmp_path, data)
    assert facts.claimed_invoices(loaded, dt.date(2024, 2, 29)) == [0, 1]
    assert facts.claimed_invoices(loaded, MARCH_5) == [0]


def test_the_worklist_reads_the_same_plan(tmp_path: Path) -> None:
    """relance due says why the ladder waits: the plan it names is the one the rule and the letter see."""
    loaded = load(tmp_path, changed({"events.1": MISSED, "events.2": KEPT, "letters": []}))
    reasons = [(item.kind, item.date, item.reason) for item in worklist.case_worklist(loaded, MARCH_5)]
    assert reasons == [("nothing", dt.date(2024, 3, 10),
                        "payment plan of 2024-02-25 kept so far; next instalment 18000.00 on 2024-03-10")]
