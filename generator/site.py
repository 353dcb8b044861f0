"""The HTML preview site: an index of cases with totals and aged balance, and a page per case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from generator import cases, declaration, frenchtext, ruletext, templates
from generator.errors import Finding
from generator.events import LetterSent
from generator.outcomes import CaseOutcome
from generator.statement import Statement

LETTER_NAMES = {
    "rappel": "Rappel de courtoisie",
    "relance_1": "Première relance",
    "relance_2": "Deuxième relance",
    "derniere_relance": "Dernière relance",
    "mise_en_demeure": "Mise en demeure",
    "confirmation_promesse": "Confirmation de promesse",
    "echeancier": "Échéancier",
    "requete_injonction": "Requête en injonction de payer",
    "petites_creances": "Petite créance",
    "declaration_creance": "Déclaration de créance",
    "reconnaissance_dette": "Reconnaissance de dette",
}
EVENT_NAMES = {
    "letter": "Lettre envoyée",
    "call": "Appel",
    "promise": "Promesse de paiement",
    "dispute_opened": "Contestation",
    "dispute_closed": "Fin de contestation",
    "payment_plan": "Échéancier convenu",
    "acknowledgement": "Reconnaissance de dette",
    "court_claim": "Action en justice",
}
STATUS_NAMES = {"ready": "prêt", "blocked": "bloqué", "warnings": "avertissements"}
# Built and unchanged read the same: a page must not differ between a clean and an incremental build.
LETTER_STATUS = {
    "built": "prête",
    "unchanged": "prête",
    "blocked": "bloquée",
    "failed": "échec du rendu",
    "sent": "envoyée (PDF conservé)",
}
# The class too: a build resumed after an interruption ends with the pages of an uninterrupted one.
LETTER_CLASS = {"built": "ready", "unchanged": "ready", "blocked": "blocked", "failed": "failed", "sent": "sent"}
BUCKETS = ("0–30", "31–60", "61–90", "90+")
PROCEDURES = {
    "petites_creances": "procédure simplifiée de recouvrement des petites créances (art. L125-1 CPCE, jusqu'à 5 000 €)",
    "injonction_de_payer": "requête en injonction de payer (art. 1405 CPC)",
}
ZERO = Decimal("0.00")


@dataclass
class CaseSummary:
    """One row of the index, and the figures of the case page."""

    slug: str
    path: Path
    name: str
    status: str
    total: Decimal | None = None
    balance: Decimal | None = None
    days_late: int | None = None
    last_step: str = "—"
    next_step: str = "—"
    statement: Statement | None = None
    statement_error: str | None = None
    aging: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(BUCKETS, ZERO))
    blocked: list[str] = field(default_factory=list)  # each blocked letter with the errors that block it


# The statement itself is not kept: a skipped case's page is not written again.
_SUMMARY: TypeAdapter[CaseSummary] = TypeAdapter(CaseSummary)


def bucket(days_late: int) -> str | None:
    """The aged-balance column of an invoice ``days_late`` days past due (None: not yet due)."""
    if days_late < 0:
        return None
    if days_late <= 30:
        return BUCKETS[0]
    if days_late <= 60:
        return BUCKETS[1]
    return BUCKETS[2] if days_late <= 90 else BUCKETS[3]


def _status(outcome: CaseOutcome) -> str:
    if outcome.report.errors or any(letter.status in ("blocked", "failed") for letter in outcome.letters):
        return "blocked"
    return "warnings" if outcome.report.warnings else "ready"


def _steps(loaded: cases.LoadedCase) -> tuple[str, str]:
    sent = sorted((e for e in loaded.case.events if isinstance(e, LetterSent)), key=lambda e: e.date)
    last = f"{LETTER_NAMES[sent[-1].letter]} ({frenchtext.date_short(sent[-1].date)})" if sent else "—"
    todo = [r for r in loaded.case.letters if not any(e.records(r) for e in sent)]
    upcoming = min(todo, key=lambda r: r.date) if todo else None
    nxt = f"{LETTER_NAMES[upcoming.type]} ({frenchtext.date_short(upcoming.date)})" if upcoming else "—"
    return last, nxt


def _blocked_reasons(outcome: CaseOutcome) -> list[str]:
    """One line per blocked letter: its name and date, and the errors that block it."""
    lines = []
    for letter in outcome.letters:
        if letter.status != "blocked":
            continue
        errors = [
            ruletext.translate(f.rule, f.message, "fr")
            for f in outcome.report.errors
            if f.letter in (None, letter.index)
        ]
        lines.append(f"{LETTER_NAMES[letter.type]} du {frenchtext.date_short(letter.date)} : " + " ; ".join(errors))
    return lines


def in_repo(path: Path | str, root: Path) -> str:
    """A case path as the site shows it: from the repository's root, where clerks run relance,
    whatever path the build was given (an absolute one would print the build machine's folders)."""
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:  # a case outside the repository: named as it was given
        return Path(path).as_posix()


def summarize(outcome: CaseOutcome, as_of: dt.date, root: Path) -> CaseSummary:
    """Figures of one case at ``as_of``: a statement that cannot be computed is shown, not raised."""
    report, loaded = outcome.report, outcome.report.loaded or outcome.report.shown
    name = loaded.case.debtor.name if loaded else report.path.name
    summary = CaseSummary(outcome.slug, Path(in_repo(report.path, root)), name, _status(outcome))
    summary.blocked = _blocked_reasons(outcome)
    if loaded is None:
        return summary
    summary.last_step, summary.next_step = _steps(loaded)
    from generator import statement

    proceedings = declaration.proceedings_of(loaded)
    # In collective proceedings interest stopped at the opening judgment (C. com. L622-28): its figures.
    figures_day = min(as_of, proceedings.opened) if proceedings is not None else as_of
    try:
        figures = statement.compute(loaded, figures_day)
    except Exception as exc:  # noqa: BLE001  (a missing rate half-year, say: the page explains it)
        summary.statement_error = getattr(exc, "message", None) or str(exc)
        # Principal, days late and the aged balance need no rate: a clerk still sees them.
        left = statement.principal_left(loaded, as_of)
        balances = [
            (amount, (as_of - invoice.due).days) for invoice, amount in zip(loaded.case.invoices, left, strict=True)
        ]
        # The page still shows the statement the latest letter quotes, labelled with its date.
        for day in sorted({r.date for r in loaded.case.letters if r.date <= as_of}, reverse=True):
            try:
                summary.statement = statement.compute(loaded, day)
                break
            except Exception:  # noqa: BLE001  (same reason, earlier date: try the letter before)
                continue
    else:
        summary.statement, summary.total = figures, figures.total
        # Not account.days_late: it is 0 for an invoice not yet due, which is not in the 0–30 column.
        balances = [(account.balance, (as_of - account.invoice.due).days) for account in figures.accounts]
    summary.balance = sum((balance for balance, _ in balances), ZERO)
    late = [days for balance, days in balances if balance > 0]
    summary.days_late = max(late) if late else None
    for balance, days in balances:
        column = bucket(days)
        if column is not None and balance > 0:
            summary.aging[column] += balance
    return summary


def _invalid_requests(shown: cases.LoadedCase | None, findings: Sequence[Finding], root: Path) -> list[dict[str, Any]]:
    """The letter requests of a case whose ``letters:`` do not pass the schema, as written, each
    with its errors: the page shows them in place of the letters it cannot build."""
    if shown is None or not isinstance(shown.source.data.get("letters"), list):
        return []
    requested = []
    for index, raw in enumerate(shown.source.data["letters"]):
        entry = raw if isinstance(raw, dict) else {}
        prefix = f"letters[{index}]"
        mine = [
            f for f in findings if f.field and (f.field == prefix or f.field.startswith((prefix + ".", prefix + "[")))
        ]
        day = entry.get("date")
        requested.append(
            {
                "index": index,
                "type": str(entry.get("type", "?")),
                "date": frenchtext.date_short(day) if isinstance(day, dt.date) else str(day or "?"),
                "name": LETTER_NAMES.get(str(entry.get("type")), str(entry.get("type", "lettre"))),
                "raw": mine,
                "findings": [_finding(f, root) for f in mine],
            }
        )
    return requested


def _finding(finding: Finding, root: Path) -> dict[str, str]:
    where = in_repo(finding.path, root) + (f":{finding.line}" if finding.line else "")
    return {
        "severity": finding.severity,
        "rule": finding.rule,
        "where": where,
        "field": finding.field or "",
        "message": ruletext.translate(finding.rule, finding.message, "fr"),
        "fix": ruletext.translate(finding.rule, finding.fix, "fr", fix=True),
    }


class Site:
    """Renders the site pages from ``site/*.html`` in the template folders (most specific first)."""

    def __init__(self, repo: cases.Repository, search_path: Sequence[Path], out: Path | None = None) -> None:
        self.repo, self.out = repo, out
        self.env = templates.environment(search_path, folder="site", trailing_newline=True)
        self.env.globals.update(
            LETTER_NAMES=LETTER_NAMES,
            EVENT_NAMES=EVENT_NAMES,
            STATUS_NAMES=STATUS_NAMES,
            LETTER_STATUS=LETTER_STATUS,
            LETTER_CLASS=LETTER_CLASS,
            BUCKETS=BUCKETS,
        )
        self._summaries: dict[str, CaseSummary] = {}

    def summary(self, outcome: CaseOutcome, as_of: dt.date) -> CaseSummary:
        if outcome.slug not in self._summaries:
            self._summaries[outcome.slug] = summarize(outcome, as_of, self.repo.root)
        return self._summaries[outcome.slug]

    def summary_json(self, slug: str) -> dict[str, Any]:
        """The index row of a case, as the manifest keeps it for cases the next build skips."""
        data: dict[str, Any] = _SUMMARY.dump_python(self._summaries[slug], mode="json", exclude={"statement"})
        return data

    def forget(self, slug: str) -> None:
        """Compute a case's figures again at the next ask: its letters' outcomes changed."""
        self._summaries.pop(slug, None)

    def remember(self, slug: str, data: dict[str, Any]) -> None:
        """Take the index row of a skipped case from the manifest instead of recomputing it."""
        self._summaries[slug] = _SUMMARY.validate_python(data)

    def case_page(self, outcome: CaseOutcome, as_of: dt.date) -> str:
        """``cases/<slug>/index.html``: parties, invoices, payments, timeline, statement, letters."""
        report, loaded = outcome.report, outcome.report.loaded or outcome.report.shown
        letters = [
            {
                "outcome": letter,
                "pages": self._pages(outcome.slug, letter.pdf),
                "findings": [_finding(f, self.repo.root) for f in report.findings if f.letter == letter.index],
            }
            for letter in outcome.letters
        ]
        requested = _invalid_requests(report.shown, report.findings, self.repo.root) if report.loaded is None else []
        beside = {id(f) for request in requested for f in request["raw"]}
        events = sorted(loaded.case.events, key=lambda e: e.date) if loaded else []
        return self.env.get_template("case.html").render(
            root="../../",
            as_of=as_of,
            summary=self.summary(outcome, as_of),
            loaded=loaded,
            case=loaded.case if loaded else None,
            events=events,
            letters=letters,
            requested=requested,
            case_findings=[
                _finding(f, self.repo.root) for f in report.findings if f.letter is None and id(f) not in beside
            ],
        )

    def _pages(self, slug: str, pdf: str | None) -> int | None:
        """How many pages the letter's PDF has: the page says so beside the embedded PDF."""
        if self.out is None or pdf is None:
            return None
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        try:
            return len(PdfReader(self.out / "cases" / slug / pdf).pages)
        except (OSError, PyPdfError):
            return None

    def index_page(self, outcomes: Sequence[CaseOutcome], as_of: dt.date, todo: Sequence[Any] = ()) -> str:
        """``index.html``: what is to be done today (``todo``: the worklist's items, most urgent
        first), then one row per case, totals and the aged balance."""
        rows = [self.summary(outcome, as_of) for outcome in outcomes]
        slugs = {str(row.path): row.slug for row in rows}
        named = [(item, in_repo(item.case, self.repo.root)) for item in todo]  # resolved once an item
        today = [{"item": item, "case": case, "slug": slugs.get(case)} for item, case in named]
        totals = {
            "total": sum((r.total for r in rows if r.total is not None), ZERO),
            "balance": sum((r.balance for r in rows if r.balance is not None), ZERO),
            # a total that leaves out cases whose figures cannot be computed says so
            "total_partial": any(r.total is None and r.balance for r in rows),
        }
        aging = {column: sum((r.aging[column] for r in rows), ZERO) for column in BUCKETS}
        counts = {status: sum(1 for r in rows if r.status == status) for status in STATUS_NAMES}
        return self.env.get_template("index.html").render(
            root="",
            as_of=as_of,
            rows=rows,
            totals=totals,
            aging=aging,
            counts=counts,
            today=today,
            PROCEDURES=PROCEDURES,
        )
