"""Kill test: ``relance build`` of 200 letters killed at 10 random moments, SIGKILL and SIGINT.

Each trial (tests/killing.py) starts from the complete output of an older build in which every
letter differs, kills ``relance build`` (every other one ``build --clean``) at a random moment
of its run, checks that every PDF opens with pypdf and the index is whole (and, after SIGINT,
exit code 130, one line on stderr, no temporary file), then runs ``relance build`` again and
checks that it writes only the PDFs that were missing and ends byte-identical to an
uninterrupted build. Prints one line per trial and the count of trials passed::

    python benchmarks/kill_bench.py [--letters 200] [--trials 10] [--seed 1] [--jobs 2]
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import killing  # (shared with tests/test_interrupted_build.py, found through the path above)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=200, help="letters in the build (default 200)")
    parser.add_argument("--trials", type=int, default=10, help="kills (default 10)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the moments and signals (default 1)")
    parser.add_argument("--jobs", type=int, default=2, help="PDF workers (default 2)")
    args = parser.parse_args()
    chance = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="relance-kill-") as tmp:
        setup = killing.prepare(Path(tmp) / "repo", args.letters, workers=args.jobs)
        print(
            f"{len(killing.letter_pdfs(setup.reference))} letter PDFs; an uninterrupted build takes "
            f"{setup.seconds:.1f} s",
            flush=True,
        )
        passed = 0
        for number in range(args.trials):
            sig = (signal.SIGKILL, signal.SIGINT)[number % 2]
            clean = number % 4 >= 2
            delay = chance.uniform(0.02, 0.8) * setup.seconds
            result = killing.trial(setup, f"out-{number}", sig, delay, clean=clean, workers=args.jobs)
            passed += not result.problems
            verdict = "ok" if not result.problems else "FAILED: " + "; ".join(result.problems)
            print(
                f"trial {number + 1:2d}: {sig.name:7s} {'build --clean' if clean else 'build':13s} at "
                f"{delay:6.1f} s: {result.missing:3d}/{result.letters} PDFs missing, then written: {verdict}",
                flush=True,
            )
        print(f"{passed}/{args.trials} trials passed")
        raise SystemExit(0 if passed == args.trials else 1)


if __name__ == "__main__":
    main()
