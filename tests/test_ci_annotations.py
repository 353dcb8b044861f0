"""GitHub annotations carry paths relative to the repository root, whatever the working directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import report, scaffold
from generator.cli import cli
from generator.errors import Finding

BROKEN_TEMPLATE = (
    '{% extends "default:letters/relance_1.html" %}\n{% block body %}\n<p>{{ debtor.nom }}</p>\n{% endblock %}\n'
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git work tree whose letters repository is the sub-folder ``lettres/``."""
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    (tmp_path / ".git").mkdir()
    scaffold.init_repository(tmp_path / "lettres")
    case = tmp_path / "lettres" / "cases" / "exemple.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace('amount: "1200.00"', "amount: 1200.5"), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("where", [".", "lettres", "lettres/cases"])
def test_annotation_paths_start_at_the_repository_root(repo: Path, where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / where)
    target = (repo / "lettres" / "cases").relative_to(repo / where) if where != "lettres/cases" else Path(".")
    result = CliRunner().invoke(cli, ["validate", "--format", "github", "--as-of", "2026-03-01", str(target)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "::error file=lettres/cases/exemple.yaml,line=35,title=schema.float-amount::invoices[0].amount: "
        'amount 1200.5 is a YAML float, which can lose cents (fix: write it in quotes: "1200.50")'
    )


def test_github_workspace_decides_the_root(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "lettres")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(repo / "lettres"))
    result = CliRunner().invoke(cli, ["validate", "--format", "github", "--as-of", "2026-03-01"])
    assert result.output.startswith("::error file=cases/exemple.yaml,line=35,title=schema.float-amount::")


def test_a_template_error_points_at_the_templates_line(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    letters = repo / "lettres"
    case = letters / "cases" / "exemple.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("amount: 1200.5", 'amount: "1200.50"'), encoding="utf-8")
    (letters / "letter_templates" / "letters").mkdir()
    (letters / "letter_templates" / "letters" / "relance_1.html").write_text(BROKEN_TEMPLATE, encoding="utf-8")
    monkeypatch.chdir(letters / "cases")
    result = CliRunner().invoke(cli, ["validate", "--format", "github", "--as-of", "2026-03-01"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "::error file=lettres/letter_templates/letters/relance_1.html,line=3,title=render.failed::letters[0]: "
        "template error: 'generator.parties.Debtor object' has no attribute 'nom' (fix: correct the template "
        "(a name it uses does not exist in the letter context))"
    )


def test_a_file_outside_the_repository_is_named_in_the_message(tmp_path: Path) -> None:
    outside = tmp_path / "site-packages" / "base.html"
    finding = Finding("render.failed", "error", outside, 7, "letters[0]", "template error: x", "fix it")
    assert report.github_line(finding, tmp_path / "repo") == (
        f"::error title=render.failed::{outside}:7: letters[0]: template error: x (fix: fix it)"
    )
