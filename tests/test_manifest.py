"""The build record: which inputs made each output, intact outputs, atomic writes, --clean."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator import manifest
from generator.manifest import JOURNAL_NAME, MANIFEST_NAME, Manifest, write_if_changed

INPUTS = {"files": "1f2e", "option:as_of": "2026-11-23"}


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


def test_a_fingerprint_is_one_hash_over_the_files_names_and_contents(tmp_path: Path) -> None:
    for name, text in (("a.yaml", "a: 1\n"), ("b.css", "p {}\n"), ("c.css", "p {}\n")):
        (tmp_path / name).write_text(text, encoding="utf-8")

    def inputs(*names: str) -> dict[str, str]:
        return Manifest(tmp_path / "out", root=tmp_path).fingerprint([tmp_path / n for n in names], {"as_of": "x"})

    first = inputs("a.yaml", "b.css")
    assert list(first) == ["files", "option:as_of"] and len(first["files"]) == 64
    assert inputs("b.css", "a.yaml", "b.css") == first  # the order and a file named twice change nothing
    assert inputs("a.yaml", "c.css") != first  # the same bytes under another name
    assert inputs("a.yaml", "b.css", "missing.html") != first  # an override looked up and absent counts
    (tmp_path / "b.css").write_text("p { }\n", encoding="utf-8")
    assert inputs("a.yaml", "b.css") != first


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


def test_the_journal_of_an_unfinished_build_is_replayed_on_the_manifest(tmp_path: Path) -> None:
    Manifest(tmp_path).save()
    build = Manifest(tmp_path)
    build.open_journal()
    (tmp_path / "a.pdf").write_bytes(b"%PDF-a")
    build.record("a.pdf", b"%PDF-a", INPUTS)
    build.set_case("/cases/a.yaml", {"inputs": {}, "outputs": ["a.pdf"]})
    with (tmp_path / JOURNAL_NAME).open("a", encoding="utf-8") as journal:
        journal.write('{"output": "b.pdf", "rec')  # the line a kill cut short
    again = Manifest.load(tmp_path)  # as the next build finds it
    assert again.outputs == {"a.pdf": build.outputs["a.pdf"]}
    assert again.is_current("a.pdf", INPUTS)
    assert again.cases == {"/cases/a.yaml": {"inputs": {}, "outputs": ["a.pdf"]}}
    build.save()
    assert not (tmp_path / JOURNAL_NAME).exists()
    assert Manifest.load(tmp_path).outputs == again.outputs


def test_a_journal_without_a_manifest_is_not_trusted(tmp_path: Path) -> None:
    (tmp_path / JOURNAL_NAME).write_text('{"output": "a.pdf", "record": {"size": 1}}\n', encoding="utf-8")
    assert Manifest.load(tmp_path).outputs == {}


def test_the_stale_records_of_an_older_format_1_manifest_are_empty(tmp_path: Path) -> None:
    record = written(tmp_path, "a.pdf", b"%PDF-1")
    data = json.loads(record.to_json())
    del data["stale"]  # as relance wrote format 1 before it kept stale files
    (tmp_path / MANIFEST_NAME).write_text(json.dumps(data), encoding="utf-8")
    again = Manifest.load(tmp_path)
    assert (again.outputs, again.stale) == (record.outputs, {})
