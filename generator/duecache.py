"""A cache of each case's worklist, so that ``relance due`` run again the same day reads no YAML.

Parsing and checking ten thousand case files takes far longer than the worklist itself, and a
clerk runs ``due`` several times a day (after ``--prepare``, after each ``record``). The cache
holds, per case file, the digest of its bytes and its items; it is valid only for the same as-of
date, horizon, relance code, ``relance.yaml`` and rate tables, and an entry only while the file's
bytes are unchanged. It lives in ``.relance-cache/`` at the repository root (ignored by git):
deleting it is always safe, and a cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from generator import resources
from generator.cases import Repository
from generator.manifest import write_atomic

FOLDER = ".relance-cache"
NAME = "due.json"


def key(repo: Repository, as_of: str, horizon_days: int) -> str:
    """What every cached item depends on besides its own case file."""
    digest = hashlib.sha256()
    for path in (repo.config_path, resources.data_file("rates.yaml")):
        if path is not None:
            digest.update(Path(path).read_bytes())
    return f"{resources.code_identity()}|{digest.hexdigest()}|{as_of}|{horizon_days}"


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def lookup(known: dict[str, Any], path: Path) -> tuple[str, bytes | None, str, dict[str, Any] | None]:
    """The cache's name for ``path``, its bytes and their digest (None and "" when it is not a
    regular file that can be read), and its entry in ``known`` when that entry is still valid."""
    name = os.path.abspath(path)
    try:
        data = _regular_bytes(path)
    except OSError:
        data = None
    digest = file_digest(data) if data is not None else ""
    entry = known.get(name)
    return name, data, digest, entry if entry is not None and digest and entry["sha256"] == digest else None


def _regular_bytes(path: Path) -> bytes | None:
    """The bytes of ``path`` if it is a regular file, else None: a pipe or a device named *.yaml is
    never read (load_case reports it). Opened without blocking and checked on the open file, one
    system call fewer than ``is_file()`` then ``read_bytes()``, ten thousand times a run."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        chunks = []
        while chunk := os.read(fd, max(info.st_size + 1, 1 << 16)):  # to the end, as read_bytes()
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def load(repo: Repository, cache_key: str) -> dict[str, Any]:
    """``{case path: {"sha256": …, "items": […]}}`` from the last run with the same key, else empty."""
    try:
        data = json.loads((repo.root / FOLDER / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("key") != cache_key or not isinstance(data.get("cases"), dict):
        return {}
    cases: dict[str, Any] = data["cases"]
    return cases


def save(repo: Repository, cache_key: str, entries: dict[str, Any]) -> None:
    # ASCII escapes: a case file name that is not UTF-8 still round-trips (as \udcXX escapes).
    body = json.dumps({"key": cache_key, "cases": entries}, separators=(",", ":"))
    with contextlib.suppress(OSError):  # a read-only checkout: the next run parses again
        folder = repo.root / FOLDER
        folder.mkdir(exist_ok=True)
        if not (folder / ".gitignore").exists():
            (folder / ".gitignore").write_text("*\n", encoding="utf-8")
        write_atomic(folder / NAME, body.encode("utf-8"))
