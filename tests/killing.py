"""Kill ``relance build`` at a moment, then check what it left; shared by the suite and benchmarks/kill_bench.py.

A trial starts from the complete output of an older build (another stylesheet: every letter
changes), runs ``relance build`` on the current inputs in a new process group, sends SIGKILL or
SIGINT to the group (as the kernel or a Ctrl-C would) after a delay, and checks:

* after SIGINT: exit code 130, one line on stderr, no traceback, no ``.relance-tmp-*`` file;
* every PDF of the folder opens with pypdf, and the index is a whole HTML page;
* the next ``relance build`` writes exactly the PDFs that the killed one did not finish (those
  whose bytes are not yet the uninterrupted build's), and the folder then holds the same
  files, byte for byte, as an uninterrupted build from the same older output (an uninterrupted
  ``build --clean`` when ``--clean`` was killed: the next build goes on with it).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pypdf

SOURCE = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-23"
INTERRUPTED = "relance build: interrupted; the letters written so far are kept, run it again to write the rest"
OLD_STYLE = "\n/* the older build's stylesheet */ body { letter-spacing: 0.01em; }\n"


def make_repo(root: Path, letters: int) -> Path:
    """A letters repository holding at least ``letters`` letters, cut from the demo cases."""
    import yaml

    (root / "cases").mkdir(parents=True)
    shutil.copy(SOURCE / "relance.yaml", root / "relance.yaml")
    shutil.copytree(SOURCE / "cases" / "pieces", root / "cases" / "pieces")
    demo = sorted((SOURCE / "cases").glob("*.yaml"))
    made, number = 0, 0
    while made < letters:
        path = demo[number % len(demo)]
        shutil.copy(path, root / "cases" / f"{number:04d}-{path.name}")
        made += len(yaml.safe_load(path.read_text(encoding="utf-8")).get("letters") or [])
        number += 1
    return root


def build(root: Path, out: Path, *options: str, workers: int = 2) -> subprocess.Popen[str]:
    command = [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--as-of",
        AS_OF,
        "--out",
        str(out),
        "--jobs",
        str(workers),
        *options,
    ]
    return subprocess.Popen(
        command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


def finished(process: subprocess.Popen[str]) -> tuple[int, str]:
    stderr = process.communicate()[1]
    return process.returncode, stderr


def files(out: Path) -> dict[str, bytes]:
    """Every file of the output folder but relance's bookkeeping (manifest, journal, lock)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith((".relance-manifest", ".relance-journal", ".relance-lock"))
    }


def letter_pdfs(tree: dict[str, bytes]) -> set[str]:
    return {name for name in tree if name.endswith(".pdf") and not name.endswith("-dossier.pdf")}


def summary_line(stderr: str) -> str:
    return stderr.strip().splitlines()[-1]


@dataclass
class Setup:
    root: Path
    old: Path  # the complete output of the older build
    reference: dict[str, bytes]  # the files of an uninterrupted build of the current inputs
    reference_clean: dict[str, bytes]  # the same, of an uninterrupted build --clean
    seconds: float  # how long that build took


def prepare(root: Path, letters: int, workers: int = 2) -> Setup:
    make_repo(root, letters)
    styles = root / "letter_templates" / "assets"  # with its fonts: the stylesheet names them relatively
    shutil.copytree(SOURCE / "letter_templates" / "assets", styles)
    with (styles / "letter.css").open("a", encoding="utf-8") as css:
        css.write(OLD_STYLE)
    start = time.monotonic()
    code, stderr = finished(build(root, root / "old", workers=workers))
    seconds = time.monotonic() - start
    assert code in (0, 1) and "failed" not in summary_line(stderr), stderr
    shutil.rmtree(root / "letter_templates")
    # The uninterrupted build starts where the killed ones do: a letter recorded as sent by hand
    # keeps the PDF it had (README, "Incremental"), the others are all written again.
    shutil.copytree(root / "old", root / "reference", copy_function=shutil.copy2)
    start = time.monotonic()
    code, stderr = finished(build(root, root / "reference", workers=workers))
    assert code in (0, 1) and "failed" not in summary_line(stderr), stderr
    seconds = min(seconds, time.monotonic() - start)
    reference, old = files(root / "reference"), files(root / "old")
    again = [name for name in letter_pdfs(reference) if old.get(name) != reference[name]]
    assert letter_pdfs(old) == letter_pdfs(reference) and len(again) > len(letter_pdfs(reference)) // 2, again
    # An uninterrupted --clean writes those letters again too (the next build goes on with a
    # --clean that was interrupted).
    shutil.copytree(root / "old", root / "reference-clean", copy_function=shutil.copy2)
    code, stderr = finished(build(root, root / "reference-clean", "--clean", workers=workers))
    assert code in (0, 1) and "failed" not in summary_line(stderr), stderr
    # The shorter of two whole builds: a moment before it falls inside a killed build.
    return Setup(root, root / "old", reference, files(root / "reference-clean"), seconds)


@dataclass
class Trial:
    problems: list[str]  # none: the trial passed
    missing: int  # PDFs the killed build had not finished
    letters: int  # PDFs of a whole build


def _wait_for_pdfs(out: Path, count: int, process: subprocess.Popen[str]) -> None:
    """Until the build's journal records ``count`` PDFs (or the build ends)."""
    journal = out / ".relance-journal"
    while process.poll() is None:
        try:
            if journal.read_text(encoding="utf-8").count('.pdf", "record"') >= count:
                return
        except OSError:
            pass
        time.sleep(0.02)


def trial(
    setup: Setup,
    name: str,
    sig: signal.Signals,
    delay: float,
    *,
    clean: bool = False,
    workers: int = 2,
    after_pdfs: int = 0,
) -> Trial:
    """Kill a build ``delay`` seconds after it has written ``after_pdfs`` PDFs, check what it left,
    and finish it with the next build."""
    out = setup.root / name
    shutil.copytree(setup.old, out, copy_function=shutil.copy2)  # mtimes kept: the manifest still holds
    process = build(setup.root, out, *(["--clean"] if clean else []), workers=workers)
    try:
        if after_pdfs:
            _wait_for_pdfs(out, after_pdfs, process)
        time.sleep(delay)
        os.killpg(process.pid, sig)
        code, stderr = finished(process)
    finally:
        if process.poll() is None:  # the trial itself was interrupted: no build left running
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    problems = []
    if sig == signal.SIGINT:
        if code != 130:
            problems.append(f"exit code {code}, not 130 (did the build end before the signal?)")
        if stderr != INTERRUPTED + "\n":
            problems.append(f"stderr is not the one line: {stderr[-2000:]!r}")
        leftovers = sorted(p.name for p in out.rglob(".relance-tmp-*"))
        if leftovers:
            problems.append(f"temporary files left: {leftovers}")
    elif "Traceback" in stderr:
        problems.append(f"a traceback: {stderr[-2000:]}")
    problems += usable(out)
    left, reference = files(out), setup.reference_clean if clean else setup.reference
    missing = sorted(n for n in letter_pdfs(reference) if left.get(n) != reference[n])
    code, stderr = finished(build(setup.root, out, workers=workers))
    expected = f"{len(missing)} built"
    if not summary_line(stderr).startswith(expected + ","):
        problems.append(f"the next build says {summary_line(stderr)!r}, {len(missing)} PDFs were missing")
    after = files(out)
    if after != reference:
        differ = sorted(n for n in set(after) | set(reference) if after.get(n) != reference.get(n))
        problems.append(f"not the uninterrupted build's files: {differ[:5]}")
    return Trial(problems, len(missing), len(letter_pdfs(reference)))


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.closed = False

    def handle_endtag(self, tag: str) -> None:
        self.closed = self.closed or tag == "html"


def usable(out: Path) -> list[str]:
    """Every PDF opens with pypdf; the index is a whole page."""
    problems = []
    for path in sorted(out.rglob("*.pdf")):
        try:
            if not pypdf.PdfReader(path).pages:
                problems.append(f"{path.name}: no page")
        except Exception as exc:  # noqa: BLE001  (any failure to read is what is being counted)
            problems.append(f"{path.name}: {exc}")
    index = out / "index.html"
    page = _Page()
    if not index.is_file():
        problems.append("no index.html")
    else:
        page.feed(index.read_text(encoding="utf-8"))
        if not page.closed:
            problems.append("index.html is cut short")
    return problems
