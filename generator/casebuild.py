"""One case in a build: skipped unchanged, or checked letters written; its page and record at the end.

The functions here take the ``BuildRun`` of ``build.build_all``: what the build knows (the
repository, the output folder, this build's manifest and the previous one) and what it has
done so far (the summary, the PDFs still to write).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from generator import archive, cases, dossier, render, resources, ruletext, site
from generator.errors import describe
from generator.i18n import translations
from generator.manifest import Manifest, safe_remove, write_if_changed
from generator.outcomes import BuildSummary, CaseOutcome, CaseRecord, LetterOutcome, record_from_json, record_to_json
from generator.render import PdfInput, RenderedLetter
from generator.validate import CaseReport

ASSETS = "assets"
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_slug(text: str) -> str:
    """A file name that cannot leave its folder, whatever the case data says."""
    slug = _SAFE.sub("-", text).strip(".-")
    return slug or "x"


@dataclass
class PdfJob:
    """A letter whose PDF is to be written, and what it is made from."""

    output: str  # its name in the output folder
    letter: PdfInput
    inputs: dict[str, str]  # the fingerprint recorded with it
    outcome: LetterOutcome
    case: str  # the slug of its case


@dataclass
class BuildRun:
    """What a build knows and what it has done so far."""

    repo: cases.Repository
    out: Path
    as_of: dt.date
    html_only: bool
    clean: bool  # render everything again, as if the folder were empty
    manifest: Manifest  # this build's record, journaled as it grows
    reuse: Manifest  # what may be kept from earlier builds (nothing with clean)
    renderer: render.Renderer
    search_path: list[Path]
    pages: site.Site
    letter_common: list[Path]  # what every letter PDF depends on
    common: list[Path]  # what every case page depends on
    summary: BuildSummary = field(default_factory=BuildSummary)
    jobs: list[PdfJob] = field(default_factory=list)
    waiting: dict[str, int] = field(default_factory=dict)  # case slug -> PDFs not yet written
    fresh: dict[str, tuple[Path, CaseOutcome]] = field(default_factory=dict)  # cases built, not skipped
    used: dict[str, set[Path]] = field(default_factory=dict)  # case slug -> template files looked up
    lang: str = "en"  # of the findings the build prints

    def exists(self, name: str) -> bool:
        """Is ``name`` in the output folder, for this build? With clean, only what it wrote again is."""
        return (not self.clean or name in self.reuse.outputs) and (self.out / name).is_file()


def case_inputs(run: BuildRun, path: Path, slug: str, files: Sequence[str]) -> dict[str, str]:
    """Everything a case's pages and letters depend on, for the skip-the-whole-case fast path."""
    return run.manifest.fingerprint(
        [path.resolve(), *run.common, *files],  # files: each named already
        {
            "relance": resources.code_identity(),
            "as_of": run.as_of.isoformat(),
            "html_only": str(run.html_only),
            "slug": slug,
        },
    )


def restore(run: BuildRun, path: Path, slug: str) -> CaseOutcome | None:
    """The outcome of a case whose inputs and outputs are all as the last build left them."""
    key = run.manifest.name(path.resolve())
    data = run.reuse.cases.get(key)
    if data is None:
        return None
    try:
        record = record_from_json(data)
        if run.reuse.current_case(key, case_inputs(run, path, slug, record.files)) is None:
            return None
        run.pages.remember(slug, record.summary)
    except ValidationError:  # written by another version of relance: build the case again
        return None
    report = CaseReport(record.path, None, record.findings)
    outcome = CaseOutcome(report, slug, record.letters)
    for name in record.outputs:
        run.manifest.keep(name, run.reuse)
    run.manifest.cases[key] = data  # already in the record on disk: not journaled again
    if record.broken:
        _blocked(run, report, None)
    for letter in record.letters:
        if letter.status == "blocked":
            _blocked(run, report, letter.index)
        else:
            run.summary.unchanged += 1
    return outcome


def build_case(
    run: BuildRun, path: Path, report: CaseReport, slug: str, checked: dict[int, RenderedLetter]
) -> CaseOutcome:
    """Write the previews of a checked case and queue its PDFs; ``checked``: the text checks' renders."""
    outcome = CaseOutcome(report, slug)
    run.fresh[slug] = (path, outcome)
    loaded = report.loaded
    if loaded is None:
        _blocked(run, report, None)
        return outcome
    for index, request in enumerate(loaded.case.letters):
        letter = LetterOutcome(index, request.type, request.date, f"{index + 1}-{request.type}", "failed")
        outcome.letters.append(letter)
        try:
            _letter(run, report, slug, letter, checked.get(index))
        except Exception as exc:  # noqa: BLE001  (one letter's failure is reported, not fatal)
            letter.status = "failed"
            run.summary.failed += 1
            run.summary.problems.append(f"failed: {report.path}: letters[{index}]: {describe(exc)}")
    return outcome


def _blocked(run: BuildRun, report: CaseReport, index: int | None) -> None:
    run.summary.blocked += 1
    first = next((f for f in report.errors if index is None or f.letter in (None, index)), None)
    what = ruletext.render(first, run.lang) if first else str(report.path)
    run.summary.problems.append(translations(run.lang).gettext("blocked: {what}").format(what=what))


def _count(run: BuildRun, status: str) -> None:
    if status == "built":
        run.summary.built += 1
    else:
        run.summary.unchanged += 1


def _letter(
    run: BuildRun, report: CaseReport, case_slug: str, letter: LetterOutcome, checked: RenderedLetter | None
) -> None:
    """Write one letter's preview and queue its PDF."""
    loaded, index = report.loaded, letter.index
    assert loaded is not None  # build_case() only asks for the letters of a case that loaded
    if loaded.is_sent(index) and _archived(run, loaded, case_slug, letter):
        return
    blocked, changed = report.blocked(index), False
    try:
        preview = run.renderer.render_letter(loaded, index, assets_href=f"../../{ASSETS}")
    except Exception:
        if not blocked:
            raise
        preview = None  # a blocked letter may not render; its findings say why
    if preview is not None:
        letter.slug = safe_slug(preview.slug)
        run.used.setdefault(case_slug, set()).update([*preview.templates, *preview.missing, *preview.attachments])
    folder = f"cases/{case_slug}"
    html_name, pdf_name = f"{folder}/{letter.slug}.html", f"{folder}/{letter.slug}.pdf"
    # With clean, a letter sent by hand is written again like any other (and, after an
    # interruption, kept like any other: by its inputs, not by being there).
    if loaded.is_sent(index) and not run.clean and (run.out / pdf_name).is_file():
        letter.status, letter.html, letter.pdf = "sent", f"{letter.slug}.html", f"{letter.slug}.pdf"
        run.manifest.keep(pdf_name, run.reuse)
        run.manifest.keep(html_name, run.reuse)
        run.summary.unchanged += 1
        return
    if preview is not None:
        changed = write_if_changed(run.out, html_name, preview.html.encode("utf-8"), run.manifest) or run.clean
        letter.html = f"{letter.slug}.html"
    if blocked:
        letter.status = "blocked"
        safe_remove(run.out / pdf_name)  # a stale PDF must not pass for a valid letter
        _blocked(run, report, index)
        return
    if run.html_only:
        run.manifest.keep(pdf_name, run.reuse)  # still relance's, for --clean
        letter.status = "built" if changed else "unchanged"
        _count(run, letter.status)
        return
    assert preview is not None  # a letter that is not blocked rendered, or raised above
    letter.pdf = f"{letter.slug}.pdf"
    # A letter's bytes depend on the case, the rates, the config, its templates, styles and
    # fonts, and the code; not on --as-of (the letter has its own date) nor on the site's look.
    inputs = run.manifest.fingerprint(
        [loaded.path.resolve(), *run.letter_common, *preview.templates, *preview.missing, *preview.attachments],
        {"relance": resources.code_identity(), "pdfa": str(preview.pdfa)},
    )
    if run.reuse.is_current(pdf_name, inputs):
        run.manifest.keep(pdf_name, run.reuse)
        letter.status = "unchanged"
        run.summary.unchanged += 1
        return
    rendered = checked or run.renderer.render_letter(loaded, index, assets_href=None)
    run.jobs.append(PdfJob(pdf_name, rendered.pdf_input(), inputs, letter, case_slug))
    run.waiting[case_slug] = run.waiting.get(case_slug, 0) + 1
    # What it will be if its PDF is written: the first index, made before the PDFs, shows it so
    # (a PDF that fails makes it "failed"; finish_case takes the case's status again).
    letter.status = "built"


def _archived(run: BuildRun, loaded: cases.LoadedCase, case_slug: str, letter: LetterOutcome) -> bool:
    """A letter recorded as sent is the archived PDF, byte for byte, never a new render."""
    request = loaded.case.letters[letter.index]
    data = archive.archived_pdf(run.repo.root, loaded.path, request)
    if data is None:
        return False
    # The archived file joins the case's inputs: an altered copy is noticed by the next build.
    kept = archive.case_folder(run.repo.root, loaded.path) / archive.file_name(request)
    run.used.setdefault(case_slug, set()).add(kept.resolve())
    letter.slug = safe_slug(f"{request.date.isoformat()}-{request.type}")
    folder = f"cases/{case_slug}"
    write_if_changed(run.out, f"{folder}/{letter.slug}.pdf", data, run.manifest)
    run.manifest.keep(f"{folder}/{letter.slug}.html", run.reuse)
    has_html = run.exists(f"{folder}/{letter.slug}.html")
    letter.status, letter.pdf, letter.html = "sent", f"{letter.slug}.pdf", (f"{letter.slug}.html" if has_html else None)
    entry = archive.entry_for(run.repo.root, loaded.path, request) or {}
    letter.archive = {**entry, "path": kept.relative_to(run.repo.root).as_posix()}
    run.summary.unchanged += 1
    return True


def finish_case(run: BuildRun, slug: str) -> None:
    """A case whose letters are all written: its court dossiers, its page, and its record."""
    path, outcome = run.fresh[slug]
    loaded = outcome.report.loaded
    used = run.used.setdefault(slug, set())
    if not run.html_only and loaded is not None:  # a court document's file: the document, then its pieces
        run.summary.problems.extend(
            dossier.build_case(run.out, slug, loaded, outcome.letters, run.manifest, run.reuse, run.search_path, used)
        )
    # The first index was written while this case's PDFs were queued (each letter "built" until
    # its PDF says otherwise): its status is taken again now that every letter has its outcome.
    run.pages.forget(slug)
    write_if_changed(
        run.out, f"cases/{slug}/index.html", run.pages.case_page(outcome, run.as_of).encode("utf-8"), run.manifest
    )
    if any(letter.status == "failed" for letter in outcome.letters):
        return  # not remembered: the next build tries again
    folder = f"cases/{slug}/"
    files = sorted(run.manifest.name(p) for p in used)
    record = CaseRecord(
        inputs=case_inputs(run, path, slug, files),
        files=files,
        outputs=sorted(name for name in run.manifest.outputs if name.startswith(folder)),
        path=outcome.report.path,
        broken=outcome.report.loaded is None,
        findings=outcome.report.findings,
        letters=outcome.letters,
        summary=run.pages.summary_json(slug),
    )
    run.manifest.set_case(run.manifest.name(path.resolve()), record_to_json(record))
