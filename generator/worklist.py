"""The worklist: what is to be done on each case on or before a date, and why.

A plain function of a loaded case and a date (``case_worklist``), so that other commands can ask
"which letters are due within N days" without going through ``relance due``. The ladder dates
come from the schedule (practice, never law: docs/law.md#ladder), the reasons to wait from the same
helpers the letter rules use, so ``due`` never proposes a letter ``validate`` would then block:

* an open dispute (rule letter.dispute-open), an honoured payment plan (letter.plan-honoured), a
  promise not yet due, insolvency proceedings (debtor.insolvency) hold the ladder;
* a broken promise or a missed instalment calls for the next letter at once;
* a mise en demeure whose deadline passed unpaid calls for the next legal step, named by the
  amount (small claims up to €5,000, CPCE L125-1; else injonction de payer, CPC 1405 —
  docs/law.md#next-steps; generator/procedure.py);
* a prescription limit within 90 days is flagged (C. civ. 2224, C. conso L218-2 — docs/law.md#prescription);
* a letter due whose statement needs a half-year the rate tables lack is flagged: nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from generator import cases, deadlines, declaration, duecache, facts, prescription, procedure, ruletext, statement
from generator.cases import LoadedCase
from generator.events import CourtClaim, LetterSent
from generator.i18n import Letter, Msg, msg
from generator.letters import COURT_DOCUMENTS, ESCALATION
from generator.rates import MissingRate
from generator.rules import CheckContext
from generator.rules.letter import honoured_plan

Kind = Literal["prescription", "legal_step", "rates", "letter", "send", "error", "nothing"]
# Urgency: a claim about to be time-barred first, a case ripe for court next, then letters.
RANK: dict[str, int] = {"prescription": 0, "legal_step": 1, "rates": 2, "letter": 3, "send": 4,
                        "error": 5, "nothing": 9}
PRESCRIPTION_WARNING_DAYS = 90  # as prescription.near: a warning within 90 days of the limit (docs/law.md#prescription)
ZERO = Decimal("0.00")
PROCEDURE_NAMES = {"petites_creances": msg("petites creances"), "injonction_de_payer": msg("injonction de payer")}
# The document relance prepares for each next step (generator/court.py, docs/law.md#court-documents).
DOCUMENTS = {"petites_creances": "petites_creances", "injonction_de_payer": "requete_injonction"}
PROCEDURES = {document: code for code, document in DOCUMENTS.items()}


@dataclass(frozen=True)
class Item:
    """One thing to do (or the reason there is nothing to do) on one case.

    ``date`` is the day the action fell or falls due; ``letter`` the letter type proposed (kind
    letter), requested and not yet sent (send) or concerned (rates); ``request`` the index in
    ``letters:`` of a prepared request (send).
    """

    case: Path
    slug: str
    kind: Kind
    date: dt.date
    message: Msg
    letter: str | None = None
    request: int | None = None
    procedure: str | None = None
    amount: Decimal | None = None
    debtor: str = ""

    @property
    def actionable(self) -> bool:
        return self.kind != "nothing"

    @property
    def reason(self) -> str:
        """Why, in English (``message.render("fr")`` in French)."""
        return self.message.render("en")

    def sort_key(self) -> tuple[int, int, dt.date, str, str]:
        return (0 if self.actionable else 1, RANK[self.kind], self.date, str(self.case), self.letter or "")

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """A fixed set of keys (null when absent), for scripts that read them by name."""
        return {"case": self.case.as_posix(), "slug": self.slug, "debtor": self.debtor, "kind": self.kind,
                "date": self.date.isoformat(), "letter": self.letter, "request": self.request,
                "procedure": self.procedure, "amount": None if self.amount is None else str(self.amount),
                "reason": self.message.render(lang)}

    def cache_json(self) -> dict[str, Any]:  # no rendered reason: from_json rebuilds the message
        return {"slug": self.slug, "debtor": self.debtor, "kind": self.kind, "date": self.date.isoformat(),
                "letter": self.letter, "request": self.request, "procedure": self.procedure,
                "amount": None if self.amount is None else str(self.amount), "message": self.message.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any], case: Path) -> Item:
        return cls(case, data["slug"], data["kind"], dt.date.fromisoformat(data["date"]),
                   Msg.from_json(data["message"]),
                   data["letter"], data["request"], data["procedure"],
                   None if data["amount"] is None else Decimal(data["amount"]), data["debtor"])


@dataclass(frozen=True)
class Worklist:
    as_of: dt.date
    items: tuple[Item, ...]

    @property
    def todo(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.actionable)

    @property
    def waiting(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if not item.actionable)


def case_worklist(loaded: LoadedCase, as_of: dt.date, *, horizon_days: int = 0) -> list[Item]:
    """What is to be done on ``loaded`` on or before ``as_of`` + ``horizon_days``, most urgent first.

    Always at least one item: when nothing is to be done, a ``nothing`` item says why.
    """
    until = as_of + dt.timedelta(days=horizon_days)
    items = _prescription(loaded, as_of, until)
    items.extend(_next_action(loaded, as_of, until))
    return sorted(items, key=Item.sort_key)


def worklist(paths: list[Path], as_of: dt.date, *, horizon_days: int = 0, cache: bool = True) -> Worklist:
    """The worklist of every case under ``paths`` (default: the repository's cases/).

    With ``cache``, a case file whose bytes did not change since a run with the same date, code,
    config and rates is not read again (generator/duecache.py).
    """
    repo = cases.load_repository(cases.find_root(paths[0] if paths else Path.cwd()))
    cache_key = duecache.key(repo, as_of.isoformat(), horizon_days) if cache else ""
    known = duecache.load(repo, cache_key) if cache else {}
    fresh: dict[str, Any] = {}
    items: list[Item] = []
    with cases.bulk():
        for path in cases.collect(paths, repo):
            name, data, digest, entry = duecache.lookup(known, path)
            if entry is not None:
                items.extend(Item.from_json(data, cases.display_path(path)) for data in entry["items"])
                fresh[name] = entry
                continue
            found = _case_items(path, repo, as_of, horizon_days, data)
            items.extend(found)
            if digest:
                fresh[name] = {"sha256": digest, "items": [item.cache_json() for item in found]}
    if cache and fresh != known:
        duecache.save(repo, cache_key, fresh)
    return Worklist(as_of, tuple(sorted(items, key=Item.sort_key)))


def _case_items(path: Path, repo: cases.Repository, as_of: dt.date, horizon_days: int,
                data: bytes | None) -> list[Item]:
    result = cases.load_case(path, repo, data)
    if result.case is None:
        first = result.findings[0] if result.findings else None
        # The finding's path, not the file's: a name that is not UTF-8 is shown with replacement marks.
        shown = first.path if first else cases.display_path(path)
        return [Item(shown, os.fsencode(path.stem).decode("utf-8", "replace"), "error", as_of,
                     msg("the case file cannot be read: {finding}",
                         finding=ruletext.finding_msg(first) if first else "unknown error"))]
    return case_worklist(result.case, as_of, horizon_days=horizon_days)


# --- the pieces ------------------------------------------------------------------------------

def _item(loaded: LoadedCase, kind: Kind, date: dt.date, reason: Msg, **more: object) -> Item:
    return Item(loaded.path, loaded.slug, kind, date, reason, debtor=loaded.case.debtor.name,
                **more)  # type: ignore[arg-type]


def _prescription(loaded: LoadedCase, as_of: dt.date, until: dt.date) -> list[Item]:
    case = loaded.case
    items = []
    left = statement.principal_left(loaded, as_of)
    for invoice, balance in zip(case.invoices, left, strict=True):
        if balance <= 0:
            continue
        limit = prescription.limit_date(loaded, invoice)
        years = prescription.years_for(loaded)
        if limit < as_of:
            items.append(_item(loaded, "prescription", limit, msg(
                "invoice {invoice} has been time-barred since {barred} ({years} years from {start}): no mise en "
                "demeure can claim it", invoice=invoice.number, barred=limit + dt.timedelta(days=1), years=years,
                start=prescription.start_of(loaded, invoice)), amount=balance))
        elif limit > max(until, as_of + dt.timedelta(days=PRESCRIPTION_WARNING_DAYS)):
            continue
        elif (awaited := prescription.awaited_acknowledgement(loaded, as_of)) is not None:
            items.append(_item(loaded, "prescription", limit, msg(
                "invoice {invoice} is time-barred after {limit} ({years} years from {start}): the reconnaissance_dette "
                "sent on {sent} is not recorded signed; record it (events: type acknowledgement) or bring the claim "
                "to court before then", invoice=invoice.number, limit=limit, years=years, sent=awaited,
                start=prescription.start_of(loaded, invoice)), amount=balance))
        else:
            items.append(_item(loaded, "prescription", limit, msg(
                "invoice {invoice} is time-barred after {limit} ({years} years from {start}): bring the claim to "
                "court or have the debtor sign a reconnaissance_dette before then (request one in letters:)",
                invoice=invoice.number, limit=limit, years=years, start=prescription.start_of(loaded, invoice)),
                amount=balance, letter="reconnaissance_dette"))
    return items


def _next_action(loaded: LoadedCase, as_of: dt.date, until: dt.date) -> list[Item]:
    case = loaded.case
    left = statement.principal_left(loaded, as_of)
    owed = sum((b for b in left if b > 0), ZERO)
    if owed <= 0:
        paid_on = max((p.date for p in case.payments if p.date <= as_of), default=None)
        return [_item(loaded, "nothing", paid_on or as_of,
                      msg("paid in full on {day}", day=paid_on) if paid_on else msg("nothing is owed"))]
    found = declaration.proceedings_of(loaded)  # collective proceedings: the declaration alone
    if found is not None:
        kind, day, reason = declaration.todo(loaded, found, as_of)
        waiting = facts.pending_request(loaded)  # a declaration requested and not sent: "send" below
        if kind == "nothing" or waiting is None or waiting[1].type != "declaration_creance":
            return [_item(loaded, kind, day, reason, amount=owed, letter="declaration_creance")]
    elif case.debtor.insolvency != "none":
        return [_item(loaded, "nothing", as_of, msg("the debtor is in insolvency proceedings: file the claim, "
                                                    "send no letter"), amount=owed)]
    # A court document recorded as sent started the proceedings as much as a court_claim event.
    claims: list[tuple[dt.date, str]] = [(e.date, e.procedure) for e in case.events
                                         if isinstance(e, CourtClaim) and e.date <= as_of]
    claims += [(e.date, PROCEDURES.get(e.letter, e.letter)) for e in case.events
               if isinstance(e, LetterSent) and e.letter in COURT_DOCUMENTS and e.date <= as_of]
    if claims:
        when, what = max(claims)
        return [_item(loaded, "nothing", when, msg("court proceedings started on {day} ({procedure})", day=when,
                                                   procedure=what), amount=owed)]
    ctx = CheckContext(loaded, as_of)
    unpaid = {case.invoices[i].number for i, b in enumerate(left) if b > 0}
    disputes = facts.open_disputes(loaded, as_of)
    disputed = facts.disputed_numbers(loaded, as_of)
    if disputes and unpaid <= disputed:
        since = min(d.date for _, d in disputes)
        return [_item(loaded, "nothing", since, msg("in dispute since {day}: answer the dispute first", day=since),
                      amount=owed)]
    pending = facts.pending_request(loaded)
    if pending is not None:
        index, request = pending
        if request.date > until:
            return [_item(loaded, "nothing", request.date, msg(
                "letters[{index}] ({letter}) is prepared for {day}", index=index, letter=Letter(request.type),
                day=request.date), letter=request.type, request=index, amount=owed)]
        return [_item(loaded, "send", request.date, msg(
            "letters[{index}] ({letter} dated {day}) is prepared and not recorded as sent: build it, post it and "
            "record it (relance record {path} --letter {number})", index=index, letter=Letter(request.type),
            day=request.date, path=loaded.path.as_posix(), number=index + 1),
                      letter=request.type, request=index, amount=owed)]
    awaited = prescription.awaited_acknowledgement(loaded, as_of)
    if awaited is not None:  # no reminder while the debtor has the acknowledgement to sign
        limit = min(prescription.limit_date(loaded, case.invoices[i]) for i, b in enumerate(left) if b > 0)
        return [_item(loaded, "nothing", limit, msg(
            "reconnaissance_dette sent on {day}: the signed acknowledgement is awaited; the claim is time-barred "
            "after {limit} unless it comes back signed or goes to court", day=awaited, limit=limit), amount=owed)]
    hold = _hold(loaded, ctx, as_of, owed)
    if isinstance(hold, Item):
        return [hold]
    sent = sorted((e for e in case.events if isinstance(e, LetterSent) and e.date <= as_of
                   and e.letter in ESCALATION), key=lambda e: (ESCALATION.index(e.letter), e.date))
    last = sent[-1] if sent else None
    if last is not None and last.letter == "mise_en_demeure":
        return _after_notice(loaded, last, as_of, owed)
    step, when, why = _next_step(loaded, last, left, as_of)
    if hold is not None:  # a broken promise or a missed instalment: the next letter at once
        when, why = hold
    if disputed & unpaid:
        why = msg("{why}; invoice {invoices} in dispute: the letter leaves it out of the claim and reserves it; "
                  "answer the dispute", why=why, invoices=", ".join(sorted(disputed & unpaid)))
    if when > until:
        return [_item(loaded, "nothing", when, msg("next: {step} on {day} ({why})", step=Letter(step), day=when,
                                                   why=why), letter=step, amount=owed)]
    due = msg("{step} due since {day} ({why})" if when <= as_of else "{step} due on {day} ({why})",
              step=Letter(step), day=when, why=why)
    items = [_item(loaded, "letter", when, due, letter=step, amount=owed)]
    rates = _missing_rates(loaded, max(when, as_of), step)
    if rates is not None:
        items.append(rates)
    return items


def _hold(loaded: LoadedCase, ctx: CheckContext, as_of: dt.date,
          owed: Decimal) -> Item | tuple[dt.date, Msg] | None:
    """Why the ladder waits (an Item), or the date and reason it must move at once, or None."""
    case = loaded.case
    history = [e for e in case.events if e.date <= as_of]
    found_plan = facts.current_plan(loaded, as_of)
    if found_plan is not None:
        plan = found_plan[1]
        if honoured_plan(ctx, as_of) is not None:
            upcoming = [i for i in sorted(plan.instalments, key=lambda i: i.due) if i.due >= as_of]
            kept = (msg("payment plan of {day} kept so far; next instalment {amount} on {due}", day=plan.date,
                        amount=upcoming[0].amount, due=upcoming[0].due) if upcoming
                    else msg("payment plan of {day} kept so far", day=plan.date))
            return _item(loaded, "nothing", upcoming[0].due if upcoming else as_of, kept, amount=owed)
        first = statement.missed_instalments(plan, case.payments, as_of)[0]
        if _acted_on(history, first.due):
            return None
        return first.due + dt.timedelta(days=1), msg("instalment of {amount} due on {day} unpaid",
                                                     amount=first.amount, day=first.due)
    found_promise = facts.latest_promise(loaded, as_of)
    if found_promise is not None:
        promise = found_promise[1]
        if promise.promised_date >= as_of:
            return _item(loaded, "nothing", promise.promised_date,
                         msg("promise of {amount} to pay by {day}", amount=promise.amount,
                             day=promise.promised_date), amount=owed)
        if facts.promise_broken(loaded, promise, as_of) and not _acted_on(history, promise.promised_date):
            return (promise.promised_date + dt.timedelta(days=1),
                    msg("promise of {amount} for {day} not kept", amount=promise.amount, day=promise.promised_date))
    return None


def _acted_on(history: Sequence[object], broken: dt.date) -> bool:
    """Was a letter sent after ``broken``? Then the ladder simply goes on from that letter."""
    return any(isinstance(e, LetterSent) and e.date > broken for e in history)


def _next_step(loaded: LoadedCase, last: LetterSent | None, left: list[Decimal],
               as_of: dt.date) -> tuple[str, dt.date, Msg]:
    """The next step of the ladder, the day the schedule sets for it, and how it was reckoned.

    The oldest unpaid due date anchors the schedule; after a letter sent late, the schedule's gap
    between the two steps is kept from the day that letter was sent.
    """
    case = loaded.case
    schedule = facts.schedule_of(loaded)
    due = min(inv.due for inv, b in zip(case.invoices, left, strict=True) if b > 0)
    offsets = schedule.model_dump()
    if last is None:
        step = "rappel" if as_of <= due else "relance_1"
    else:
        step = ESCALATION[ESCALATION.index(last.letter) + 1]
    when = deadlines.schedule_dates(due, schedule)[step]
    why = msg("schedule: due date {due} {offset} days", due=due, offset=f"{offsets[step]:+d}")
    if last is not None:
        gap = offsets[step] - offsets[last.letter]
        after = last.date + dt.timedelta(days=max(gap, 1))
        if after > when:
            when, why = after, msg("schedule: {gap} days after the {letter} of {day}", gap=gap,
                                   letter=Letter(last.letter), day=last.date)
    return step, when, why


def _after_notice(loaded: LoadedCase, notice: LetterSent, as_of: dt.date, owed: Decimal) -> list[Item]:
    """After a mise en demeure: wait for its deadline, then the next legal step the sum allows."""
    days = _notice_days(loaded, notice)
    # From the letter's date, as letters print it; when the deadline runs from receipt, the rule
    # lives in generator/deadlines.py with the deadline itself.
    end = deadlines.deadline(notice.date, days, deadlines.postcode_of(loaded.case.debtor.address))
    if end >= as_of:
        return [_item(loaded, "nothing", end, msg("mise en demeure of {day}: the debtor has until {end} to pay",
                                                  day=notice.date, end=end),
                      amount=owed)]
    try:
        total = statement.compute(loaded, as_of, invoices=facts.default_claim(loaded, "petites_creances", as_of)).total
    except MissingRate as exc:
        step = procedure.next_step(owed)
        return [_item(loaded, "legal_step", end + dt.timedelta(days=1),
                      msg("deadline of the mise en demeure of {day} passed on {end} unpaid; the sum with interest "
                          "cannot be computed ({what}), principal alone: {procedure}", day=notice.date, end=end,
                          what=ruletext.phrase(exc.what), procedure=step.code),
                      procedure=step.code, amount=owed, letter=DOCUMENTS[step.code])]
    step = procedure.next_step(total)
    document = DOCUMENTS[step.code]
    return [_item(loaded, "legal_step", end + dt.timedelta(days=1),
                  msg("ready for the next legal step: the deadline of the mise en demeure of {day} passed on {end} "
                      "and {total} is still owed; {procedure} ({source}): request a {document} in letters:",
                      day=notice.date, end=end, total=total, procedure=PROCEDURE_NAMES[step.code],
                      source=step.source, document=document),
                  procedure=step.code, amount=total, letter=document)]


def _notice_days(loaded: LoadedCase, notice: LetterSent) -> int:
    """The deadline the notice gave: its request's deadline_days when still in the file, else the default."""
    request = next((r for r in loaded.case.letters if notice.records(r) and r.deadline_days), None)
    return facts.deadline_days(loaded, request) if request else loaded.repo.config.defaults.deadline_days


def _missing_rates(loaded: LoadedCase, day: dt.date, step: str) -> Item | None:
    try:
        statement.compute(loaded, day, notice=step == "mise_en_demeure")
    except MissingRate as exc:
        return _item(loaded, "rates", day, msg("the {step} cannot be written yet: {what} ({fix})", step=Letter(step),
                                               what=ruletext.phrase(exc.what), fix=ruletext.phrase(exc.fix, fix=True)),
                 letter=step)
    return None
