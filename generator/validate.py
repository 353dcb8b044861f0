"""``relance validate``: load every case, run the rules, report; one broken case never stops the others."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import cases
from generator.cases import LoadedCase, Repository
from generator.errors import Finding
from generator.rules import CheckContext, check_case


@dataclass
class CaseReport:
    """Everything known about one case file after checking it."""

    path: Path
    loaded: LoadedCase | None
    findings: list[Finding] = field(default_factory=list)
    # Letters rendered for the text checks, kept only for a build (which writes them as PDFs
    # without rendering them again); index -> render.RenderedLetter.
    rendered: dict[int, Any] = field(default_factory=dict, repr=False)

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
    report = CaseReport(result.path, result.case, list(result.findings))
    if result.case is not None:
        report.path = result.case.path
        report.findings.extend(check_case(CheckContext(result.case, as_of)))
    else:
        report.path = result.findings[0].path if result.findings else path
    return report


def validate(paths: list[Path], as_of: dt.date, root: Path | None = None,
             with_text: bool = True, keep: bool = False) -> list[CaseReport]:
    """Check every case under ``paths`` (default: the repository's ``cases/``).

    With ``with_text``, each letter that passed the data rules is rendered to HTML and its
    text checked too, so ``validate`` and ``build`` block exactly the same letters; with
    ``keep``, those renders stay on each report.
    """
    repo = cases.load_repository(root or cases.find_root(paths[0] if paths else Path.cwd()))
    reports = [check_one(path, repo, as_of) for path in cases.collect(paths, repo)]
    if with_text:
        from generator import render

        for report in reports:
            render.check_rendered_text(report, as_of, keep=keep)
    return reports
