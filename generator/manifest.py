"""Build records in ``output/.relance-manifest.json``: which inputs made each output, by content hash.

The format is described in docs/output.md. While a build runs, what it finishes is appended to
``.relance-journal`` (one JSON object a line, flushed at once), so that a killed build's work is
known to the next one; the manifest written at the end takes the journal's place.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, Any

MANIFEST_NAME = ".relance-manifest.json"
JOURNAL_NAME = ".relance-journal"
TMP_PREFIX = ".relance-tmp-"
# 2: an output's inputs are one hash over its files. ("stale" was added to format 1: a reader
# that does not know it loses nothing it needs.)
FORMAT = 2


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Manifest:
    """What the last build wrote, and from which inputs.

    ``outputs`` maps each written file (relative to the output folder, with ``/``) to its
    size, modification time and hash, plus the hashes of the inputs it was made from.
    ``files`` caches input hashes by size and modification time: the fast path, the
    content hash staying the truth whenever either differs. ``stale`` keeps the records of
    files an earlier build wrote that the last one did not produce (the letters of a deleted
    case): still relance's, for ``--clean`` to remove.
    """

    def __init__(self, out: Path, data: Mapping[str, Any] | None = None, *, root: Path | None = None) -> None:
        self.out = out
        # Inputs inside the repository are named relative to it, so that the records hold in
        # another checkout of it: a CI job restoring output/ from a cache, the shards of a matrix.
        self.root = root
        data = data or {}
        self.outputs: dict[str, dict[str, Any]] = dict(data.get("outputs", {}))
        self.files: dict[str, list[Any]] = dict(data.get("files", {}))
        self.cases: dict[str, dict[str, Any]] = dict(data.get("cases", {}))
        self.stale: dict[str, dict[str, Any]] = dict(data.get("stale", {}))
        self.read = False  # read from a manifest on disk, which holds it as it is
        # The journal of an interrupted --clean: what it wrote again, for the next build to go on.
        self.unfinished_clean: Manifest | None = None
        self._journal: IO[str] | None = None
        self._seen: dict[str, str] = {}  # name -> hash, for this build
        self._names: dict[str, str] = {}  # path as given -> name

    @property
    def path(self) -> Path:
        return self.out / MANIFEST_NAME

    @classmethod
    def load(cls, out: Path) -> Manifest:
        """The manifest of ``out`` with the journal of a build that did not finish replayed on it.

        An absent or unreadable manifest means "nothing is known" (a journal alone is not trusted).
        """
        try:
            data = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(out)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return cls(out)
        manifest = cls(out, data)
        manifest.read = not manifest._replay()
        return manifest

    def _replay(self) -> bool:
        """Apply the journal of an unfinished build, if there is one."""
        try:
            lines = (self.out / JOURNAL_NAME).read_text(encoding="utf-8").splitlines()
        except (OSError, ValueError):
            return False
        written = Manifest(self.out)
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:  # the last line of a killed build may be cut short
                continue
            if not isinstance(entry, dict):
                continue
            if entry == {"clean": True}:
                self.unfinished_clean = written
            elif isinstance(entry.get("output"), str) and isinstance(entry.get("record"), dict):
                self.outputs[entry["output"]] = written.outputs[entry["output"]] = entry["record"]
                self.stale.pop(entry["output"], None)
            elif isinstance(entry.get("case"), str) and isinstance(entry.get("record"), dict):
                self.cases[entry["case"]] = written.cases[entry["case"]] = entry["record"]
        return True

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "outputs": dict(sorted(self.outputs.items())),
            "files": dict(sorted(self.files.items())),
            "cases": dict(sorted(self.cases.items())),
            "stale": dict(sorted(self.stale.items())),
        }
        # ASCII escapes: a case file name that is not UTF-8 still round-trips (as \udcXX escapes).
        # One line: without indent the encoder is the C one, five times faster on 10 000 cases.
        return json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"

    # --- the journal of a build in progress -----------------------------------------------

    def save(self) -> None:
        """Write the manifest, then drop the journal it now holds."""
        write_atomic(self.path, self.to_json().encode("utf-8"))
        self.close()
        safe_remove(self.out / JOURNAL_NAME)

    def open_journal(self, clean: bool = False, go_on: bool = False) -> None:
        """From now on, note each output and case recorded in the journal as it is recorded.

        ``clean``: the journal says so first, for a build that goes on after an interruption;
        ``go_on``: that build appends to the interrupted one's journal, which stays its record.
        """
        self.close()
        self._journal = (self.out / JOURNAL_NAME).open("a" if go_on else "w", encoding="utf-8")
        if clean and not go_on:
            self._note({"clean": True})

    def close(self) -> None:
        """Stop journaling (what was noted stays in the journal, for the next build)."""
        if self._journal is not None:
            self._journal.close()
            self._journal = None

    def _note(self, entry: dict[str, Any]) -> None:
        if self._journal is not None:
            # Flushed, not synced: a killed process loses nothing the kernel has; a power cut
            # loses at most the letters of the last seconds, rendered again by the next build.
            self._journal.write(json.dumps(entry, sort_keys=True) + "\n")
            self._journal.flush()

    def set_case(self, key: str, record: dict[str, Any]) -> None:
        """The record of a case just built (``outcomes.CaseRecord`` as JSON)."""
        self.cases[key] = record
        self._note({"case": key, "record": record})

    # --- inputs ---------------------------------------------------------------------------

    def name(self, path: Path | str) -> str:
        """How the records name an input file: relative to ``root`` (with ``/``) when inside it.

        A file outside the repository (an installed relance's templates) keeps its absolute
        path; a name given back (a case record's ``files``) is returned as it is.
        """
        given = str(path)
        named = self._names.get(given)
        if named is None:
            named = given
            if self.root is not None and os.path.isabs(given):
                relative = os.path.relpath(given, self.root)
                if relative != os.pardir and not relative.startswith(os.pardir + os.sep):
                    named = Path(relative).as_posix()
            self._names[given] = named
        return named

    def file_hash(self, path: Path | str) -> str:
        """The content hash of ``path`` (reused while its size and mtime are unchanged).

        Each file is looked at once per build: the stylesheet, fonts and rate tables are inputs
        of every case, and a rebuild with nothing changed is mostly these lookups.
        """
        key = self.name(path)
        seen = self._seen.get(key)
        if seen is not None:
            return seen
        real = key if os.path.isabs(key) or self.root is None else os.path.join(self.root, key)
        try:
            stat = os.stat(real)
        except OSError:
            return "missing"
        cached = self.files.get(key)
        if cached and cached[0] == stat.st_size and cached[1] == stat.st_mtime_ns:
            digest = str(cached[2])
        else:
            digest = sha256(Path(real).read_bytes())
            self.files[key] = [stat.st_size, stat.st_mtime_ns, digest]
        self._seen[key] = digest
        return digest

    def fingerprint(self, files: Iterable[Path | str], values: Mapping[str, str]) -> dict[str, str]:
        """The inputs of one output: one hash over the files used (names and contents), and the
        option values as they are.

        One hash, not one a file: a case's pages and letters are made from some thirty files
        (templates, fonts, rate tables), the same for most cases, and listing each in every
        record made two thirds of the manifest. Each file's own hash stays in ``files``.
        """
        listing = sorted({f"{self.name(path)}\t{self.file_hash(path)}" for path in files})
        # surrogateescape: a case file name that is not UTF-8 is hashed as its bytes on disk
        inputs = {"files": sha256("\n".join(listing).encode("utf-8", "surrogateescape"))}
        inputs.update({f"option:{key}": str(value) for key, value in values.items()})
        return dict(sorted(inputs.items()))

    # --- outputs --------------------------------------------------------------------------

    def is_current(self, output: str, inputs: Mapping[str, str]) -> bool:
        """Was ``output`` made from exactly ``inputs``, and is it still on disk as written?"""
        record = self.outputs.get(output)
        if not record:
            return False
        return record.get("inputs") == dict(inputs) and self.intact(output)

    def intact(self, output: str) -> bool:
        """Is the recorded output on disk with the bytes relance wrote?"""
        record = self.outputs.get(output)
        if not record:
            return False
        path = self.out / output
        try:
            stat = path.stat()
        except OSError:
            return False
        if stat.st_size != record.get("size"):
            return False
        if stat.st_mtime_ns == record.get("mtime_ns"):
            return True
        return sha256(path.read_bytes()) == record.get("sha256")

    def record(
        self, output: str, data: bytes, inputs: Mapping[str, str] | None = None, written: os.stat_result | None = None
    ) -> None:
        """Note that ``output`` was just written with ``data`` (from ``inputs``, when tracked).

        ``written``: the file's status, when known before it is in place (``write_atomic``).
        """
        stat = written or (self.out / output).stat()
        entry: dict[str, Any] = {"size": len(data), "mtime_ns": stat.st_mtime_ns, "sha256": sha256(data)}
        if inputs is not None:
            entry["inputs"] = dict(inputs)
        self.outputs[output] = entry
        self._note({"output": output, "record": entry})

    def keep(self, output: str, previous: Manifest) -> None:
        """Carry an unchanged output's record over from the previous build."""
        if output in previous.outputs:
            self.outputs[output] = previous.outputs[output]

    def current_case(self, key: str, inputs: Mapping[str, str]) -> dict[str, Any] | None:
        """The record of a case made from exactly ``inputs`` whose outputs are all intact, if any."""
        record = self.cases.get(key)
        if not record or record.get("inputs") != dict(inputs):
            return None
        return record if all(self.intact(name) for name in record.get("outputs", ())) else None

    def owned(self) -> set[str]:
        """Every file relance recorded writing and has not removed: this build's and stale ones."""
        return set(self.outputs) | set(self.stale)


# --- atomic files -----------------------------------------------------------------------------


def write_atomic(
    path: Path,
    data: bytes,
    *,
    before_replace: Callable[[os.stat_result], None] | None = None,
) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    ``before_replace`` is given the new file's status once its bytes are on disk, before it takes
    ``path``'s place: recording it there, a kill leaves no file written and not recorded.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # Not a with-block on creation: the name must outlive the handle for os.replace.
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=TMP_PREFIX, delete=False)  # noqa: SIM115
    try:
        with handle:
            # The temporary file is created 0600; the file it becomes gets the mode any tool would
            # give it: the mode of the file it replaces, else what the umask leaves of 0666.
            os.fchmod(handle.fileno(), _mode_for(path))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            if before_replace is not None:
                before_replace(os.fstat(handle.fileno()))  # os.replace keeps the inode and its mtime
        os.replace(handle.name, path)
    except BaseException:
        safe_remove(Path(handle.name))
        raise


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


@functools.cache
def _umask() -> int:
    # Reading the umask means setting it: done once, before any worker or server thread writes.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_if_changed(out: Path, name: str, data: bytes, manifest: Manifest) -> bool:
    """Write ``out/name`` unless it already holds ``data``; record it either way."""
    path = out / name
    try:
        same = path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        same = False
    if not same:
        write_atomic(path, data)
    manifest.record(name, data)
    return not same


def safe_remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)
