"""Parsing YAML: 1.2 scalars, a line for every key and item, refusals located, limits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator import yamlsource


def test_yaml_1_1_surprises_stay_text() -> None:
    source = yamlsource.parse("a: NO\nb: 012\nc: yes\nd: 1_000\ne: 0x1F\nf: on\n", Path("t.yaml"))
    assert source.data == {"a": "NO", "b": "012", "c": "yes", "d": "1_000", "e": "0x1F", "f": "on"}


def test_scalars_resolved_the_yaml_1_2_way() -> None:
    source = yamlsource.parse(
        "a: true\nb: 12\nc: 2024-01-02\nd: 1.5\ne: null\nf: '12'\ng: 2024-02-30\n", Path("t.yaml")
    )
    assert source.data == {
        "a": True,
        "b": 12,
        "c": dt.date(2024, 1, 2),
        "d": 1.5,
        "e": None,
        "f": "12",
        "g": "2024-02-30",
    }


def test_every_key_and_item_has_its_line() -> None:
    source = yamlsource.parse("a:\n  - x: 1\n    y:\n      - 2\n", Path("t.yaml"))
    assert source.line_of(("a", 0, "y", 0)) == 4
    assert source.line_of(("a", 0, "x")) == 2
    assert source.line_of(("a", 0, "missing", 3)) == 2  # falls back to the enclosing item


@pytest.mark.parametrize(
    ("text", "rule", "line", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", "yaml.duplicate-key", 3, "key 'a' appears twice in the same block (first on line 1)"),
        ("a: [1\nb: 2\n", "yaml.syntax", 2, "a list opened with [ is not closed"),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", "yaml.syntax", 3, "merge keys (<<) are not supported"),
        (
            "a: !!python/object:os.system x\n",
            "yaml.syntax",
            1,
            "unsupported tag tag:yaml.org,2002:python/object:os.system",
        ),
        ("a: 1\n---\nb: 2\n", "yaml.syntax", 2, "a case file holds one YAML document, this is a second one"),
    ],
)
def test_bad_yaml_is_refused_with_its_line(text: str, rule: str, line: int | None, message: str) -> None:
    with pytest.raises(yamlsource.YamlProblem) as info:
        yamlsource.parse(text, Path("t.yaml"))
    assert (info.value.rule, info.value.line, info.value.message) == (rule, line, message)


def test_alias_bomb_is_refused() -> None:
    lines = ["a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]"]
    for prev, name in zip("abcdefg", "bcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    with pytest.raises(yamlsource.YamlProblem) as info:
        yamlsource.parse("\n".join(lines) + "\n", Path("t.yaml"))
    assert info.value.rule == "yaml.limit"
    assert info.value.message == "more than 100000 values (anchors and aliases expanding without end?)"


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * (yamlsource.MAX_BYTES + 1), encoding="utf-8")
    with pytest.raises(yamlsource.YamlProblem) as info:
        yamlsource.read(big)
    assert info.value.message == (
        f"file is {yamlsource.MAX_BYTES + 4} bytes, more than the 1000000 a case file "
        "may have (the limit is passed on this line)"
    )
    assert info.value.line == 1


def test_bytes_already_read_give_what_the_file_gives(tmp_path: Path) -> None:
    # relance due hashes each file, then hands its bytes over instead of reading it again.
    case = tmp_path / "c.yaml"
    case.write_text("a:\n  - x: '1'\n    y: 2024-01-02\nb: NO\n", encoding="utf-8")
    read, given = yamlsource.read(case), yamlsource.read(case, case.read_bytes())
    assert (given.data, given.lines) == (read.data, read.lines)
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * (yamlsource.MAX_BYTES + 1), encoding="utf-8")
    with pytest.raises(yamlsource.YamlProblem) as info:
        yamlsource.read(big, big.read_bytes())
    assert (info.value.message, info.value.line) == (
        f"file is {yamlsource.MAX_BYTES + 4} bytes, more than the "
        "1000000 a case file may have (the limit is passed on this "
        "line)",
        1,
    )
