"""``relance due``: the worklist as text for a clerk, JSON for scripts, iCalendar for a calendar,
and ``--prepare``, which writes the proposed letters into the case files' ``letters:``."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator import cases, court, frenchtext, gitinfo, yamledit
from generator.dueitems import Item, Worklist
from generator.i18n import Msg, msg
from generator.letters import COURT_DOCUMENTS, LetterRequest
from generator.worklist import worklist

KIND_LABELS = {
    "prescription": msg("prescription"),
    "legal_step": msg("legal step"),
    "rates": msg("rates missing"),
    "letter": msg("letter due"),
    "send": msg("to send"),
    "error": msg("file error"),
    "nothing": msg("nothing"),
}


def due_command(paths: list[Path], as_of: dt.date, fmt: str, lang: str = "fr") -> str:
    """The worklist of the cases under ``paths`` on ``as_of``, in ``fmt`` (text, json or ics) and ``lang``."""
    # The collector stays paused (cases.bulk) until the output is made, not only while the files are
    # read: resumed earlier, it would walk every item, message and cache entry made meanwhile, all
    # still alive and none in a cycle. They go by reference counting when _report returns, before
    # the collector resumes.
    with cases.bulk():
        return _report(paths, as_of, fmt, lang)


def _report(paths: list[Path], as_of: dt.date, fmt: str, lang: str) -> str:
    work = worklist(paths, as_of)
    if fmt == "json":
        return json_text(work, lang)
    if fmt == "ics":
        return to_ics(work, lang)
    return to_text(work, lang)


def _say(message: Msg, lang: str, *, heading: bool = False) -> str:
    """A message as printed: a French sentence, or any heading, starts with a capital."""
    text = message.render(lang)
    return text[:1].upper() + text[1:] if lang == "fr" or heading else text


# --- formats ---------------------------------------------------------------------------------


def to_json(work: Worklist, lang: str = "en") -> dict[str, Any]:
    return {
        "as_of": work.as_of.isoformat(),
        "todo": len(work.todo),
        "waiting": len(work.waiting),
        "items": [item.to_json(lang) for item in work.items],
    }


def json_text(work: Worklist, lang: str = "en") -> str:
    """The JSON document, one item per line: readable in a diff, and quick to write for 10 000 cases
    (an indented dump goes through the json module's slow pure-Python encoder)."""
    head = to_json(work, lang)
    items = head.pop("items")
    top = json.dumps(head, ensure_ascii=False)[:-1]
    body = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in items)
    return f'{top}, "items": [\n{body}\n]}}\n' if items else f'{top}, "items": []}}\n'


def to_text(work: Worklist, lang: str = "en") -> str:
    out = [
        _say(
            msg(
                "worklist at {day}: {todo} to do, {waiting} waiting",
                day=work.as_of,
                todo=len(work.todo),
                waiting=len(work.waiting),
            ),
            lang,
            heading=True,
        )
    ]
    for title, items in ((msg("to do"), work.todo), (msg("waiting"), work.waiting)):
        if not items:
            continue
        out += ["", _say(title, lang, heading=True)]
        for item in items:
            what = item.letter if item.kind in ("letter", "send", "rates") else (item.procedure or "")
            day = frenchtext.date_short(item.date) if lang == "fr" else item.date.isoformat()
            out.append(
                f"  {day}  {KIND_LABELS[item.kind].render(lang):<17} {what:<20} {item.case}"
                + (f" ({item.debtor})" if item.debtor else "")
            )
            out.append(f"              {_say(item.message, lang)}")
    return "\n".join(out) + "\n"


def _ics_text(value: str) -> str:
    # RFC 5545 §3.3.11: backslash, semicolon, comma and newline are escaped in TEXT values.
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545 §3.1: lines longer than 75 octets continue on lines starting with a space."""
    parts: list[str] = []
    current = ""
    for char in line:
        if len((current + char).encode("utf-8")) > (75 if not parts else 74):
            parts.append(current)
            current = ""
        current += char
    parts.append(current)
    return [parts[0], *(" " + part for part in parts[1:])]


def to_ics(work: Worklist, lang: str = "en") -> str:
    """One all-day event per thing to do, on its due day (today's date for what is overdue).

    The UID is a digest of the case, the kind, the letter and the due date, so a calendar that
    subscribes sees the same event again, not a new one, at each refresh; DTSTAMP is the as-of
    date, so the file depends on nothing but its inputs.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//relance//relance due//FR",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:relance",
    ]
    stamp = work.as_of.strftime("%Y%m%dT000000Z")
    for item in work.todo:
        day = max(item.date, work.as_of)
        uid = hashlib.sha256(f"{item.case.as_posix()}|{item.kind}|{item.letter}|{item.date}".encode()).hexdigest()
        summary = (
            f"{_say(KIND_LABELS[item.kind], lang)}: {item.letter or item.procedure or ''} — {item.debtor or item.slug}"
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid[:32]}@relance",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(summary)}",
            f"DESCRIPTION:{_ics_text(item.case.as_posix() + chr(10) + _say(item.message, lang))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(folded + "\r\n" for line in lines for folded in _fold(line))


# --- relance due --prepare ---------------------------------------------------------------------


def request_for(item: Item) -> dict[str, Any]:
    """The letter request ``--prepare`` writes: the proposed letter, dated the day it is prepared."""
    request: dict[str, Any] = {"type": item.letter, "date": item.date}
    if item.letter == "mise_en_demeure":
        request["channel"] = "lrar"  # registered mail proves sending (C. civ. 1344; docs/law.md#sending)
    return request


def prepare(paths: list[Path], as_of: dt.date, *, force: bool = False) -> str:
    """Append the letter each case is due for to its ``letters:``; return the diffs of the files changed.

    A file with uncommitted changes is refused (the clerk's own edits would mix with relance's in
    one review) unless ``force``; every file is checked before any is written.
    """
    work = worklist(paths, as_of)
    # After a mise en demeure left unpaid, the court document the sum calls for (generator/procedure.py:
    # small claims up to 5 000 EUR interest included, else the injonction de payer) is prepared the same way.
    proposals = [
        item
        for item in work.todo
        if item.kind == "letter" or (item.kind == "legal_step" and item.letter in COURT_DOCUMENTS)
    ]
    blocked = {item.case: item for item in work.todo if item.kind == "rates"}
    edits: list[tuple[Path, yamledit.YamlEdit]] = []
    notes = []
    for item in proposals:
        if item.case in blocked:  # the letter cannot be written until the rates are added
            notes.append(f"{item.case}: {item.letter} not prepared: {blocked[item.case].reason}\n")
            continue
        lacking = _lacking_rate(item.case, _dated(item, as_of)) if item.kind == "legal_step" else None
        if lacking is not None:  # a court document states the sum with interest to its date (CPC 1407)
            notes.append(
                f"{item.case}: {item.letter} not prepared: the {item.letter} cannot be written yet: {lacking}\n"
            )
            continue
        if not force:
            gitinfo.refuse_if_uncommitted(item.case)
        edit = yamledit.edit_file(item.case)
        edit.append(["letters"], request_for(_dated(item, as_of)))
        edits.append((item.case, edit))
        if item.letter == "requete_injonction" and not _court_known(item.case, as_of):
            notes.append(
                f"{item.case}: requete_injonction prepared without its court: write the court's exact name "
                "in its court:, or list it under courts: in relance.yaml (relance never guesses it)\n"
            )
    diffs = []
    for path, edit in edits:
        yamledit.save(path, edit)
        diffs.append(edit.diff())
    if not diffs:
        return "".join(notes) + "no letter to prepare\n"
    return (
        "".join(diffs) + "".join(notes) + f"prepared {len(diffs)} letter{'s' if len(diffs) > 1 else ''}; "
        "check them with relance validate, then relance build\n"
    )


def _lacking_rate(path: Path, item: Item) -> str | None:
    """The rate the document's statement lacks, with its fix; None when the statement can be computed."""
    from generator import declaration, statement
    from generator.rates import MissingRate

    result = cases.load_case(path, cases.load_repository(cases.find_root(path)))
    if result.case is None or item.letter is None:
        return None
    probe = LetterRequest(type=item.letter, date=item.date)
    try:
        statement.compute(result.case, declaration.statement_day(result.case, probe))
    except MissingRate as exc:
        return f"{exc.what} ({exc.fix})"
    return None


def _court_known(path: Path, day: dt.date) -> bool:
    """Does relance.yaml name the court of the debtor's seat for this case (CPC 1406)?"""
    result = cases.load_case(path, cases.load_repository(cases.find_root(path)))
    if result.case is None:
        return False
    return court.court_name(result.case, LetterRequest(type="requete_injonction", date=day))[0] is not None


def _dated(item: Item, as_of: dt.date) -> Item:
    # A letter is dated the day it is written: an overdue step is written today, not backdated.
    return replace(item, date=max(item.date, as_of))
