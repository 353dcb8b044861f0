"""Deadlines (CPC 641, 642): rolled past weekends, national and local public holidays; the schedule."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.deadlines import deadline, is_working_day, postcode_of, schedule_dates, subdivision_of
from generator.models import Schedule

LYON, STRASBOURG, METZ, MULHOUSE, SAINT_DENIS = "69007", "67000", "57000", "68100", "97400"


def test_trigger_day_not_counted() -> None:
    # Monday 1 June 2026 + 8 days = Tuesday 9 June 2026.
    assert deadline(dt.date(2026, 6, 1), 8, LYON) == dt.date(2026, 6, 9)


def test_saturday_rolls_to_monday() -> None:
    # Friday 5 June 2026 + 8 = Saturday 13 June → Monday 15 June.
    assert deadline(dt.date(2026, 6, 5), 8, LYON) == dt.date(2026, 6, 15)


def test_sunday_rolls_to_monday() -> None:
    assert deadline(dt.date(2026, 6, 6), 8, None) == dt.date(2026, 6, 15)


def test_national_holiday_rolls_to_next_day() -> None:
    # Monday 6 July 2026 + 8 = Tuesday 14 July (fête nationale) → Wednesday 15 July.
    assert deadline(dt.date(2026, 7, 6), 8, LYON) == dt.date(2026, 7, 15)


def test_holiday_then_weekend_keeps_rolling() -> None:
    # Thursday 30 April 2026 + 1 = Friday 1 May → Saturday, Sunday → Monday 4 May.
    assert deadline(dt.date(2026, 4, 30), 1, LYON) == dt.date(2026, 5, 4)


def test_alsace_moselle_26_december() -> None:
    # Thursday 18 December 2025 + 8 = Friday 26 December: a working day in Lyon, a holiday in
    # Strasbourg, Mulhouse and Metz (C. trav. L3134-13) → Monday 29 December.
    letter = dt.date(2025, 12, 18)
    assert deadline(letter, 8, LYON) == dt.date(2025, 12, 26)
    for postcode in (STRASBOURG, MULHOUSE, METZ):
        assert deadline(letter, 8, postcode) == dt.date(2025, 12, 29)


def test_alsace_moselle_good_friday() -> None:
    # Thursday 26 March 2026 + 8 = Good Friday 3 April; in Metz: weekend, then Easter Monday
    # 6 April (national) → Tuesday 7 April.
    letter = dt.date(2026, 3, 26)
    assert deadline(letter, 8, LYON) == dt.date(2026, 4, 3)
    assert deadline(letter, 8, METZ) == dt.date(2026, 4, 7)


def test_overseas_holiday() -> None:
    # La Réunion: 20 December (abolition of slavery), Friday in 2024 → Monday 23 December.
    assert deadline(dt.date(2024, 12, 12), 8, SAINT_DENIS) == dt.date(2024, 12, 23)
    assert deadline(dt.date(2024, 12, 12), 8, LYON) == dt.date(2024, 12, 20)


def test_never_rolls_backward() -> None:
    for offset in range(0, 400, 7):
        letter = dt.date(2025, 1, 1) + dt.timedelta(days=offset)
        end = deadline(letter, 8, STRASBOURG)
        assert end >= letter + dt.timedelta(days=8) and is_working_day(end, STRASBOURG)


@pytest.mark.parametrize(
    ("lines", "postcode"),
    [
        (["14 avenue Jean Jaurès", "69007 Lyon"], "69007"),
        (["1 place Kléber", "67000 Strasbourg", "France"], "67000"),
        (["BP 12", "F-68100 Mulhouse Cedex"], "68100"),
        (["12 rue de la Paix", "75002 Paris", ""], "75002"),
        (["10 Downing Street", "London SW1A 2AA"], None),
        (["123456 Somewhere"], None),
    ],
)
def test_postcode_of(lines: list[str], postcode: str | None) -> None:
    assert postcode_of(lines) == postcode


@pytest.mark.parametrize(
    ("postcode", "subdivision"),
    [
        ("57000", "57"),
        ("67000", "57"),
        ("68100", "57"),
        ("69007", None),
        ("20000", None),
        ("97400", "974"),
        ("97133", "BL"),
        ("97150", "MF"),
        ("97110", "971"),
        (None, None),
    ],
)
def test_subdivision_of(postcode: str | None, subdivision: str | None) -> None:
    assert subdivision_of(postcode) == subdivision


def test_schedule_dates_from_due_date() -> None:
    assert schedule_dates(dt.date(2026, 3, 31), Schedule()) == {
        "rappel": dt.date(2026, 3, 26),
        "relance_1": dt.date(2026, 4, 5),
        "relance_2": dt.date(2026, 4, 15),
        "derniere_relance": dt.date(2026, 4, 30),
        "mise_en_demeure": dt.date(2026, 5, 15),
    }


def test_schedule_dates_follow_the_configured_offsets() -> None:
    dates = schedule_dates(dt.date(2026, 1, 10), Schedule(rappel=-2, relance_1=1))
    assert dates["rappel"] == dt.date(2026, 1, 8) and dates["relance_1"] == dt.date(2026, 1, 11)


# --- The deadline runs from receipt (docs/law.md#deadline) -------------------------------------------


def test_receipt_adds_the_presentation_delay_in_working_days() -> None:
    from generator.deadlines import received_on

    monday = dt.date(2026, 11, 23)
    assert received_on(monday, 2, None, "69007") == dt.date(2026, 11, 25)
    assert deadline(received_on(monday, 2, None, "69007"), 8, "69007") == dt.date(2026, 12, 3)
    # Thursday 5 November: Friday, then Monday (the weekend does not count); 8 days end on Saturday 14,
    # rolled to Monday 16.
    assert received_on(dt.date(2026, 11, 5), 2, None, "69007") == dt.date(2026, 11, 9)
    assert deadline(received_on(dt.date(2026, 11, 4), 2, None, "69007"), 8, "69007") == dt.date(2026, 11, 16)
    # Wednesday 11 November is a public holiday: Monday 9 → Tuesday 10, Thursday 12.
    assert received_on(dt.date(2026, 11, 9), 2, None, "69007") == dt.date(2026, 11, 12)
    assert received_on(monday, 0, None, "69007") == monday  # e-mail, by hand


def test_a_recorded_receipt_wins() -> None:
    from generator.deadlines import received_on

    assert received_on(dt.date(2026, 11, 23), 2, dt.date(2026, 11, 27), "69007") == dt.date(2026, 11, 27)
