"""docs/law.md, the legal reference: every rule and every legal comment points into it, and only into it."""

from __future__ import annotations

import re
from pathlib import Path

from generator import resources
from generator.rules import all_rules

ROOT = Path(__file__).resolve().parent.parent
LAW = ROOT / "docs" / "law.md"


def anchors() -> set[str]:
    return set(re.findall(r'<a id="([a-z0-9-]+)"></a>', LAW.read_text(encoding="utf-8")))


def test_every_rule_points_to_a_section_that_exists() -> None:
    known = anchors()
    for rule_ in all_rules():
        assert rule_.law_anchors, f"{rule_.id}: its source names no section of docs/law.md: {rule_.source!r}"
        missing = [a for a in rule_.law_anchors if a not in known]
        assert missing == [], f"{rule_.id}: docs/law.md has no section {missing}"


def test_every_rule_is_named_in_the_reference() -> None:
    # The reference gives the decision behind each rule: a rule it does not name has none written down.
    text = LAW.read_text(encoding="utf-8")
    assert [r.id for r in all_rules() if f"`{r.id}`" not in text] == []


def test_the_contents_list_every_section_once() -> None:
    text = LAW.read_text(encoding="utf-8")
    listed = re.findall(r"^\* \[[^]]+\]\(#([a-z0-9-]+)\)$", text, flags=re.MULTILINE)
    assert sorted(listed) == sorted(anchors())
    assert len(re.findall(r'<a id="', text)) == len(anchors())  # no anchor defined twice


def files_citing() -> list[Path]:
    folders = ("generator", "letter_templates", "tests", "schema", "benchmarks", "scripts", "docs", "cases")
    return [
        p
        for folder in folders
        for p in (ROOT / folder).rglob("*")
        if p.is_file() and p.suffix in {".py", ".html", ".css", ".md", ".json", ".yaml", ".sh"}
    ] + [p for p in ROOT.glob("*") if p.suffix in {".md", ".yaml", ".toml"}]


def test_citations_point_into_the_repository() -> None:
    # The fact sheets the rules were first written from are not in the repository, nor in the wheel.
    stale = re.compile(r"legal-fr\.md|PRODUCT(?:\.md)? §")
    assert [
        str(p.relative_to(ROOT))
        for p in files_citing()
        if p != Path(__file__) and stale.search(p.read_text(encoding="utf-8"))
    ] == []


def test_every_citation_in_the_code_names_an_existing_section() -> None:
    known = anchors()
    wrong = [
        f"{p.relative_to(ROOT)}: #{a}"
        for p in files_citing()
        for a in re.findall(r"docs/law\.md#([a-z0-9-]+)", p.read_text(encoding="utf-8"))
        if a not in known
    ]
    assert wrong == []


def test_the_package_finds_the_reference() -> None:
    assert resources.law_reference() == LAW  # a source checkout; the wheel's copy is checked by CI
