"""Interest arithmetic against the published worked examples of docs/law.md#worked-examples, and its invariants."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from generator.interest import accrue, accrue_slices, divisor_for, round_cent, simple, split, total
from generator.models import Config
from generator.rates import load_rates

D = Decimal


def fixed(rate: str):
    return lambda half_year: (D(rate), "taux convenu")


# --- Oracles (docs/law.md#worked-examples), each with its own conventions -------------------------------


def test_oracle_d_penalty_single_period() -> None:
    # €15,000 TTC, 30 days late at 15 % → published €184.93 (exact 184.9315).
    assert simple(D("15000"), D("15"), 30, 365) == D("184.93")


def test_oracle_e_penalty_single_period() -> None:
    # €1,000, 30 days late at 14.5 % → published €11.92 (exact 11.9178).
    assert simple(D("1000"), D("14.5"), 30, 365) == D("11.92")


def test_oracle_f_legal_interest_professional_creditor() -> None:
    # €10,000, 30 days at 2.76 % (2025-H2 "other"): published "environ 22,70 €". The exact value
    # is 10000 × 2.76 % × 30 / 365 = 22.68493…, not 22.685: rounded half-up to the cent it is 22.68.
    assert D("10000") * D("2.76") * 30 / D("36500") < D("22.685")
    assert simple(D("10000"), D("2.76"), 30, 365) == D("22.68")
    assert round_cent(D("22.685")) == D("22.69")  # the half-up rule itself


def test_oracle_g_dates_given() -> None:
    # €612.15 due 16 February, interest invoiced 1 March, 10 %: 1 March minus 16 February = 13 days
    # in a non-leap year → published €2.18 (exact 2.1803).
    lines = accrue("F1", "penalty", D("612.15"), dt.date(2023, 2, 16), dt.date(2023, 3, 1), fixed("10"), "365")
    assert [(line.start, line.end, line.days, line.amount) for line in lines] == [
        (dt.date(2023, 2, 17), dt.date(2023, 3, 1), 13, D("2.18"))
    ]


def test_oracle_c_half_year_split_with_366_day_years() -> None:
    # €1,000 owed to a private individual, interest from 1 January 2024 (both ends counted, so the
    # day before is the starting point), paid 5 April 2025: 182/366, 184/366 and 95/365 days.
    tables = load_rates(Config())
    lines = accrue(
        "C",
        "legal_interest",
        D("1000"),
        dt.date(2023, 12, 31),
        dt.date(2025, 4, 5),
        lambda h: tables.legal(h, "individual"),
        "366_in_leap_years",
    )
    assert [(line.start, line.end, line.days, line.rate, line.divisor, line.amount) for line in lines] == [
        (dt.date(2024, 1, 1), dt.date(2024, 6, 30), 182, D("8.01"), 366, D("39.83")),
        (dt.date(2024, 7, 1), dt.date(2024, 12, 31), 184, D("8.16"), 366, D("41.02")),
        (dt.date(2025, 1, 1), dt.date(2025, 4, 5), 95, D("7.21"), 365, D("18.77")),
    ]
    assert total(lines) == D("99.62")


def test_oracle_c_with_the_default_365_divisor() -> None:
    tables = load_rates(Config())
    lines = accrue(
        "C",
        "legal_interest",
        D("1000"),
        dt.date(2023, 12, 31),
        dt.date(2025, 4, 5),
        lambda h: tables.legal(h, "individual"),
        "365",
    )
    assert [line.amount for line in lines] == [D("39.94"), D("41.14"), D("18.77")]


# --- Half-year boundaries and leap years -------------------------------------------------------


def test_split_at_1_july() -> None:
    assert split(dt.date(2024, 6, 28), dt.date(2024, 7, 2)) == [
        (dt.date(2024, 6, 29), dt.date(2024, 6, 30)),
        (dt.date(2024, 7, 1), dt.date(2024, 7, 2)),
    ]


def test_split_at_1_january() -> None:
    assert split(dt.date(2024, 12, 31), dt.date(2025, 1, 1)) == [(dt.date(2025, 1, 1), dt.date(2025, 1, 1))]


def test_due_on_30_june_counts_only_days_of_the_second_half_year() -> None:
    lines = accrue(
        "F",
        "penalty",
        D("1000"),
        dt.date(2024, 6, 30),
        dt.date(2024, 7, 10),
        load_rates(Config()).penalty_default,
        "365",
    )
    assert [(line.start, line.days, line.rate) for line in lines] == [(dt.date(2024, 7, 1), 10, D("14.25"))]


def test_nothing_accrues_on_the_starting_day_itself() -> None:
    assert split(dt.date(2024, 3, 1), dt.date(2024, 3, 1)) == []
    assert accrue("F", "penalty", D("1000"), dt.date(2024, 3, 1), dt.date(2024, 2, 1), fixed("10"), "365") == []


def test_split_over_several_years_counts_every_day_once() -> None:
    pieces = split(dt.date(2019, 5, 17), dt.date(2024, 8, 3))
    assert len(pieces) == 12
    assert sum((last - first).days + 1 for first, last in pieces) == (dt.date(2024, 8, 3) - dt.date(2019, 5, 17)).days


def test_divisor_in_leap_years() -> None:
    assert divisor_for(dt.date(2024, 2, 29), "365") == 365
    assert divisor_for(dt.date(2024, 2, 29), "366_in_leap_years") == 366
    assert divisor_for(dt.date(2025, 2, 28), "366_in_leap_years") == 365
    assert divisor_for(dt.date(2100, 1, 1), "366_in_leap_years") == 365


def test_leap_day_is_counted() -> None:
    lines = accrue(
        "F", "penalty", D("36600"), dt.date(2024, 2, 28), dt.date(2024, 3, 1), fixed("10"), "366_in_leap_years"
    )
    assert [(line.days, line.amount) for line in lines] == [(2, D("20.00"))]


def test_slices_change_the_base_at_each_payment() -> None:
    lines = accrue_slices(
        "F",
        "penalty",
        [
            (dt.date(2025, 1, 10), dt.date(2025, 2, 9), D("10000")),
            (dt.date(2025, 2, 9), dt.date(2025, 3, 11), D("4000")),
            (dt.date(2025, 3, 11), dt.date(2025, 4, 10), D("0")),
        ],
        fixed("12"),
        "365",
    )
    assert [(line.start, line.end, line.base, line.amount) for line in lines] == [
        (dt.date(2025, 1, 11), dt.date(2025, 2, 9), D("10000"), D("98.63")),
        (dt.date(2025, 2, 10), dt.date(2025, 3, 11), D("4000"), D("39.45")),
    ]


# --- Invariants --------------------------------------------------------------------------------

amounts = st.decimals(min_value=D("0.01"), max_value=D("1000000"), places=2)
rates = st.decimals(min_value=D("0.01"), max_value=D("30"), places=2)
days = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2026, 6, 1))


@given(amounts, rates, days, st.integers(min_value=0, max_value=2000), st.sampled_from(["365", "366_in_leap_years"]))
def test_lines_cover_the_delay_and_each_rounds_the_exact_figure(
    base: Decimal, rate: Decimal, start: dt.date, length: int, day_count: str
) -> None:
    end = start + dt.timedelta(days=length)
    lines = accrue("F", "penalty", base, start, end, fixed(str(rate)), day_count)  # type: ignore[arg-type]
    # Each printed line is the exact interest of its days rounded half-up to the cent, so the
    # total (the sum of the lines) is within half a cent per line of the exact interest.
    for line in lines:
        exact = base * rate / 100 * line.days / line.divisor
        assert line.amount == exact.quantize(D("0.01"), rounding=ROUND_HALF_UP)
    exact_total = sum((base * rate / 100 * line.days / line.divisor for line in lines), D(0))
    assert abs(total(lines) - exact_total) <= D("0.005") * len(lines)
    assert sum(line.days for line in lines) == length
    assert all(line.amount == round_cent(line.amount) for line in lines)


@given(amounts, rates, days, st.integers(min_value=2, max_value=180), st.data())
def test_cutting_a_period_in_two_changes_it_by_at_most_a_cent(
    base: Decimal, rate: Decimal, start: dt.date, length: int, data: st.DataObject
) -> None:
    end = start + dt.timedelta(days=length)
    cut = start + dt.timedelta(days=data.draw(st.integers(min_value=1, max_value=length - 1)))
    rate_for = fixed(str(rate))
    whole = total(accrue("F", "penalty", base, start, end, rate_for, "365"))
    halves = total(
        accrue("F", "penalty", base, start, cut, rate_for, "365")
        + accrue("F", "penalty", base, cut, end, rate_for, "365")
    )
    whole_lines = len(split(start, end))
    # Each extra printed line may move the total by at most a cent.
    assert abs(whole - halves) <= D("0.01") * (len(split(start, cut)) + len(split(cut, end)) - whole_lines)
