"""``relance summary``: what a CI run shows a reviewer, in Markdown (GitHub's ``$GITHUB_STEP_SUMMARY``).

Cases checked, letters built and blocked (each blocked letter with its reasons), and, given a
base branch, which letters read differently from the same letters on that branch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator import cases
from generator import validate as checks
from generator.render import RenderedLetter
from generator.report import summarize
from generator.validate import CaseReport

Key = tuple[str, str]  # (case file relative to the repository, "<date>-<type>")
WHOLE = "(whole case)"  # the letter column of a case file that does not load at all


@dataclass
class Letters:
    """Every requested letter of a run: blocked ones with their reasons, others with a digest."""

    built: dict[Key, str] = field(default_factory=dict)  # key -> digest of the rendered letter
    blocked: dict[Key, list[str]] = field(default_factory=dict)  # key -> reasons


Checked = list[tuple[CaseReport, dict[int, RenderedLetter]]]


def check(paths: list[Path], as_of: dt.date, root: Path) -> Checked:
    """Every case checked as ``validate`` does, each with the renders its text rules read."""
    reports = checks.validate(paths, as_of, root=root, with_text=False)
    return [(report, checks.check_rendered_text(report, as_of)) for report in reports]


def collect(checked: Checked, root: Path) -> Letters:
    letters = Letters()
    for report, renders in checked:
        case = _relative(report.path, root)
        if report.loaded is None:
            letters.blocked[(case, WHOLE)] = [f.render() for f in report.errors]
            continue
        for index, letter in enumerate(report.loaded.case.letters):
            key = (case, f"{letter.date.isoformat()}-{letter.type}")
            if report.blocked(index):
                letters.blocked[key] = [f.render() for f in report.errors if f.letter in (None, index)]
            elif index in renders:
                # The HTML with the repository's own location taken out, so the same letter read
                # from another checkout of the same files has the same digest.
                html = renders[index].html.replace(str(root), "")
                letters.built[key] = hashlib.sha256(html.encode("utf-8")).hexdigest()
    return letters


def _relative(path: Path, root: Path) -> str:
    try:
        return (Path.cwd() / path).resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def summary(paths: list[Path], as_of: dt.date, base: str | None = None) -> str:
    """The Markdown summary of the cases under ``paths``, compared with ``base`` when given."""
    root = cases.find_root(paths[0] if paths else Path.cwd())
    checked = check(paths, as_of, root)
    reports = [report for report, _ in checked]
    head = collect(checked, root)
    lines = [
        "## relance",
        "",
        summarize(reports).line(),
        "",
        f"**{_count(len(head.built), 'letter')} built, {len(head.blocked)} blocked**",
        "",
    ]
    if head.blocked:
        lines += ["### Blocked letters", "", "| case | letter | why |", "|---|---|---|"]
        for (case, letter), reasons in sorted(head.blocked.items()):
            lines.append(f"| `{case}` | {letter} | {_cell('<br>'.join(reasons))} |")
        lines.append("")
    if base:
        lines += _changes(head, root, base, as_of)
    return "\n".join(lines) + "\n"


def _changes(head: Letters, root: Path, base: str, as_of: dt.date) -> list[str]:
    title = f"### Letters changed since `{base}`"
    with tempfile.TemporaryDirectory(prefix="relance-base-") as folder:
        problem = _extract(root, base, Path(folder))
        if problem:
            return [title, "", f"Not compared: {problem}.", ""]
        base_root = Path(folder)
        before = collect(check([], as_of, base_root), base_root)
    rows = []
    for key in sorted(set(head.built) | set(head.blocked) | set(before.built) | set(before.blocked)):
        change = _change(key, before, head)
        if change:
            rows.append(f"| `{key[0]}` | {key[1]} | {change} |")
    if not rows:
        return [title, "", "No letter changed.", ""]
    return [title, "", "| case | letter | change |", "|---|---|---|", *rows, ""]


def _change(key: Key, before: Letters, head: Letters) -> str | None:
    """How letter ``key`` changed from ``before`` to ``head``, or None when it did not."""

    def state(letters: Letters, key: Key) -> str | None:
        if key in letters.built:
            return letters.built[key]
        if key in letters.blocked or (key[0], WHOLE) in letters.blocked:
            return "blocked"  # a case that no longer loads blocks each of its letters
        return None

    def has_letters(letters: Letters, case: str) -> bool:
        return any(c == case and name != WHOLE for c, name in (*letters.built, *letters.blocked))

    if key[1] == WHOLE and (has_letters(before, key[0]) or has_letters(head, key[0])):
        return None  # said letter by letter instead
    was, now = state(before, key), state(head, key)
    if was == now:
        return None
    if was is None:
        return "new"
    if now is None:
        return "removed"
    if now == "blocked":
        return "now blocked"
    return "no longer blocked" if was == "blocked" else "changed"


def _extract(root: Path, ref: str, target: Path) -> str | None:
    """Write the letters repository as it is at ``ref`` into ``target``; the problem, if any."""

    def git(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)

    top = git("rev-parse", "--show-toplevel")
    if top.returncode != 0:
        return "this folder is not in a git repository"
    prefix = root.relative_to(Path(top.stdout.decode().strip()).resolve()).as_posix()
    tree = f"{ref}:{prefix}" if prefix != "." else ref
    archive = git("archive", "--format=tar", tree)
    if archive.returncode != 0:
        return (
            f"git has no '{ref}' here (on GitHub Actions, check out with `fetch-depth: 0` so the base branch is there)"
        )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return None


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
