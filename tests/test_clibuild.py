"""relance build on the command line: its options mapped onto one core call, its exit code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner

from generator import console
from generator.cli import cli


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_build_maps_every_option(runner: CliRunner, tmp_path: Path) -> None:
    summary = mock.Mock(ok=True)
    with mock.patch("generator.build.build_all", autospec=True, return_value=summary) as core:
        result = runner.invoke(
            cli,
            [
                "build",
                str(tmp_path),
                "--out",
                str(tmp_path / "o"),
                "--jobs",
                "2",
                "--html-only",
                "--as-of",
                "2026-06-30",
                "--clean",
                "--lang",
                "fr",
            ],
        )
    assert result.exit_code == 0, result.output
    core.assert_called_once_with(
        [tmp_path],
        out=tmp_path / "o",
        jobs=2,
        html_only=True,
        as_of=dt.date(2026, 6, 30),
        clean=True,
        progress=console.progress,
        lang="fr",
    )


def test_build_exit_code_follows_the_summary(runner: CliRunner) -> None:
    with mock.patch("generator.build.build_all", autospec=True, return_value=mock.Mock(ok=False)):
        result = runner.invoke(cli, ["build", "--as-of", "2026-06-30"])
    assert result.exit_code == 1
