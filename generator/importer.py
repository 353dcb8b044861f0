"""``relance import``: turn e-invoices into a case file, or into new invoices of an existing one.

Each file is read on its own (``einvoice.read``); a file that cannot be imported is reported
and the others still are. Invoices are keyed by number: the same invoice again changes
nothing, the same number with another amount is an error, never an overwrite. A due date is
never worked out from payment terms: without BT-9 the invoice is written without ``due`` and
the error quotes BT-20, so the clerk types the date. The case file is edited in place
through ``yamledit`` (one batch append), so every line already there stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator import cases, einvoice, yamledit
from generator.errors import RelanceError, UsageProblem
from generator.importinvoice import FileResult, Severity, admit, invoice_entry, read_clauses, same_amount
from generator.importparties import creditor_entry, debtor_entry, same_party
from generator.manifest import write_atomic

NEW_CASE_HEADER = """\
# yaml-language-server: $schema=../schema/case.schema.json
# Dossier créé par `relance import` à partir de factures électroniques : relisez-le, puis
# ajoutez la lettre à produire. Created by `relance import` from e-invoices: review it, then
# add the letter to produce, e.g.
#   letters:
#     - {type: relance_1, date: YYYY-MM-DD}
"""


@dataclass
class ImportResult:
    case_path: Path
    created: bool
    check: bool
    files: list[FileResult] = field(default_factory=list)
    messages: list[tuple[Severity, str]] = field(default_factory=list)
    written: bool = False

    @property
    def failed(self) -> bool:
        return any(s == "error" for f in self.files for s, _ in f.messages) or any(
            s == "error" for s, _ in self.messages
        )


def import_invoices(
    paths: list[Path],
    case: Path | None = None,
    new_case: Path | None = None,
    check: bool = False,
    debtor_kind: str | None = None,
) -> ImportResult:
    """Read every e-invoice under ``paths`` and add it to ``case`` or to a new case ``new_case``."""
    if (case is None) == (new_case is None):
        raise UsageProblem(
            "say where the invoices go: --case CASE (an existing case file) or --new-case PATH (a case file to create)"
        )
    target = case or new_case
    assert target is not None
    if new_case is not None and new_case.exists():
        raise RelanceError(f"{new_case}: already exists; add the invoices to it with --case {new_case}")
    root = cases.find_root(target)
    repo = cases.load_repository(root)
    edit = yamledit.edit_file(case) if case is not None else yamledit.YamlEdit(NEW_CASE_HEADER, str(new_case))
    if edit.data is not None and not isinstance(edit.data, dict):
        raise RelanceError(f"{target}: not a case file (it should start with keys such as creditor:, debtor:)")
    data: dict[str, Any] = edit.data or {}
    result = ImportResult(target, created=new_case is not None, check=check)
    known = {str(i.get("number")): i for i in data.get("invoices") or [] if isinstance(i, dict)}

    for path in _files(paths):
        item = FileResult(path)
        result.files.append(item)
        try:
            item.invoice = einvoice.read(path)
        except RelanceError as exc:
            item.say("error", exc.message)
            continue
        admit(item)
    if result.created:
        data = _new_parties(result, repo, debtor_kind)
    batch: dict[str, Path] = {}
    taken_pdfs: set[Path] = set()
    for item in result.files:
        if item.action == "add":
            _match(item, data, repo, known, batch, taken_pdfs, root, target)
    added = [f for f in result.files if f.action == "add"]
    if result.created and not added:
        result.messages.append(("error", f"{target}: no invoice could be imported, so the case was not created"))
        return result
    terms = _terms(added, data)
    for _, _, text in terms:
        result.messages.append(("note", f"{target}: {'would be ' if check else ''}{text}"))
    if not check and added:
        _write(result, edit, data, terms, added)
    return result


def _new_parties(result: ImportResult, repo: cases.Repository, debtor_kind: str | None) -> dict[str, Any]:
    """The creditor and debtor of a new case, from the first invoice that can be imported."""
    readable = [f for f in result.files if f.action == "add"]
    if not readable or readable[0].invoice is None:
        return {}
    first = readable[0].invoice
    creditor, debtor = creditor_entry(first, repo), debtor_entry(first.buyer, debtor_kind)
    for severity, text in creditor.messages + debtor.messages:
        result.messages.append((severity, f"{first.path}: {text}"))
    if debtor.entry is None:
        for item in readable:
            item.action = "refused"
        return {}
    return {"creditor": creditor.entry, "debtor": debtor.entry}


def _write(
    result: ImportResult,
    edit: yamledit.YamlEdit,
    data: dict[str, Any],
    terms: list[tuple[list[str], Any, str]],
    added: list[FileResult],
) -> None:
    if result.created:
        edit.set(["creditor"], data["creditor"])
        edit.set(["debtor"], data["debtor"])
    for path, value, _ in terms:
        edit.set(path, value)
    edit.extend(["invoices"], [f.entry for f in added])
    for item in added:  # the copies first: a case must never name a PDF that is not there
        if item.pdf_from is not None and item.pdf_to is not None and not item.pdf_to.exists():
            try:
                write_atomic(item.pdf_to, item.pdf_from.read_bytes())
            except OSError as exc:
                raise RelanceError(
                    f"{item.pdf_to}: cannot copy the invoice PDF there: {exc.strerror}; nothing was written to the case"
                ) from None
    result.written = yamledit.save(result.case_path, edit)


def _files(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the PDF and XML files directly in it, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in (".pdf", ".xml")
                )
            )
        else:
            found.append(path)
    return found


def _match(
    item: FileResult,
    data: dict[str, Any],
    repo: cases.Repository,
    known: dict[str, Any],
    batch: dict[str, Path],
    taken_pdfs: set[Path],
    root: Path,
    target: Path,
) -> None:
    """Compare the invoice with the case: its parties, and an invoice of the same number."""
    invoice = item.invoice
    assert invoice is not None
    problem = same_party(invoice.buyer, data.get("debtor"), "buyer", "debtor", None) or same_party(
        invoice.seller, data.get("creditor"), "seller", "creditor", repo
    )
    if problem is not None:
        severity, text = problem
        item.say(severity, f"{invoice.where('BG-7')}: {invoice.number}: {text}")
        if severity == "error":
            item.action = "refused"
            return
    before = list(item.messages)
    entry = invoice_entry(item, root, target, taken_pdfs)
    existing = known.get(invoice.number)
    if existing is not None:
        item.messages = before  # what the entry would have said concerns an invoice not added
        item.action = "unchanged" if same_amount(existing, entry) else "refused"
        item.duplicate_of = batch.get(invoice.number)
        where = str(item.duplicate_of) if item.duplicate_of else target
        if item.action == "refused":
            item.say(
                "error",
                f"{invoice.where('BT-115')}: {invoice.number} is already in {where} with amount "
                f"{existing.get('amount')}, but this e-invoice says {entry['amount']}: nothing was "
                "changed; if the case is wrong, correct it by hand",
            )
        else:
            for key in ("issued", "due"):
                if key in entry and existing.get(key) not in (None, entry[key]):
                    item.say(
                        "warning",
                        f"{invoice.where('BT-2' if key == 'issued' else 'BT-9')}: "
                        f"{invoice.number}: the case says {key} {existing.get(key)}, the "
                        f"e-invoice {entry[key]}; the case was kept",
                    )
        item.pdf_from = item.pdf_to = None
        return
    known[invoice.number] = entry
    batch[invoice.number] = invoice.path
    if item.pdf_to is not None:
        taken_pdfs.add(item.pdf_to)
    item.entry = entry
    read_clauses(item, data)


def _terms(added: list[FileResult], data: dict[str, Any]) -> list[tuple[list[str], Any, str]]:
    """The penalty rate the added invoices' PMD clauses agree on, when the case has none yet."""
    stated: dict[Decimal, str] = {}
    for item in added:
        if item.penalty is not None and item.penalty.rate is not None:
            stated.setdefault(item.penalty.rate, item.number or "")
    if not stated:
        return []
    current = (data.get("terms") or {}).get("late_penalty_rate")
    if len(stated) > 1:
        shown = ", ".join(f"{rate} % ({number})" for rate, number in sorted(stated.items()))
        _warn(
            added,
            f"the invoices state different penalty rates: {shown}; the case holds one rate: "
            "set terms.late_penalty_rate by hand",
        )
        return []
    rate, number = next(iter(stated.items()))
    if current is not None:
        if Decimal(str(current)) != rate:
            _warn(
                added,
                f"the PMD clause of {number} states {rate} % but the case's terms.late_penalty_rate "
                f"is {current}; the case was kept",
            )
        return []
    return [
        (
            ["terms", "late_penalty_rate"],
            rate,
            f'terms.late_penalty_rate set to "{rate}" (PMD clause of invoice {number})',
        )
    ]


def _warn(added: list[FileResult], text: str) -> None:
    added[0].say("warning", f"{added[0].path}: {text}")


def format_result(result: ImportResult) -> str:
    """The report: one line per file, then what happened to the case."""
    lines = []
    verb = {"add": "would add" if result.check else "added", "refused": "not imported"}
    for item in result.files:
        if item.number is not None:
            detail = ""
            if item.action == "add" and item.entry is not None:
                entry = item.entry
                detail = f": issued {entry['issued']}, due {entry.get('due', '?')}, amount {entry['amount']}"
                detail += f", pdf {entry['pdf']}" if "pdf" in entry else ""
            if item.action == "unchanged":
                detail = (
                    f"unchanged (same as {item.duplicate_of})"
                    if item.duplicate_of
                    else "unchanged (already in the case)"
                )
                lines.append(f"{item.path}: {item.number} {detail}")
            else:
                lines.append(f"{item.path}: {item.number} {verb[item.action]}{detail}")
        indent = "  " if item.number is not None else ""
        lines += [f"{indent}{severity}: {text}" for severity, text in item.messages]
    lines += [f"{severity}: {text}" for severity, text in result.messages]
    added = sum(1 for f in result.files if f.action == "add")
    if result.check:
        action = "would create" if result.created else "would change"
        lines.append(f"{result.case_path}: {action}, {added} invoice(s) to add (--check: nothing written)")
    elif result.written:
        lines.append(f"{result.case_path}: {'created' if result.created else 'updated'}, {added} invoice(s) added")
    else:
        lines.append(f"{result.case_path}: nothing written")
    return "\n".join(lines) + "\n"
