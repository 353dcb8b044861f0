"""``relance validate``: load every case, run the rules, report; one broken case never stops the others.

The data rules run on the loaded case; the text rules on each letter rendered to HTML, so that
``validate`` and ``build`` block exactly the same letters.
"""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator import cases
from generator.cases import LoadedCase, Repository
from generator.errors import Finding, RelanceError
from generator.rates import MissingRate
from generator.render import RenderedLetter, Renderer
from generator.rules import CheckContext, check_case, check_text


@dataclass
class CaseReport:
    """Everything known about one case file after checking it."""

    path: Path
    loaded: LoadedCase | None
    findings: list[Finding] = field(default_factory=list)
    shown: LoadedCase | None = None  # cases.LoadResult.shown: for the site's page only

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def blocked(self, index: int) -> bool:
        """Is letter ``index`` blocked: an error on it, or on the case as a whole?"""
        return any(f.severity == "error" and f.letter in (None, index) for f in self.findings)


def check_one(path: Path, repo: Repository, as_of: dt.date) -> CaseReport:
    """Load and check one case file (data rules only; text rules need the rendered letter)."""
    result = cases.load_case(path, repo)
    report = CaseReport(result.path, result.case, list(result.findings), result.shown)
    if result.case is not None:
        report.path = result.case.path
        report.findings.extend(check_case(CheckContext(result.case, as_of)))
    else:
        report.path = result.findings[0].path if result.findings else path
    return report


def validate(paths: list[Path], as_of: dt.date, root: Path | None = None, with_text: bool = True) -> list[CaseReport]:
    """Check every case under ``paths`` (default: the repository's ``cases/``).

    With ``with_text``, each letter that passed the data rules is rendered to HTML and its
    text checked too, so ``validate`` and ``build`` block exactly the same letters.
    """
    repo = cases.load_repository(root or cases.find_root(paths[0] if paths else Path.cwd()))
    reports = [check_one(path, repo, as_of) for path in cases.collect(paths, repo)]
    if with_text:
        renderer = Renderer(repo)  # one per run: its template lookups and assets are found once
        for report in reports:
            check_rendered_text(report, as_of, renderer)
    return reports


def check_rendered_text(
    report: CaseReport, as_of: dt.date, renderer: Renderer | None = None
) -> dict[int, RenderedLetter]:
    """Render each letter not already blocked, run the text rules on what it says, add the findings.

    Returns the renders by letter index: a build writes these very HTML pages as PDFs. Give the
    ``renderer`` of the run (of the case's repository) when checking many cases.
    """
    loaded = report.loaded
    if loaded is None:
        return {}
    renderer = renderer if renderer is not None and renderer.repo is loaded.repo else Renderer(loaded.repo)
    ctx = CheckContext(loaded, as_of)
    renders: dict[int, RenderedLetter] = {}
    for index in range(len(loaded.case.letters)):
        if report.blocked(index):
            continue
        try:
            rendered = renderer.render_letter(loaded, index, assets_href=None)
        except (RelanceError, jinja2.TemplateError) as exc:
            report.findings.append(render_finding(loaded, index, exc, renderer.search_path()))
            continue
        report.findings.extend(check_text(ctx, index, rendered.text))
        renders[index] = rendered
    return renders


def render_finding(loaded: LoadedCase, index: int, exc: Exception, search: list[Path]) -> Finding:
    """A render failure as a finding, located in the template when the error is in one."""
    field = f"letters[{index}]"
    line = loaded.line("letters", index)
    if isinstance(exc, RelanceError):
        rule = "rates.missing" if isinstance(exc, MissingRate) else "render.failed"
        # These messages already say where and how to fix.
        return Finding(rule, "error", loaded.path, line, field, exc.message, "", index)
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return Finding(
            "render.failed",
            "error",
            Path(exc.filename),
            exc.lineno,
            field,
            f"template syntax error: {exc.message}",
            "correct the template",
            index,
        )
    if isinstance(exc, jinja2.TemplateNotFound):
        return Finding(
            "render.failed",
            "error",
            loaded.path,
            line,
            field,
            f"template not found: {exc.message}",
            "add the template or restore the built-in one",
            index,
        )
    where = _template_frame(exc, search)
    message = f"template error: {exc}"
    fix = "correct the template (a name it uses does not exist in the letter context)"
    if where is None:
        return Finding("render.failed", "error", loaded.path, line, field, message, fix, index)
    return Finding("render.failed", "error", where[0], where[1], field, message, fix, index)


def _template_frame(exc: Exception, search: list[Path]) -> tuple[Path, int] | None:
    """The innermost traceback frame in a template file (Jinja rewrites frames to template lines)."""
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if path.suffix == ".html" and any(path.is_relative_to(folder) for folder in search):
            found = (path, frame.lineno or 0)
    return found
