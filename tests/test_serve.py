"""relance serve: the same build, served on 127.0.0.1, rebuilt on each batch of changes."""

from __future__ import annotations

import datetime as dt
import os
import queue
import shutil
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

from click.testing import CliRunner

from generator import serve
from generator.cli import cli

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "repo"


def serve_repo(root: Path, **options: Any) -> None:
    """``relance serve`` on the cases of the repository at ``root``, as the tests run it: any free
    port, the fixtures' date, one worker, the site alone (``options``: watch, on_ready, out…)."""
    serve.serve([root / "cases"], port=0, as_of=lambda: dt.date(2026, 11, 23), jobs=1, html_only=True, **options)


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

    serve_repo(
        root,
        watch=one_change,
        on_ready=lambda url: seen.update(url=url),
    )
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
        result = CliRunner().invoke(
            cli, ["serve", str(root / "cases"), "--port", str(port), "--html-only", "--as-of", "2026-11-23"]
        )
        taken["result"] = result
        return iter(())

    serve_repo(
        root,
        watch=hold,
        on_ready=lambda url: taken.update(url=url),
    )
    result = taken["result"]
    assert result.exit_code == 1
    assert f"Error: cannot listen on 127.0.0.1:{taken['url'].rsplit(':', 1)[1].strip('/')}" in result.output


def test_cli_maps_its_options(tmp_path: Path) -> None:
    with mock.patch("generator.serve.serve", autospec=True) as core:
        result = CliRunner().invoke(
            cli, ["serve", str(tmp_path), "--port", "8123", "--jobs", "2", "--html-only", "--as-of", "2026-06-30"]
        )
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
        serve_repo(
            root,
            watch=two_changes,
            on_ready=lambda url: None,
        )
    assert calls == [0, 1, 2]
    assert [r.getMessage() for r in caplog.records] == ["relance serve: build failed: KeyError: 'statement'"]


def test_an_open_page_reloads_after_a_rebuild_and_the_files_never_hold_the_script(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    seen: dict[str, Any] = {}

    def wait_for_next_build() -> None:
        seen["answer"] = fetch(seen["url"] + "__relance__/build?after=1")

    def one_change(*paths: Path) -> Iterator[set[Any]]:
        seen["page"] = fetch(seen["url"] + "index.html")
        seen["folder"] = fetch(seen["url"])  # the folder's index.html, as a browser first asks
        seen["now"] = fetch(seen["url"] + "__relance__/build?after=0")  # already past 0: at once
        waiting = threading.Thread(target=wait_for_next_build)
        waiting.start()
        time.sleep(0.3)
        seen["early"] = "answer" in seen  # the page is still waiting: no build since
        yield {("modified", "cases/lumen.yaml")}
        waiting.join(timeout=10)

    serve_repo(
        root,
        watch=one_change,
        on_ready=lambda url: seen.update(url=url),
    )
    assert serve.RELOAD_PATH in seen["page"] and "location.reload()" in seen["page"]
    assert seen["page"].index(serve.RELOAD_PATH) < seen["page"].index("</body>")
    assert "})(1);" in seen["page"]  # the page knows it comes from build 1
    assert serve.RELOAD_PATH in seen["folder"]
    assert (seen["now"], seen["early"], seen["answer"]) == ("1", False, "2")
    for page in (root / "output").rglob("*.html"):  # what relance build leaves is the same as ever
        assert "__relance__" not in page.read_text(encoding="utf-8"), page


def test_with_reload_puts_the_script_before_the_end_of_the_body() -> None:
    page = serve.with_reload(b"<html><body><p>x</p></body></html>", 7).decode()
    assert page.startswith("<html><body><p>x</p><script>") and page.endswith("</script>\n</body></html>")
    assert "})(7);" in page
    assert serve.with_reload(b"<p>no body</p>", 1).decode().startswith("<p>no body</p><script>")


def _rename_save(path: Path, text: str) -> None:
    """What many editors do: write a new file beside, then rename it over the old one."""
    spare = path.with_name(f".{path.name}.swp-{time.monotonic_ns()}")
    spare.write_text(text, encoding="utf-8")
    os.replace(spare, path)


def test_the_watch_survives_rename_saves_of_relance_yaml_and_ignores_the_output(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    config = root / "relance.yaml"
    (root / "output").mkdir()
    batches: queue.Queue[set[Any]] = queue.Queue()
    stop = threading.Event()
    inputs = serve.watched([root / "cases"], root)

    def collect() -> None:
        for batch in serve.watch_inputs(
            inputs, root / "output", debounce=100, step=20, stop_event=stop, rust_timeout=200
        ):
            batches.put(batch)

    watcher = threading.Thread(target=collect)
    watcher.start()
    try:
        time.sleep(0.5)  # the watcher is set up
        names = []
        for save in range(3):  # the second save is the one a watch on the file itself missed
            _rename_save(config, config.read_text(encoding="utf-8") + f"# save {save}\n")
            names.append({Path(name).name for _, name in batches.get(timeout=10)})
        (root / "output" / "index.html").write_text("built", encoding="utf-8")  # what a build writes
        time.sleep(0.6)
        assert batches.empty()
    finally:
        stop.set()
        watcher.join(timeout=10)
    assert all("relance.yaml" in found for found in names), names


def test_folders_watched_for_a_rename_save(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    for folder in ("cases", "a", "b"):
        (root / folder).mkdir()
    (root / "relance.yaml").touch()
    (root / "a" / "x.yaml").touch()
    assert serve.folders([root / "cases", root / "relance.yaml"]) == [root]
    assert serve.folders([root / "a" / "x.yaml", root / "b"]) == [root / "a", root / "b"]


def test_out_is_built_and_served_and_open_opens_the_browser(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    seen: dict[str, Any] = {}

    def look(*paths: Path) -> Iterator[set[Any]]:
        seen["page"] = fetch(seen["url"] + "index.html")
        return iter(())

    with mock.patch("webbrowser.open") as browser:
        serve_repo(
            root,
            out=tmp_path / "site",
            open_browser=True,
            watch=look,
            on_ready=lambda url: seen.update(url=url),
        )
    browser.assert_called_once_with(seen["url"])
    assert (tmp_path / "site" / "index.html").is_file() and not (root / "output").exists()
    assert "<h1>Dossiers</h1>" in seen["page"]


def test_cli_maps_out_and_open(tmp_path: Path) -> None:
    with mock.patch("generator.serve.serve", autospec=True) as core:
        result = CliRunner().invoke(cli, ["serve", str(tmp_path), "--out", str(tmp_path / "o"), "--open"])
    assert result.exit_code == 0, result.output
    _, options = core.call_args
    assert (options["out"], options["open_browser"]) == (tmp_path / "o", True)
    with mock.patch("generator.serve.serve", autospec=True) as core:
        CliRunner().invoke(cli, ["serve", str(tmp_path)])
    assert (core.call_args[1]["out"], core.call_args[1]["open_browser"]) == (None, False)


def test_ctrl_c_during_the_first_build_exits_130_as_build_does(tmp_path: Path) -> None:
    with mock.patch("generator.serve.serve", autospec=True, side_effect=KeyboardInterrupt):
        result = CliRunner().invoke(cli, ["serve", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (
        130,
        "relance build: interrupted; the letters written so far are kept, run it again to write the rest\n",
    )
