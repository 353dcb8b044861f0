"""``relance build``: check, render and write every letter as an HTML preview site and PDFs."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from generator import archive, cases, dossier, render, resources, site, validate, worklist
from generator.errors import Finding, describe
from generator.manifest import MANIFEST_NAME, Manifest, prepare_output, safe_remove, write_atomic, write_if_changed
from generator.outcomes import (
    BuildSummary,
    CaseOutcome,
    CaseRecord,
    LetterOutcome,
    record_from_json,
    record_to_json,
)
from generator.render import PdfInput, RenderedLetter
from generator.shard import Shard, default_out, write_record
from generator.validate import CaseReport, check_one

ASSETS = "assets"
log = logging.getLogger(__name__)
Progress = Callable[[int], AbstractContextManager[Callable[[], None]]]
"""Given the number of PDFs to write, a context whose value is called once per PDF written."""


def _copy_assets(search_path: Sequence[Path], out: Path, manifest: Manifest) -> None:
    """``output/assets``: the asset folders merged, the most specific template folder winning."""
    chosen: dict[str, Path] = {}
    for folder in reversed(search_path):
        assets = folder / ASSETS
        if assets.is_dir():
            for path in assets.rglob("*"):
                if path.is_file():
                    chosen[path.relative_to(assets).as_posix()] = path
    for name, source in sorted(chosen.items()):
        write_if_changed(out, f"{ASSETS}/{name}", source.read_bytes(), manifest)


_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_slug(text: str) -> str:
    """A file name that cannot leave its folder, whatever the case data says."""
    slug = _SAFE.sub("-", text).strip(".-")
    return slug or "x"


def _case_slugs(paths: Sequence[Path]) -> list[str]:
    slugs = [safe_slug(path.stem) for path in paths]
    counts = Counter(slugs)  # not list.count per slug: quadratic, seconds at 10 000 cases
    for index, slug in enumerate(slugs):
        if counts[slug] > 1:  # two cases named alike in different folders
            slugs[index] = safe_slug("-".join(paths[index].with_suffix("").parts[-2:]))
    return slugs


# --- inputs of a letter ------------------------------------------------------------------------

def _common_inputs(repo: cases.Repository, renderer: render.Renderer) -> list[Path]:
    """Files every letter depends on: rate tables, config, the letters' stylesheet and fonts."""
    files = [resources.data_file("rates.yaml")]
    if repo.config_path is not None:
        files.append(repo.config_path)
    return files + renderer.letter_assets()


def _no_progress(total: int) -> AbstractContextManager[Callable[[], None]]:
    return nullcontext(lambda: None)


# --- the build ------------------------------------------------------------------------------

@dataclass
class _Build:
    repo: cases.Repository
    out: Path
    as_of: dt.date
    html_only: bool
    manifest: Manifest
    previous: Manifest
    renderer: render.Renderer
    search_path: list[Path]
    summary: BuildSummary = field(default_factory=BuildSummary)
    jobs: list[tuple[str, PdfInput]] = field(default_factory=list)  # (output name, letter)
    by_output: dict[str, LetterOutcome] = field(default_factory=dict)
    pending_inputs: dict[str, dict[str, str]] = field(default_factory=dict)
    common: list[Path] = field(default_factory=list)  # what every case page depends on
    letter_common: list[Path] = field(default_factory=list)  # what every letter PDF depends on
    used: dict[str, set[Path]] = field(default_factory=dict)   # case slug -> template files looked up

    def case_inputs(self, path: Path, slug: str, files: Sequence[str]) -> dict[str, str]:
        """Everything a case's pages and letters depend on, for the skip-the-whole-case fast path."""
        return self.manifest.fingerprint(
            [path.resolve(), *self.common, *files],  # files: each str(Path) already
            {"relance": resources.code_identity(), "as_of": self.as_of.isoformat(), "html_only": str(self.html_only),
             "slug": slug})

    def restore(self, path: Path, slug: str, pages: site.Site) -> CaseOutcome | None:
        """The outcome of a case whose inputs and outputs are all as the last build left them."""
        key = str(path.resolve())
        data = self.previous.cases.get(key)
        if data is None:
            return None
        try:
            record = record_from_json(data)
            if self.previous.current_case(key, self.case_inputs(path, slug, record.files)) is None:
                return None
            pages.remember(slug, record.summary)
        except ValidationError:  # written by another version of relance: build the case again
            return None
        report = CaseReport(record.path, None, record.findings)
        outcome = CaseOutcome(report, slug, record.letters)
        for name in record.outputs:
            self.manifest.keep(name, self.previous)
        self.manifest.cases[key] = data
        if record.broken:
            self._blocked(report, None)
        for letter in record.letters:
            if letter.status == "blocked":
                self._blocked(report, letter.index)
            else:
                self.summary.unchanged += 1
        return outcome

    def remember(self, path: Path, outcome: CaseOutcome, pages: site.Site) -> None:
        """Record a case just built, so that the next build can skip it if nothing changes."""
        if any(letter.status == "failed" for letter in outcome.letters):
            return
        folder = f"cases/{outcome.slug}/"
        files = sorted(str(p) for p in self.used.get(outcome.slug, ()))
        record = CaseRecord(
            inputs=self.case_inputs(path, outcome.slug, files), files=files,
            outputs=sorted(name for name in self.manifest.outputs if name.startswith(folder)),
            path=outcome.report.path, broken=outcome.report.loaded is None,
            findings=outcome.report.findings, letters=outcome.letters, summary=pages.summary_json(outcome.slug))
        self.manifest.cases[str(path.resolve())] = record_to_json(record)

    def _blocked(self, report: CaseReport, index: int | None) -> None:
        self.summary.blocked += 1
        first = next((f for f in report.errors if index is None or f.letter in (None, index)), None)
        self.summary.problems.append(f"blocked: {first.render() if first else report.path}")

    def case(self, report: CaseReport, slug: str, checked: dict[int, RenderedLetter]) -> CaseOutcome:
        outcome = CaseOutcome(report, slug)
        loaded = report.loaded
        if loaded is None:
            self._blocked(report, None)
            return outcome
        for index, request in enumerate(loaded.case.letters):
            letter = LetterOutcome(index, request.type, request.date, f"{index + 1}-{request.type}", "failed")
            outcome.letters.append(letter)
            try:
                self.letter(report, slug, index, letter, checked.get(index))
            except Exception as exc:  # noqa: BLE001  (one letter's failure is reported, not fatal)
                letter.status = "failed"
                self.summary.failed += 1
                self.summary.problems.append(f"failed: {report.path}: letters[{index}]: {describe(exc)}")
        return outcome

    def letter(self, report: CaseReport, case_slug: str, index: int, letter: LetterOutcome,
               checked: RenderedLetter | None) -> None:
        """Write one letter's preview and queue its PDF; ``checked`` is the text checks' render."""
        loaded = report.loaded
        assert loaded is not None  # case() only asks for the letters of a case that loaded
        if loaded.is_sent(index) and self.archived(loaded, case_slug, index, letter):
            return
        blocked, changed = report.blocked(index), False
        try:
            preview = self.renderer.render_letter(loaded, index, assets_href=f"../../{ASSETS}")
        except Exception:
            if not blocked:
                raise
            preview = None  # a blocked letter may not render; its findings say why
        if preview is not None:
            letter.slug = safe_slug(preview.slug)
            self.used.setdefault(case_slug, set()).update(
                [*preview.templates, *preview.missing, *preview.attachments])
        folder = f"cases/{case_slug}"
        html_name, pdf_name = f"{folder}/{letter.slug}.html", f"{folder}/{letter.slug}.pdf"
        sent = loaded.is_sent(index) and (self.out / pdf_name).is_file()
        if sent:
            letter.status, letter.html, letter.pdf = "sent", f"{letter.slug}.html", f"{letter.slug}.pdf"
            self.manifest.keep(pdf_name, self.previous)
            self.manifest.keep(html_name, self.previous)
            self.summary.unchanged += 1
            return
        if preview is not None:
            changed = write_if_changed(self.out, html_name, preview.html.encode("utf-8"), self.manifest)
            letter.html = f"{letter.slug}.html"
        if blocked:
            letter.status = "blocked"
            safe_remove(self.out / pdf_name)  # a stale PDF must not pass for a valid letter
            self._blocked(report, index)
            return
        if self.html_only:
            self.manifest.keep(pdf_name, self.previous)  # still relance's, for --clean
            letter.status = "built" if changed else "unchanged"
            self._count(letter.status)
            return
        assert preview is not None  # a letter that is not blocked rendered, or raised above
        letter.pdf = f"{letter.slug}.pdf"
        # A letter's bytes depend on the case, the rates, the config, its templates, styles and
        # fonts, and the code; not on --as-of (the letter has its own date) nor on the site's look.
        inputs = self.manifest.fingerprint(
            [loaded.path.resolve(), *self.letter_common, *preview.templates, *preview.missing,
             *preview.attachments],
            {"relance": resources.code_identity(), "pdfa": str(preview.pdfa)})
        if self.previous.is_current(pdf_name, inputs):
            self.manifest.keep(pdf_name, self.previous)
            letter.status = "unchanged"
            self.summary.unchanged += 1
            return
        rendered = checked or self.renderer.render_letter(loaded, index, assets_href=None)
        self.jobs.append((pdf_name, rendered.pdf_input()))
        self.by_output[pdf_name] = letter
        self.pending_inputs[pdf_name] = inputs

    def archived(self, loaded: cases.LoadedCase, case_slug: str, index: int, letter: LetterOutcome) -> bool:
        """A letter recorded as sent is the archived PDF, byte for byte, never a new render."""
        request = loaded.case.letters[index]
        data = archive.archived_pdf(self.repo.root, loaded.path, request)
        if data is None:
            return False
        # The archived file joins the case's inputs: an altered copy is noticed by the next build.
        kept = archive.case_folder(self.repo.root, loaded.path) / archive.file_name(request)
        self.used.setdefault(case_slug, set()).add(kept.resolve())
        letter.slug = safe_slug(f"{request.date.isoformat()}-{request.type}")
        folder = f"cases/{case_slug}"
        write_if_changed(self.out, f"{folder}/{letter.slug}.pdf", data, self.manifest)
        self.manifest.keep(f"{folder}/{letter.slug}.html", self.previous)
        has_html = (self.out / folder / f"{letter.slug}.html").is_file()
        letter.status, letter.pdf, letter.html = "sent", f"{letter.slug}.pdf", (
            f"{letter.slug}.html" if has_html else None)
        entry = archive.entry_for(self.repo.root, loaded.path, request) or {}
        letter.archive = {**entry, "path": kept.relative_to(self.repo.root).as_posix()}
        self.summary.unchanged += 1
        return True

    def _count(self, status: str) -> None:
        if status == "built":
            self.summary.built += 1
        else:
            self.summary.unchanged += 1

    def pdfs(self, workers: int, progress: Progress) -> None:
        if not self.jobs:
            return
        from generator import pdf

        with progress(len(self.jobs)) as advance:
            for done in pdf.write_all(self.jobs, workers, self.search_path):
                self.summary.problems.extend(m for m in done.stylesheet if m not in self.summary.problems)
                letter = self.by_output[done.output]
                letter.messages.extend(done.messages)
                if done.data is None:
                    safe_remove(self.out / done.output)  # a stale PDF must not pass for this letter
                    letter.status = "failed"
                    self.summary.failed += 1
                    self.summary.problems.append(f"failed: {done.output}: {done.error}")
                else:
                    write_atomic(self.out / done.output, done.data)
                    self.manifest.record(done.output, done.data, self.pending_inputs[done.output])
                    letter.status = "built"
                    self.summary.built += 1
                    self.summary.problems.extend(f"{done.output}: {m}" for m in done.messages)
                advance()


def _check(path: Path, repo: cases.Repository, as_of: dt.date,
           renderer: render.Renderer) -> tuple[CaseReport, dict[int, RenderedLetter]]:
    """Load, check the data and the rendered text of one case; a crash becomes a finding."""
    report = check_one(path, repo, as_of)
    try:
        renders = validate.check_rendered_text(report, as_of, renderer)
    except Exception as exc:  # noqa: BLE001  (one case's failure is reported, not fatal)
        report.findings.append(Finding("build.render", "error", report.path, None, None,
                                       f"the letters could not be rendered: {describe(exc)}",
                                       "fix the template or the case data named above"))
        renders = {}
    return report, renders


def build_all(paths: list[Path], *, out: Path | None = None, jobs: int | None = None,
              html_only: bool = False, as_of: dt.date, clean: bool = False,
              progress: Progress = _no_progress, shard: Shard | None = None) -> BuildSummary:
    """Check every case under ``paths``, write previews, PDFs and the site to ``out``.

    Letters whose inputs did not change are not rendered again; one broken case never stops
    the others. Each problem is logged as a warning and the summary line as info (logger
    ``generator.build``); ``BuildSummary.ok`` says whether all went well. With ``shard``, only
    the cases of that slice are built (``relance merge`` joins the slices' outputs).
    """
    repo = cases.load_repository(cases.find_root(paths[0] if paths else Path.cwd()))
    out = out if out is not None else repo.root / "output" if shard is None else default_out(repo.root, shard)
    previous = prepare_output(out, clean)
    renderer = render.Renderer(repo)
    search_path = [Path(p) for p in renderer.search_path()]
    site_templates = sorted(p for folder in search_path for p in (folder / "site").glob("*.html"))
    letter_common = _common_inputs(repo, renderer)
    state = _Build(repo, out, as_of, html_only, Manifest(out, {"files": previous.files}), previous,
                   renderer, search_path, common=[*letter_common, *site_templates], letter_common=letter_common)
    pages = site.Site(repo, search_path)
    found = cases.collect(paths, repo)
    chosen = list(zip(found, _case_slugs(found), strict=True))  # slugs of all: a slice names cases alike
    if shard is not None:
        chosen = [(path, slug) for path, slug in chosen if shard.holds(path, repo.root)]
    outcomes, fresh = [], []
    for path, slug in chosen:
        outcome = state.restore(path, slug, pages)
        if outcome is None:
            report, checked = _check(path, repo, as_of, renderer)
            outcome = state.case(report, slug, checked)
            fresh.append((path, outcome))
        outcomes.append(outcome)
    if not html_only:
        state.pdfs(jobs or os.cpu_count() or 1, progress)
        for _, outcome in fresh:  # a court document's file: the document, then its pieces
            if outcome.report.loaded is not None:
                state.summary.problems.extend(dossier.build_case(
                    out, outcome.slug, outcome.report.loaded, outcome.letters, state.manifest, previous,
                    search_path, state.used.setdefault(outcome.slug, set())))
    _copy_assets(search_path, out, state.manifest)
    for path, outcome in fresh:
        write_if_changed(out, f"cases/{outcome.slug}/index.html",
                         pages.case_page(outcome, as_of).encode("utf-8"), state.manifest)
        state.remember(path, outcome, pages)
    # The index opens on what is to be done today (a slice's index, on its own cases).
    todo = worklist.worklist(paths, as_of).todo if shard is None else (
        worklist.worklist([path for path, _ in chosen], as_of, cache=False).todo if chosen else ())
    write_if_changed(out, "index.html", pages.index_page(outcomes, as_of, todo).encode("utf-8"), state.manifest)
    write_atomic(out / MANIFEST_NAME, state.manifest.to_json().encode("utf-8"))
    if shard is not None:
        write_record(out, shard, root=repo.root, paths=paths, as_of=as_of.isoformat(), html_only=html_only,
                     cases=len(chosen))
    # The same problem in many letters (a broken shared template) is said once, with a count.
    for problem, count in Counter(state.summary.problems).items():
        log.warning("%s", problem if count == 1 else f"{problem} (×{count})")
    log.info("%s", state.summary.line())
    return state.summary
