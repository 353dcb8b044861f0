"""Benchmark: ``relance build`` against bare WeasyPrint and headless Chromium, the pool, shards, no-op rebuilds.

Copies the demo cases of this repository N times into a temporary letters repository (built-in
templates), then measures in one run:

* bare WeasyPrint writing the letters' HTML with one shared ``CSS`` and ``FontConfiguration``, no
  checks, no files: the floor (goal: ``build -j 1`` within 1.10 × of it);
* headless Chromium printing the same HTML (the letters' stylesheet linked) from one warm browser
  over the DevTools pipe (benchmarks/chromium.py), when a ``chromium`` is on PATH;
* ``build --jobs 1`` (check, render, previews, PDFs, site, manifest) and ``--jobs 2`` (goal ≥ 1.7 ×
  on two quiet cores), with the peak memory of the largest PDF worker (goal ≤ 150 MB);
* ``--shard K/4`` for K = 1…4 then ``relance merge``, against the single build, whose tree the
  merged one must equal byte for byte;
* ``relance build`` as a command, in a new process, when nothing changed, over R letters for each R
  of ``--rebuild-letters`` (goal: under 1 s for 1 000, 5 s for 10 000). The seed build of that step
  uses a stub PDF writer, so the benchmark takes minutes, not hours; the timed rebuild runs the real
  code path.

``--profile`` instead runs ``build -j 1`` once under cProfile and prints the share of each part;
``--profile-rebuild`` does the same for the no-op rebuild.
Usage::

    python benchmarks/build_bench.py [--letters 50] [--rebuild-letters 1000 10000] [--profile]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import chromium
from profiling import add_option, profiled

from generator import build, cases, render, validate
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
        loaded = report.loaded
        if loaded is None or not loaded.case.letters or report.errors:
            continue
        validate.check_rendered_text(report, AS_OF)
        # Only cases whose every letter becomes a PDF: a blocked or sent letter has no layout to time.
        if not report.errors and not any(loaded.is_sent(i) for i in range(len(loaded.case.letters))):
            usable.append((path, len(loaded.case.letters)))
    if not usable:
        raise SystemExit("no demo case builds cleanly: nothing to measure")
    (root / "cases").mkdir(parents=True)
    shutil.copy(SOURCE / "relance.yaml", root / "relance.yaml")
    for extra in ("invoices", "factures", "cases/pieces"):  # invoice PDFs, court pieces, if the demo has any
        if (SOURCE / extra).is_dir():
            shutil.copytree(SOURCE / extra, root / extra)
    made, number = 0, 0
    while made < letters:
        path, count = usable[number % len(usable)]
        shutil.copy(path, root / "cases" / f"{number:05d}-{path.name}")
        made, number = made + count, number + 1
    return root


def cpu() -> float:
    """CPU seconds of this process and of its children waited for: steadier than wall time when shared."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


CPU: dict[str, float] = {}  # CPU seconds of the last timed_build and bare_weasyprint runs


def timed_build(root: Path, out: Path, jobs: int, clean: bool = True) -> tuple[float, build.BuildSummary]:
    stderr = io.StringIO()
    start, used = time.perf_counter(), cpu()
    with contextlib.redirect_stderr(stderr):
        summary = build.build_all([root / "cases"], out=out, jobs=jobs, as_of=AS_OF, clean=clean and out.exists())
    CPU["build"] = cpu() - used
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
    start, used = time.perf_counter(), cpu()
    fonts = FontConfiguration()
    css = weasyprint.CSS(filename=str(renderer.asset("letter.css")), font_config=fonts)
    base = renderer.search_path()[0].as_uri() + "/"
    for text in html:
        weasyprint.HTML(string=text, base_url=base).write_pdf(stylesheets=[css], font_config=fonts)
    CPU["bare"] = cpu() - used
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


def seed(root: Path) -> None:
    """A first build into ``root/output`` with the stub writer: every letter recorded, none laid out."""
    import generator.pdf

    real = generator.pdf.PdfWriter
    generator.pdf.PdfWriter = _StubWriter  # type: ignore[misc,assignment]
    try:
        timed_build(root, root / "output", 1)
    finally:
        generator.pdf.PdfWriter = real  # type: ignore[misc]


def rebuild_unchanged(root: Path) -> tuple[float, str]:
    out = root / "output"
    seed(root)
    command = [sys.executable, "-m", "generator", "build", "--out", str(out), "--as-of", AS_OF.isoformat()]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, done.stderr.strip().splitlines()[-1]


def chromium_pages(root: Path, folder: Path) -> list[Path]:
    """The letters' HTML as files, the stylesheet linked, for a browser to print."""
    repo = cases.load_repository(root)
    renderer = render.Renderer(repo)
    assets = renderer.asset("letter.css").parent.as_uri()
    folder.mkdir()
    files = []
    for path in sorted((root / "cases").glob("*.yaml")):
        report = check_one(path, repo, AS_OF)
        assert report.loaded is not None
        for index in range(len(report.loaded.case.letters)):
            page = folder / f"{len(files):05d}.html"
            page.write_text(renderer.render_letter(report.loaded, index, assets_href=assets).html, encoding="utf-8")
            files.append(page)
    return files


def tree(folder: Path) -> dict[str, bytes]:
    """Every file of a site but the manifest (it records mtimes) and the shard record."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".relance-")
    }


def sharded(root: Path, count: int) -> tuple[list[float], float, bool]:
    """Seconds of each ``--shard K/count`` build (-j 1), of the merge, and whether it equals out1."""
    from generator import merge
    from generator.shard import Shard

    times = []
    for index in range(1, count + 1):
        start = time.perf_counter()
        with contextlib.redirect_stderr(io.StringIO()):
            build.build_all(
                [root / "cases"], out=root / f"shard-{index}", jobs=1, as_of=AS_OF, shard=Shard(index, count)
            )
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()), contextlib.chdir(root):
        merge.merge([root / f"shard-{index}" for index in range(1, count + 1)], root / "merged", jobs=1)
    merged, single = tree(root / "merged"), tree(root / "out1")
    for name in sorted(set(merged) | set(single)):
        if merged.get(name) != single.get(name):
            print(f"  differs: {name}")
    return times, time.perf_counter() - start, merged == single


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=50, help="letters for the PDF timings (default 50)")
    parser.add_argument(
        "--rebuild-letters",
        type=int,
        nargs="*",
        default=[1000, 10_000],
        help="letters for each no-op rebuild (default 1000 10000)",
    )
    parser.add_argument("--shards", type=int, default=4, help="slices for the shard step (default 4; 0 skips)")
    add_option(parser)
    parser.add_argument(
        "--profile-rebuild",
        action="store_true",
        help="profile instead the no-op rebuild of the first --rebuild-letters, in this process",
    )
    args = parser.parse_args()
    import generator.pdf  # noqa: F401  # imports paid before any clock starts

    with tempfile.TemporaryDirectory(prefix="relance-bench-") as tmp:
        root = make_repo(Path(tmp) / "repo", args.letters)
        if args.profile:
            with profiled(True, f"relance build -j 1, {args.letters} letters", args.profile_dump):
                timed_build(root, root / "profiled", 1)
            return
        if args.profile_rebuild:
            letters = args.rebuild_letters[0] if args.rebuild_letters else 1000
            big = make_repo(Path(tmp) / "big", letters)
            seed(big)
            with profiled(
                True, f"relance build, nothing changed, {letters} letters (in this process)", args.profile_dump
            ):
                timed_build(big, big / "output", 1, clean=False)
            return
        os.chdir(root)  # the index names case files relative to the working folder: the same for every build
        print(f"load average at start: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
        bare, count = bare_weasyprint(root)
        one, summary = timed_build(root, root / "out1", 1)
        one_cpu = CPU["build"]
        two, _ = timed_build(root, root / "out2", 2)
        two_cpu = CPU["build"]
        worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # before any browser runs
        pages = chromium_pages(root, Path(tmp) / "html")
        used = cpu()
        browser = chromium.print_all(pages)
        browser_cpu = cpu() - used  # the browser's processes, start-up included, once it has exited
        print(f"letters: {count}  ({summary.line()})")
        files = [p for p in (root / "out1").rglob("*") if p.is_file()]
        pdf_bytes = sum(p.stat().st_size for p in files if p.suffix == ".pdf")
        print(
            f"output: {sum(p.stat().st_size for p in files) / count / 1024:.0f} KiB a letter, of which PDF "
            f"{pdf_bytes / count / 1024:.0f} KiB (court files included)"
        )
        bare_cpu = CPU["bare"]
        print(f"{'':22}{'wall':>14}{'letters/s':>11}{'CPU':>14}")
        print(
            f"bare WeasyPrint       {1000 * bare / count:8.1f} ms/l {count / bare:9.2f}  "
            f"{1000 * bare_cpu / count:8.1f} ms/l"
        )
        if isinstance(browser, str):
            print(browser)
        else:
            started, printing, _size = browser
            print(
                f"headless Chromium     {1000 * printing / count:8.1f} ms/l {count / printing:9.2f}  "
                f"{1000 * browser_cpu / count:8.1f} ms/l  (all its processes; + {started:.2f} s start-up, once)"
            )
        print(
            f"relance build -j 1    {1000 * one / count:8.1f} ms/l {count / one:9.2f}  "
            f"{1000 * one_cpu / count:8.1f} ms/l  {one / bare:.2f} x bare WeasyPrint in wall time, "
            f"{one_cpu / bare_cpu:.2f} x in CPU (goal <= 1.10)"
        )
        print(
            f"relance build -j 2    {1000 * two / count:8.1f} ms/l {count / two:9.2f}  "
            f"{1000 * two_cpu / count:8.1f} ms/l  speed-up {one / two:.2f} (goal >= 1.7); "
            f"largest PDF worker: {worker_mb:.0f} MB peak RSS"
        )
        if args.shards:
            times, merging, same = sharded(root, args.shards)
            each = ", ".join(f"{t:.1f}" for t in times)
            print(
                f"--shard K/{args.shards} -j 1: {each} s; merge {merging:.2f} s;"
                f" in a matrix {max(times) + merging:.1f} s against {one:.1f} s for one build"
                f" ({one / (max(times) + merging):.2f} x); merged tree {'identical' if same else 'DIFFERENT'}"
            )
        print(f"load average before the rebuilds: {os.getloadavg()[0]:.2f}")
        for letters in args.rebuild_letters:
            big = make_repo(Path(tmp) / f"big-{letters}", letters)
            seconds, line = rebuild_unchanged(big)
            goal = 1.0 if letters <= 1000 else 5.0 * letters / 10_000
            print(
                f"rebuild, nothing changed, {letters} letters: {seconds:.2f} s "
                f"({1000 * seconds / letters:.2f} ms/letter; goal < {goal:g} s)  [{line}]"
            )
            shutil.rmtree(big)
        print(f"load average at the end: {os.getloadavg()[0]:.2f}")
        os.chdir(SOURCE)


if __name__ == "__main__":
    main()
