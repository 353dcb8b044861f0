"""``relance statement``: the statement of one case as a table for people and as JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from test_statement import NBSP, NNBSP, write

from generator.errors import RelanceError
from generator.rates import MissingRate
from generator.statementreport import statement_command

SMALL = """\
invoices:
  - {number: "A-1", issued: 2026-01-05, due: 2026-02-04, amount: "1500.00"}
payments:
  - {date: 2026-03-06, amount: "500.00"}
"""


def test_statement_text(tmp_path: Path) -> None:
    text = statement_command(write(tmp_path, SMALL), dt.date(2026, 4, 5), "text")
    eur = f"{NBSP}€"
    assert text.splitlines()[:14] == [
        "Décompte au 5 avril 2026 — Novatech SAS",
        "",
        "Facture A-1 du 05/01/2026, échéance le 04/02/2026",
        f"  {'Principal':<58} {f'1{NNBSP}500,00{eur}':>16}",
        f"  {'Paiement du 06/03/2026 (imputé art. 1342-10 C. civ.)':<58} {f'-485,02{eur}':>16}",
        f"  {'Reste dû en principal':<58} {f'1{NNBSP}014,98{eur}':>16}",
        (
            f"  Pénalités de retard du 05/02/2026 au 06/03/2026 : 1{NNBSP}500,00{eur} × 12,15{NNBSP}% × 30 j ÷ 365 "
            f"= 14,98{eur}"
        ),
        f"      source : taux BCE au 1er janvier 2026 (2,15{NNBSP}%) + 10 points, art. L441-10 C. com. ; BCE, taux des opérations principales de refinancement à compter du 11 juin 2025 (inchangé à la réunion du 5 février 2026)",
        (
            f"  Pénalités de retard du 07/03/2026 au 05/04/2026 : 1{NNBSP}014,98{eur} × 12,15{NNBSP}% × 30 j ÷ 365 "
            f"= 10,14{eur}"
        ),
        f"      source : taux BCE au 1er janvier 2026 (2,15{NNBSP}%) + 10 points, art. L441-10 C. com. ; BCE, taux des opérations principales de refinancement à compter du 11 juin 2025 (inchangé à la réunion du 5 février 2026)",
        f"  {'Total pénalités de retard':<58} {f'25,12{eur}':>16}",
        f"  {'Pénalités de retard payées le 06/03/2026 (art. 1343-1 C. civ.)':<58} {f'-14,98{eur}':>16}",
        f"  {'Indemnité forfaitaire (art. D441-5 C. com.)':<58} {f'40,00{eur}':>16}",
        f"  {'Total facture (60 jours de retard)':<58} {f'1{NNBSP}065,12{eur}':>16}",
    ]
    assert f"  {'Pénalités de retard déjà payées':<58} {f'-14,98{eur}':>16}" in text.splitlines()
    assert f"  {'Total dû au 05/04/2026':<58} {f'1{NNBSP}065,12{eur}':>16}" in text.splitlines()


def test_statement_json_gives_every_figure_as_a_string(tmp_path: Path) -> None:
    data = json.loads(statement_command(write(tmp_path, SMALL), dt.date(2026, 4, 5), "json"))
    assert data["total"] == "1065.12" and data["interest"] == "25.12" and data["indemnity"] == "40.00"
    assert data["interest_paid"] == "14.98" and data["imputation"] == "interest_first"
    assert data["accounts"][0]["lines"][0] == {
        "kind": "penalty",
        "start": "2026-02-05",
        "end": "2026-03-06",
        "days": 30,
        "base": "1500.00",
        "rate": "12.15",
        "divisor": 365,
        "amount": "14.98",
        "source": "taux BCE au 1er janvier 2026 (2,15\u202f%) + 10 points, art. L441-10 C. com. ; "
        "BCE, taux des opérations principales de refinancement à compter du 11 juin 2025 (inchangé à la réunion du 5 février 2026)",
    }
    assert data["accounts"][0]["payments"] == [
        {"date": "2026-03-06", "amount": "500.00", "designated": False, "interest": "14.98"}
    ]
    assert data["regime"] == "penalties" and data["interest_from"] is None and data["unapplied"] == "0.00"


def test_statement_refuses_a_case_with_schema_errors(tmp_path: Path) -> None:
    path = write(tmp_path, 'invoices:\n  - {number: "A", issued: 2026-01-05, due: 2026-02-04, amount: 1500.5}\n')
    with pytest.raises(RelanceError) as info:
        statement_command(path, dt.date(2026, 4, 5), "text")
    assert info.value.message.replace(str(tmp_path) + "/", "") == (
        "cases/c.yaml: cannot compute the statement, the case file has errors:\n"
        "cases/c.yaml:10: invoices[0].amount: [error schema.float-amount] amount 1500.5 is a YAML float, "
        'which can lose cents (fix: write it in quotes: "1500.50")'
    )


def test_statement_command_reports_a_missing_rate(tmp_path: Path) -> None:
    with pytest.raises(MissingRate, match=r"/cases/c\.yaml:10: invoices\[0\]: no ECB main refinancing rate"):
        statement_command(write(tmp_path, SMALL), dt.date(2026, 7, 5), "json")
