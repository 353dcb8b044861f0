"""The output folder: one build at a time, leftovers of a killed build, what --clean removes and reports."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_serve import serve_repo

from generator import outfolder
from generator.errors import RelanceError
from generator.manifest import JOURNAL_NAME, MANIFEST_NAME, TMP_PREFIX, Manifest

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "repo"
HOLD = """\
import sys, time
from pathlib import Path
from generator import outfolder
with outfolder.locked(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(60)
"""


def written(out: Path, name: str, data: bytes) -> Manifest:
    record = Manifest(out)
    (out / name).parent.mkdir(parents=True, exist_ok=True)
    (out / name).write_bytes(data)
    record.record(name, data)
    return record


def test_start_drops_leftovers_of_an_interrupted_build(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / f"{TMP_PREFIX}abc").write_bytes(b"half")
    (tmp_path / "cases" / "letter.pdf").write_bytes(b"%PDF")
    outfolder.start(tmp_path, clean=False)
    assert os.listdir(tmp_path / "cases") == ["letter.pdf"]


def test_start_writes_the_record_before_anything_else(tmp_path: Path) -> None:
    outfolder.start(tmp_path, clean=False)
    assert sorted(os.listdir(tmp_path)) == [MANIFEST_NAME]


def test_clean_refuses_a_folder_relance_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("years of work", encoding="utf-8")
    with pytest.raises(RelanceError) as info:
        outfolder.start(tmp_path, clean=True)
    assert info.value.message == (
        f"{tmp_path}: refusing to clean a folder relance did not write (no {MANIFEST_NAME} in it); "
        "empty it yourself or choose another --out"
    )
    assert (tmp_path / "thesis.tex").is_file()


def test_clean_runs_on_a_folder_a_killed_build_left(tmp_path: Path) -> None:
    """Killed before its first record: only the lock, a temporary file and a journal are there."""
    for name in (outfolder.LOCK_NAME, f"{TMP_PREFIX}x", JOURNAL_NAME):
        (tmp_path / name).write_bytes(b"")
    assert outfolder.start(tmp_path, clean=True).outputs == {}


def test_clean_removes_what_earlier_builds_wrote_and_reports_the_rest(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    previous = written(tmp_path, "cases/gone/letter.pdf", b"%PDF-1")
    previous.stale = {"cases/older/letter.pdf": {"size": 1}}
    (tmp_path / "cases" / "older").mkdir()
    (tmp_path / "cases" / "older" / "letter.pdf").write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    this = written(tmp_path, "index.html", b"<p>")
    caplog.set_level(logging.INFO, logger="generator")
    outfolder.finish(this, previous, clean=True)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        MANIFEST_NAME,
        "index.html",
        "notes.txt",
    ]  # the emptied folders too
    assert [r.getMessage() for r in caplog.records] == [
        f"{tmp_path}: left as they are, relance did not write them: notes.txt"
    ]
    assert Manifest.load(tmp_path).stale == {}


def test_a_plain_build_keeps_what_it_no_longer_produces_as_stale(tmp_path: Path) -> None:
    previous = written(tmp_path, "cases/gone/letter.pdf", b"%PDF-1")
    previous.stale = {"cases/vanished.pdf": {"size": 1}}  # removed by hand since: forgotten
    this = written(tmp_path, "index.html", b"<p>")
    outfolder.finish(this, previous, clean=False)
    assert (tmp_path / "cases" / "gone" / "letter.pdf").is_file()
    assert Manifest.load(tmp_path).stale == {"cases/gone/letter.pdf": previous.outputs["cases/gone/letter.pdf"]}


def test_many_strangers_are_counted_not_listed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    for index in range(7):
        (tmp_path / f"n{index}.txt").write_text("mine", encoding="utf-8")
    outfolder.finish(Manifest(tmp_path), Manifest(tmp_path), clean=True)
    assert [r.getMessage() for r in caplog.records] == [
        f"{tmp_path}: left as they are, relance did not write them: n0.txt, n1.txt, n2.txt, n3.txt, n4.txt and 2 more"
    ]


@contextlib.contextmanager
def holding_lock(out: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the lock of ``out``, as a build in progress would; killed at the end."""
    with subprocess.Popen([sys.executable, "-c", HOLD, str(out)], stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
            yield holder
        finally:
            holder.kill()


def test_a_second_build_into_the_same_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "output"
    with holding_lock(out) as holder, pytest.raises(RelanceError) as info, outfolder.locked(out):
        pass
    assert info.value.message == (
        f"another relance build is writing {out} (pid {holder.pid}); wait for it or choose another --out"
    )
    with outfolder.locked(out):  # the kernel released the killed holder's lock
        assert (out / outfolder.LOCK_NAME).read_text() == f"{os.getpid()}\n"
    assert (out / outfolder.LOCK_NAME).read_bytes() == b""  # no pid left once released


def build_command(root: Path, out: Path) -> list[str]:
    """``relance build`` of the repository at ``root`` into ``out``, as another process runs it."""
    return [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--html-only",
        "--as-of",
        "2026-11-23",
        "--out",
        str(out),
        str(root / "cases"),
    ]


def test_two_relance_builds_at_once(tmp_path: Path) -> None:
    """The second build says why it did not run and touches nothing; the first one is intact."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    out = root / "output"
    command = build_command(root, out)
    first = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    assert first.returncode in (0, 1), first.stderr
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != outfolder.LOCK_NAME}
    with holding_lock(out) as holder:
        second = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    assert (second.returncode, second.stderr) == (
        1,
        f"Error: another relance build is writing {out} (pid {holder.pid}); wait for it or choose another --out\n",
    )
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != outfolder.LOCK_NAME} == before
    again = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    assert again.returncode == first.returncode and "0 built" in again.stderr


def test_two_builds_started_together_never_corrupt_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    out = root / "output"
    command = build_command(root, out)
    racers = [subprocess.Popen(command, cwd=root, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [racer.communicate()[1] for racer in racers]
    refused = [stderr for stderr in results if "another relance build is writing" in stderr]
    assert len(refused) <= 1  # both may run, one after the other, if the first is quick
    assert not list(out.rglob(f"{TMP_PREFIX}*"))
    check = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    assert "0 built" in check.stderr, check.stderr


def test_serve_rebuilds_take_the_lock(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    with holding_lock(root / "output") as holder:
        serve_repo(
            root,
            watch=lambda *paths: iter([{("modified", "x")}]),
            on_ready=lambda url: None,
        )
    failed = (
        f"relance serve: build failed: another relance build is writing {root / 'output'} "
        f"(pid {holder.pid}); wait for it or choose another --out"
    )
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [failed, failed]
