"""Report formats of `relance validate` (text, json, junit, github) and the rule list of `relance rules`."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator import report, resources
from generator.errors import Finding, RelanceError
from generator.validate import CaseReport

A = Path("cases/a.yaml")
B = Path("cases/b.yaml")
C = Path("cases/c.yaml")

DEADLINE = Finding(
    "med.deadline-range",
    "error",
    A,
    16,
    "letters[0].deadline_days",
    "deadline of 20 days is outside the 8 to 15 days a mise en demeure gives",
    "set deadline_days between 8 and 15",
    0,
)
FLOAT = Finding(
    "schema.float-amount",
    "error",
    A,
    11,
    "invoices[0].amount",
    "amount 1500.5 is a YAML float, which can lose cents",
    'write it in quotes: "1500.50"',
)
ORDER = Finding(
    "history.order",
    "warning",
    B,
    15,
    "events[1].date",
    "dated 2024-02-19, before the entry above it (2024-02-20, line 14)",
    "keep entries in date order; check the date for a typo",
)
TRICKY = Finding("x.rule", "warning", Path("cases/d,1:x.yaml"), None, None, "100% sure,\nreally: yes\r", "")


def reports() -> list[CaseReport]:
    return [CaseReport(A, None, [DEADLINE, FLOAT]), CaseReport(B, None, [ORDER]), CaseReport(C, None, [])]


SUMMARY = "3 cases checked: 1 ok, 1 with warnings, 1 with errors (2 errors, 1 warning)"


def test_text_groups_by_file_in_line_order_then_sums_up() -> None:
    assert report.format_reports(reports(), "text") == (
        "cases/a.yaml:11: invoices[0].amount: [error schema.float-amount] amount 1500.5 is a YAML float, which "
        'can lose cents (fix: write it in quotes: "1500.50")\n'
        "cases/a.yaml:16: letters[0].deadline_days: [error med.deadline-range] deadline of 20 days is outside "
        "the 8 to 15 days a mise en demeure gives (fix: set deadline_days between 8 and 15)\n"
        "\n"
        "cases/b.yaml:15: events[1].date: [warning history.order] dated 2024-02-19, before the entry above it "
        "(2024-02-20, line 14) (fix: keep entries in date order; check the date for a typo)\n"
        "\n"
        f"{SUMMARY}\n"
    )


@pytest.mark.parametrize(
    ("given", "line"),
    [
        ([], "0 cases checked: 0 ok"),
        ([CaseReport(C, None, [])], "1 case checked: 1 ok"),
        ([CaseReport(B, None, [ORDER, ORDER])], "1 case checked: 0 ok, 1 with warnings (0 errors, 2 warnings)"),
        (
            [CaseReport(A, None, [FLOAT]), CaseReport(C, None, [])],
            "2 cases checked: 1 ok, 1 with errors (1 error, 0 warnings)",
        ),
    ],
)
def test_summary_line(given: list[CaseReport], line: str) -> None:
    assert report.format_reports(given, "text").splitlines()[-1] == line


def test_failed_on_errors_and_on_warnings_when_strict() -> None:
    warned = [CaseReport(B, None, [ORDER]), CaseReport(C, None, [])]
    assert report.failed(reports(), strict=False) is True
    assert report.failed(warned, strict=False) is False
    assert report.failed(warned, strict=True) is True
    assert report.failed([CaseReport(C, None, [])], strict=True) is False


def test_json_has_every_field_and_the_summary() -> None:
    data = json.loads(report.format_reports(reports(), "json"))
    assert data["findings"][1] == {
        "rule": "med.deadline-range",
        "severity": "error",
        "path": "cases/a.yaml",
        "line": 16,
        "field": "letters[0].deadline_days",
        "message": "deadline of 20 days is outside the 8 to 15 days a mise en demeure gives",
        "fix": "set deadline_days between 8 and 15",
        "letter": 0,
    }
    assert [f["rule"] for f in data["findings"]] == ["schema.float-amount", "med.deadline-range", "history.order"]
    assert data["cases"] == [
        {"path": "cases/a.yaml", "errors": 2, "warnings": 0},
        {"path": "cases/b.yaml", "errors": 0, "warnings": 1},
        {"path": "cases/c.yaml", "errors": 0, "warnings": 0},
    ]
    assert data["summary"] == {
        "cases": 3,
        "ok": 1,
        "with_warnings": 1,
        "with_errors": 1,
        "errors": 2,
        "warnings": 1,
        "text": SUMMARY,
    }


def test_junit_one_testcase_per_file_one_failure_per_error_warnings_in_system_out() -> None:
    root = ET.fromstring(report.format_reports(reports(), "junit"))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "0")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["cases/a.yaml", "cases/b.yaml", "cases/c.yaml"]
    failures = cases[0].findall("failure")
    assert [(f.get("type"), f.get("message")) for f in failures] == [
        ("schema.float-amount", "amount 1500.5 is a YAML float, which can lose cents"),
        ("med.deadline-range", "deadline of 20 days is outside the 8 to 15 days a mise en demeure gives"),
    ]
    assert failures[1].text == DEADLINE.render()
    assert cases[1].findall("failure") == []
    assert cases[1].findtext("system-out") == ORDER.render()
    assert list(cases[2]) == []


def test_github_workflow_commands_escaped() -> None:
    given = reports() + [CaseReport(TRICKY.path, None, [TRICKY])]
    assert report.format_reports(given, "github").splitlines() == [
        "::error file=cases/a.yaml,line=11,title=schema.float-amount::invoices[0].amount: amount 1500.5 is a YAML "
        'float, which can lose cents (fix: write it in quotes: "1500.50")',
        "::error file=cases/a.yaml,line=16,title=med.deadline-range::letters[0].deadline_days: deadline of 20 days "
        "is outside the 8 to 15 days a mise en demeure gives (fix: set deadline_days between 8 and 15)",
        "::warning file=cases/b.yaml,line=15,title=history.order::events[1].date: dated 2024-02-19, before the "
        "entry above it (2024-02-20, line 14) (fix: keep entries in date order; check the date for a typo)",
        # A finding's own text never holds a line break (Finding writes it as \\n), so no %0A here.
        "::warning file=cases/d%2C1%3Ax.yaml,title=x.rule::100%25 sure,\\nreally: yes\\r",
        "4 cases checked: 1 ok, 2 with warnings, 1 with errors (2 errors, 2 warnings)",
    ]


def test_unknown_format_is_refused() -> None:
    with pytest.raises(RelanceError) as info:
        report.format_reports([], "xml")
    assert info.value.message == "unknown report format 'xml': use one of text, json, junit, github"
    with pytest.raises(RelanceError) as info:
        report.format_rules("html")
    assert info.value.message == "unknown rules format 'html': use text or markdown"


def test_rules_as_text() -> None:
    text = report.format_rules("text")
    assert (
        "med.deadline-range [error, letter: mise_en_demeure]\n"
        "    A mise en demeure gives 8 to 15 days to pay.\n"
        "    source: C. civ. 1231 and 1344 (reasonable time); practice 8 to 15 days — docs/law.md#deadline\n"
    ) in text
    assert (
        "sender.mandate [error, case: sender recovery_firm]\n"
        "    A recovery firm has the creditor's written mandate recorded.\n"
        "    source: CPCE R124-3 — docs/law.md#recovery-firms\n"
    ) in text
    assert text.index("invoice.amount-positive") < text.index("med.deadline-range")  # case rules first
    # The last line says where the reference is, so a user of the installed wheel can open it.
    assert text.splitlines()[-1] == (
        f"docs/law.md, the legal reference each source points into: {resources.law_reference()}"
    )
    assert resources.law_reference().is_file()


def test_rules_as_markdown_table() -> None:
    lines = report.format_rules("markdown").splitlines()
    assert lines[:2] == ["| Rule | Severity | Scope | Applies to | Checks | Source |", "|---|---|---|---|---|---|"]
    assert (
        "| `history.order` | warning | case | every case | Events and payments are listed in date order. | "
        "The history decides the next step (practice) — [docs/law.md#case-files](docs/law.md#case-files) |"
    ) in lines
    assert (
        "| `letter.dispute-open` | error | letter | derniere_relance, mise_en_demeure, relance_1, relance_2 | "
        "A reminder or mise en demeure does not claim an invoice the debtor disputes; the others may be claimed. "
        "| A seriously "
        "disputed claim is answered before it is pursued (practice; CPC 835) — "
        "[docs/law.md#disputes](docs/law.md#disputes) |"
    ) in lines
    assert "| `channel.lre-consent` | error | letter | debtor consumer |" in "\n".join(lines)
    assert all(line.count("|") - line.count("\\|") == 7 for line in lines)
