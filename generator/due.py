"""``relance due``: the worklist as text for a clerk, JSON for scripts, iCalendar for a calendar,
and ``--prepare``, which writes the proposed letters into the case files' ``letters:``."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator import gitinfo, yamledit
from generator.worklist import Item, Worklist, worklist

KIND_LABELS = {"prescription": "prescription", "legal_step": "legal step", "rates": "rates missing",
               "letter": "letter due", "send": "to send", "error": "file error", "nothing": "nothing"}


def due_command(paths: list[Path], as_of: dt.date, fmt: str) -> str:
    """The worklist of the cases under ``paths`` on ``as_of``, in ``fmt`` (text, json or ics)."""
    work = worklist(paths, as_of)
    if fmt == "json":
        return json_text(work)
    if fmt == "ics":
        return to_ics(work)
    return to_text(work)


# --- formats ---------------------------------------------------------------------------------

def to_json(work: Worklist) -> dict[str, Any]:
    return {"as_of": work.as_of.isoformat(), "todo": len(work.todo), "waiting": len(work.waiting),
            "items": [item.to_json() for item in work.items]}


def json_text(work: Worklist) -> str:
    """The JSON document, one item per line: readable in a diff, and quick to write for 10 000 cases
    (an indented dump goes through the json module's slow pure-Python encoder)."""
    head = to_json(work)
    items = head.pop("items")
    top = json.dumps(head, ensure_ascii=False)[:-1]
    body = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in items)
    return f'{top}, "items": [\n{body}\n]}}\n' if items else f'{top}, "items": []}}\n'


def to_text(work: Worklist) -> str:
    out = [f"Worklist at {work.as_of}: {len(work.todo)} to do, {len(work.waiting)} waiting"]
    for title, items in (("To do", work.todo), ("Waiting", work.waiting)):
        if not items:
            continue
        out += ["", title]
        for item in items:
            what = item.letter if item.kind in ("letter", "send", "rates") else (item.procedure or "")
            out.append(f"  {item.date}  {KIND_LABELS[item.kind]:<13} {what:<20} {item.case}"
                       + (f" ({item.debtor})" if item.debtor else ""))
            out.append(f"              {item.reason}")
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


def to_ics(work: Worklist) -> str:
    """One all-day event per thing to do, on its due day (today's date for what is overdue).

    The UID is a digest of the case, the kind, the letter and the due date, so a calendar that
    subscribes sees the same event again, not a new one, at each refresh; DTSTAMP is the as-of
    date, so the file depends on nothing but its inputs.
    """
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//relance//relance due//FR", "CALSCALE:GREGORIAN",
             "X-WR-CALNAME:relance"]
    stamp = work.as_of.strftime("%Y%m%dT000000Z")
    for item in work.todo:
        day = max(item.date, work.as_of)
        uid = hashlib.sha256(f"{item.case.as_posix()}|{item.kind}|{item.letter}|{item.date}".encode()).hexdigest()
        summary = f"{KIND_LABELS[item.kind]}: {item.letter or item.procedure or ''} — {item.debtor or item.slug}"
        lines += ["BEGIN:VEVENT", f"UID:{uid[:32]}@relance", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{day:%Y%m%d}", f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
                  f"SUMMARY:{_ics_text(summary)}",
                  f"DESCRIPTION:{_ics_text(item.case.as_posix() + chr(10) + item.reason)}", "END:VEVENT"]
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
    proposals = [item for item in work.todo if item.kind == "letter"]
    blocked = {item.case: item for item in work.todo if item.kind == "rates"}
    edits: list[tuple[Path, yamledit.YamlEdit]] = []
    notes = []
    for item in proposals:
        if item.case in blocked:  # the letter cannot be written until the rates are added
            notes.append(f"{item.case}: {item.letter} not prepared: {blocked[item.case].reason}\n")
            continue
        if not force:
            gitinfo.refuse_if_uncommitted(item.case)
        edit = yamledit.edit_file(item.case)
        edit.append(["letters"], request_for(_dated(item, as_of)))
        edits.append((item.case, edit))
    diffs = []
    for path, edit in edits:
        yamledit.save(path, edit)
        diffs.append(edit.diff())
    if not diffs:
        return "".join(notes) + "no letter to prepare\n"
    return "".join(diffs) + "".join(notes) + f"prepared {len(diffs)} letter{'s' if len(diffs) > 1 else ''}; " \
                            "check them with relance validate, then relance build\n"


def _dated(item: Item, as_of: dt.date) -> Item:
    # A letter is dated the day it is written: an overdue step is written today, not backdated.
    return replace(item, date=max(item.date, as_of))

