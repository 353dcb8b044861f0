"""The ladder's next letter (generator/dueladder.py), on cases of tests/fixtures/due/ (relance_1 at
+7 days in that repository, relance_2 at the default +15), the expected dates reckoned by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator import cases, dueladder, statement
from generator.cases import LoadedCase
from generator.dueitems import Item
from generator.events import LetterSent
from generator.rules import CheckContext

FIXTURE = Path(__file__).parent / "fixtures" / "due"


def _load(name: str) -> LoadedCase:
    loaded = cases.load_case(FIXTURE / "cases" / name, cases.load_repository(FIXTURE)).case
    assert loaded is not None
    return loaded


def test_a_letter_sent_late_keeps_the_schedule_s_gap_from_its_own_date() -> None:
    loaded, on = _load("b-late-reminder.yaml"), dt.date(2025, 3, 1)
    last = next(e for e in loaded.case.events if isinstance(e, LetterSent))
    step, when, why = dueladder.next_step(loaded, last, statement.principal_left(loaded, on), on)
    # Due 31 January: relance_2 at +15 would be 15 February; relance_1 went on 20 February, 8 days late.
    assert (step, when, why.render("en")) == (
        "relance_2",
        dt.date(2025, 2, 28),
        "schedule: 8 days after the relance_1 of 2025-02-20",
    )


def test_the_first_letter_is_a_rappel_before_the_due_date_and_a_relance_after() -> None:
    loaded = _load("a-rappel.yaml")
    due = loaded.case.invoices[0].due
    before, after = due - dt.timedelta(days=1), due + dt.timedelta(days=1)
    assert dueladder.next_step(loaded, None, statement.principal_left(loaded, before), before)[0] == "rappel"
    assert dueladder.next_step(loaded, None, statement.principal_left(loaded, after), after)[0] == "relance_1"


def test_a_promise_not_yet_due_holds_the_ladder_and_a_broken_one_moves_it_at_once() -> None:
    loaded = _load("e-promise.yaml")
    on = dt.date(2025, 3, 1)
    held = dueladder.hold(loaded, CheckContext(loaded, on), on, loaded.case.invoices[0].amount)
    assert isinstance(held, Item)
    assert (held.kind, held.date, held.reason) == (
        "nothing",
        dt.date(2025, 3, 5),
        "promise of 1500.00 to pay by 2025-03-05",
    )
    later = dt.date(2025, 3, 10)
    moved = dueladder.hold(loaded, CheckContext(loaded, later), later, loaded.case.invoices[0].amount)
    assert isinstance(moved, tuple)
    assert (moved[0], moved[1].render("en")) == (dt.date(2025, 3, 6), "promise of 1500.00 for 2025-03-05 not kept")
