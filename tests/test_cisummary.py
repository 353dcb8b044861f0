"""``relance summary``: the Markdown a CI run writes to $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import cisummary, scaffold
from generator.cli import cli

AS_OF = dt.date(2026, 3, 1)


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A letters repository committed on main, with one case and its relance_1."""
    scaffold.init_repository(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "start")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_blocked_and_nothing_changed(repo: Path) -> None:
    assert cisummary.summary([], AS_OF, "main") == (
        "## relance\n\n1 case checked: 1 ok\n\n**1 letter built, 0 blocked**\n\n"
        "### Letters changed since `main`\n\nNo letter changed.\n\n"
    )


def test_blocked_letters_with_reasons_and_changes_since_the_base(repo: Path) -> None:
    case = repo / "cases" / "exemple.yaml"
    edit(case, 'amount: "1200.00"', 'amount: "1300.00"')
    # A second case: one letter blocked by a letter rule (invoice not yet due), one fine.
    other = repo / "cases" / "autre.yaml"
    other.write_text(
        scaffold.CASE_SKELETON.replace(
            "  - type: relance_1\n    date: 2026-02-20\n",
            "  - type: relance_1\n    date: 2026-02-20\n  - type: relance_2\n    date: 2026-02-10\n",
        ),
        encoding="utf-8",
    )
    # A third that does not load at all.
    (repo / "cases" / "casse.yaml").write_text("creditor: [\n", encoding="utf-8")
    text = cisummary.summary([], AS_OF, "main")
    assert text.startswith(
        "## relance\n\n3 cases checked: 1 ok, 2 with errors (2 errors, 1 warning)\n\n"
        "**2 letters built, 2 blocked**\n\n### Blocked letters\n\n| case | letter | why |\n|---|---|---|\n"
        "| `cases/autre.yaml` | 2026-02-10-relance_2 | cases/autre.yaml:"
    )
    lines = text.splitlines()
    assert "[error letter.nothing-claimed]" in lines[10]
    assert lines[11].startswith("| `cases/casse.yaml` | (whole case) | cases/casse.yaml:2: [error yaml.syntax] ")
    assert lines[12:] == [
        "",
        "### Letters changed since `main`",
        "",
        "| case | letter | change |",
        "|---|---|---|",
        "| `cases/autre.yaml` | 2026-02-10-relance_2 | new |",
        "| `cases/autre.yaml` | 2026-02-20-relance_1 | new |",
        "| `cases/casse.yaml` | (whole case) | new |",
        "| `cases/exemple.yaml` | 2026-02-20-relance_1 | changed |",
        "",
    ]


def test_a_letter_blocked_or_freed_since_the_base_says_so(repo: Path) -> None:
    case = repo / "cases" / "exemple.yaml"
    edit(case, "date: 2026-02-20\n", "date: 2026-02-10\n")  # before the due date: blocked
    git(repo, "commit", "-q", "-am", "blocked")
    edit(case, "date: 2026-02-10\n", "date: 2026-02-20\n")
    assert cisummary.summary([], AS_OF, "HEAD").endswith(
        "| `cases/exemple.yaml` | 2026-02-10-relance_1 | removed |\n"
        "| `cases/exemple.yaml` | 2026-02-20-relance_1 | new |\n\n"
    )
    edit(case, "date: 2026-02-20\n", "date: 2026-02-10\n")
    edit(case, 'amount: "1200.00"', 'amount: "1300.00"')  # blocked before and after: no change to show
    assert cisummary.summary([], AS_OF, "HEAD").endswith("No letter changed.\n\n")


def test_a_case_that_no_longer_loads_blocks_each_of_its_letters(repo: Path) -> None:
    case = repo / "cases" / "exemple.yaml"
    edit(case, 'amount: "1200.00"', "amount: 1200.5")
    assert cisummary.summary([], AS_OF, "main").endswith(
        "| case | letter | change |\n|---|---|---|\n| `cases/exemple.yaml` | 2026-02-20-relance_1 | now blocked |\n\n"
    )
    git(repo, "commit", "-q", "-am", "broken")
    edit(case, "amount: 1200.5", 'amount: "1200.00"')
    assert cisummary.summary([], AS_OF, "HEAD").endswith(
        "| `cases/exemple.yaml` | 2026-02-20-relance_1 | no longer blocked |\n\n"
    )


def test_a_template_change_changes_every_letter_it_renders(repo: Path) -> None:
    (repo / "letter_templates" / "letters").mkdir()
    (repo / "letter_templates" / "letters" / "relance_1.html").write_text(
        '{% extends "default:letters/relance_1.html" %}\n', encoding="utf-8"
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "same letter through an override")
    assert cisummary.summary([], AS_OF, "HEAD~1").endswith("No letter changed.\n\n")
    (repo / "letter_templates" / "letters" / "relance_1.html").write_text(
        '{% extends "default:letters/relance_1.html" %}\n{% block body %}<p>Autre texte.</p>{% endblock %}\n',
        encoding="utf-8",
    )
    assert cisummary.summary([], AS_OF, "HEAD").endswith(
        "| `cases/exemple.yaml` | 2026-02-20-relance_1 | changed |\n\n"
    )


def test_an_unknown_base_is_reported_not_raised(repo: Path) -> None:
    assert cisummary.summary([], AS_OF, "origin/main").endswith(
        "Not compared: git has no 'origin/main' here (on GitHub Actions, check out with `fetch-depth: 0` so "
        "the base branch is there).\n\n"
    )


def test_outside_git_the_comparison_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scaffold.init_repository(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert cisummary.summary([], AS_OF, "main").endswith("Not compared: this folder is not in a git repository.\n\n")


def test_cli_summary_maps_its_options(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["summary", "--as-of", "2026-03-01"])
    assert (result.exit_code, result.output) == (
        0,
        "## relance\n\n1 case checked: 1 ok\n\n**1 letter built, 0 blocked**\n\n",
    )
    result = CliRunner().invoke(cli, ["summary", "--base", "main"], env={"RELANCE_AS_OF": "2026-03-01"})
    assert result.output.endswith("No letter changed.\n\n")
