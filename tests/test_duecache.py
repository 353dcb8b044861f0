"""The cache of ``relance due`` (generator/duecache.py): what it reads of each case file."""

from __future__ import annotations

import os
from pathlib import Path

from generator import duecache


def test_a_case_file_is_read_whole_and_hashed(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    data = b"creditor: atelier\n" * 5000  # larger than one read of its announced size would need
    path.write_bytes(data)
    name, read, digest, entry = duecache.lookup({}, path)
    assert (name, read, digest, entry) == (os.path.abspath(path), data, duecache.file_digest(data), None)
    assert duecache.lookup({name: {"sha256": digest, "items": []}}, path)[3] == {"sha256": digest, "items": []}
    assert duecache.lookup({name: {"sha256": "0" * 64, "items": []}}, path)[3] is None


def test_a_pipe_a_device_a_folder_and_a_missing_file_are_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")  # no writer: reading it would wait forever
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")  # reading it would never end
    (tmp_path / "folder.yaml").mkdir()
    for name in ("pipe.yaml", "zero.yaml", "folder.yaml", "missing.yaml"):
        assert duecache.lookup({}, tmp_path / name)[1:] == (None, "", None), name
