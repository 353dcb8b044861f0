"""``relance merge``: join the outputs of ``relance build --shard K/N`` into one site and one manifest.

Each shard's files (what its manifest records, its index aside) are copied into the new folder
and the shards' manifests joined; then a build over all the cases runs there, which finds every
letter current, renders nothing and writes the index of all cases and the one manifest: the
site is the one a single build makes, byte for byte. The shards may come from checkouts at
different paths (inputs inside the repository are recorded relative to it), but must share the
date, the options, the inputs and relance itself; else the letters that do not match are
rendered again, and the summary says how many.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator import build, cases, shard
from generator.errors import RelanceError
from generator.manifest import MANIFEST_NAME, Manifest, sha256
from generator.outcomes import BuildSummary

log = logging.getLogger(__name__)


def _records(outs: Sequence[Path]) -> list[dict[str, Any]]:
    """Each folder's shard record, checked to make exactly shards 1…N of one build."""
    if not outs:
        raise RelanceError("relance merge: name the shard outputs to join, e.g. relance merge out-1 out-2 --out site")
    records = [shard.read(out) for out in outs]
    first = records[0]
    for out, record in zip(outs, records, strict=True):
        for key in ("of", "as_of", "html_only", "paths"):
            if record[key] != first[key]:
                raise RelanceError(
                    f"{out}: built with {key} {record[key]!r}, {outs[0]} with {first[key]!r}; "
                    "build every shard with the same command, only --shard changing"
                )
    numbers = sorted(int(record["shard"]) for record in records)
    if numbers != list(range(1, int(first["of"]) + 1)):
        missing = sorted(set(range(1, int(first["of"]) + 1)) - set(numbers))
        twice = sorted({n for n in numbers if numbers.count(n) > 1})
        said = ", ".join(
            filter(
                None,
                [
                    f"missing shard {', '.join(map(str, missing))}" if missing else "",
                    f"shard {', '.join(map(str, twice))} given twice" if twice else "",
                ],
            )
        )
        count = first["of"]
        raise RelanceError(
            f"relance merge: {said} ({count} shards in all); give each output of --shard 1/{count} "
            f"… {count}/{count} once"
        )
    return records


def _join(outs: Sequence[Path], target: Path) -> Manifest:
    """Copy every shard's recorded files into ``target``; the manifest of all of them."""
    joined = Manifest(target)
    origin: dict[str, Path] = {}
    for out in outs:
        part = Manifest.load(out)
        if not part.outputs:
            raise RelanceError(f"{out}: no {MANIFEST_NAME} (or an empty one); build the shard again")
        for name, record in sorted(part.outputs.items()):
            if name == "index.html":
                continue  # the index of all cases is written by the build below
            source = out / name
            if name in origin:  # the assets: every shard writes the same
                if sha256(source.read_bytes()) != joined.outputs[name].get("sha256"):
                    raise RelanceError(
                        f"{source}: differs from {origin[name] / name}; build every shard from the same templates"
                    )
                continue
            if not source.is_file() or not part.intact(name):
                raise RelanceError(f"{source}: missing or changed since its shard was built; build the shard again")
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            entry = dict(record)
            entry["mtime_ns"] = destination.stat().st_mtime_ns  # a copy's own time: intact() needs no hash
            joined.outputs[name] = entry
            origin[name] = out
        joined.files.update(part.files)
        joined.cases.update(part.cases)
    return joined


def merge(
    outs: Sequence[Path], target: Path, *, jobs: int | None = None, progress: build.Progress = build._no_progress
) -> BuildSummary:
    """Join shard outputs into ``target`` (absent or empty); a summary as ``build_all`` gives."""
    records = _records(outs)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise RelanceError(f"{target}: not empty; merge into a new folder (relance merge … --out NEW)")
    target.mkdir(parents=True, exist_ok=True)
    joined = _join(outs, target)
    (target / MANIFEST_NAME).write_text(joined.to_json(), encoding="utf-8")
    first = records[0]
    root = cases.find_root(Path.cwd())
    paths = [root / key for key in first["paths"]]
    summary = build.build_all(
        [Path(os.path.relpath(p)) if p.is_relative_to(Path.cwd()) else p for p in paths],
        out=target,
        jobs=jobs,
        html_only=bool(first["html_only"]),
        as_of=dt.date.fromisoformat(first["as_of"]),
        progress=progress,
    )
    if summary.built:
        log.warning(
            "merge: %d letter(s) rendered again: their shard was built from other inputs, "
            "another relance or relance installed elsewhere",
            summary.built,
        )
    return summary
