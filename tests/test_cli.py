"""The command line maps options onto one core call per command, and every command is documented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner

from generator.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_build_maps_every_option(runner: CliRunner, tmp_path: Path) -> None:
    summary = mock.Mock(ok=True)
    with mock.patch("generator.build.build_all", autospec=True, return_value=summary) as core:
        result = runner.invoke(cli, ["build", str(tmp_path), "--out", str(tmp_path / "o"), "--jobs", "2",
                                     "--html-only", "--as-of", "2026-06-30", "--clean"])
    assert result.exit_code == 0, result.output
    core.assert_called_once_with([tmp_path], out=tmp_path / "o", jobs=2, html_only=True,
                                 as_of=dt.date(2026, 6, 30), clean=True)


def test_build_exit_code_follows_the_summary(runner: CliRunner) -> None:
    with mock.patch("generator.build.build_all", autospec=True, return_value=mock.Mock(ok=False)):
        result = runner.invoke(cli, ["build", "--as-of", "2026-06-30"])
    assert result.exit_code == 1


def test_statement_maps_its_options(runner: CliRunner, tmp_path: Path) -> None:
    case = tmp_path / "c.yaml"
    case.write_text("x: 1\n", encoding="utf-8")
    with mock.patch("generator.statement.statement_command", autospec=True, return_value="ok\n") as core:
        result = runner.invoke(cli, ["statement", str(case), "--as-of", "2026-06-30", "--format", "json"])
    assert (result.exit_code, result.output) == (0, "ok\n")
    core.assert_called_once_with(case, dt.date(2026, 6, 30), "json")


def test_a_bad_date_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--as-of", "30/06/2026"])
    assert result.exit_code == 2
    assert "'30/06/2026' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-23" in result.output


def test_an_unknown_path_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_and_is_in_the_readme(name: str, runner: CliRunner) -> None:
    command = cli.commands[name]
    assert command.help and len(command.help) > 20
    assert f"`relance {name}" in README.read_text(encoding="utf-8")
    assert runner.invoke(cli, [name, "--help"]).exit_code == 0


def test_readme_rules_table_is_current(runner: CliRunner) -> None:
    text = README.read_text(encoding="utf-8")
    table = text.split("<!-- rules:start -->\n", 1)[1].split("<!-- rules:end -->", 1)[0]
    assert table == runner.invoke(cli, ["rules", "--format", "markdown"]).output, (
        "README.md's rules table is stale: paste the output of `relance rules --format markdown`")
