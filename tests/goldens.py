"""The golden files: which tests own which file, and how a difference is reported."""

from __future__ import annotations

import difflib
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"

# Each letter of these fixture cases has a golden file "<case>-<date>-<type>.html" (test_render).
LETTER_CASES = ("novatech.yaml", "durand.yaml", "lumen.yaml")
# The documents after the ladder, from the demo cases (their pieces live in the demo): golden file
# "demo-<case>-<date>-<type>.html" (test_render).
DEMO_DOCUMENTS = (
    "injonction-avocat.yaml",
    "petite-creance-menuisier.yaml",
    "declaration-redressement.yaml",
    "reconnaissance-paysagiste.yaml",
)
# The site built from the fixture repository: golden file → page in the output folder (test_site).
SITE_PAGES = {"site/index.html": "index.html", "site/novatech.html": "cases/novatech/index.html"}


def difference(name: str, expected: str, actual: str) -> str | None:
    """None when equal, else a unified diff from the golden file to what the code produces now."""
    if actual == expected:
        return None
    diff = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        f"tests/golden/{name}",
        f"{name} as rendered now",
    )
    return f"{name} differs from its golden file (pytest --update-golden to accept):\n" + "".join(diff)


def on_disk() -> set[str]:
    return {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
