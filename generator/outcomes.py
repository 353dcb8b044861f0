"""What a build made of each case and letter, and the record the manifest keeps of it.

The site shows these outcomes; the next build reads the record back for a case whose inputs
did not change instead of checking and rendering it again. The JSON forms come from pydantic's
``TypeAdapter``, so a field added to a dataclass is saved and restored without a second list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import TypeAdapter

from generator.errors import Finding
from generator.i18n import translations
from generator.validate import CaseReport

LetterStatus = Literal["built", "unchanged", "blocked", "failed", "sent"]


@dataclass
class BuildSummary:
    """Counts of letters by outcome; ``ok`` is False when anything was blocked or failed."""

    built: int = 0
    unchanged: int = 0
    blocked: int = 0
    failed: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.blocked or self.failed)

    def line(self, lang: str = "en") -> str:
        say = translations(lang).ngettext
        parts = [
            say("{count} built", "{count} built", self.built),
            say("{count} unchanged", "{count} unchanged", self.unchanged),
            say("{count} blocked", "{count} blocked", self.blocked),
        ]
        if self.failed:
            parts.append(say("{count} failed", "{count} failed", self.failed))
        counts = (self.built, self.unchanged, self.blocked, self.failed)
        return ", ".join(part.format(count=count) for part, count in zip(parts, counts, strict=False))


@dataclass
class LetterOutcome:
    """What happened to one requested letter; the site shows it next to the preview."""

    index: int
    type: str
    date: dt.date
    slug: str
    status: LetterStatus
    html: str | None = None  # file name of the preview, relative to the case folder
    pdf: str | None = None
    messages: list[str] = field(default_factory=list)
    archive: dict[str, Any] | None = None  # the archive entry of a letter recorded as sent
    dossier: str | None = None  # a court document's file with its pieces (generator/dossier.py)


@dataclass
class CaseOutcome:
    """One case after the build: its check report, its folder name and its letters."""

    report: CaseReport
    slug: str
    letters: list[LetterOutcome] = field(default_factory=list)


@dataclass
class CaseRecord:
    """What the manifest keeps of a case built, so that the next build can skip it unchanged."""

    inputs: dict[str, str]  # the fingerprint the case's pages and letters were made from
    files: list[str]  # template files its letters looked up (present or not)
    outputs: list[str]  # every file written for it, relative to the output folder
    path: Path
    broken: bool  # the case file did not load
    findings: list[Finding]
    letters: list[LetterOutcome]
    summary: dict[str, Any]  # the site's index row (``site.Site.summary_json``)


_RECORD: TypeAdapter[CaseRecord] = TypeAdapter(CaseRecord)


def record_to_json(record: CaseRecord) -> dict[str, Any]:
    """The record as JSON-ready data (dates and paths as strings)."""
    data: dict[str, Any] = _RECORD.dump_python(record, mode="json")
    return data


def record_from_json(data: Any) -> CaseRecord:
    """The record back from :func:`record_to_json`; pydantic raises ``ValidationError`` on a stale one."""
    return _RECORD.validate_python(data)
