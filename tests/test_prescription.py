"""Limitation periods: 5 years B2B, 2 years B2C, restarted by an acknowledgement or a court claim only."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from generator import cases
from generator.cases import LoadedCase
from generator.prescription import add_years, limit_date, origin, start_of

BASE = """\
creditor:
  name: Atelier Bernard SARL
  address: ["8 rue des Lilas", "69003 Lyon"]
debtor:
  kind: {kind}
  name: Novatech SAS
  address: ["14 avenue Jean Jaurès", "69007 Lyon"]
invoices:
  - {{number: "2021-010", issued: 2021-02-01, due: 2021-03-03, amount: "1200.00"}}
"""


def load(tmp_path: Path, kind: str = "business", events: str = "") -> LoadedCase:
    text = BASE.format(kind=kind) + (textwrap.dedent(events) if events else "")
    (tmp_path / "cases").mkdir(exist_ok=True)
    path = tmp_path / "cases" / "c.yaml"
    path.write_text(text, encoding="utf-8")
    result = cases.load_case(path, cases.load_repository(tmp_path))
    assert result.case is not None, [f.render() for f in result.findings]
    return result.case


def test_business_five_years_from_due_date(tmp_path: Path) -> None:
    loaded = load(tmp_path)
    assert limit_date(loaded, loaded.case.invoices[0]) == dt.date(2026, 3, 3)


def test_consumer_two_years_from_the_issue_date_when_no_completion_is_recorded(tmp_path: Path) -> None:
    # Not the due date (2021-03-03): the period runs from the work's completion (C. conso L218-2;
    # Civ. 1re 19 May 2021), never later than the invoice that bills it.
    loaded = load(tmp_path, "consumer")
    assert limit_date(loaded, loaded.case.invoices[0]) == dt.date(2023, 2, 1)


def test_consumer_two_years_from_the_earliest_of_completion_and_delivery(tmp_path: Path) -> None:
    text = BASE.format(kind="consumer").replace(
        'amount: "1200.00"', 'amount: "1200.00", completed: 2021-01-20, delivered: 2021-01-10'
    )
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "c.yaml").write_text(text, encoding="utf-8")
    loaded = cases.load_case(tmp_path / "cases" / "c.yaml", cases.load_repository(tmp_path)).case
    assert loaded is not None
    assert origin(loaded, loaded.case.invoices[0]) == (dt.date(2021, 1, 10), "the delivery")
    assert limit_date(loaded, loaded.case.invoices[0]) == dt.date(2023, 1, 10)
    completed_only = loaded.case.invoices[0].model_copy(update={"delivered": None})
    assert origin(loaded, completed_only) == (dt.date(2021, 1, 20), "the completion of the work")


def test_business_ignores_completion(tmp_path: Path) -> None:
    loaded = load(tmp_path)
    invoice = loaded.case.invoices[0].model_copy(update={"completed": dt.date(2021, 1, 5)})
    assert limit_date(loaded, invoice) == dt.date(2026, 3, 3)


def test_acknowledgement_restarts_the_period(tmp_path: Path) -> None:
    loaded = load(
        tmp_path,
        events="""\
        events:
          - {date: 2022-05-10, type: acknowledgement, note: courriel reconnaissant la dette}
          - {date: 2023-01-20, type: court_claim, procedure: injonction_de_payer}
          - {date: 2024-02-01, type: acknowledgement}
        """,
    )
    invoice = loaded.case.invoices[0]
    assert start_of(loaded, invoice) == dt.date(2024, 2, 1)
    assert limit_date(loaded, invoice) == dt.date(2029, 2, 1)


def test_court_claim_restarts_the_period(tmp_path: Path) -> None:
    loaded = load(
        tmp_path,
        "consumer",
        events="""\
        events:
          - {date: 2022-11-15, type: court_claim, procedure: injonction_de_payer}
        """,
    )
    assert limit_date(loaded, loaded.case.invoices[0]) == dt.date(2024, 11, 15)


def test_the_small_claims_procedure_does_not_interrupt(tmp_path: Path) -> None:
    loaded = load(
        tmp_path,
        "consumer",
        events="""\
        events:
          - {date: 2022-11-15, type: court_claim, procedure: petites_creances}
        """,
    )
    assert limit_date(loaded, loaded.case.invoices[0]) == dt.date(2023, 2, 1)


def test_a_letter_never_interrupts(tmp_path: Path) -> None:
    loaded = load(
        tmp_path,
        events="""\
        events:
          - {date: 2025-06-01, type: letter, letter: mise_en_demeure, channel: lrar, received: 2025-06-03}
        """,
    )
    assert limit_date(loaded, loaded.case.invoices[0]) == dt.date(2026, 3, 3)


def test_acknowledgement_before_the_due_date_does_not_move_the_start(tmp_path: Path) -> None:
    loaded = load(
        tmp_path,
        events="""\
        events:
          - {date: 2021-02-20, type: acknowledgement}
        """,
    )
    assert limit_date(loaded, loaded.case.invoices[0]) == dt.date(2026, 3, 3)


def test_29_february() -> None:
    assert add_years(dt.date(2024, 2, 29), 5) == dt.date(2029, 2, 28)
    assert add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
