"""``relance rates``, ``rates check``, ``rates add``, ``rates update``: tables in force, blocked letters, new rows
written into relance.yaml with their source, and the way back from blocked letters (recorded answers only)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator import ratetables
from generator.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
RECORDED = FIXTURES / "rates"
TODAY = "2026-12-03"
CONFIG = """\
# Cabinet de test : commentaires et mise en page à garder.
firms:
  recouvra:
    role: recovery_firm
    name: Recouvra SAS
    address: ["22 quai Saint-Antoine", "69002 Lyon"]
    siren: "443061841"
    rcs: RCS Lyon
    legal_form: SAS au capital de 50 000 €
    iban: FR76 3000 6000 0112 3456 7890 189
    insurance: MMA IARD, police n° 123456
    declaration: TJ Lyon, 12/01/2024
    signatory: {name: Julie Fabre, title: Chargée de recouvrement}

defaults:
  deadline_days: 8   # usage du cabinet
"""
# A consumer owing since a mise en demeure of June: legal interest runs into 2026-H2.
MARTIN = """\
creditor:
  name: Cuisines Martin SARL
  siren: "552100554"
  address: ["3 rue Victor Hugo", "38000 Grenoble"]
  iban: FR76 3000 6000 0112 3456 7890 189
  signatory: {name: Paul Martin, title: Gérant}
debtor:
  kind: consumer
  civility: Madame
  name: Lucie Perret
  address: ["5 rue des Alpes", "38100 Grenoble"]
invoices:
  - {number: "F-0512", issued: 2026-04-01, due: 2026-05-01, amount: "2400.00", label: Cuisine équipée}
events:
  - {date: 2026-05-10, type: letter, letter: relance_1, channel: post}
  - {date: 2026-06-15, type: letter, letter: mise_en_demeure, channel: lrar}
  - {date: 2026-07-20, type: promise, promised_date: 2026-08-05, amount: "2400.00"}
letters:
  - {type: confirmation_promesse, date: 2026-07-21}
"""


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A letters repository whose tables stop at 2026-H1 (no rates: in relance.yaml)."""
    (tmp_path / "cases").mkdir()
    novatech = (FIXTURES / "repo" / "cases" / "novatech.yaml").read_text(encoding="utf-8")
    # Its first reminder is refused for another reason (an invoice not yet due): left out here.
    novatech = novatech.replace("  - {type: relance_1, date: 2026-08-20}\n", "")
    (tmp_path / "cases" / "novatech.yaml").write_text(novatech, encoding="utf-8")
    (tmp_path / "cases" / "martin.yaml").write_text(MARTIN, encoding="utf-8")
    (tmp_path / "relance.yaml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_rates_shows_every_row_its_source_and_the_first_missing_half_year(repo: Path) -> None:
    code, out = run("rates")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Taux de l'intérêt légal (C. monét. fin. L313-2), par semestre : particulier / autres cas"
    assert lines[1] == "  2015-H1   4,06\u202f% /  0,93\u202f%  arrêté du 23 décembre 2014 (JO du 27 décembre 2014)"
    assert (
        "  2026-H1   6,67\u202f% /  2,62\u202f%  arrêté du 15 décembre 2025 (JORF n° 0302 du 26 décembre 2025)" in lines
    )
    assert "  first missing: 2026-H2" in lines
    assert (
        "  2025-06-11   2,15\u202f%  BCE, taux des opérations principales de refinancement à compter du 11 juin "
        "2025 (inchangé à la réunion du 5 février 2026)"
    ) in lines
    assert lines[-1] == "  confirmed up to 2026-02-05; first missing: 2026-H2 (rate on 2026-07-01)"


def test_check_names_the_blocked_letters_and_exits_1(repo: Path) -> None:
    code, out = run("rates", "check", "--as-of", TODAY)
    assert code == 1
    lines = out.splitlines()
    assert lines[:3] == [
        "legal interest rates up to 2026-H1, ECB rate confirmed up to 2026-02-05",
        "warning: no legal interest rate for 2026-H2, which started on 2026-07-01",
        "warning: no ECB rate for 2026-H2, which started on 2026-07-01",
    ]
    assert lines[3] == "6 letter(s) need a rate the tables lack:"
    assert lines[4] == (
        "  cases/martin.yaml: letter 1 (confirmation_promesse, 2026-07-21): no legal interest rate "
        "for 2026-H2 in the rate tables"
    )
    assert lines[-2] == (
        "  cases/novatech.yaml: letter 6 (mise_en_demeure, 2026-11-23): no ECB main refinancing "
        "rate confirmed for 2026-07-01 in the rate tables (confirmed up to 2026-02-05)"
    )
    assert lines[-1] == "fix: relance rates update (or relance rates add … --source …), then relance build"


def test_check_names_an_agreed_rate_that_cannot_be_checked_against_the_floor(repo: Path) -> None:
    (repo / "cases" / "lumen.yaml").write_text(
        (FIXTURES / "repo" / "cases" / "lumen.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    code, out = run("rates", "check", "cases/lumen.yaml", "--as-of", TODAY)
    assert code == 1
    assert out.splitlines()[-2] == (
        "  cases/lumen.yaml: letter 1 (mise_en_demeure, 2026-11-23): no legal interest rate for 2026-H2 in the rate "
        "tables, needed to check the agreed rate against 3 × the legal rate (C. com. L441-10 II)"
    )


def test_check_before_the_half_year_only_warns_30_days_ahead(repo: Path) -> None:
    (repo / "cases" / "novatech.yaml").unlink()
    (repo / "cases" / "martin.yaml").unlink()
    assert run("rates", "check", "--as-of", "2026-05-31")[1].splitlines()[1:] == [
        "every requested letter has the rates it needs"
    ]
    code, out = run("rates", "check", "--as-of", "2026-06-01")
    assert (code, out.splitlines()[1:]) == (
        0,
        [
            "warning: no legal interest rate for 2026-H2, which starts on 2026-07-01, in 30 days",
            "warning: no ECB rate for 2026-H2, which starts on 2026-07-01, in 30 days",
            "every requested letter has the rates it needs",
        ],
    )


def test_validate_warns_30_days_before_the_half_year(repo: Path) -> None:
    code, out = run("validate", "cases/novatech.yaml", "--as-of", "2026-06-05")
    assert (
        "cases/novatech.yaml:1: [warning rates.running-out] the rate tables have no ECB rate for 2026-H2, "
        "which starts on 2026-07-01, in 26 days: letters of this case dated in that half-year are blocked until it is added (fix: "
        "run relance rates update once the rate is published (or relance rates add … --source …); relance "
        "rates shows the tables)"
    ) in out
    assert "no legal interest rate" not in out  # default penalties need the ECB table only
    _, early = run("validate", "cases/novatech.yaml", "--as-of", "2026-05-31")
    assert "rates.running-out" not in early


def test_validate_warns_a_legal_interest_case_about_the_legal_table(repo: Path) -> None:
    _, out = run("validate", "cases/martin.yaml", "--as-of", "2026-06-20")
    assert (
        "[warning rates.running-out] the rate tables have no legal interest rate for 2026-H2, which starts "
        "on 2026-07-01, in 11 days" in out
    )
    assert "no ECB rate" not in out


LEGAL_WARNING = (
    "[warning rates.running-out] the rate tables have no legal interest rate for 2026-H2, which "
    "starts on 2026-07-01, in 11 days"
)


@pytest.mark.parametrize(
    ("events", "letters", "warned"),
    [
        # No mise en demeure sent, requested or next: no interest runs (C. civ. 1231-6), no rate is needed.
        (
            "  - {date: 2026-05-10, type: letter, letter: relance_1, channel: post}\n",
            "  - {type: relance_2, date: 2026-07-10}\n",
            False,
        ),
        ("  - {date: 2026-05-10, type: letter, letter: relance_1, channel: post}\n", "  []\n", False),
        # A mise en demeure requested, or next on the ladder after a dernière relance: its rate is needed.
        (
            "  - {date: 2026-05-10, type: letter, letter: relance_1, channel: post}\n",
            "  - {type: mise_en_demeure, date: 2026-07-10}\n",
            True,
        ),
        ("  - {date: 2026-06-10, type: letter, letter: derniere_relance, channel: post}\n", "  []\n", True),
    ],
    ids=["relance-2-requested", "nothing-requested", "notice-requested", "notice-next"],
)
def test_a_legal_interest_case_is_warned_only_when_a_notice_is_near(
    repo: Path, events: str, letters: str, warned: bool
) -> None:
    text = MARTIN.split("events:\n")[0] + "events:\n" + events + "letters:\n" + letters
    (repo / "cases" / "martin.yaml").write_text(text, encoding="utf-8")
    _, out = run("validate", "cases/martin.yaml", "--as-of", "2026-06-20")
    assert (LEGAL_WARNING in out) is warned, out


def test_add_writes_a_row_with_its_source_and_keeps_every_other_byte(repo: Path) -> None:
    code, out = run(
        "rates",
        "add",
        "legal_interest",
        "2026-H2",
        "--individual",
        "6.40",
        "--other",
        "2.45",
        "--source",
        "arrêté du 22 juin 2026 (essai)",
        "--as-of",
        TODAY,
    )
    assert (code, out) == (
        0,
        "added to relance.yaml:\n  rates.legal_interest: 2026-H2  6,40\u202f% / 2,45\u202f%  "
        "source: arrêté du 22 juin 2026 (essai)  (retrieved 2026-12-03)\n",
    )
    text = (repo / "relance.yaml").read_text(encoding="utf-8")
    assert text == CONFIG + (
        'rates:\n  legal_interest:\n    - half_year: "2026-H2"\n      individual: "6.40"\n'
        '      other: "2.45"\n      source: "arrêté du 22 juin 2026 (essai)"\n'
        "      retrieved: 2026-12-03\n"
    )
    code, out = run(
        "rates",
        "add",
        "ecb",
        "2026-07-01",
        "--rate",
        "2.15",
        "--source",
        "décision du 11 juin 2026 (essai)",
        "--as-of",
        TODAY,
    )
    assert code == 0 and "rates.ecb: 2026-07-01  2,15\u202f%  source: décision du 11 juin 2026 (essai)" in out
    assert (repo / "relance.yaml").read_text(encoding="utf-8").startswith(text)
    assert run("rates", "add", "ecb", "2026-07-01", "--rate", "2.15", "--source", "again")[1] == (
        "nothing to add: the tables already hold these rates\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["legal_interest", "2026-H2", "--individual", "6.40", "--other", "2.45", "--source", "  "],
            'Error: --source is empty: name the text the rate comes from (e.g. "arrêté du 20 juin 2026, JORF du 27 juin '
            '2026"); nothing was written',
        ),
        (
            ["legal_interest", "2026-H3", "--individual", "6.40", "--other", "2.45", "--source", "arrêté"],
            "Error: half_year: String should match pattern '^[0-9]{4}-H[12]$'; nothing was written",
        ),
        (
            ["legal_interest", "2026-H2", "--individual", "6,40", "--other", "2.45", "--source", "arrêté"],
            "Error: individual: Value error, '6,40' is not a rate; nothing was written",
        ),
        (
            ["legal_interest", "2026-H1", "--individual", "6.00", "--other", "2.62", "--source", "arrêté"],
            "Error: relance.yaml: rates.legal_interest: 2026-H1 is given twice with different rates: individual 6.67, "
            'other 2.62, source "arrêté du 15 décembre 2025 (JORF n° 0302 du 26 décembre 2025)" (in the shipped rate '
            'tables) and individual 6.00, other 2.62, source "arrêté" (in relance.yaml); keep one row for 2026-H1',
        ),
        (["ecb", "2026-07-01", "--source", "décision"], "Error: ecb needs --rate (and no --individual or --other)"),
        (
            ["legal_interest", "2026-H2", "--rate", "2.15", "--source", "x"],
            "Error: legal_interest needs --individual and --other (and no --rate)",
        ),
    ],
)
def test_add_refuses_and_writes_nothing(repo: Path, args: list[str], message: str) -> None:
    code, out = run("rates", "add", *args)
    assert code in (1, 2) and out.strip().splitlines()[-1] == message
    assert (repo / "relance.yaml").read_text(encoding="utf-8") == CONFIG


def test_add_without_source_is_a_usage_error(repo: Path) -> None:
    code, out = run("rates", "add", "ecb", "2026-07-01", "--rate", "2.15")
    assert code == 2 and "Missing option '--source'" in out


def replay(*names: str) -> httpx.Client:
    """A client answering each request with the recorded answer for the same URL."""
    answers = {}
    for name in names:
        for entry in json.loads((RECORDED / name).read_text(encoding="utf-8"))["answers"]:
            answers[entry["url"]] = (entry["status"], entry["body"])

    def handle(request: httpx.Request) -> httpx.Response:
        status, body = answers[str(request.url)]
        return httpx.Response(status, text=body)

    return httpx.Client(transport=httpx.MockTransport(handle))


def test_update_reads_the_ecb_rate_and_can_save_the_answers(repo: Path) -> None:
    saved = repo / "answers.json"
    out, ok = ratetables.update_command(repo, dt.date(2026, 12, 3), save=saved, client=replay("ecb-2026-07-01.json"))
    assert ok
    assert out.splitlines()[:2] == [
        "added to relance.yaml:",
        "  rates.ecb: 2026-07-01  2,15\u202f%  source: BCE, taux des opérations principales de refinancement en "
        "vigueur le 1er juillet 2026 (ECB Data Portal, série FM.D.U2.EUR.4F.KR.MRR_FR.LEV, dernière observation "
        "du 11 juin 2025)  (retrieved 2026-12-03)",
    ]
    assert out.splitlines()[2].startswith(
        "the legal interest rate for 2026-H2 is set by arrêté in the Journal officiel, which relance does not query"
    )
    recorded = json.loads((RECORDED / "ecb-2026-07-01.json").read_text(encoding="utf-8"))["answers"]
    assert json.loads(saved.read_text(encoding="utf-8")) == {"answers": recorded}
    assert "      retrieved: 2026-12-03\n" in (repo / "relance.yaml").read_text(encoding="utf-8")


def test_update_asks_only_for_half_years_that_have_started(repo: Path) -> None:
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, text="")

    ratetables.update_command(repo, dt.date(2027, 1, 2), client=httpx.Client(transport=httpx.MockTransport(handle)))
    assert [url.split("endPeriod=")[1][:10] for url in seen] == ["2026-07-01", "2027-01-01"]
    seen.clear()
    ratetables.update_command(repo, dt.date(2026, 7, 1), client=httpx.Client(transport=httpx.MockTransport(handle)))
    assert seen == []  # the rate in force on 1 July is read once that day is over


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("ecb-empty.json", "the answer is empty"),
        ("ecb-http-404.json", "HTTP 404"),
        ("ecb-malformed.json", "not the expected CSV"),
    ],
)
def test_update_from_a_failed_answer_writes_nothing_and_exits_1(repo: Path, name: str, error: str) -> None:
    code, out = run("rates", "update", "--from", str(RECORDED / name), "--as-of", TODAY)
    assert code == 1
    assert out.splitlines()[0] == "nothing added"
    assert (
        out.splitlines()[-1].startswith(
            "error: the ECB Data Portal's answer for the rate on 2026-07-01 (retrieved 2026-12-03): "
        )
        and error in out
    )
    assert (repo / "relance.yaml").read_text(encoding="utf-8") == CONFIG


def test_update_with_the_source_down_says_so(repo: Path) -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Temporary failure in name resolution")

    out, ok = ratetables.update_command(
        repo, dt.date(2026, 12, 3), client=httpx.Client(transport=httpx.MockTransport(down))
    )
    assert not ok
    assert out.splitlines()[-1] == (
        "error: data-api.ecb.europa.eu is unreachable or down (could not connect (ConnectError: Temporary failure "
        "in name resolution), twice); nothing was recorded. Try again later, or on a machine with internet: "
        "relance rates update --save FILE, then relance rates update --from FILE here"
    )
    assert (repo / "relance.yaml").read_text(encoding="utf-8") == CONFIG


def test_update_from_a_file_that_is_neither_is_refused(repo: Path) -> None:
    (repo / "broken.json").write_text('{"answers": [{"url": "x"}]}', encoding="utf-8")
    code, out = run("rates", "update", "--from", "broken.json")
    assert code == 1 and out.startswith(
        "Error: broken.json: not a saved answer (needs url, status, retrieved, body): 'status'"
    )


def test_from_blocked_to_built(repo: Path) -> None:
    """Done when: tables stopping at 2026-H1, rates update --from RECORDED, then build, then check exits 0."""
    assert run("rates", "check", "--as-of", TODAY)[0] == 1
    code, out = run("build", "--as-of", TODAY, "--jobs", "1")
    assert code == 1 and "blocked" in out.splitlines()[-1]
    assert not (repo / "output" / "cases" / "martin" / "2026-07-21-confirmation_promesse.pdf").exists()

    assert run("rates", "update", "--from", str(RECORDED / "ecb-2026-07-01.json"), "--as-of", TODAY)[0] == 0
    assert run("rates", "update", "--from", str(RECORDED / "arrete-2026-H2.html"), "--as-of", TODAY)[0] == 0
    config = (repo / "relance.yaml").read_text(encoding="utf-8")
    assert config.startswith(CONFIG)
    assert config.count("source: ") == 2 and config.count("retrieved: 2026-12-03") == 2

    code, out = run("build", "--as-of", TODAY, "--jobs", "1")
    assert code == 0, out
    assert out.splitlines()[-1].endswith("0 blocked")
    assert run("rates", "check", "--as-of", TODAY)[0] == 0
    shown = run("rates")[1].splitlines()
    assert (
        "  2026-H2   6,40\u202f% /  2,45\u202f%  arrêté du 22 juin 2026 (JORF n° 0150 du 27 juin 2026, NOR "
        "TEST2600000A)  [relance.yaml, retrieved 2026-12-03]"
    ) in shown
    assert shown[-1] == "  confirmed up to 2026-07-01; first missing: 2027-H1 (rate on 2027-01-01)"

    def annex(path: Path) -> str:
        return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())

    med = annex(repo / "output" / "cases" / "novatech" / "2026-11-23-mise_en_demeure.pdf")
    assert "ECB Data Portal, série FM.D.U2.EUR.4F.KR.MRR_FR.LEV" in med
    promise = annex(repo / "output" / "cases" / "martin" / "2026-07-21-confirmation_promesse.pdf")
    assert promise  # built; the legal-interest line's source is checked in the statement below
    code, statement = run("statement", "cases/martin.yaml", "--as-of", "2026-07-21")
    assert code == 0
    assert (
        "source : taux de l'intérêt légal 2026-H2, arrêté du 22 juin 2026 (JORF n° 0150 du 27 juin 2026, NOR "
        "TEST2600000A)"
    ) in statement


def test_add_to_existing_rows_follows_their_one_line_style(repo: Path) -> None:
    before = (FIXTURES / "repo" / "relance.yaml").read_text(encoding="utf-8")
    (repo / "relance.yaml").write_text(before, encoding="utf-8")
    assert (
        run(
            "rates",
            "add",
            "ecb",
            "2027-01-01",
            "--rate",
            "2.15",
            "--source",
            "décision (essai)",
            "--as-of",
            "2027-01-05",
        )[0]
        == 0
    )
    assert (repo / "relance.yaml").read_text(encoding="utf-8") == before + (
        '    - {effective: 2027-01-01, rate: "2.15", source: "décision (essai)", retrieved: 2027-01-05}\n'
    )


OVERDUE = """\
creditor:
  name: Atelier Bernard SARL
  siren: "732829320"
  address: ["8 rue des Lilas", "69003 Lyon"]
  iban: FR76 3000 6000 0112 3456 7890 189
  signatory: {name: Thomas Bernard, title: Gérant}
debtor:
  kind: business
  name: Novatech SAS
  address: ["14 avenue Jean Jaurès", "69007 Lyon"]
invoices:
  - {number: "2026-090", issued: 2026-09-01, due: 2026-10-01, amount: "4800.00"}
"""


def test_check_names_a_step_relance_due_finds_due_within_30_days(repo: Path) -> None:
    (repo / "cases" / "novatech.yaml").unlink()
    (repo / "cases" / "martin.yaml").unlink()
    (repo / "cases" / "overdue.yaml").write_text(OVERDUE, encoding="utf-8")
    code, out = run("rates", "check", "--as-of", TODAY)
    assert code == 1
    assert out.splitlines()[3:5] == [
        "1 letter(s) need a rate the tables lack:",
        "  cases/overdue.yaml: relance_1 due on 2026-10-06 (relance due), written on 2026-12-03: no ECB main "
        "refinancing rate confirmed for 2026-07-01 in the rate tables (confirmed up to 2026-02-05)",
    ]
    assert run("rates", "update", "--from", str(RECORDED / "ecb-2026-07-01.json"), "--as-of", TODAY)[0] == 0
    assert run("rates", "check", "--as-of", TODAY)[0] == 0
