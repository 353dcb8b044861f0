"""The build record: which inputs made each output, intact outputs, atomic writes, --clean."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import manifest
from generator.errors import RelanceError
from generator.manifest import MANIFEST_NAME, TMP_PREFIX, Manifest, prepare_output, write_if_changed

INPUTS = {"file:cases/a.yaml": "1f2e", "option:as_of": "2026-11-23"}


def written(out: Path, name: str, data: bytes, inputs: dict[str, str] | None = INPUTS) -> Manifest:
    record = Manifest(out)
    (out / name).parent.mkdir(parents=True, exist_ok=True)
    (out / name).write_bytes(data)
    record.record(name, data, inputs)
    return record


def test_an_absent_unreadable_or_foreign_manifest_knows_nothing(tmp_path: Path) -> None:
    assert Manifest.load(tmp_path).outputs == {}
    for text in ("{not json", "[1, 2]", '{"format": 99, "outputs": {"a.pdf": {}}}'):
        (tmp_path / MANIFEST_NAME).write_text(text, encoding="utf-8")
        assert Manifest.load(tmp_path).outputs == {}, text


def test_a_saved_manifest_loads_as_it_was(tmp_path: Path) -> None:
    record = written(tmp_path, "cases/a/letter.pdf", b"%PDF-1")
    (tmp_path / MANIFEST_NAME).write_text(record.to_json(), encoding="utf-8")
    again = Manifest.load(tmp_path)
    assert again.outputs == record.outputs
    assert again.is_current("cases/a/letter.pdf", INPUTS)


def test_an_output_is_current_only_for_the_same_inputs_and_the_same_bytes(tmp_path: Path) -> None:
    record = written(tmp_path, "letter.pdf", b"%PDF-1")
    assert record.is_current("letter.pdf", INPUTS)
    assert not record.is_current("letter.pdf", {**INPUTS, "option:as_of": "2026-11-24"})
    assert not record.is_current("other.pdf", INPUTS)
    later = record.outputs["letter.pdf"]["mtime_ns"] + 10**9
    (tmp_path / "letter.pdf").write_bytes(b"%PDF-2")  # same size, other bytes, a new mtime: the hash decides
    os.utime(tmp_path / "letter.pdf", ns=(later, later))
    assert not record.intact("letter.pdf")
    (tmp_path / "letter.pdf").write_bytes(b"%PDF-1")  # the same bytes again, a new mtime
    os.utime(tmp_path / "letter.pdf", ns=(later, later))
    assert record.intact("letter.pdf")
    (tmp_path / "letter.pdf").unlink()
    assert not record.intact("letter.pdf")


def test_write_if_changed_leaves_identical_bytes_alone(tmp_path: Path) -> None:
    record = Manifest(tmp_path)
    assert write_if_changed(tmp_path, "index.html", b"<p>a</p>", record) is True
    assert write_if_changed(tmp_path, "index.html", b"<p>a</p>", record) is False
    assert write_if_changed(tmp_path, "index.html", b"<p>b</p>", record) is True
    assert (tmp_path / "index.html").read_bytes() == b"<p>b</p>"
    assert record.intact("index.html")


def test_an_interrupted_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "letter.pdf"
    target.write_bytes(b"old")

    def crash(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(manifest.os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        manifest.write_atomic(target, b"new and longer")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["letter.pdf"]


def test_prepare_drops_leftovers_of_an_interrupted_build(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / f"{TMP_PREFIX}abc").write_bytes(b"half")
    (tmp_path / "cases" / "letter.pdf").write_bytes(b"%PDF")
    prepare_output(tmp_path, clean=False)
    assert os.listdir(tmp_path / "cases") == ["letter.pdf"]


def test_clean_removes_what_relance_wrote_and_nothing_else(tmp_path: Path) -> None:
    record = written(tmp_path, "cases/a/letter.pdf", b"%PDF-1")
    (tmp_path / MANIFEST_NAME).write_text(record.to_json(), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    fresh = prepare_output(tmp_path, clean=True)
    assert fresh.outputs == {}
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["notes.txt"]


def test_clean_refuses_a_folder_relance_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("years of work", encoding="utf-8")
    with pytest.raises(RelanceError) as info:
        prepare_output(tmp_path, clean=True)
    assert info.value.message == (
        f"{tmp_path}: refusing to clean a folder relance did not write (no {MANIFEST_NAME} in it); "
        "empty it yourself or choose another --out")
    assert (tmp_path / "thesis.tex").is_file()
