"""Shared test options and fixtures: ``--update-golden`` rewrites the golden files."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

GOLDEN = Path(__file__).parent / "golden"

# Tests write only to temporary folders: no example database or cache in the working tree.
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="relance-hypothesis-"))
settings.register_profile("relance", database=None)
settings.load_profile("relance")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite tests/golden/ from the current output instead of comparing.")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """``golden(name, text)``: compare ``text`` with ``tests/golden/<name>`` (or rewrite it)."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.is_file(), f"no golden file {name}: run pytest --update-golden and review the diff"
        assert text == path.read_text(encoding="utf-8"), f"{name} differs (pytest --update-golden to accept)"

    return check
