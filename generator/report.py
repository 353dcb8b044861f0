"""What ``relance validate`` and ``relance rules`` print: text, JSON, JUnit XML, GitHub annotations, Markdown."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator import ruletext
from generator.errors import Finding, RelanceError
from generator.i18n import translations
from generator.resources import law_reference
from generator.rules import LAW, Rule, all_rules
from generator.validate import CaseReport

FORMATS = ("text", "json", "junit", "github")


@dataclass(frozen=True)
class Summary:
    """Counts over a validation run."""

    cases: int
    ok: int
    with_warnings: int
    with_errors: int
    errors: int
    warnings: int

    def line(self, lang: str = "en") -> str:
        """``12 cases checked: 10 ok, 1 with warnings, 1 with errors (3 errors, 1 warning)``."""
        say = translations(lang).gettext
        parts = [say("{count} ok").format(count=self.ok)]
        if self.with_warnings:
            parts.append(say("{count} with warnings").format(count=self.with_warnings))
        if self.with_errors:
            parts.append(say("{count} with errors").format(count=self.with_errors))
        checked = translations(lang).ngettext("{count} case checked", "{count} cases checked", self.cases)
        text = say("{checked}: {parts}").format(checked=checked.format(count=self.cases), parts=", ".join(parts))
        if self.errors or self.warnings:
            text += f" ({_count(self.errors, 'error', lang)}, {_count(self.warnings, 'warning', lang)})"
        return text


def _count(number: int, word: str, lang: str = "en") -> str:
    # gettext's plural forms: French says "0 erreur", "1 erreur", "2 erreurs".
    return translations(lang).ngettext(f"{{count}} {word}", f"{{count}} {word}s", number).format(count=number)


def summarize(reports: Sequence[CaseReport]) -> Summary:
    with_errors = sum(1 for r in reports if r.errors)
    with_warnings = sum(1 for r in reports if r.warnings and not r.errors)
    return Summary(
        len(reports),
        len(reports) - with_errors - with_warnings,
        with_warnings,
        with_errors,
        sum(len(r.errors) for r in reports),
        sum(len(r.warnings) for r in reports),
    )


def failed(reports: Sequence[CaseReport], strict: bool = False) -> bool:
    """Did the run fail: any error, or with ``strict`` any warning too."""
    return any(r.errors or (strict and r.warnings) for r in reports)


def _ordered(report: CaseReport) -> list[Finding]:
    # Line order reads like the file; the sort is stable so equal lines keep the rules' order.
    return sorted(report.findings, key=lambda f: f.line or 0)


def format_reports(reports: Sequence[CaseReport], fmt: str, lang: str = "en") -> str:
    """The whole report in ``fmt`` (one of :data:`FORMATS`) and ``lang``, ending with a newline.

    In French the messages, fixes and the text's words are French; the JSON keys, rule ids and
    severities that scripts read stay as they are.
    """
    formatters: dict[str, Callable[[Sequence[CaseReport], str], str]] = {
        "text": _text,
        "json": _json,
        "junit": _junit,
        "github": _github,
    }
    if fmt not in formatters:
        raise RelanceError(f"unknown report format '{fmt}': use one of {', '.join(FORMATS)}")
    return formatters[fmt](reports, lang)


def _text(reports: Sequence[CaseReport], lang: str) -> str:
    lines: list[str] = []
    for report in reports:
        if report.findings:
            lines.extend(ruletext.render(f, lang) for f in _ordered(report))
            lines.append("")  # one blank line between files
    lines.append(summarize(reports).line(lang))
    return "\n".join(lines) + "\n"


def finding_dict(finding: Finding) -> dict[str, object]:
    """Every field of a finding, as JSON-ready values."""
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "path": finding.path.as_posix(),
        "line": finding.line,
        "field": finding.field,
        "message": finding.message,
        "fix": finding.fix,
        "letter": finding.letter,
    }


def _json(reports: Sequence[CaseReport], lang: str) -> str:
    summary = summarize(reports)
    data = {
        "findings": [finding_dict(ruletext.finding_in(f, lang)) for r in reports for f in _ordered(r)],
        "cases": [{"path": r.path.as_posix(), "errors": len(r.errors), "warnings": len(r.warnings)} for r in reports],
        "summary": {
            "cases": summary.cases,
            "ok": summary.ok,
            "with_warnings": summary.with_warnings,
            "with_errors": summary.with_errors,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "text": summary.line(lang),
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _junit(reports: Sequence[CaseReport], lang: str) -> str:
    summary = summarize(reports)
    suites = ET.Element(
        "testsuites", name="relance validate", tests=str(summary.cases), failures=str(summary.with_errors)
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="relance validate",
        tests=str(summary.cases),
        failures=str(summary.with_errors),
        errors="0",
        skipped="0",
    )
    for report in reports:
        path = report.path.as_posix()
        case = ET.SubElement(suite, "testcase", classname="relance.cases", name=path, file=path)
        for finding in _ordered(report):
            if finding.severity == "error":
                failure = ET.SubElement(
                    case, "failure", message=ruletext.finding_in(finding, lang).message, type=finding.rule
                )
                failure.text = ruletext.render(finding, lang)
        if report.warnings:
            ET.SubElement(case, "system-out").text = "\n".join(
                ruletext.render(f, lang) for f in _ordered(report) if f.severity == "warning"
            )
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation_root() -> Path:
    """The folder GitHub resolves annotation paths against: the workspace, else the git work tree."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        return Path(workspace).resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            return candidate
    return here


def github_line(finding: Finding, root: Path | None = None, lang: str = "en") -> str:
    """One GitHub Actions workflow command (``::error file=…,line=…,title=…::message``).

    ``file`` is relative to ``root`` (default: :func:`annotation_root`) whatever the working
    directory, since GitHub places annotations by repository path. A file outside the repository
    (a built-in template) gets no ``file``: its location goes into the message instead.
    """
    root = root or annotation_root()
    finding = ruletext.finding_in(finding, lang)
    try:
        inside: str | None = (Path.cwd() / finding.path).resolve().relative_to(root).as_posix()
    except ValueError:
        inside = None
    props = []
    if inside is not None:
        props.append(f"file={_escape_property(inside)}")
        if finding.line:
            props.append(f"line={finding.line}")
    props.append(f"title={_escape_property(finding.rule)}")
    where = "" if inside is not None else f"{finding.location}: "
    what = f"{finding.field}: " if finding.field else ""
    fix = translations(lang).gettext(" (fix: {fix})").format(fix=finding.fix) if finding.fix else ""
    return f"::{finding.severity} {','.join(props)}::{_escape_data(where + what + finding.message + fix)}"


def _github(reports: Sequence[CaseReport], lang: str) -> str:
    root = annotation_root()
    lines = [github_line(f, root, lang) for r in reports for f in _ordered(r)]
    lines.append(summarize(reports).line(lang))
    return "\n".join(lines) + "\n"


# --- relance rules ------------------------------------------------------------------------------


def applies_to(rule_: Rule) -> str:
    """Where a rule runs, in words: letter types, sender roles, debtor kinds."""
    parts = []
    if rule_.letters is not None:
        parts.append(", ".join(sorted(rule_.letters)))
    if rule_.senders is not None:
        parts.append("sender " + " or ".join(sorted(rule_.senders)))
    if rule_.debtors is not None:
        parts.append("debtor " + " or ".join(sorted(rule_.debtors)))
    if parts:
        return "; ".join(parts)
    return "every case" if rule_.scope == "case" else "every letter"


def format_rules(fmt: str) -> str:
    """Every rule with its id, severity, scope, applicability, summary and source: ``text`` or ``markdown``."""
    rules = all_rules()
    if fmt == "markdown":
        head = ["| Rule | Severity | Scope | Applies to | Checks | Source |", "|---|---|---|---|---|---|"]
        rows = [
            f"| `{r.id}` | {r.severity} | {r.scope} | {_cell(applies_to(r))} | {_cell(r.summary)} | "
            f"{_linked(_cell(r.source))} |"
            for r in rules
        ]
        return "\n".join(head + rows) + "\n"
    if fmt != "text":
        raise RelanceError(f"unknown rules format '{fmt}': use text or markdown")
    blocks = [
        f"{r.id} [{r.severity}, {r.scope}: {applies_to(r)}]\n    {r.summary}\n    source: {r.source}" for r in rules
    ]
    # A wheel has no docs/ folder of its own: say where the installed copy of the reference is.
    blocks.append(f"{LAW}, the legal reference each source points into: {law_reference()}")
    return "\n".join(blocks) + "\n"


def _linked(text: str) -> str:
    """``docs/law.md#penalties`` becomes a Markdown link, which the README's table then opens."""
    return re.sub(re.escape(LAW) + r"(#[a-z0-9-]+)", lambda m: f"[{m.group(0)}]({m.group(0)})", text)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
