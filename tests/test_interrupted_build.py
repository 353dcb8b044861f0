"""An interrupted build leaves a usable site, and the next build finishes it: SIGKILL and Ctrl-C.

The suite kills a small build twice; ``benchmarks/kill_bench.py`` kills a 200-letter build at
ten random moments (the same trial, tests/killing.py).
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import killing
import pytest

from generator.manifest import MANIFEST_NAME

pytestmark = pytest.mark.kill


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> killing.Setup:
    return killing.prepare(tmp_path_factory.mktemp("kill") / "repo", letters=12)


# Moments counted in PDFs written, not in seconds: a loaded machine must not move them past the end.
@pytest.mark.parametrize(("sig", "pdfs", "clean"), [(signal.SIGKILL, 3, False), (signal.SIGINT, 2, True)])
def test_a_killed_build_leaves_a_site_the_next_build_finishes(
    setup: killing.Setup, sig: signal.Signals, pdfs: int, clean: bool
) -> None:
    result = killing.trial(setup, f"out-{sig.name}", sig, 0, clean=clean, after_pdfs=pdfs)
    assert result.problems == []
    assert 0 < result.missing < result.letters - pdfs + 1  # killed in the middle, its PDFs kept


def test_clean_runs_after_a_build_killed_at_its_start(setup: killing.Setup) -> None:
    out = setup.root / "killed-early"
    process = killing.build(setup.root, out)
    deadline = time.monotonic() + 30
    while not (out / MANIFEST_NAME).is_file() and time.monotonic() < deadline:
        time.sleep(0.01)
    process.kill()  # before any letter: only the lock and the record are there
    killing.finished(process)
    code, stderr = killing.finished(killing.build(setup.root, out, "--clean"))
    assert code in (0, 1), stderr
    letters = killing.letter_pdfs(setup.reference)
    assert killing.summary_line(stderr).startswith(f"{len(letters)} built, 0 unchanged")
    assert killing.letter_pdfs(killing.files(out)) == letters
    assert killing.usable(out) == []
    assert not list(Path(out).rglob(".relance-tmp-*"))
