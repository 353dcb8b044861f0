"""The rule registry, and the tests' use of it: a test may only name a rule that exists."""

from __future__ import annotations

import re
from pathlib import Path

from generator.rules import all_rules

ROOT = Path(__file__).resolve().parent.parent
# Findings the loader, the renderer and the build make without a registered rule.
_OTHER_IDS = re.compile(r'"((?:yaml|schema|ref|render|build)\.[a-z0-9-]+)"')
# Where tests name a finding's rule: a rendered finding, a Finding built by hand, a rule filter.
_NAMED = re.compile(
    r'\[(?:error|warning) ([a-z0-9.-]+)\]|Finding\(\s*"([a-z0-9.-]+)"|messages\("([a-z0-9.-]+)"'
    r'|\.rule == "([a-z0-9.-]+)"'
)


def known_ids() -> set[str]:
    ids = {r.id for r in all_rules()} | {"x", "x.rule"}  # placeholders of tests about formatting, not rules
    for path in (ROOT / "generator").rglob("*.py"):
        ids.update(_OTHER_IDS.findall(path.read_text(encoding="utf-8")))
    return ids


def test_rule_ids_are_unique_and_well_formed() -> None:
    ids = [r.id for r in all_rules()]
    assert len(ids) == len(set(ids))
    assert [i for i in ids if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*", i)] == []


def test_tests_name_only_rules_that_exist() -> None:
    # A test asserting on an id no code produces passes for the wrong reason or checks nothing.
    known = known_ids()
    unknown = sorted(
        {
            f"{path.name}: {name}"
            for path in (ROOT / "tests").glob("*.py")
            for match in _NAMED.finditer(path.read_text(encoding="utf-8"))
            for name in match.groups()
            if name and name not in known
        }
    )
    assert unknown == []
