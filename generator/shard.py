"""Which cases a ``relance build --shard K/N`` builds: a slice stable by each case file's path.

A case's shard is a hash of its path relative to the repository root, so adding, removing or
renaming other cases never moves it: a CI matrix of N jobs splits the same cases the same way on
every run, and each job's incremental output stays valid. The shard's output folder holds
``.relance-shard.json``, which ``relance merge`` reads to join the N outputs into one site.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import RelanceError, UsageProblem
from generator.manifest import write_atomic

SHARD_NAME = ".relance-shard.json"
_SPEC = re.compile(r"\s*([0-9]{1,6})\s*/\s*([0-9]{1,6})\s*")


@dataclass(frozen=True)
class Shard:
    """The ``index``-th (1-based) of ``count`` slices."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``"2/4"`` → ``Shard(2, 4)``; anything else is a usage problem with its fix."""
        match = _SPEC.fullmatch(text)
        if match is None:
            raise UsageProblem(f"--shard {text}: write it K/N, e.g. --shard 2/4 (the 2nd of 4 slices)")
        index, count = int(match.group(1)), int(match.group(2))
        if count < 1 or not 1 <= index <= count:
            raise UsageProblem(
                f"--shard {text}: K must be between 1 and N (here N is {count}), e.g. --shard 1/4 … --shard 4/4"
            )
        return cls(index, count)

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, case: Path, root: Path) -> bool:
        """Is ``case`` in this slice?"""
        return slice_of(case, root, self.count) == self.index


def case_key(case: Path, root: Path) -> str:
    """The path a case is sliced by: relative to the repository, with ``/``, whatever the checkout."""
    absolute = Path(os.path.abspath(case))
    base = Path(os.path.abspath(root))
    return (absolute.relative_to(base) if absolute.is_relative_to(base) else absolute).as_posix()


def slice_of(case: Path, root: Path, count: int) -> int:
    """The 1-based slice of ``count`` that ``case`` falls in."""
    # surrogateescape: a name that is not UTF-8 still has its one, stable slice.
    digest = hashlib.sha256(case_key(case, root).encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def default_out(root: Path, shard: Shard) -> Path:
    """A shard's own output folder when ``--out`` is not given: ``output-shard-2-of-4``."""
    return root / f"output-shard-{shard.index}-of-{shard.count}"


def write_record(
    out: Path, shard: Shard, *, root: Path, paths: list[Path], as_of: str, html_only: bool, cases: int
) -> None:
    """Note in ``out`` what ``relance merge`` checks before joining shard outputs."""
    data = {
        "shard": shard.index,
        "of": shard.count,
        "as_of": as_of,
        "html_only": html_only,
        "paths": [case_key(path, root) for path in paths],
        "cases": cases,
    }
    write_atomic(out / SHARD_NAME, (json.dumps(data, sort_keys=True, indent=1) + "\n").encode("utf-8"))


def read(out: Path) -> dict[str, Any]:
    """The shard record of an output folder; a folder that holds none is refused, saying why."""
    try:
        data = json.loads((out / SHARD_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RelanceError(
            f"{out}: not the output of a sharded build (no {SHARD_NAME}); build it with "
            "relance build --shard K/N --out DIR"
        ) from None
    except (OSError, ValueError) as exc:
        raise RelanceError(f"{out / SHARD_NAME}: unreadable ({exc}); build the shard again") from None
    if not isinstance(data, dict) or not {"shard", "of", "as_of", "html_only", "paths"} <= data.keys():
        raise RelanceError(f"{out / SHARD_NAME}: not written by this version of relance; build the shard again")
    return data
