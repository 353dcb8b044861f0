"""``relance build``: check, render and write every letter as an HTML preview site and PDFs.

``build_all`` is the recipe; each of its steps is a function below or in ``casebuild`` (one
case) and ``outfolder`` (the output folder's lock, leftovers and ``--clean``).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, closing, nullcontext
from pathlib import Path
from typing import Any

from generator import casebuild, cases, outfolder, render, resources, site, validate, worklist
from generator.casebuild import ASSETS, BuildRun, safe_slug
from generator.errors import Finding, describe
from generator.manifest import Manifest, safe_remove, write_atomic, write_if_changed
from generator.outcomes import BuildSummary, CaseOutcome
from generator.render import RenderedLetter
from generator.shard import Shard, default_out, write_record
from generator.validate import CaseReport, check_one

__all__ = ["ASSETS", "BuildSummary", "Progress", "build_all", "safe_slug"]

log = logging.getLogger(__name__)
Progress = Callable[[int], AbstractContextManager[Callable[[], None]]]
"""Given the number of PDFs to write, a context whose value is called once per PDF written."""


def _no_progress(total: int) -> AbstractContextManager[Callable[[], None]]:
    return nullcontext(lambda: None)


def build_all(
    paths: list[Path],
    *,
    out: Path | None = None,
    jobs: int | None = None,
    html_only: bool = False,
    as_of: dt.date,
    clean: bool = False,
    progress: Progress = _no_progress,
    lang: str = "en",
    shard: Shard | None = None,
) -> BuildSummary:
    """Check every case under ``paths``, write previews, PDFs and the site to ``out``.

    Letters whose inputs did not change are not rendered again; one broken case never stops
    the others; an interrupted build keeps what it finished, for the next one. Each problem is
    logged as a warning and the summary line as info (logger ``generator.build``);
    ``BuildSummary.ok`` says whether all went well. With ``shard``, only the cases of that slice
    are built (``relance merge`` joins the slices' outputs).
    """
    repo = cases.load_repository(cases.find_root(paths[0] if paths else Path.cwd()))
    out = out if out is not None else repo.root / "output" if shard is None else default_out(repo.root, shard)
    with outfolder.locked(out), outfolder.leaves_no_temporary_files(out):
        previous = outfolder.start(out, clean)
        clean = clean or previous.unfinished_clean is not None  # an interrupted --clean goes on
        run = _new_run(repo, out, as_of, html_only, clean, previous, lang)
        with closing(run.manifest):  # its journal, however the build ends
            found = cases.collect(paths, repo)
            chosen = list(zip(found, _case_slugs(found), strict=True))  # slugs of all: a slice names cases alike
            if shard is not None:
                chosen = [(path, slug) for path, slug in chosen if shard.holds(path, repo.root)]
            outcomes = [_case(run, path, slug) for path, slug in chosen]
            _copy_assets(run)
            # The index opens on what is to be done today (a slice's index, on its own cases).
            todo = (
                worklist.worklist(paths, as_of).todo
                if shard is None
                else (worklist.worklist([path for path, _ in chosen], as_of, cache=False).todo if chosen else ())
            )
            _write_index(run, outcomes, todo)  # now, so that an interrupted build leaves a site
            if run.jobs:  # without a PDF to write, nothing the index shows can change below
                _write_pdfs(run, jobs or os.cpu_count() or 1, progress)  # each case finished as its letters are
                _write_index(run, outcomes, todo)  # again: a letter may have failed
            outfolder.finish(run.manifest, previous, clean)
            if shard is not None:
                write_record(
                    out,
                    shard,
                    root=repo.root,
                    paths=paths,
                    as_of=as_of.isoformat(),
                    html_only=html_only,
                    cases=len(chosen),
                )
    _report(run.summary, lang)
    return run.summary


def _new_run(
    repo: cases.Repository, out: Path, as_of: dt.date, html_only: bool, clean: bool, previous: Manifest, lang: str
) -> BuildRun:
    renderer = render.Renderer(repo)
    search_path = [Path(p) for p in renderer.search_path()]
    site_templates = sorted(p for folder in search_path for p in (folder / "site").glob("*.html"))
    # Files every letter depends on: rate tables, config, the letters' stylesheet and fonts.
    letter_common = [
        resources.data_file("rates.yaml"),
        *([repo.config_path] if repo.config_path else []),
        *renderer.letter_assets(),
    ]
    manifest = Manifest(out, {"files": previous.files}, root=repo.root.resolve())
    manifest.open_journal(clean, go_on=previous.unfinished_clean is not None)
    # With --clean, only what this clean build (or the interrupted one it goes on with) wrote is kept.
    reuse = (previous.unfinished_clean or Manifest(out)) if clean else previous
    return BuildRun(
        repo,
        out,
        as_of,
        html_only,
        clean,
        manifest,
        reuse,
        renderer,
        search_path,
        site.Site(repo, search_path, out),
        letter_common,
        [*letter_common, *site_templates],
        lang=lang,
    )


def _case_slugs(paths: Sequence[Path]) -> list[str]:
    slugs = [safe_slug(path.stem) for path in paths]
    counts = Counter(slugs)  # not list.count per slug: quadratic, seconds at 10 000 cases
    for index, slug in enumerate(slugs):
        if counts[slug] > 1:  # two cases named alike in different folders
            slugs[index] = safe_slug("-".join(paths[index].with_suffix("").parts[-2:]))
    return slugs


def _case(run: BuildRun, path: Path, slug: str) -> CaseOutcome:
    """One case: skipped if nothing changed, else checked, its previews written and PDFs queued."""
    outcome = casebuild.restore(run, path, slug)
    if outcome is None:
        report, checked = _check(path, run.repo, run.as_of, run.renderer)
        outcome = casebuild.build_case(run, path, report, slug, checked)
        if not run.waiting.get(slug):
            casebuild.finish_case(run, slug)
    return outcome


def _check(
    path: Path, repo: cases.Repository, as_of: dt.date, renderer: render.Renderer
) -> tuple[CaseReport, dict[int, RenderedLetter]]:
    """Load, check the data and the rendered text of one case; a crash becomes a finding."""
    report = check_one(path, repo, as_of)
    try:
        renders = validate.check_rendered_text(report, as_of, renderer)
    except Exception as exc:  # noqa: BLE001  (one case's failure is reported, not fatal)
        report.findings.append(
            Finding(
                "build.render",
                "error",
                report.path,
                None,
                None,
                f"the letters could not be rendered: {describe(exc)}",
                "fix the template or the case data named above",
            )
        )
        renders = {}
    return report, renders


def _copy_assets(run: BuildRun) -> None:
    """``output/assets``: the asset folders merged, the most specific template folder winning."""
    chosen: dict[str, Path] = {}
    for folder in reversed(run.search_path):
        assets = folder / ASSETS
        if assets.is_dir():
            for path in assets.rglob("*"):
                if path.is_file():
                    chosen[path.relative_to(assets).as_posix()] = path
    for name, source in sorted(chosen.items()):
        write_if_changed(run.out, f"{ASSETS}/{name}", source.read_bytes(), run.manifest)


def _write_index(run: BuildRun, outcomes: Sequence[CaseOutcome], todo: Sequence[Any]) -> None:
    page = run.pages.index_page(outcomes, run.as_of, todo)
    write_if_changed(run.out, "index.html", page.encode("utf-8"), run.manifest)


def _write_pdfs(run: BuildRun, workers: int, progress: Progress) -> None:
    """Write the queued PDFs; a case is finished (dossiers, page, record) when its last one is."""
    from generator import pdf

    by_output = {job.output: job for job in run.jobs}
    with progress(len(run.jobs)) as advance:
        for done in pdf.write_all([(job.output, job.letter) for job in run.jobs], workers, run.search_path):
            run.summary.problems.extend(m for m in done.stylesheet if m not in run.summary.problems)
            job = by_output[done.output]
            job.outcome.messages.extend(done.messages)
            if done.data is None:
                safe_remove(run.out / done.output)  # a stale PDF must not pass for this letter
                job.outcome.status = "failed"
                run.summary.failed += 1
                run.summary.problems.append(f"failed: {done.output}: {done.error}")
            else:
                write_atomic(
                    run.out / done.output,
                    done.data,
                    before_replace=functools.partial(run.manifest.record, done.output, done.data, job.inputs),
                )
                job.outcome.status = "built"
                run.summary.built += 1
                run.summary.problems.extend(f"{done.output}: {m}" for m in done.messages)
            run.waiting[job.case] -= 1
            if not run.waiting[job.case]:
                casebuild.finish_case(run, job.case)
            advance()


def _report(summary: BuildSummary, lang: str) -> None:
    # The same problem in many letters (a broken shared template) is said once, with a count.
    for problem, count in Counter(summary.problems).items():
        log.warning("%s", problem if count == 1 else f"{problem} (×{count})")
    log.info("%s", summary.line(lang))
