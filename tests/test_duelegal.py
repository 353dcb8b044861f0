"""The worklist's legal pieces (generator/duelegal.py): prescription, the legal step after a mise en
demeure, the rates a letter due lacks. The cases are those of tests/fixtures/due/ and a few written
here; the expected reasons were reckoned by hand from the case files and the rate tables.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest
from test_worklist import lines

from generator import cases, statement
from generator.duelegal import first_missing_rate
from generator.rates import MissingRate
from generator.worklist import case_worklist, worklist

FIXTURE = Path(__file__).parent / "fixtures" / "due"
DEMO = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    return tmp_path / "repo"


def test_time_barred_claim(repo: Path) -> None:
    assert "i-prescription prescription - 2025-04-15" in lines(dt.date(2025, 5, 1))
    item = worklist([Path("cases/i-prescription.yaml")], dt.date(2025, 5, 1)).items[0]
    assert item.reason == (
        "invoice I-1 has been time-barred since 2025-04-16 (2 years from 2023-04-15): no mise en demeure can claim it"
    )


def test_missing_rates_for_a_letter_due(repo: Path) -> None:
    work = worklist([Path("cases/j-rates-missing.yaml")], dt.date(2098, 2, 15))
    assert [(i.kind, i.letter, i.date) for i in work.items] == [
        ("rates", "relance_1", dt.date(2098, 2, 15)),
        ("letter", "relance_1", dt.date(2098, 2, 7)),
    ]
    assert work.items[0].reason.startswith(
        "the relance_1 cannot be written yet: no ECB main refinancing rate confirmed for 2098-01-01"
    )


OLD_AND_NEW = """creditor: atelier
debtor: {kind: business, name: Novatech SAS, address: ["14 avenue Jean Jaurès", "69007 LYON"]}
invoices:
"""
ECB_2014 = "no ECB main refinancing rate confirmed for 2014-01-01 in the rate tables (confirmed up to 2026-02-05)"
ECB_2026 = "no ECB main refinancing rate confirmed for 2026-07-01 in the rate tables (confirmed up to 2026-02-05)"


def _rates_reason(repo: Path, invoices: str, as_of: dt.date, more: str = "") -> str:
    (repo / "cases" / "z.yaml").write_text(OLD_AND_NEW + invoices + more, encoding="utf-8")
    found = [i for i in worklist([Path("cases/z.yaml")], as_of, cache=False).items if i.kind == "rates"]
    assert len(found) == 1
    return found[0].reason


def test_a_letter_whose_interest_needs_a_half_year_before_the_tables(repo: Path) -> None:
    # Due in March 2014: the penalties of 2014-H1 need the ECB rate of 1 January 2014, before the
    # table's first row (10 September 2014), though the letter's own half-year (2026-H1) is known.
    reason = _rates_reason(
        repo, '  - {number: Z-1, issued: 2014-03-01, due: 2014-03-31, amount: "700.00"}\n', dt.date(2026, 1, 20)
    )
    assert reason == (
        f"the relance_1 cannot be written yet: {ECB_2014} (run relance rates update (it reads the rate "
        "in force on 2014-01-01 from the ECB Data Portal), or: relance rates add ecb 2014-01-01 --rate "
        '… --source "décision de la BCE du …")'
    )


def test_the_missing_rate_named_is_the_first_the_statement_needs(repo: Path) -> None:
    recent = '  - {number: Z-1, issued: 2026-01-01, due: 2026-01-15, amount: "700.00"}\n'
    old = '  - {number: Z-2, issued: 2014-03-01, due: 2014-03-31, amount: "300.00"}\n'
    # Invoice by invoice, in order: the first invoice's 2026-H2 before the second's 2014-H1.
    assert ECB_2026 in _rates_reason(repo, recent + old, dt.date(2026, 11, 23))
    assert ECB_2014 in _rates_reason(repo, old + recent, dt.date(2026, 11, 23))
    # A payment imputed on the oldest debt, its interest first (C. civ. 1343-1), asks 2014-H1 before
    # the statement reaches the first invoice.
    paid = 'payments:\n  - {date: 2026-02-01, amount: "100.00"}\n'
    assert ECB_2014 in _rates_reason(repo, recent + old, dt.date(2026, 11, 23), paid)
    # Paid on principal only, the old invoice's penalties stop at its payment, still in 2026-H1.
    assert ECB_2026 in _rates_reason(
        repo, recent + old, dt.date(2026, 11, 23), paid + "terms: {imputation: principal_first}\n"
    )


def test_the_cheap_rate_check_says_what_the_statement_says(repo: Path) -> None:
    extra = {
        "y-legal.yaml": (
            'debtor: {kind: consumer, name: Paul Martin, address: ["2 rue Neuve", "69001 Lyon"]}\n'
            'invoices:\n  - {number: Y-1, issued: 2025-01-01, due: 2025-01-31, amount: "900.00"}\n'
            "events:\n  - {date: 2025-03-03, type: letter, letter: mise_en_demeure, channel: lrar}\n"
        ),
        "x-agreed.yaml": (
            OLD_AND_NEW.split("invoices:")[0] + 'terms: {late_penalty_rate: "12.00"}\ninvoices:\n'
            '  - {number: X-1, issued: 2025-01-01, due: 2025-01-31, amount: "900.00"}\n'
        ),
        "w-paid.yaml": (
            OLD_AND_NEW + '  - {number: W-1, issued: 2014-03-01, due: 2014-03-31, amount: "50.00"}\n'
            '  - {number: W-2, issued: 2026-01-01, due: 2026-01-31, amount: "500.00"}\n'
            'payments:\n  - {date: 2014-03-20, amount: "50.00"}\n'
            '  - {date: 2026-08-01, amount: "200.00"}\n'
        ),
    }
    for name, text in extra.items():
        (repo / "cases" / name).write_text("creditor: atelier\n" * ("creditor" not in text) + text, encoding="utf-8")
    repository = cases.load_repository(repo)
    checked = 0
    seen: list[str] = []
    for path in sorted((repo / "cases").glob("*.yaml")):
        loaded = cases.load_case(path, repository).case
        if loaded is None:
            continue
        seen.append(path.name)
        for day in [dt.date(year, month, 15) for year in (2014, 2025, 2026, 2027, 2098) for month in (1, 4, 7, 10)]:
            try:
                statement.compute(loaded, day)
                expected = None
            except MissingRate as exc:
                expected = (exc.what, exc.fix)
            found = first_missing_rate(loaded, day)
            assert (None if found is None else (found.what, found.fix)) == expected, (path.name, day)
            checked += expected is not None
    assert {"w-paid.yaml", "x-agreed.yaml", "y-legal.yaml"} <= set(seen)
    assert checked > 20  # the missing half-years were reached, not only the known ones


def test_the_demo_injonction_is_proposed_the_day_after_the_notice_deadline() -> None:
    # The mise en demeure of 14 April 2026 gave 15 days: until Wednesday 29 April 2026.
    repo = cases.load_repository(DEMO)
    loaded = cases.load_case(DEMO / "cases" / "injonction-avocat.yaml", repo).case
    assert loaded is not None
    stripped = dataclasses.replace(loaded, case=loaded.case.model_copy(update={"letters": loaded.case.letters[:1]}))
    assert [(i.kind, i.date) for i in case_worklist(stripped, dt.date(2026, 4, 29))] == [
        ("nothing", dt.date(2026, 4, 29))
    ]
    item = case_worklist(stripped, dt.date(2026, 4, 30))[0]
    assert (item.kind, item.date, item.letter, item.procedure) == (
        "legal_step",
        dt.date(2026, 4, 30),
        "requete_injonction",
        "injonction_de_payer",
    )
    assert item.reason.endswith("request a requete_injonction in letters:")
