"""The worklist: what is to be done on each case on or before a date, and why.

A plain function of a loaded case and a date (``case_worklist``), so that other commands can ask
"which letters are due within N days" without going through ``relance due``. The ladder dates
come from the schedule (practice, never law: docs/law.md#ladder), the reasons to wait from the same
helpers the letter rules use, so ``due`` never proposes a letter ``validate`` would then block:

* an open dispute (rule letter.dispute-open), insolvency proceedings (debtor.insolvency), court
  proceedings started, a letter prepared and not sent hold the ladder (here);
* an honoured payment plan (letter.plan-honoured) or a promise not yet due holds it, a broken
  promise or a missed instalment calls for the next letter at once (generator/dueladder.py);
* a mise en demeure whose deadline passed unpaid calls for the next legal step, a prescription
  limit within 90 days is flagged, and so is a letter due whose statement needs a half-year the
  rate tables lack: nothing is guessed (generator/duelegal.py).

The items and their JSON are in generator/dueitems.py.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator import cases, declaration, duecache, dueladder, duelegal, facts, prescription, ruletext, statement
from generator.cases import LoadedCase
from generator.dueitems import Item, Worklist, case_item
from generator.events import CourtClaim, LetterSent
from generator.i18n import Letter, msg
from generator.letters import COURT_DOCUMENTS, ESCALATION
from generator.rules import CheckContext

ZERO = Decimal("0.00")


def case_worklist(loaded: LoadedCase, as_of: dt.date, *, horizon_days: int = 0) -> list[Item]:
    """What is to be done on ``loaded`` on or before ``as_of`` + ``horizon_days``, most urgent first.

    Always at least one item: when nothing is to be done, a ``nothing`` item says why.
    """
    until = as_of + dt.timedelta(days=horizon_days)
    items = duelegal.prescription_items(loaded, as_of, until)
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


def _case_items(
    path: Path, repo: cases.Repository, as_of: dt.date, horizon_days: int, data: bytes | None
) -> list[Item]:
    result = cases.load_case(path, repo, data)
    if result.case is None:
        first = result.findings[0] if result.findings else None
        # The finding's path, not the file's: a name that is not UTF-8 is shown with replacement marks.
        shown = first.path if first else cases.display_path(path)
        return [
            Item(
                shown,
                os.fsencode(path.stem).decode("utf-8", "replace"),
                "error",
                as_of,
                msg(
                    "the case file cannot be read: {finding}",
                    finding=ruletext.finding_msg(first) if first else "unknown error",
                ),
            )
        ]
    return case_worklist(result.case, as_of, horizon_days=horizon_days)


def _next_action(loaded: LoadedCase, as_of: dt.date, until: dt.date) -> list[Item]:
    case = loaded.case
    left = statement.principal_left(loaded, as_of)
    owed = sum((b for b in left if b > 0), ZERO)
    if owed <= 0:
        paid_on = max((p.date for p in case.payments if p.date <= as_of), default=None)
        return [
            case_item(
                loaded,
                "nothing",
                paid_on or as_of,
                msg("paid in full on {day}", day=paid_on) if paid_on else msg("nothing is owed"),
            )
        ]
    found = declaration.proceedings_of(loaded)  # collective proceedings: the declaration alone
    if found is not None:
        kind, day, reason = declaration.todo(loaded, found, as_of)
        waiting = facts.pending_request(loaded)  # a declaration requested and not sent: "send" below
        if kind == "nothing" or waiting is None or waiting[1].type != "declaration_creance":
            return [case_item(loaded, kind, day, reason, amount=owed, letter="declaration_creance")]
    elif case.debtor.insolvency != "none":
        return [
            case_item(
                loaded,
                "nothing",
                as_of,
                msg("the debtor is in insolvency proceedings: file the claim, send no letter"),
                amount=owed,
            )
        ]
    # A court document recorded as sent started the proceedings as much as a court_claim event.
    claims: list[tuple[dt.date, str]] = [
        (e.date, e.procedure) for e in case.events if isinstance(e, CourtClaim) and e.date <= as_of
    ]
    claims += [
        (e.date, duelegal.PROCEDURES.get(e.letter, e.letter))
        for e in case.events
        if isinstance(e, LetterSent) and e.letter in COURT_DOCUMENTS and e.date <= as_of
    ]
    if claims:
        when, what = max(claims)
        return [
            case_item(
                loaded,
                "nothing",
                when,
                msg("court proceedings started on {day} ({procedure})", day=when, procedure=what),
                amount=owed,
            )
        ]
    ctx = CheckContext(loaded, as_of)
    unpaid = {case.invoices[i].number for i, b in enumerate(left) if b > 0}
    disputes = facts.open_disputes(loaded, as_of)
    disputed = facts.disputed_numbers(loaded, as_of)
    if disputes and unpaid <= disputed:
        since = min(d.date for _, d in disputes)
        return [
            case_item(
                loaded,
                "nothing",
                since,
                msg("in dispute since {day}: answer the dispute first", day=since),
                amount=owed,
            )
        ]
    pending = facts.pending_request(loaded)
    if pending is not None:
        index, request = pending
        if request.date > until:
            return [
                case_item(
                    loaded,
                    "nothing",
                    request.date,
                    msg(
                        "letters[{index}] ({letter}) is prepared for {day}",
                        index=index,
                        letter=Letter(request.type),
                        day=request.date,
                    ),
                    letter=request.type,
                    request=index,
                    amount=owed,
                )
            ]
        return [
            case_item(
                loaded,
                "send",
                request.date,
                msg(
                    "letters[{index}] ({letter} dated {day}) is prepared and not recorded as sent: build it, post it "
                    "and record it (relance record {path} --letter {number})",
                    index=index,
                    letter=Letter(request.type),
                    day=request.date,
                    path=loaded.path.as_posix(),
                    number=index + 1,
                ),
                letter=request.type,
                request=index,
                amount=owed,
            )
        ]
    awaited = prescription.awaited_acknowledgement(loaded, as_of)
    if awaited is not None:  # no reminder while the debtor has the acknowledgement to sign
        limit = min(prescription.limit_date(loaded, case.invoices[i]) for i, b in enumerate(left) if b > 0)
        return [
            case_item(
                loaded,
                "nothing",
                limit,
                msg(
                    "reconnaissance_dette sent on {day}: the signed acknowledgement is awaited; the claim is "
                    "time-barred after {limit} unless it comes back signed or goes to court",
                    day=awaited,
                    limit=limit,
                ),
                amount=owed,
            )
        ]
    hold = dueladder.hold(loaded, ctx, as_of, owed)
    if isinstance(hold, Item):
        return [hold]
    sent = sorted(
        (e for e in case.events if isinstance(e, LetterSent) and e.date <= as_of and e.letter in ESCALATION),
        key=lambda e: (ESCALATION.index(e.letter), e.date),
    )
    last = sent[-1] if sent else None
    if last is not None and last.letter == "mise_en_demeure":
        return duelegal.after_notice(loaded, last, as_of, owed)
    step, when, why = dueladder.next_step(loaded, last, left, as_of)
    if hold is not None:  # a broken promise or a missed instalment: the next letter at once
        when, why = hold
    if disputed & unpaid:
        why = msg(
            "{why}; invoice {invoices} in dispute: the letter leaves it out of the claim and reserves it; "
            "answer the dispute",
            why=why,
            invoices=", ".join(sorted(disputed & unpaid)),
        )
    if when > until:
        return [
            case_item(
                loaded,
                "nothing",
                when,
                msg("next: {step} on {day} ({why})", step=Letter(step), day=when, why=why),
                letter=step,
                amount=owed,
            )
        ]
    due = msg(
        "{step} due since {day} ({why})" if when <= as_of else "{step} due on {day} ({why})",
        step=Letter(step),
        day=when,
        why=why,
    )
    items = [case_item(loaded, "letter", when, due, letter=step, amount=owed)]
    rates = duelegal.missing_rates(loaded, max(when, as_of), step)
    if rates is not None:
        items.append(rates)
    return items
