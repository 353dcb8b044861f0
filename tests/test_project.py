"""The repository's own tooling: pre-commit runs a subset of what CI runs."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_pre_commit_runs_what_ci_runs() -> None:
    # The project's pre-commit hooks are a fast subset of CI: each command is one CI runs too,
    # so the two cannot drift apart (the rules-table hook runs tests the suite already holds).
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook["entry"] for repo in config["repos"] for hook in repo["hooks"]}
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert hooks["ruff"] in ci and hooks["ruff-format"] in ci and hooks["mypy"] in ci
    for test in hooks["rules-table"].split()[4:]:
        path, _, name = test.partition("::")
        assert (ROOT / path).is_file() and (not name or f"def {name}(" in (ROOT / path).read_text(encoding="utf-8"))
