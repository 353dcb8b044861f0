"""`relance validate` end to end: exit codes, summary line, every report format, the acceptance case."""

from __future__ import annotations

import json
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli

HEAD = """\
creditor: {name: Atelier Bernard SARL, address: ["8 rue des Lilas", "69003 Lyon"], siren: "732829320",
           rcs: RCS Lyon, legal_form: "SARL au capital de 10 000 €"}
# (three lines, as the block form they replace: the line numbers below stay)
debtor:
  kind: business
  name: Novatech SAS
  address: ["14 avenue Jean Jaurès", "69007 Lyon"]
invoices:
  - {number: "2024-053", issued: 2024-01-16, due: 2024-02-15, amount: "18000.00"}
"""
CLEAN = HEAD
# Line 11 holds an event dated before the one above it: a warning only.
WARNED = (
    HEAD
    + """\
events:
  - {date: 2024-02-20, type: letter, letter: relance_1, channel: email}
  - {date: 2024-02-19, type: call}
"""
)
# Line 11 holds a payment after the check date: an error.
FAILED = (
    HEAD
    + """\
payments:
  - {date: 2024-04-02, amount: "100.00"}
"""
)
ACCEPTANCE = """\
creditor:
  name: Atelier Bernard SARL
  address: ["8 rue des Lilas", "69003 Lyon"]
debtor:
  kind: business
  name: Novatech SAS
  address: ["14 avenue Jean Jaurès", "69007 Lyon"]
  sirn: "552081317"
invoices:
  - number: "2024-053"
    issued: 2024-01-16
    due: 2024-02-15
    amount: 18000.50
events:
  - {date: 2024-02-20, type: letter, letter: relance_1, channel: email}
letters:
  - type: mise_en_demeure
    date: 2024-03-05
    deadline_days: 20
"""

WARNING_LINE = (
    "cases/warned.yaml:12: events[1].date: [warning history.order] dated 2024-02-19, before the entry "
    "above it (2024-02-20, line 11) (fix: keep entries in date order; check the date for a typo)"
)
ERROR_LINE = (
    "cases/failed.yaml:11: payments[0].date: [error history.future] payment on 2024-04-02, after the "
    "check date 2024-04-01 (fix: correct the date, or check as of a later date with --as-of)"
)


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "relance.yaml").write_text("defaults: {deadline_days: 8}\n", encoding="utf-8")
    (tmp_path / "cases").mkdir()
    return tmp_path


def write(root: Path, **files: str) -> None:
    for name, text in files.items():
        (root / "cases" / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["validate", "--as-of", "2024-04-01", *args])


def test_all_clean_exits_0(repo: Path) -> None:
    write(repo, a=CLEAN, b=CLEAN)
    result = run()
    assert (result.exit_code, result.output) == (0, "2 cases checked: 2 ok\n")


def test_warnings_exit_0_unless_strict(repo: Path) -> None:
    write(repo, clean=CLEAN, warned=WARNED)
    result = run()
    assert (result.exit_code, result.output) == (
        0,
        f"{WARNING_LINE}\n\n2 cases checked: 1 ok, 1 with warnings (0 errors, 1 warning)\n",
    )
    assert run("--strict").exit_code == 1


def test_an_error_exits_1_and_the_other_cases_are_still_checked(repo: Path) -> None:
    write(repo, clean=CLEAN, failed=FAILED, warned=WARNED)
    result = run("cases")
    assert (result.exit_code, result.output) == (
        1,
        f"{ERROR_LINE}\n\n{WARNING_LINE}\n\n"
        "3 cases checked: 1 ok, 1 with warnings, 1 with errors (1 error, 1 warning)\n",
    )


@pytest.mark.parametrize("args", [["--format", "xml"], ["--as-of", "01/04/2024"], ["cases/missing.yaml"]])
def test_usage_mistakes_exit_2(repo: Path, args: list[str]) -> None:
    assert CliRunner().invoke(cli, ["validate", *args]).exit_code == 2


def test_json_parses(repo: Path) -> None:
    write(repo, failed=FAILED, warned=WARNED)
    result = run("--format", "json")
    data = json.loads(result.output)
    assert result.exit_code == 1
    assert [(f["path"], f["line"], f["rule"], f["severity"]) for f in data["findings"]] == [
        ("cases/failed.yaml", 11, "history.future", "error"),
        ("cases/warned.yaml", 12, "history.order", "warning"),
    ]
    assert data["summary"]["text"] == "2 cases checked: 0 ok, 1 with warnings, 1 with errors (1 error, 1 warning)"


def test_junit_parses(repo: Path) -> None:
    write(repo, clean=CLEAN, failed=FAILED)
    result = run("--format", "junit")
    suite = ET.fromstring(result.output).find("testsuite")
    assert result.exit_code == 1
    assert suite is not None and suite.get("failures") == "1"
    assert [(case.get("name"), len(case.findall("failure"))) for case in suite.findall("testcase")] == [
        ("cases/clean.yaml", 0),
        ("cases/failed.yaml", 1),
    ]


def test_github_annotations(repo: Path) -> None:
    write(repo, failed=FAILED, warned=WARNED)
    result = run("--format", "github")
    assert result.output.splitlines() == [
        "::error file=cases/failed.yaml,line=11,title=history.future::payments[0].date: payment on 2024-04-02, "
        "after the check date 2024-04-01 (fix: correct the date, or check as of a later date with --as-of)",
        "::warning file=cases/warned.yaml,line=12,title=history.order::events[1].date: dated 2024-02-19, before "
        "the entry above it (2024-02-20, line 11) (fix: keep entries in date order; check the date for a typo)",
        "2 cases checked: 0 ok, 1 with warnings, 1 with errors (1 error, 1 warning)",
    ]


def test_acceptance_unknown_key_float_amount_and_20_day_deadline(repo: Path) -> None:
    write(repo, novatech=ACCEPTANCE)
    result = run()
    assert result.exit_code == 1
    assert result.output == (
        "cases/novatech.yaml:8: debtor.sirn: [error schema.unknown-key] unknown key 'sirn' "
        "(fix: did you mean 'siren'?)\n"
        "cases/novatech.yaml:13: invoices[0].amount: [error schema.float-amount] amount 18000.5 is a YAML float, "
        'which can lose cents (fix: write it in quotes: "18000.50")\n'
        "cases/novatech.yaml:19: letters[0].deadline_days: [error med.deadline-range] deadline of 20 days is "
        "outside the 8 to 15 days a mise en demeure gives (fix: set deadline_days between 8 and 15)\n"
        "\n"
        "1 case checked: 0 ok, 1 with errors (3 errors, 0 warnings)\n"
    )
