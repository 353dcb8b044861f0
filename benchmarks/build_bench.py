"""Benchmark: ``relance build`` against bare WeasyPrint, the worker pool, and a rebuild with nothing changed.

Copies the demo cases of this repository N times into a temporary letters repository (built-in
templates), then measures in one run:

* the time per letter of ``build --jobs 1`` (check, render, write previews, PDFs, site, manifest)
  against bare WeasyPrint writing the same letter HTML with one shared ``CSS`` and
  ``FontConfiguration`` (goal: ratio ≤ 1.15);
* the speed-up of ``--jobs 2`` over ``--jobs 1`` (goal ≥ 1.7 on two cores);
* ``relance build`` as a command, in a new process, when nothing changed, over R letters
  (goal: under 2 s for 1,000). The seed build of that step uses a stub PDF writer, so the
  benchmark takes seconds, not minutes; the timed rebuild runs the real code path.

Usage::

    python benchmarks/build_bench.py [--letters 24] [--rebuild-letters 1000]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from profiling import add_option, profiled

from generator import build, cases, render
from generator.render import PdfInput
from generator.validate import check_one

AS_OF = dt.date(2026, 11, 23)
SOURCE = Path(__file__).resolve().parent.parent


def make_repo(root: Path, letters: int) -> Path:
    """A letters repository with the demo config and ``letters`` letters cut from the demo cases."""
    demo = cases.load_repository(SOURCE)
    usable = []
    for path in sorted((SOURCE / "cases").glob("*.yaml")):
        report = check_one(path, demo, AS_OF)
        if report.loaded is not None and report.loaded.case.letters and not report.errors:
            usable.append((path, len(report.loaded.case.letters)))
    if not usable:
        raise SystemExit("no demo case builds cleanly: nothing to measure")
    (root / "cases").mkdir(parents=True)
    shutil.copy(SOURCE / "relance.yaml", root / "relance.yaml")
    for extra in ("invoices", "factures"):  # invoice PDFs attached in PDF/A, if the demo has any
        if (SOURCE / extra).is_dir():
            shutil.copytree(SOURCE / extra, root / extra)
    made, number = 0, 0
    while made < letters:
        path, count = usable[number % len(usable)]
        shutil.copy(path, root / "cases" / f"{number:05d}-{path.name}")
        made, number = made + count, number + 1
    return root


def timed_build(root: Path, out: Path, jobs: int, clean: bool = True) -> tuple[float, build.BuildSummary]:
    stderr = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stderr(stderr):
        summary = build.build_all([root / "cases"], out=out, jobs=jobs, as_of=AS_OF,
                                     clean=clean and out.exists())
    return time.perf_counter() - start, summary


def bare_weasyprint(root: Path) -> tuple[float, int]:
    """Bare WeasyPrint on the same letter HTML: shared CSS and FontConfiguration, no checks, no files."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    repo = cases.load_repository(root)
    renderer = render.Renderer(repo)
    html = []
    for path in sorted((root / "cases").glob("*.yaml")):
        report = check_one(path, repo, AS_OF)
        assert report.loaded is not None
        for index in range(len(report.loaded.case.letters)):
            html.append(renderer.render_letter(report.loaded, index, assets_href=None).html)
    start = time.perf_counter()
    fonts = FontConfiguration()
    css = weasyprint.CSS(filename=str(renderer.asset("letter.css")), font_config=fonts)
    base = renderer.search_path()[0].as_uri() + "/"
    for text in html:
        weasyprint.HTML(string=text, base_url=base).write_pdf(stylesheets=[css], font_config=fonts)
    return time.perf_counter() - start, len(html)


class _StubWriter:
    """Seeds the rebuild step quickly: a fixed small PDF instead of a real layout."""

    stylesheet_path = "assets/letter.css"
    stylesheet_messages: tuple[str, ...] = ()

    def __init__(self, search_path: object) -> None:
        pass

    def write_logged(self, letter: PdfInput) -> object:
        from generator.pdf import PdfResult

        return PdfResult(b"%PDF-1.7\n% stub\n", ())


def rebuild_unchanged(root: Path) -> tuple[float, str]:
    import generator.pdf

    out = root / "output"
    real = generator.pdf.PdfWriter
    generator.pdf.PdfWriter = _StubWriter  # type: ignore[misc,assignment]
    try:
        timed_build(root, out, 1)
    finally:
        generator.pdf.PdfWriter = real  # type: ignore[misc]
    command = [sys.executable, "-m", "generator", "build", "--out", str(out), "--as-of", AS_OF.isoformat()]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, done.stderr.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=24, help="letters for the PDF timings (default 24)")
    parser.add_argument("--rebuild-letters", type=int, default=1000,
                        help="letters for the rebuild (default 1000)")
    add_option(parser)
    args = parser.parse_args()
    import generator.pdf  # noqa: F401  # imports paid before any clock starts

    with tempfile.TemporaryDirectory(prefix="relance-bench-") as tmp:
        root = make_repo(Path(tmp) / "repo", args.letters)
        if args.profile:
            with profiled(True, f"relance build -j 1, {args.letters} letters", args.profile_dump):
                timed_build(root, root / "profiled", 1)
            return
        bare, count = bare_weasyprint(root)
        one, summary = timed_build(root, root / "out1", 1)
        two, _ = timed_build(root, root / "out2", 2)
        print(f"letters: {count}  ({summary.line()})")
        print(f"bare WeasyPrint       {1000 * bare / count:8.1f} ms/letter")
        print(f"relance build -j 1    {1000 * one / count:8.1f} ms/letter   "
              f"ratio {one / bare:.2f}  (goal ≤ 1.15)")
        print(f"relance build -j 2    {1000 * two / count:8.1f} ms/letter   "
              f"speed-up {one / two:.2f}  (goal ≥ 1.7)")
        big = make_repo(Path(tmp) / "big", args.rebuild_letters)
        seconds, line = rebuild_unchanged(big)
        print(f"rebuild, nothing changed, {args.rebuild_letters} letters: {seconds:.2f} s "
              f"({1000 * seconds / args.rebuild_letters:.2f} ms/letter; goal < 2 s)  [{line}]")


if __name__ == "__main__":
    main()
