"""The déclaration de créance: its time limit and the sums it declares (docs/law.md#declaration).

When the debtor is in collective proceedings, the claim is declared to the mandataire judiciaire
(C. com. L622-24) within two months of the opening judgment's publication in the BODACC, two more
for a creditor who does not reside in the court's territory (R622-24). The declaration states the
sum due on the day of the opening judgment and the sums not yet due with their due dates
(L622-25); the opening judgment stops the interest on trade claims (L622-28), so the statement is
taken on that day. The rules and the template both read :func:`declaration`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from generator import deadlines
from generator.cases import LoadedCase
from generator.events import LetterSent
from generator.i18n import Msg, msg
from generator.letters import LetterRequest
from generator.proceedings import CollectiveProceedings
from generator.statement import InvoiceAccount, Statement, compute

WARNING_DAYS = 30  # a warning from 30 days before the time limit: a product choice, not law
ZERO = Decimal("0.00")


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months``: the same day of the month, else that month's last day (CPC 641 al. 2)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _rolled(day: dt.date, postcode: str | None) -> dt.date:
    # CPC 642: a period ending on a Saturday, Sunday or public holiday runs to the next working day.
    while not deadlines.is_working_day(day, postcode):
        day += dt.timedelta(days=1)
    return day


def period_months(proceedings: CollectiveProceedings) -> int:
    """Two months, four for a creditor outside the court's territory (R622-24)."""
    return 4 if proceedings.creditor_outside_territory else 2


def time_limit(loaded: LoadedCase, proceedings: CollectiveProceedings) -> dt.date | None:
    """The last day to declare, from the BODACC publication; None while no publication date is given."""
    if proceedings.published is None:
        return None
    end = add_months(proceedings.published, period_months(proceedings))
    return _rolled(end, deadlines.postcode_of(loaded.case.debtor.address))


def relief_limit(loaded: LoadedCase, proceedings: CollectiveProceedings) -> dt.date | None:
    """The last day to ask the juge-commissaire for relief from a late declaration: six months (L622-26)."""
    if proceedings.published is None:
        return None
    return _rolled(add_months(proceedings.published, 6), deadlines.postcode_of(loaded.case.debtor.address))


def proceedings_of(loaded: LoadedCase) -> CollectiveProceedings | None:
    found = loaded.case.debtor.insolvency
    return found if isinstance(found, CollectiveProceedings) else None


def statement_day(loaded: LoadedCase, letter: LetterRequest) -> dt.date:
    """The day a document's figures are taken: the opening judgment for a declaration, else its own date."""
    found = proceedings_of(loaded)
    if letter.type == "declaration_creance" and found is not None:
        return min(found.opened, letter.date)
    return letter.date


@dataclass(frozen=True)
class Declaration:
    """What the declaration states: the proceedings, the sums due and not yet due, the time limit."""

    proceedings: CollectiveProceedings
    statement: Statement  # at the opening judgment
    due: tuple[InvoiceAccount, ...]  # due on or before the opening judgment: principal, interest, indemnity
    not_due: tuple[InvoiceAccount, ...]  # falling due after it: principal only, with its due date
    due_total: Decimal
    not_due_total: Decimal
    limit: dt.date | None
    months: int

    @property
    def total(self) -> Decimal:
        return self.due_total + self.not_due_total


def declaration(loaded: LoadedCase, letter: LetterRequest) -> Declaration | None:
    """The declaration of ``letter``; None when the case gives no proceedings' details."""
    found = proceedings_of(loaded)
    if found is None:
        return None
    st = compute(loaded, statement_day(loaded, letter))
    owed = [a for a in st.accounts if a.total > 0]
    due = tuple(a for a in owed if a.invoice.due <= found.opened)
    not_due = tuple(a for a in owed if a.invoice.due > found.opened)
    return Declaration(
        found,
        st,
        due,
        not_due,
        sum((a.total for a in due), ZERO),
        sum((a.balance for a in not_due), ZERO),
        time_limit(loaded, found),
        period_months(found),
    )


def todo(
    loaded: LoadedCase, found: CollectiveProceedings, as_of: dt.date
) -> tuple[Literal["nothing", "legal_step"], dt.date, Msg]:
    """What ``relance due`` says while no declaration waits to be sent: the worklist item's kind, day and reason."""
    filed = [
        e
        for e in loaded.case.events
        if isinstance(e, LetterSent) and e.letter == "declaration_creance" and e.date <= as_of
    ]
    if filed:
        return (
            "nothing",
            filed[-1].date,
            msg("claim declared to {mandataire} on {day}", mandataire=found.mandataire.name, day=filed[-1].date),
        )
    limit = time_limit(loaded, found)
    if limit is None:
        return (
            "legal_step",
            found.opened,
            msg(
                "collective proceedings opened on {day}: declare the claim to {mandataire} within two months of the "
                "BODACC publication (give its date); request a declaration_creance in letters:",
                day=found.opened,
                mandataire=found.mandataire.name,
            ),
        )
    if limit < as_of:
        return (
            "legal_step",
            found.opened,
            msg(
                "the time limit to declare the claim ended on {limit}: ask the juge-commissaire for relief (relevé de "
                "forclusion) by {relief}",
                limit=limit,
                relief=relief_limit(loaded, found),
            ),
        )
    return (
        "legal_step",
        found.opened,
        msg(
            "collective proceedings opened on {day}: declare the claim to {mandataire} by {limit}; request a "
            "declaration_creance in letters:",
            day=found.opened,
            mandataire=found.mandataire.name,
            limit=limit,
        ),
    )
