"""Fuzzing as a habit: mutated example cases never crash relance nor give an unlocated message.

The mutations and the judge are in tests/fuzzing.py; benchmarks/fuzz_bench.py runs the same on
ten thousand files. Here hypothesis draws a few dozen per run (a few seconds), and a failure
shrinks to the smallest list of changes that still breaks the contract.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import fuzzing
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import RelanceError


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copy(fuzzing.ROOT / "relance.yaml", root / "relance.yaml")
    (root / "cases").mkdir()
    return root


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rnd=st.randoms(use_true_random=False))
def test_mutated_cases_get_located_answers(repo: Path, rnd: random.Random, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    name, text = fuzzing.mutate(rnd)
    path = repo / "cases" / name
    fuzzing.write(path, text)
    try:
        verdict = fuzzing.judge(repo, name, limit=5.0, runner=CliRunner())
    finally:
        path.unlink()
    assert verdict.ok, (verdict, text[:2000])


def _crash(*args: object, **kwargs: object) -> None:
    raise KeyError("boom")


def _unlocated(*args: object, **kwargs: object) -> None:
    raise RelanceError("something went wrong")


def test_the_judge_catches_what_it_should(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The judge itself must be able to fail: a traceback and an unlocated message are both seen.
    monkeypatch.chdir(repo)
    shutil.copy(fuzzing.EXAMPLES[0], repo / "cases" / "x.yaml")
    monkeypatch.setattr("generator.validate.validate", _crash)
    monkeypatch.setattr("generator.statementreport.statement_command", _unlocated)
    verdict = fuzzing.judge(repo, "x.yaml")
    assert verdict.tracebacks == ["validate: KeyError: 'boom'"]
    assert verdict.unlocated == ["statement: Error: something went wrong"]
    assert not verdict.ok
    (repo / "cases" / "x.yaml").unlink()


def test_every_mutation_changes_some_example() -> None:
    for mutation in fuzzing.MUTATIONS:
        rnd = random.Random(mutation.__name__)
        texts = [path.read_text(encoding="utf-8") for path in fuzzing.EXAMPLES]
        assert any(mutation(text, rnd) != text for text in texts), mutation.__name__
