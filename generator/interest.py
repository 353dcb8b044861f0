"""Interest arithmetic: simple interest by half-year slices, each line rounded to the cent.

The conventions (docs/law.md#arithmetic):

* **Simple interest**: ``base × rate % × days ÷ divisor``. Nothing compounds (C. civ. 1343-2).
* **Which days count**: interest for a delay that starts on date S and ends on date E counts
  ``E − S`` days: the days *after* S up to *and including* E. S is the due date for B2B penalties,
  which run "from the day after the due date" (C. com. L441-10 II, docs/law.md#penalties), so the due
  date itself never bears a penalty; S is the mise en demeure for legal interest (C. civ. 1344-1),
  whose own day is not counted, as the trigger day of a deadline is not (CPC 641). E is the
  statement date, or the day the funds of a payment were received: that day still bears interest
  on the amount paid, and the balance bears interest from the next day. The accounting example of
  docs/law.md#worked-examples uses the same count (1 March minus 16 February = 13 days).
* **Printed lines**: each :class:`InterestLine` shows the first and the last day it counts, both
  included (``start``..``end``), so ``days = end − start + 1`` and the days of all the lines of a
  delay add up to ``E − S``.
* **Half-years**: a delay is cut at 1 January and 1 July, so every line lies in one half-year and
  takes that half-year's rate (docs/law.md#arithmetic).
* **Divisor**: 365, even in leap years (service-public relaying the Banque de France); with the
  setting ``day_count: 366_in_leap_years`` a line lying in a leap year is divided by 366. A line
  never spans two years, so each line has one divisor.
* **Rounding**: each line is rounded half-up to the cent; a total is the sum of the printed lines,
  never a separately rounded figure, so a clerk who adds the lines finds the total.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from generator.rates import half_year_of

CENT = Decimal("0.01")
DAY = dt.timedelta(days=1)
DayCount = Literal["365", "366_in_leap_years"]
Kind = Literal["penalty", "legal_interest"]
RateFor = Callable[[str], tuple[Decimal, str]]
"""Given a half-year ``"2024-H1"``, the yearly rate in percent and its printed source."""


@dataclass(frozen=True)
class InterestLine:
    """One printed line of the statement: a base bearing one rate over days of one half-year."""

    invoice: str
    kind: Kind
    start: dt.date  # first day counted
    end: dt.date  # last day counted
    days: int
    base: Decimal
    rate: Decimal  # yearly, in percent
    divisor: int
    source: str
    amount: Decimal


def round_cent(value: Decimal) -> Decimal:
    """Half-up to the cent: 22.685 → 22.69, 22.6849 → 22.68."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def simple(base: Decimal, rate: Decimal, days: int, divisor: int) -> Decimal:
    """``base × rate % × days ÷ divisor``, rounded half-up to the cent."""
    return round_cent(base * rate * days / (Decimal(100) * divisor))


def divisor_for(day: dt.date, day_count: DayCount) -> int:
    """365, or 366 for a day of a leap year when the setting asks for it (docs/law.md#arithmetic)."""
    return 366 if day_count == "366_in_leap_years" and calendar.isleap(day.year) else 365


def _half_year_end(day: dt.date) -> dt.date:
    return dt.date(day.year, 6, 30) if day.month <= 6 else dt.date(day.year, 12, 31)


def split(after: dt.date, until: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The days after ``after`` up to and including ``until``, cut at 1 January and 1 July.

    Returns ``(first, last)`` pairs, both days included, each inside one half-year.
    """
    pieces: list[tuple[dt.date, dt.date]] = []
    if after >= until:
        return pieces
    first = after + DAY
    while first <= until:
        last = min(_half_year_end(first), until)
        pieces.append((first, last))
        if last == dt.date.max:  # the calendar ends here; nothing comes after
            break
        first = last + DAY
    return pieces


def accrue(
    invoice: str, kind: Kind, base: Decimal, after: dt.date, until: dt.date, rate_for: RateFor, day_count: DayCount
) -> list[InterestLine]:
    """The lines of interest on ``base`` for the days after ``after`` up to ``until`` (included)."""
    lines = []
    for first, last in split(after, until):
        rate, source = rate_for(half_year_of(first))
        days = (last - first).days + 1
        divisor = divisor_for(first, day_count)
        lines.append(
            InterestLine(
                invoice, kind, first, last, days, base, rate, divisor, source, simple(base, rate, days, divisor)
            )
        )
    return lines


def accrue_slices(
    invoice: str, kind: Kind, slices: Iterable[tuple[dt.date, dt.date, Decimal]], rate_for: RateFor, day_count: DayCount
) -> list[InterestLine]:
    """Lines for consecutive ``(after, until, base)`` slices: the base changes at each payment."""
    lines: list[InterestLine] = []
    for after, until, base in slices:
        if base > 0 and until > after:
            lines.extend(accrue(invoice, kind, base, after, until, rate_for, day_count))
    return lines


def total(lines: Iterable[InterestLine]) -> Decimal:
    """The sum of the printed lines (never re-rounded)."""
    return sum((line.amount for line in lines), Decimal("0.00"))
