"""What git says about a case file: uncommitted changes, the commit that holds it.

relance edits case files in place only when the clerk's own changes are committed, so each
edit is reviewed alone; outside a git repository there is nothing to protect and nothing to name.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.errors import RelanceError


def _git(path: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(
            ["git", *args], cwd=path.resolve().parent, capture_output=True, text=True, check=False, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None  # no git on this machine: nothing can be said


def uncommitted(path: Path) -> bool:
    """Does ``path`` differ from the last commit (or is it not yet committed) in its git repository?"""
    result = _git(path, "status", "--porcelain", "--", path.resolve().name)
    if result is None or result.returncode != 0:
        return False  # not in a git repository
    return bool(result.stdout.strip())


def refuse_if_uncommitted(path: Path) -> None:
    if uncommitted(path):
        raise RelanceError(
            f"{path}: the file has changes not yet committed; nothing was written. Commit them "
            "first (git commit), so that relance's edit is reviewed on its own, or pass --force"
        )


def last_commit(path: Path) -> str | None:
    """The commit that last changed ``path``, when it is in a git repository and committed."""
    result = _git(path, "log", "-1", "--format=%H", "--", path.resolve().name)
    if result is None or result.returncode != 0 or not result.stdout.strip():
        return None
    return result.stdout.strip()
