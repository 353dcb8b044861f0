"""Deadlines printed in letters, rolled past weekends and French public holidays; the reminder schedule.

A deadline of N days runs from the letter's receipt (:func:`received_on`), that day not counted (CPC 641), and
one that would end on a Saturday, a Sunday or a public holiday moves to the next working day
(CPC 642). Whether CPC 642 binds a private mise en demeure is unsettled (docs/law.md#deadline):
rolling forward is the safe reading, since it never shortens the time given to the debtor.
Public holidays are those of the debtor's département, read from its postcode: Alsace-Moselle
(57, 67, 68) adds Good Friday and 26 December (C. trav. L3134-13), overseas départements and
collectivities add their own days (C. trav. L3422-2), all taken from the ``holidays`` package.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import holidays

from generator.models import Schedule

_POSTCODE = re.compile(r"(?<![0-9])([0-9]{5})(?![0-9])")

# Postcode prefix → subdivision code of ``holidays.France``. The package knows Alsace-Moselle as
# "57" (or "6AE"), so 67 and 68 map to "57": the three départements share the same two extra days.
_SUBDIVISIONS = {
    "57": "57",
    "67": "57",
    "68": "57",
    "971": "971",
    "972": "972",
    "973": "973",
    "974": "974",
    "976": "976",
    "975": "PM",
    "986": "WF",
    "987": "PF",
    "988": "NC",
}
# Collectivities sharing the 971 prefix with Guadeloupe.
_BY_POSTCODE = {"97133": "BL", "97150": "MF"}


def postcode_of(address_lines: list[str]) -> str | None:
    """The French 5-digit postcode of the last address line (or the one before a final "France")."""
    lines = [line for line in address_lines if line.strip()]
    if lines and lines[-1].strip().casefold() == "france":
        lines = lines[:-1]
    if not lines:
        return None
    match = _POSTCODE.search(lines[-1])
    return match.group(1) if match else None


def subdivision_of(postcode: str | None) -> str | None:
    """The ``holidays.France`` subdivision for a postcode; None for metropolitan France outside Alsace-Moselle."""
    if not postcode:
        return None
    if postcode in _BY_POSTCODE:
        return _BY_POSTCODE[postcode]
    return _SUBDIVISIONS.get(postcode[:3]) or _SUBDIVISIONS.get(postcode[:2])


@functools.lru_cache(maxsize=256)
def _holidays(subdivision: str | None, year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("FR", subdiv=subdivision, years=year))


def is_working_day(day: dt.date, postcode: str | None = None) -> bool:
    """Not a Saturday, a Sunday nor a public holiday where ``postcode`` lies (CPC 642)."""
    return day.weekday() < 5 and day not in _holidays(subdivision_of(postcode), day.year)


def received_on(
    letter_date: dt.date, presentation_days: int, received: dt.date | None, postcode: str | None
) -> dt.date:
    """The day a letter's deadline counts from: its receipt.

    Practice words the deadline "à compter de la réception de la présente" (docs/law.md#deadline),
    so the calendar date printed must not come before the debtor could hold the letter. The
    recorded receipt (``received`` on the letter event) wins; otherwise the usual presentation
    delay of the channel (``defaults.presentation_days``, a setting: 2 working days for an LRAR),
    counted in working days where the debtor lives.
    """
    if received is not None:
        return received
    day, left = letter_date, presentation_days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, postcode):
            left -= 1
    return day


def deadline(letter_date: dt.date, days: int, postcode: str | None) -> dt.date:
    """``letter_date`` + ``days`` (CPC 641), moved forward to the next working day (CPC 642)."""
    end = letter_date + dt.timedelta(days=days)
    while not is_working_day(end, postcode):
        end += dt.timedelta(days=1)
    return end


def schedule_dates(due: dt.date, schedule: Schedule) -> dict[str, dt.date]:
    """The date of each step of the ladder: the due date plus the step's offset in days.

    A schedule is practice, not law (docs/law.md#ladder): the dates are suggestions, not rolled.
    """
    return {step: due + dt.timedelta(days=offset) for step, offset in schedule.model_dump().items()}
