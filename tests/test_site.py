"""The preview site: aged balance, totals, escaping, blocked letters explained, relative links only."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import types
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import fakestatement
import goldens
import pytest

from generator import cases, resources, site
from generator import statement as statement_module
from generator.build import build_all
from generator.errors import Finding, RelanceError
from generator.models import Config
from generator.outcomes import CaseOutcome, LetterOutcome
from generator.statement import Statement
from generator.validate import CaseReport

AS_OF = dt.date(2024, 5, 1)
CASE = """\
creditor:
  name: Atelier Bernard SARL
  address: ["8 rue des Lilas", "69003 Lyon"]
debtor:
  kind: business
  name: "DEBTOR"
  address: ["14 avenue Jean Jaurès", "69007 Lyon"]
invoices:
  - {number: "F-1", issued: 2024-01-01, due: 2024-04-21, amount: "100.00"}
  - {number: "F-2", issued: 2024-01-01, due: 2024-03-02, amount: "200.00"}
  - {number: "F-3", issued: 2024-01-01, due: 2024-02-01, amount: "300.00"}
  - {number: "F-4", issued: 2023-12-01, due: 2024-01-31, amount: "1000.50"}
  - {number: "F-5", issued: 2024-04-01, due: 2024-05-31, amount: "50.00"}
payments:
  - {date: 2024-03-01, amount: "25.00", invoice: F-3}
events:
  - {date: 2024-02-20, type: letter, letter: relance_1, channel: email}
  - {date: 2024-03-11, type: promise, promised_date: 2024-03-18, amount: "600.00"}
letters:
  - {type: mise_en_demeure, date: 2024-04-02, deadline_days: 8}
"""


REAL_COMPUTE = statement_module.compute  # before the autouse fixture below replaces it


def fake_statement(loaded: cases.LoadedCase, at: dt.date, **options: object) -> Statement:
    """Balances per invoice after the payments; interest and the €40 chosen here (not this module's job)."""
    return fakestatement.flat(loaded, at, interest=Decimal("12.34"), indemnity=Decimal("40.00"))


@pytest.fixture(autouse=True)
def statement(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    monkeypatch.setattr(statement_module, "compute", fake_statement)
    return statement_module


def outcome(tmp_path: Path, debtor: str = "Novatech SAS", blocked: bool = False) -> CaseOutcome:
    path = tmp_path / "cases" / "novatech.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(CASE.replace("DEBTOR", debtor), encoding="utf-8")
    repo = cases.Repository(root=tmp_path, config=Config())
    loaded = cases.load_case(path, repo).case
    assert loaded is not None
    report = CaseReport(path, loaded, [])
    letter = LetterOutcome(
        0,
        "mise_en_demeure",
        dt.date(2024, 4, 2),
        "2024-04-02-mise_en_demeure",
        "built",
        "2024-04-02-mise_en_demeure.html",
        "2024-04-02-mise_en_demeure.pdf",
    )
    if blocked:
        report.findings.append(
            Finding(
                "med.deadline-range",
                "error",
                path,
                21,
                "letters[0].deadline_days",
                "deadline of 3 days is outside the 8 to 15 days a mise en demeure gives",
                "set deadline_days between 8 and 15",
                0,
            )
        )
        letter.status, letter.pdf = "blocked", None
    return CaseOutcome(report, "novatech", [letter])


def pages() -> site.Site:
    return site.Site(cases.Repository(root=Path("."), config=Config()), [resources.builtin_templates()])


@pytest.mark.parametrize(
    ("days", "column"),
    [(-1, None), (0, "0–30"), (30, "0–30"), (31, "31–60"), (60, "31–60"), (61, "61–90"), (90, "61–90"), (91, "90+")],
)
def test_bucket_limits(days: int, column: str | None) -> None:
    assert site.bucket(days) == column


def test_summary_and_aged_balance(tmp_path: Path) -> None:
    summary = site.summarize(outcome(tmp_path), AS_OF, tmp_path)
    # At 2024-05-01: F-1 10 days late, F-2 60, F-3 90 (275.00 after 25.00 paid), F-4 91, F-5 not yet due.
    assert summary.aging == {
        "0–30": Decimal("100.00"),
        "31–60": Decimal("200.00"),
        "61–90": Decimal("275.00"),
        "90+": Decimal("1000.50"),
    }
    assert summary.balance == Decimal("1625.50")
    assert summary.total == Decimal("1797.84")
    assert summary.days_late == 91
    assert summary.last_step == "Première relance (20/02/2024)"
    assert summary.next_step == "Mise en demeure (02/04/2024)"
    assert summary.status == "ready"


def test_index_rows_totals_and_escaping(tmp_path: Path) -> None:
    html = pages().index_page([outcome(tmp_path, "<script>alert(1)</script> & Cie")], AS_OF)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Cie" in html
    assert '<a href="cases/novatech/index.html">' in html
    assert '<td class="num">1\u202f625,50\xa0€</td>' in html
    assert '<td class="num">1\u202f000,50\xa0€</td>' in html  # the 90+ column
    assert '<td class="num">91</td>' in html


def test_case_page_explains_a_blocked_letter(tmp_path: Path) -> None:
    html = pages().case_page(outcome(tmp_path, blocked=True), AS_OF)
    # The site is for the clerk: the rule's message and fix in French.
    assert "le délai de 3 jours sort des 8 à 15 jours que donne une mise en demeure" in html
    assert "À faire : indiquer deadline_days entre 8 et 15" in html
    assert "Cette lettre n'est pas produite" in html
    assert '<iframe src="2024-04-02-mise_en_demeure.html"' in html
    assert ".pdf" not in html
    assert '<span class="status blocked">bloqué</span>' in html


def test_case_page_content_and_relative_links(tmp_path: Path) -> None:
    html = pages().case_page(outcome(tmp_path), AS_OF)
    for text in (
        "Novatech SAS",
        "Atelier Bernard SARL",
        "F-4",
        "31/01/2024",
        "1\u202f000,50\xa0€",
        "Promesse de paiement",
        "600,00\xa0€ pour le 18/03/2024",
        "Première relance (email)",
        "12,34\xa0€",
        '<a href="2024-04-02-mise_en_demeure.pdf">PDF</a>',
    ):
        assert text in html, text
    links = re.findall(r'(?:href|src)="([^"]*)"', html)
    assert links and all(not link.startswith("/") and "://" not in link for link in links)
    assert '<link rel="stylesheet" href="../../assets/site.css">' in html


def test_a_statement_that_cannot_be_computed_is_shown(
    tmp_path: Path, statement: types.ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(loaded: object, at: dt.date) -> None:
        raise RelanceError("no legal interest rate for 2024-H1: add it under rates: in relance.yaml")

    monkeypatch.setattr(statement, "compute", missing)
    html = pages().case_page(outcome(tmp_path), AS_OF)
    assert (
        "Le décompte n'a pas pu être calculé : no legal interest rate for 2024-H1: add it under rates: in relance.yaml"
    ) in html


def test_an_unreadable_case_still_has_a_page(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    report = CaseReport(
        path, None, [Finding("yaml.syntax", "error", path, 1, None, "unclosed bracket", "close the [ on line 1")]
    )
    broken = CaseOutcome(report, "broken")
    html = pages().case_page(broken, AS_OF)
    assert "unclosed bracket" in html and "À faire : close the [ on line 1" in html
    assert "broken.yaml" in pages().index_page([broken], AS_OF)


def test_a_missing_rate_today_still_shows_principal_and_the_letters_statement(
    tmp_path: Path, statement: types.ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    def known_until_april(loaded: cases.LoadedCase, at: dt.date, **options: object) -> Statement:
        if at > dt.date(2024, 4, 30):
            raise RelanceError("no legal interest rate for 2024-H2: add it under rates: in relance.yaml")
        return fake_statement(loaded, at)

    monkeypatch.setattr(statement, "compute", known_until_april)
    summary = site.summarize(outcome(tmp_path), AS_OF, tmp_path)
    # No rate is needed for what is owed in principal, how late it is, and the aged balance. The 25,00 € paid
    # on F-3 on 01/03/2024 first pay its penalties, 02/02 – 01/03: 300 × 14,50 % × 29 / 365 = 3,456… = 3,46
    # (C. civ. 1343-1), so 1 625,50 + 3,46 of principal is left.
    assert (summary.balance, summary.total, summary.days_late) == (Decimal("1628.96"), None, 91)
    assert summary.aging["90+"] == Decimal("1000.50")
    assert summary.statement.at == dt.date(2024, 4, 2)  # the mise en demeure's own statement
    index = pages().index_page([outcome(tmp_path)], AS_OF)
    assert "non calculable*" in index and "Total réclamé non calculable à cette date" in index
    page = pages().case_page(outcome(tmp_path), AS_OF)
    assert "<h2>Décompte au 02/04/2024</h2>" in page
    assert (
        "Le décompte au 01/05/2024 n'a pas pu être calculé : no legal interest rate for 2024-H2: add it "
        "under rates: in relance.yaml\n  Voici celui de la lettre du 02/04/2024."
    ) in page


def test_golden_site_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, golden: Callable[[str, str], None]) -> None:
    # The fixture repository built as a user builds it, with the real statement of account.
    monkeypatch.setattr(statement_module, "compute", REAL_COMPUTE)
    root = tmp_path / "repo"
    shutil.copytree(Path(__file__).parent / "fixtures" / "repo", root)
    monkeypatch.chdir(root)  # as `relance build` runs: the pages name the case files relative to here
    build_all([Path("cases")], out=Path("output"), html_only=True, as_of=dt.date(2026, 11, 23))
    for name, page in goldens.SITE_PAGES.items():
        golden(name, (root / "output" / page).read_text(encoding="utf-8"))


def test_the_site_names_cases_from_the_repository_root_whatever_path_the_build_was_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Built from elsewhere with an absolute path, the pages are those of a build run at the root:
    # no folder of the building machine in them, and `relance record cases/…` as a clerk types it.
    monkeypatch.setattr(statement_module, "compute", REAL_COMPUTE)
    root = tmp_path / "repo"
    shutil.copytree(Path(__file__).parent / "fixtures" / "repo", root)
    monkeypatch.chdir(root)
    build_all([Path("cases")], out=Path("at-root"), html_only=True, as_of=dt.date(2026, 11, 23))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    build_all([root / "cases"], out=root / "from-elsewhere", html_only=True, as_of=dt.date(2026, 11, 23))
    for page in goldens.SITE_PAGES.values():
        shown = (root / "from-elsewhere" / page).read_text(encoding="utf-8")
        assert str(tmp_path) not in shown
        assert shown == (root / "at-root" / page).read_text(encoding="utf-8"), page
