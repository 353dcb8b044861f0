"""``relance statement``: one case's statement of account as a table for people, or as JSON.

Every figure comes from ``generator/statement.py``; this module only lays them out, the table
so that a court clerk can recompute it line by line, the JSON with every amount as an exact
decimal string.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from generator import cases
from generator.cases import LoadedCase
from generator.errors import RelanceError
from generator.frenchtext import amount, date_long, date_short, percent
from generator.interest import InterestLine
from generator.rates import MissingRate
from generator.statement import Statement, compute


def statement_command(path: Path, as_of: dt.date, fmt: Literal["text", "json"]) -> str:
    """``relance statement CASE``: the statement of one case as text for people or JSON."""
    repo = cases.load_repository(cases.find_root(path))
    result = cases.load_case(path, repo)
    if result.case is None or result.findings:
        raise RelanceError(
            f"{result.path}: cannot compute the statement, the case file has errors:\n"
            + "\n".join(finding.render() for finding in result.findings)
        )
    try:
        statement = compute(result.case, as_of)
    except MissingRate as exc:
        index = exc.invoice or 0
        raise MissingRate(
            f"{result.path}:{result.case.line('invoices', index)}: invoices[{index}]: {exc.what}", exc.fix
        ) from None
    if fmt == "json":
        return json.dumps(to_json(statement), ensure_ascii=False, indent=2) + "\n"
    return to_text(statement, result.case)


def _line_json(line: InterestLine) -> dict[str, Any]:
    return {
        "kind": line.kind,
        "start": line.start.isoformat(),
        "end": line.end.isoformat(),
        "days": line.days,
        "base": str(line.base),
        "rate": str(line.rate),
        "divisor": line.divisor,
        "source": line.source,
        "amount": str(line.amount),
    }


def to_json(statement: Statement) -> dict[str, Any]:
    """Every figure as a string (exact decimals); dates ISO; days and divisors as integers."""
    accounts = [
        {
            "invoice": a.invoice.number,
            "issued": a.invoice.issued.isoformat(),
            "due": a.invoice.due.isoformat(),
            "amount": str(a.invoice.amount),
            "paid": str(a.paid),
            "balance": str(a.balance),
            "payments": [
                {
                    "date": p.date.isoformat(),
                    "amount": str(p.amount),
                    "designated": p.designated,
                    "interest": str(p.interest),
                }
                for p in a.payments
            ],
            "interest_paid": str(a.interest_paid),
            "lines": [_line_json(line) for line in a.lines],
            "interest": str(a.interest),
            "indemnity": str(a.indemnity),
            "days_late": a.days_late,
            "total": str(a.total),
        }
        for a in statement.accounts
    ]
    return {
        "at": statement.at.isoformat(),
        "regime": statement.regime,
        "interest_from": statement.interest_from.isoformat() if statement.interest_from else None,
        "day_count": statement.day_count,
        "imputation": statement.imputation,
        "accounts": accounts,
        **{
            key: str(getattr(statement, key))
            for key in ("principal", "paid", "balance", "interest", "interest_paid", "indemnity", "total", "unapplied")
        },
        "notes": list(statement.notes),
    }


def to_text(statement: Statement, loaded: LoadedCase) -> str:
    """A table a court clerk can recompute line by line."""
    title = "Pénalités de retard" if statement.regime == "penalties" else "Intérêts au taux légal"
    out = [f"Décompte au {date_long(statement.at)} — {loaded.case.debtor.name}", ""]
    for account in statement.accounts:
        inv = account.invoice
        out.append(f"Facture {inv.number} du {date_short(inv.issued)}, échéance le {date_short(inv.due)}")
        out.append(_row("Principal", inv.amount))
        for payment in account.payments:
            how = "désigné" if payment.designated else "imputé art. 1342-10 C. civ."
            out.append(_row(f"Paiement du {date_short(payment.date)} ({how})", -payment.principal))
        out.append(_row("Reste dû en principal", account.balance))
        for line in account.lines:
            out.append(
                f"  {title} du {date_short(line.start)} au {date_short(line.end)} : "
                f"{amount(line.base)} × {percent(line.rate)} × {line.days} j ÷ {line.divisor} "
                f"= {amount(line.amount)}"
            )
            out.append(f"      source : {line.source}")
        if account.lines:
            out.append(_row(f"Total {title.lower()}", account.interest))
        for payment in (p for p in account.payments if p.interest):
            out.append(
                _row(
                    f"{title} payé{'es' if statement.regime == 'penalties' else 's'} le "
                    f"{date_short(payment.date)} (art. 1343-1 C. civ.)",
                    -payment.interest,
                )
            )
        if account.indemnity:
            out.append(_row("Indemnité forfaitaire (art. D441-5 C. com.)", account.indemnity))
        out.append(_row(f"Total facture ({account.days_late} jours de retard)", account.total))
        out.append("")
    out.append("Récapitulatif")
    for label, value in (
        ("Principal", statement.principal),
        ("Paiements imputés", -statement.paid),
        ("Reste dû en principal", statement.balance),
        (title, statement.interest),
        *(
            [(f"{title} déjà payé{'es' if statement.regime == 'penalties' else 's'}", -statement.interest_paid)]
            if statement.interest_paid
            else []
        ),
        ("Indemnités forfaitaires", statement.indemnity),
        (f"Total dû au {date_short(statement.at)}", statement.total),
    ):
        out.append(_row(label, value))
    out.append("")
    out.extend(statement.notes)
    return "\n".join(out) + "\n"


def _row(label: str, value: Decimal) -> str:
    return f"  {label:<58} {amount(value):>16}"
