"""Limitation periods (prescription): the last day a claim can still be brought before a court.

Rules (docs/law.md#prescription):

* 5 years for a business debtor (C. civ. 2224; C. com. L110-4 I), counted from the due date
  (Cass. com. 5 Dec 2018, n° 17-16.282).
* 2 years for a consumer (C. conso L218-2), counted from the day the professional knew the facts:
  the completion of the work or service, not the due date (Civ. 1re 19 May 2021, n° 20-12.520;
  Civ. 3e 1 Mar 2023, n° 21-23.176). relance counts from the earliest of the recorded completion
  and delivery dates, else from the issue date, which is never later than the work invoiced.
* An acknowledgement of the debt (C. civ. 2240) or a court claim (C. civ. 2241; not the small-claims
  procedure of CPCE L125-1, which only suspends, C. civ. 2238) recorded after
  the due date starts a new period of the same length from its date; the latest one counts.
  A partial payment can amount to an acknowledgement: record it as an ``acknowledgement`` event
  when it does. A letter, even a mise en demeure sent by LRAR, never interrupts the period
  (Cass. com. 18 May 2022, n° 20-23.204).
* A period in years ends on the same day-number of the last year (CPC 641 by analogy; 29 February
  becomes 28 February), and the claim is time-barred from the next day. Suspensions (C. civ. 2238)
  are not modelled: a case relying on one should record the claim's interruption explicitly.
"""

from __future__ import annotations

import datetime as dt

from generator.cases import LoadedCase
from generator.events import Acknowledgement, CourtClaim, LetterSent
from generator.models import Invoice

YEARS = {"business": 5, "consumer": 2}
NOT_INTERRUPTING = frozenset({"petites_creances"})
"""The small-claims procedure (CPCE L125-1) is no court claim: it does not interrupt the period and at
most suspends it from the debtor's acceptance (C. civ. 2238), which relance does not model."""


def years_for(loaded: LoadedCase) -> int:
    """5 years (C. civ. 2224, C. com. L110-4) or 2 for a consumer debtor (C. conso L218-2)."""
    return YEARS[loaded.case.debtor.kind]


def add_years(day: dt.date, years: int) -> dt.date:
    """Same day-number ``years`` later; 29 February falls back to 28 February.

    Total: past the calendar's last year the answer is its last day (case dates stop at 2099,
    so only a direct call can get there, but a date computation must never raise).
    """
    if day.year + years > dt.MAXYEAR:
        return dt.date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def origin(loaded: LoadedCase, invoice: Invoice) -> tuple[dt.date, str]:
    """Where the period starts before any interruption, and what that date is, in a clerk's words."""
    if loaded.case.debtor.kind == "business":
        return invoice.due, "its due date"
    known = [
        (day, name)
        for day, name in ((invoice.completed, "the completion of the work"), (invoice.delivered, "the delivery"))
        if day is not None
    ]
    if known:
        return min(known)
    return invoice.issued, "its issue date, no completion or delivery date being recorded"


def start_of(loaded: LoadedCase, invoice: Invoice) -> dt.date:
    """The origin, or the latest acknowledgement or court claim after it (C. civ. 2240, 2241)."""
    first = origin(loaded, invoice)[0]
    interruptions = [
        event.date
        for event in loaded.case.events
        if isinstance(event, (Acknowledgement, CourtClaim))
        and event.date > first
        and not (isinstance(event, CourtClaim) and event.procedure in NOT_INTERRUPTING)
    ]
    return max([first, *interruptions])


def limit_date(loaded: LoadedCase, invoice: Invoice) -> dt.date:
    """The last day the claim on ``invoice`` can be brought; it is time-barred the day after."""
    return add_years(start_of(loaded, invoice), years_for(loaded))


def awaited_acknowledgement(loaded: LoadedCase, as_of: dt.date) -> dt.date | None:
    """The day a reconnaissance_dette went to the debtor to sign, while no signed one is recorded since.

    Only the signed acknowledgement interrupts prescription (C. civ. 2240): the letter sent for
    signature does not, so the limit stays where it was until it comes back.
    """
    events = [event for event in loaded.case.events if event.date <= as_of]
    sent = [e.date for e in events if isinstance(e, LetterSent) and e.letter == "reconnaissance_dette"]
    if not sent or any(isinstance(e, Acknowledgement) and e.date >= max(sent) for e in events):
        return None
    return max(sent)
