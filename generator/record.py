"""``relance record``: a built letter becomes a ``letter`` event of the history, its PDF archived.

The event's ``date`` is the day the letter was posted (legal interest and the notice's effects
run from the sending, or from the receipt when recorded: C. civ. 1344, 1344-1;
docs/law.md#legal-interest, #open-questions); ``letter_date`` keeps the date the letter bears
when it differs, so the event still names its request. The case file is edited in place through generator/yamledit.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from generator import __version__, archive, cases, gitinfo, yamledit
from generator.errors import RelanceError
from generator.letters import LetterRequest

OUTPUT = "output"


def record(
    path: Path,
    number: int,
    *,
    sent: dt.date,
    channel: str,
    registered_number: str | None = None,
    received: dt.date | None = None,
    out: Path | None = None,
    force: bool = False,
) -> str:
    """Record letter ``number`` (1 for the first of ``letters:``) of ``path`` as sent; return what changed."""
    repo = cases.load_repository(cases.find_root(path))
    result = cases.load_case(path, repo)
    if result.case is None:
        raise RelanceError(
            f"{result.path}: the case file has errors; fix them first:\n"
            + "\n".join(f.render() for f in result.findings)
        )
    loaded = result.case
    letters = loaded.case.letters
    if not 1 <= number <= len(letters):
        raise RelanceError(
            f"{loaded.path}: there is no letter {number}: letters: holds {len(letters)} "
            f"letter{'s' if len(letters) != 1 else ''} (number them from 1)"
        )
    request = letters[number - 1]
    _check_dates(loaded.path, number, request, sent, received)
    if loaded.is_sent(number - 1):
        raise RelanceError(
            f"{loaded.path}: letter {number} ({request.type} of {request.date}) is already recorded as sent"
        )
    pdf = _built_pdf(repo, loaded.path, request, out)
    if not force:
        gitinfo.refuse_if_uncommitted(path)
    edit = yamledit.edit_file(path)
    edit.append(["events"], event(request, sent, channel, registered_number, received))
    facts = {
        "letter": request.type,
        "letter_date": request.date.isoformat(),
        "sent": sent.isoformat(),
        "channel": channel,
        "registered_number": registered_number,
        "received": received.isoformat() if received else None,
        "relance": __version__,
        "case_commit": gitinfo.last_commit(path),
    }
    kept = archive.store(repo.root, loaded.path, request, pdf.read_bytes(), facts)
    yamledit.save(path, edit)
    shown = _relative(kept, repo.root)
    return (
        edit.diff() + f"recorded letter {number} ({request.type}) as sent on {sent}; archived as {shown}\n"
        "commit the case file and the archive together\n"
    )


def event(
    request: LetterRequest, sent: dt.date, channel: str, registered_number: str | None, received: dt.date | None
) -> dict[str, Any]:
    """The ``letter`` event, keys in the order the examples write them, optional ones only when known."""
    item: dict[str, Any] = {"date": sent, "type": "letter", "letter": request.type, "channel": channel}
    if sent != request.date:
        item["letter_date"] = request.date
    if registered_number:
        item["registered_number"] = registered_number
    if received:
        item["received"] = received
    return item


def _check_dates(path: Path, number: int, request: LetterRequest, sent: dt.date, received: dt.date | None) -> None:
    if sent < request.date:
        raise RelanceError(
            f"{path}: letter {number} is dated {request.date}: it cannot have been sent on {sent}, "
            "before its own date (check --sent, or the letter's date)"
        )
    if received is not None and received < sent:
        raise RelanceError(f"{path}: received on {received}, before it was sent on {sent} (check --received)")


def _built_pdf(repo: cases.Repository, path: Path, request: LetterRequest, out: Path | None) -> Path:
    """The PDF the last build wrote for ``request``: what was printed and posted."""
    folder = (out if out is not None else repo.root / OUTPUT) / "cases" / archive.case_folder(repo.root, path).name
    pdf = folder / archive.file_name(request)
    if not pdf.is_file():
        raise RelanceError(
            f"{pdf}: no PDF of this letter; run relance build first (without --html-only), "
            "then post the PDF it writes and record it"
        )
    return pdf


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
