"""Fuzzing: ``relance validate`` and ``relance statement`` on thousands of mutated case files.

Each file is one of the example cases with one to three changes (keys deleted, renamed or
duplicated, wrong types, huge and negative numbers, impossible dates, control characters, BOM,
CRLF, tabs, aliases, deep nesting…; see tests/fuzzing.py). Both commands run in this process on
every file, each under a watchdog. Prints the counts the contract is about — tracebacks, hangs
(over 5 s, or stopped by the watchdog), messages not starting with ``file:line:``, exit codes
outside 0/1/2 — and the first examples of each, with the seed that makes the file again::

    python benchmarks/fuzz_bench.py --files 10000 --seed 1
    python benchmarks/fuzz_bench.py --show 1:4711        # print file 4711 of seed 1
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import fuzzing  # (shared with the property test, found through the path above)

WATCHDOG = 30  # seconds: a file still running then counts as a hang and is stopped


class _Stopped(BaseException):
    """Raised by the watchdog; a BaseException, so relance's own handlers cannot swallow it."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Stopped()


def _file(seed: int, number: int) -> tuple[str, str]:
    return fuzzing.mutate(random.Random(f"{seed}:{number}"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", help="SEED:NUMBER: print that mutated file and stop")
    args = parser.parse_args()
    if args.show:
        seed, number = map(int, args.show.split(":"))
        sys.stdout.write(_file(seed, number)[1])
        return 0
    work = Path(tempfile.mkdtemp(prefix="relance-fuzz-"))
    shutil.copy(fuzzing.ROOT / "relance.yaml", work / "relance.yaml")
    (work / "cases").mkdir()
    os.chdir(work)
    signal.signal(signal.SIGALRM, _alarm)
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    started = time.monotonic()
    try:
        for number in range(args.files):
            name, text = _file(args.seed, number)
            path = work / "cases" / f"f{number}-{name}"
            fuzzing.write(path, text)
            signal.alarm(WATCHDOG)
            try:
                verdict = fuzzing.judge(work, path.name)
            except _Stopped:
                verdict = fuzzing.Verdict(hangs=[f"stopped after {WATCHDOG} s"])
            finally:
                signal.alarm(0)
            path.unlink()
            for kind, found in (
                ("tracebacks", verdict.tracebacks),
                ("hangs", verdict.hangs),
                ("unlocated messages", verdict.unlocated),
                ("bad exit codes", [str(c) for c in verdict.exit_codes if c not in (0, 1, 2)]),
            ):
                counts[kind] += len(found)
                for item in found[:1]:
                    examples.setdefault(kind, [])
                    if len(examples[kind]) < 5:
                        examples[kind].append(f"{args.seed}:{number} {item}")
            for code in verdict.exit_codes:
                counts[f"exit {code}"] += 1
            if (number + 1) % 1000 == 0:
                print(f"{number + 1} files, {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"{args.files} mutated files (seed {args.seed}), validate and statement on each, "
        f"{time.monotonic() - started:.0f} s"
    )
    for kind in ("tracebacks", "hangs", "unlocated messages", "bad exit codes"):
        print(f"{kind}: {counts[kind]}")
        for example in examples.get(kind, []):
            print(f"    {example}")
    print(
        "exit codes: "
        + ", ".join(f"{key[5:]}: {value}" for key, value in sorted(counts.items()) if key.startswith("exit "))
    )
    failed = any(counts[kind] for kind in ("tracebacks", "hangs", "unlocated messages", "bad exit codes"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
