"""Shared test options and fixtures: ``--update-golden`` rewrites the golden files; a WeasyPrint
warning fails the test that caused it unless the test is marked ``weasyprint_warnings``."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterator

import goldens
import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

GOLDEN = goldens.GOLDEN

# Tests write only to temporary folders: no example database or cache in the working tree.
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="relance-hypothesis-"))
settings.register_profile("relance", database=None)
settings.load_profile("relance")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/ from the current output instead of comparing.",
    )


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
        problem = goldens.difference(name, path.read_text(encoding="utf-8"), text)
        if problem is not None:
            pytest.fail(problem, pytrace=False)

    return check


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "weasyprint_warnings: the test expects WeasyPrint to log warnings")
    config.addinivalue_line("markers", "kill: kills relance build processes (about 30 s; -m 'not kill' skips)")


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname.lower()}: {record.getMessage()}")


@pytest.fixture(autouse=True)
def no_weasyprint_warnings(request: pytest.FixtureRequest) -> Iterator[None]:
    """A stylesheet rule WeasyPrint ignores, or a font it cannot load, prints differently from
    what the CSS says: a test that meets one fails, however green its own assertions are."""
    kept = _Kept()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(kept)
    try:
        yield
    finally:
        logger.removeHandler(kept)
    if kept.messages and request.node.get_closest_marker("weasyprint_warnings") is None:
        pytest.fail("WeasyPrint logged:\n" + "\n".join(kept.messages), pytrace=False)
