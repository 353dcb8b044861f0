"""The archive of letters sent: ``archive/CASE/DATE-TYPE.pdf`` and ``archive/CASE/index.json``.

A letter recorded as sent is evidence: a year later a lawyer must be able to show the very PDF
that was posted, whatever became of the templates, the rate tables or relance itself. So
``relance record`` copies the built PDF here, committed with the case and outside ``output/``,
with its SHA-256; the build and the site take that copy from then on and never render the letter
again, and ``relance verify`` proves no byte of it moved.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from generator.errors import RelanceError
from generator.letters import LetterRequest
from generator.manifest import write_atomic

ARCHIVE = "archive"
INDEX = "index.json"
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def case_folder(root: Path, case_path: Path) -> Path:
    """``archive/<case file name>``: named from the file, never from case data (it cannot leave the folder)."""
    return root / ARCHIVE / (_SAFE.sub("-", case_path.stem).strip(".-") or "x")


def file_name(request: LetterRequest) -> str:
    return f"{request.date.isoformat()}-{request.type}.pdf"


def read_index(folder: Path) -> list[dict[str, Any]]:
    path = folder / INDEX
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RelanceError(f"{path}: the archive index cannot be read ({exc}); restore it from git") from None
    if not isinstance(data, dict) or not isinstance(data.get("letters"), list):
        raise RelanceError(f"{path}: not an archive index (no 'letters' list); restore it from git")
    return list(data["letters"])


def entry_for(root: Path, case_path: Path, request: LetterRequest) -> dict[str, Any] | None:
    """The archive entry of ``request``, if it was recorded as sent."""
    name = file_name(request)
    return next((e for e in read_index(case_folder(root, case_path)) if e.get("file") == name), None)


def archived_pdf(root: Path, case_path: Path, request: LetterRequest) -> bytes | None:
    """The archived bytes of ``request``, checked against the digest recorded when it was sent.

    None when the letter was never archived; a missing or altered file is an error, never a
    reason to render the letter anew.
    """
    entry = entry_for(root, case_path, request)
    if entry is None:
        return None
    path = case_folder(root, case_path) / entry["file"]
    try:
        data: bytes = path.read_bytes()
    except OSError:
        raise RelanceError(
            f"{path}: the archived letter is missing; restore it from git (relance verify checks the whole archive)"
        ) from None
    if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
        raise RelanceError(
            f"{path}: the archived letter differs from the one recorded as sent (SHA-256 mismatch); restore it from git"
        )
    return data


def store(root: Path, case_path: Path, request: LetterRequest, data: bytes, facts: dict[str, Any]) -> Path:
    """Archive ``data`` as the sent copy of ``request``, with ``facts`` in its index entry."""
    folder = case_folder(root, case_path)
    entries = read_index(folder)
    name = file_name(request)
    if any(e.get("file") == name for e in entries) or (folder / name).exists():
        raise RelanceError(f"{folder / name}: this letter is already archived; an archived letter is never replaced")
    entry = {"file": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data), **facts}
    write_atomic(folder / name, data)
    body = json.dumps({"letters": [*entries, entry]}, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    write_atomic(folder / INDEX, body.encode("utf-8"))
    return folder / name


# --- relance verify ------------------------------------------------------------------------


def verify(root: Path) -> tuple[list[str], int]:
    """Every problem of the archive under ``root`` (one line each), and how many entries were checked."""
    problems: list[str] = []
    checked = 0
    base = root / ARCHIVE
    if not base.is_dir():
        return problems, 0
    for folder in sorted(p for p in base.iterdir() if p.is_dir()):
        try:
            entries = read_index(folder)
        except RelanceError as exc:
            problems.append(exc.format_message())
            continue
        named = set()
        for entry in entries:
            checked += 1
            name = str(entry.get("file", ""))
            named.add(name)
            path = folder / name
            if not name or Path(name).name != name:
                problems.append(f"{folder / INDEX}: an entry names no file, or a path outside the folder: {name!r}")
            elif not path.is_file():
                problems.append(f"{path}: missing (the index records it as sent; restore it from git)")
            else:
                data = path.read_bytes()
                if len(data) != entry.get("size") or hashlib.sha256(data).hexdigest() != entry.get("sha256"):
                    problems.append(
                        f"{path}: changed since it was recorded as sent (SHA-256 mismatch); restore it from git"
                    )
        for path in sorted(folder.glob("*.pdf")):
            if path.name not in named:
                problems.append(f"{path}: not in {INDEX}: a letter in the archive that no record vouches for")
    return problems, checked


def verify_command(start: Path) -> tuple[str, bool]:
    """``relance verify``: the archive of the repository holding ``start``; False on any problem."""
    from generator.cases import find_root

    problems, checked = verify(find_root(start))
    if problems:
        return "\n".join(problems) + f"\n{len(problems)} problem(s) in the archive ({checked} entries)\n", False
    return f"archive intact: {checked} letter(s) checked\n", True
