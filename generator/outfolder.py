"""The output folder of a build: its lock, the leftovers of an interrupted build, and ``--clean``.

A build takes the folder's lock first, so that two builds never write into one folder at
once; it writes the manifest before any other file, so that a folder relance has written in
always says so, even after a kill; and it leaves, when ``--clean`` is given, exactly the files
it produced: what earlier builds wrote and this one did not is removed, anything else is left
alone and reported.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import RelanceError
from generator.manifest import JOURNAL_NAME, MANIFEST_NAME, TMP_PREFIX, Manifest, safe_remove

LOCK_NAME = ".relance-lock"
OWN_FILES = (MANIFEST_NAME, JOURNAL_NAME, LOCK_NAME)
"""relance's own bookkeeping in the output folder, never an output nor a stranger's file."""
SHOWN = 5  # foreign files named in the report; the others are counted

log = logging.getLogger(__name__)


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the lock of ``out`` while the block runs; refuse at once if another build holds it.

    ``fcntl.flock`` on ``out/.relance-lock``: the kernel releases it when the holder exits, even
    when it is killed, so a lock is never left behind. The file keeps the holder's pid to name it.
    """
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
            raise RelanceError(
                f"another relance build is writing {out} (pid {holder}); wait for it or choose another --out"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield
        finally:
            # Emptied before it is released: a finished build leaves no pid behind, and two
            # builds of the same inputs leave the same bytes.
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the lock (forked PDF workers are gone by then)


def drop_leftovers(out: Path) -> None:
    """Remove the temporary files of an interrupted write: never a finished file."""
    for leftover in out.rglob(f"{TMP_PREFIX}*"):
        safe_remove(leftover)


@contextmanager
def leaves_no_temporary_files(out: Path) -> Iterator[None]:
    """On an interruption (Ctrl-C, an error), no half-written temporary file stays behind."""
    try:
        yield
    except BaseException:
        drop_leftovers(out)
        raise


def _strangers(out: Path) -> list[str]:
    """Files and links in ``out`` that are neither relance's bookkeeping nor a temporary file."""
    return sorted(
        path.relative_to(out).as_posix()
        for path in out.rglob("*")
        if not path.is_dir() and path.name not in OWN_FILES and not path.name.startswith(TMP_PREFIX)
    )


def start(out: Path, clean: bool) -> Manifest:
    """Prepare ``out`` for a build (under its lock): the previous build's record, written first.

    A build that did not finish left its journal: it is replayed into the record, so that its
    finished letters are not rendered again; the build after an interrupted ``--clean`` goes on
    with it (``Manifest.unfinished_clean``), with or without ``--clean``. The record is written
    before any output, so that ``--clean`` can always tell relance's folder from a stranger's.
    """
    drop_leftovers(out)
    if clean and not (out / MANIFEST_NAME).is_file() and _strangers(out):
        raise RelanceError(
            f"{out}: refusing to clean a folder relance did not write (no {MANIFEST_NAME} "
            "in it); empty it yourself or choose another --out"
        )
    previous = Manifest.load(out)
    # The journal replayed, or no manifest yet: written now, before any output. An interrupted
    # --clean keeps its journal: it tells what it wrote again from what was there before.
    if not previous.read and previous.unfinished_clean is None:
        previous.save()
    return previous


def finish(manifest: Manifest, previous: Manifest, clean: bool) -> None:
    """Write the build's record; with ``clean``, first remove what earlier builds wrote and this one
    did not produce, and report the files relance did not write (left as they are).

    Without ``clean``, those files stay and the record keeps them as ``stale``: still relance's.
    """
    out = manifest.out
    gone = sorted(previous.owned() - set(manifest.outputs))
    if clean:
        root = out.resolve()
        for name in gone:
            path = out / name
            if path.resolve().is_relative_to(root):
                safe_remove(path)
                _drop_empty_folders(path.parent, out)
        manifest.stale = {}
    else:
        records = {**previous.stale, **previous.outputs}
        manifest.stale = {name: records[name] for name in gone if (out / name).is_file()}
    manifest.save()
    if clean:
        strangers = [name for name in _strangers(out) if name not in manifest.outputs]
        if strangers:
            shown = ", ".join(strangers[:SHOWN]) + (
                f" and {len(strangers) - SHOWN} more" if len(strangers) > SHOWN else ""
            )
            log.warning("%s: left as they are, relance did not write them: %s", out, shown)


def _drop_empty_folders(folder: Path, out: Path) -> None:
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:  # not empty (or already gone): what is above is not empty either
            return
        folder = folder.parent
