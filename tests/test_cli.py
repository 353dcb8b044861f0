"""The command line maps options onto one core call per command, and every command is documented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner

from generator import console
from generator.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


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
        "README.md's rules table is stale: paste the output of `relance rules --format markdown`"
    )


# --- version, completion, environment ---------------------------------------------------------


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version_flags_print_the_version(flag: str, runner: CliRunner) -> None:
    from generator import __version__

    result = runner.invoke(cli, [flag])
    assert (result.exit_code, result.output) == (0, f"relance, version {__version__}\n")


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o nosort -F _relance_completion relance"),
        ("zsh", "compdef _relance_completion relance"),
        ("fish", "complete --no-files --command relance --arguments"),
    ],
)
def test_completion_prints_the_script_of_each_shell(shell: str, marker: str, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["completion", shell])
    assert result.exit_code == 0
    assert marker in result.output
    assert "_RELANCE_COMPLETE" in result.output


def test_completion_refuses_an_unknown_shell(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["completion", "powershell"])
    assert result.exit_code == 2
    assert "'powershell' is not one of 'bash', 'zsh', 'fish'" in result.output


def test_completion_script_completes_commands_and_options(runner: CliRunner) -> None:
    # What the shell function asks: the same command line, in the variables Click reads.
    env = {"_RELANCE_COMPLETE": "bash_complete", "COMP_WORDS": "relance bu", "COMP_CWORD": "1"}
    result = runner.invoke(cli, [], env=env, prog_name="relance")
    assert result.output == "plain,build\n"
    env = {"_RELANCE_COMPLETE": "bash_complete", "COMP_WORDS": "relance build --cl", "COMP_CWORD": "2"}
    assert runner.invoke(cli, [], env=env, prog_name="relance").output == "plain,--clean\n"


def test_as_of_and_out_come_from_the_environment(runner: CliRunner, tmp_path: Path) -> None:
    env = {"RELANCE_AS_OF": "2026-06-30", "RELANCE_OUT": str(tmp_path / "o"), "RELANCE_LANG": "fr"}
    with mock.patch("generator.build.build_all", autospec=True, return_value=mock.Mock(ok=True)) as core:
        result = runner.invoke(cli, ["build"], env=env)
    assert result.exit_code == 0, result.output
    core.assert_called_once_with(
        [],
        out=tmp_path / "o",
        jobs=None,
        html_only=False,
        as_of=dt.date(2026, 6, 30),
        clean=False,
        progress=console.progress,
        lang="fr",
    )
    with mock.patch("generator.statementreport.statement_command", autospec=True, return_value="ok\n") as statement:
        case = tmp_path / "c.yaml"
        case.write_text("x: 1\n", encoding="utf-8")
        runner.invoke(cli, ["statement", str(case)], env=env)
    statement.assert_called_once_with(case, dt.date(2026, 6, 30), "text")


def test_an_option_on_the_command_line_beats_the_environment(runner: CliRunner) -> None:
    with mock.patch("generator.build.build_all", autospec=True, return_value=mock.Mock(ok=True)) as core:
        runner.invoke(cli, ["build", "--as-of", "2026-01-02"], env={"RELANCE_AS_OF": "2026-06-30"})
    assert core.call_args.kwargs["as_of"] == dt.date(2026, 1, 2)


def test_every_other_option_has_its_automatic_variable(runner: CliRunner) -> None:
    with mock.patch("generator.build.build_all", autospec=True, return_value=mock.Mock(ok=True)) as core:
        runner.invoke(cli, ["build"], env={"RELANCE_BUILD_JOBS": "3", "RELANCE_BUILD_HTML_ONLY": "1"})
    assert (core.call_args.kwargs["jobs"], core.call_args.kwargs["html_only"]) == (3, True)


def test_a_bad_date_in_the_environment_names_the_variable(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate"], env={"RELANCE_AS_OF": "30/06/2026"})
    assert result.exit_code == 2
    assert (
        "Invalid value for '--as-of' (env var: 'RELANCE_AS_OF'): '30/06/2026' is not a date; "
        "write it as YYYY-MM-DD, e.g. 2026-11-23"
    ) in result.output


def test_one_version_source() -> None:
    # pyproject.toml reads the version from generator/__init__.py (hatch dynamic version): the
    # installed distribution, `relance --version` and the code agree because there is one number.
    import importlib.metadata
    import tomllib

    from generator import __version__

    project = tomllib.loads((README.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    assert project["tool"]["hatch"]["version"]["path"] == "generator/__init__.py"
    assert importlib.metadata.version("relance") == __version__
