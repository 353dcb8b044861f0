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


@pytest.mark.parametrize(("sig", "moment", "clean"), [(signal.SIGKILL, 0.5, False), (signal.SIGINT, 0.6, True)])
def test_a_killed_build_leaves_a_site_the_next_build_finishes(setup: killing.Setup, sig: signal.Signals,
                                                                moment: float, clean: bool) -> None:
    assert killing.trial(setup, f"out-{sig.name}", sig, moment * setup.seconds, clean=clean).problems == []


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
