"""relance serve: the same build, served on 127.0.0.1, rebuilt on each batch of changes."""

from __future__ import annotations

import datetime as dt
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

from click.testing import CliRunner

from generator import serve
from generator.cli import cli

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "repo"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # loopback only
        return response.read().decode("utf-8")


def test_serves_the_site_and_rebuilds_on_change(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    case = root / "cases" / "lumen.yaml"
    seen: dict[str, Any] = {}

    def one_change(*paths: Path) -> Iterator[set[Any]]:
        seen["watched"] = sorted(p.name for p in paths)
        page = fetch(seen["url"] + "index.html")
        seen["before"] = page
        case.write_text(case.read_text(encoding="utf-8").replace("Lumen", "Lumière"), encoding="utf-8")
        yield {("modified", str(case))}
        seen["after"] = fetch(seen["url"] + "index.html")  # the loop rebuilt before asking again

    serve.serve([root / "cases"], port=0, as_of=lambda: dt.date(2026, 11, 23), jobs=1, html_only=True,
                watch=one_change, on_ready=lambda url: seen.update(url=url))
    assert seen["url"].startswith("http://127.0.0.1:")
    assert seen["watched"] == ["cases", "relance.yaml"]  # this repository has no letter_templates/
    assert "Lumen" in seen["before"] and "Lumière" not in seen["before"]
    assert "Lumière" in seen["after"]


def test_a_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    taken: dict[str, Any] = {}

    def hold(*paths: Path) -> Iterator[set[Any]]:
        port = int(taken["url"].rsplit(":", 1)[1].strip("/"))
        result = CliRunner().invoke(cli, ["serve", str(root / "cases"), "--port", str(port), "--html-only",
                                          "--as-of", "2026-11-23"])
        taken["result"] = result
        return iter(())

    serve.serve([root / "cases"], port=0, as_of=lambda: dt.date(2026, 11, 23), jobs=1, html_only=True,
                watch=hold, on_ready=lambda url: taken.update(url=url))
    result = taken["result"]
    assert result.exit_code == 1
    assert f"Error: cannot listen on 127.0.0.1:{taken['url'].rsplit(':', 1)[1].strip('/')}" in result.output


def test_cli_maps_its_options(tmp_path: Path) -> None:
    with mock.patch("generator.serve.serve", autospec=True) as core:
        result = CliRunner().invoke(cli, ["serve", str(tmp_path), "--port", "8123", "--jobs", "2", "--html-only",
                                          "--as-of", "2026-06-30"])
    assert result.exit_code == 0, result.output
    (paths,), options = core.call_args
    assert paths == [tmp_path]
    assert (options["port"], options["jobs"], options["html_only"]) == (8123, 2, True)
    assert options["as_of"]() == dt.date(2026, 6, 30)


def test_serve_survives_any_exception_in_a_rebuild(tmp_path: Path, caplog: Any) -> None:
    """A bug in a rebuild is reported and the next change builds again, as mkdocs serve does."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    calls: list[int] = []

    def flaky_build(*args: Any, **kwargs: Any) -> None:
        calls.append(len(calls))
        if len(calls) == 2:
            raise KeyError("statement")

    def two_changes(*paths: Path) -> Iterator[set[Any]]:
        yield {("modified", "a")}
        yield {("modified", "b")}

    caplog.set_level("INFO", logger="generator")
    with mock.patch("generator.serve.build_all", flaky_build):
        serve.serve([root / "cases"], port=0, as_of=lambda: dt.date(2026, 11, 23), jobs=1, html_only=True,
                    watch=two_changes, on_ready=lambda url: None)
    assert calls == [0, 1, 2]
    assert [r.getMessage() for r in caplog.records] == ["relance serve: build failed: KeyError: 'statement'"]
