"""The day's commands on the command line: their options mapped onto one core call."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner

from generator.cli import cli


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_statement_maps_its_options(runner: CliRunner, tmp_path: Path) -> None:
    case = tmp_path / "c.yaml"
    case.write_text("x: 1\n", encoding="utf-8")
    with mock.patch("generator.statementreport.statement_command", autospec=True, return_value="ok\n") as core:
        result = runner.invoke(cli, ["statement", str(case), "--as-of", "2026-06-30", "--format", "json"])
    assert (result.exit_code, result.output) == (0, "ok\n")
    core.assert_called_once_with(case, dt.date(2026, 6, 30), "json")
