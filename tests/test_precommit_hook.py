"""The published pre-commit hook, run by pre-commit itself against a temporary letters repository.

No network: the hook from ``.pre-commit-hooks.yaml`` is copied into a ``repo: local`` config
unchanged except for ``language: system``, which runs the relance already installed instead of
having pre-commit build an environment from the package index. Its id, entry, file pattern and
``pass_filenames`` are the published ones, so what is tested is what a letters repository gets.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import scaffold

HOOKS = Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml"


def published_hook() -> dict:
    [hook] = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    return hook


def test_the_published_hook_checks_cases_and_the_config() -> None:
    hook = published_hook()
    assert (hook["id"], hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "relance-validate",
        "relance validate",
        "python",
        False,
    )


@pytest.fixture
def letters(tmp_path: Path) -> Path:
    root = tmp_path / "lettres"
    scaffold.init_repository(root)
    hook = dict(published_hook(), language="system")
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (root / "NOTES.md").write_text("notes\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    return root


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def pre_commit(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        PRE_COMMIT_HOME=str(root.parent / "pre-commit-home"),
        RELANCE_AS_OF="2026-03-01",
        # the relance of this test run, whichever environment runs it
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    )
    env.pop("GITHUB_WORKSPACE", None)
    assert shutil.which("relance", path=env["PATH"])
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_good_repository_passes(letters: Path) -> None:
    result = pre_commit(letters, "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "relance validate" in result.stdout and "Passed" in result.stdout


def test_a_broken_case_stops_the_commit_with_the_located_error(letters: Path) -> None:
    case = letters / "cases" / "exemple.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace('amount: "1200.00"', "amount: 1200.5"), encoding="utf-8")
    git(letters, "add", "-A")
    result = pre_commit(letters, "--files", "cases/exemple.yaml")
    assert result.returncode == 1
    assert "Failed" in result.stdout
    assert (
        "cases/exemple.yaml:35: invoices[0].amount: [error schema.float-amount] amount 1200.5 is a YAML "
        'float, which can lose cents (fix: write it in quotes: "1200.50")'
    ) in result.stdout


def test_a_config_change_checks_every_case(letters: Path) -> None:
    case = letters / "cases" / "exemple.yaml"
    case.write_text(
        case.read_text(encoding="utf-8").replace("sender: creditor", "sender: {role: lawyer, firm: avocat}"),
        encoding="utf-8",
    )
    git(letters, "add", "-A")
    result = pre_commit(letters, "--files", "relance.yaml")
    assert result.returncode == 1
    assert "no firm 'avocat' in relance.yaml" in result.stdout


def test_other_files_do_not_run_the_hook(letters: Path) -> None:
    result = pre_commit(letters, "--files", "NOTES.md")
    assert result.returncode == 0
    assert "Skipped" in result.stdout
