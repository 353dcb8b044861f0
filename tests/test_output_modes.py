"""Output files get the mode the umask gives, like any other tool's, not the 0600 of a temporary file."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import manifest
from generator.cli import cli

REPO = Path(__file__).parent / "fixtures" / "repo"


@pytest.fixture
def umask_027() -> Iterator[None]:
    old = os.umask(0o027)
    manifest._umask.cache_clear()
    try:
        yield
    finally:
        os.umask(old)
        manifest._umask.cache_clear()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_umask_mode_and_a_replaced_one_keeps_its_own(tmp_path: Path, umask_027: None) -> None:
    path = tmp_path / "a.html"
    manifest.write_atomic(path, b"one")
    assert _mode(path) == 0o640
    path.chmod(0o604)
    manifest.write_atomic(path, b"two")
    assert (_mode(path), path.read_bytes()) == (0o604, b"two")


def test_every_file_of_a_build_gets_the_umask_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask_027: None
) -> None:
    shutil.copytree(REPO, tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    CliRunner().invoke(cli, ["build", "--html-only", "--as-of", "2026-11-23"])
    files = [p for p in (tmp_path / "repo" / "output").rglob("*") if p.is_file()]
    assert len(files) > 5
    assert {p.relative_to(tmp_path): oct(_mode(p)) for p in files if _mode(p) != 0o640} == {}
