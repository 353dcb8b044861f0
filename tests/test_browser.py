"""The site in a real browser: headless Chromium sorts and filters the cases, and without
JavaScript the same page is a complete plain table.

Chromium is Debian's ``chromium`` package; ``scripts/browser.sh`` installs it where apt-get and
root are at hand, and ``.ci/run`` runs it before this test. Elsewhere the tests are skipped, saying
so, unless ``RELANCE_BROWSER_REQUIRED=1`` (CI) turns the skip into a failure.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from test_serve import serve_repo

from generator.build import build_all

FIXTURE = Path(__file__).parent / "fixtures" / "due"
AS_OF = dt.date(2025, 3, 20)
# What the browser is started with: no sandbox (CI runs as root), nothing fetched in the
# background, nothing kept between runs (an empty profile each time).
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    message = (
        "no Chromium on this machine: run scripts/browser.sh (it installs Debian's chromium package "
        "with apt-get), or apt-get install chromium, to run the browser tests"
    )
    if os.environ.get("RELANCE_BROWSER_REQUIRED") == "1":
        pytest.fail(message)
    pytest.skip(message)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """The test output shows failures, not page views."""

    def end_headers(self) -> None:
        # "?nojs": the browser is told to run no script at all on the page, as with JavaScript
        # turned off (Chromium's own switch for that also stops --dump-dom from printing).
        if self.path.endswith("?nojs"):
            self.send_header("Content-Security-Policy", "script-src 'none'")
        super().end_headers()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The fixture repository's site, built with its PDFs and served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("browser") / "repo"
    shutil.copytree(FIXTURE, root)
    with contextlib.redirect_stderr(io.StringIO()):
        build_all([root / "cases"], out=root / "output", as_of=AS_OF)
    (root / "output" / "harness.html").write_text(HARNESS, encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root / "output")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root / "output", f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _chromium(tmp_path: Path, *args: str) -> str:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    result = subprocess.run(
        [_browser(), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


# Loads the real index.html in a frame of the same origin, then works it as a clerk would: a
# click on a column heading, a second click, a word in the filter. The findings are written into
# this page, which Chromium prints with --dump-dom once everything has loaded.
HARNESS = """<!DOCTYPE html>
<html><body><pre id="result">not run</pre>
<iframe id="site" src="index.html" style="width:1200px;height:900px"></iframe>
<script>
document.getElementById("site").addEventListener("load", () => {
  const doc = document.getElementById("site").contentDocument;
  const table = doc.querySelector("table.cases");
  const shown = (column) => Array.from(table.tBodies[0].rows).filter((row) => !row.hidden)
    .map((row) => row.cells[column].textContent.replace(/\\s+/g, " ").trim());
  const click = (column) => table.tHead.rows[0].cells[column].querySelector("button").click();
  const out = {files: shown(0), headings: Array.from(table.tHead.rows[0].cells)
    .map((cell) => cell.querySelector("button") ? cell.textContent.trim() : null)};
  click(1); out.principal_up = shown(1); out.sort_up = table.tHead.rows[0].cells[1].getAttribute("aria-sort");
  click(1); out.principal_down = shown(1); out.sort_down = table.tHead.rows[0].cells[1].getAttribute("aria-sort");
  click(3); out.days_up = shown(3);
  const filter = doc.querySelector("input.filter");
  filter.value = "perrin"; filter.dispatchEvent(new Event("input"));
  out.filtered = shown(0);
  filter.value = ""; filter.dispatchEvent(new Event("input"));
  out.unfiltered = shown(0).length;
  out.today = doc.querySelectorAll("section.today li").length;
  document.getElementById("result").textContent = JSON.stringify(out);
});
</script></body></html>
"""


def _amount(text: str) -> Decimal:
    digits = re.sub(r"[^\d,-]", "", text).replace(",", ".")
    return Decimal(digits) if digits else Decimal(-1)  # "—": no figure, first when ascending


def _days(text: str) -> int:
    return int(text) if text.strip().isdigit() else -1  # "—": not late, first when ascending


def test_the_index_sorts_and_filters_in_a_real_browser(site: tuple[Path, str], tmp_path: Path) -> None:
    _, url = site
    dom = _chromium(tmp_path, "--virtual-time-budget=10000", "--dump-dom", url + "harness.html")
    found = json.loads(re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)[1])  # type: ignore[index]
    assert len(found["files"]) == found["unfiltered"] == 13  # every case of the fixture, none lost
    assert found["headings"] == [
        "Débiteur",
        "Principal dû",
        "Total réclamé",
        "Jours de retard",
        "Dernière étape",
        "Prochaine étape",
        "État",
    ]
    up = [_amount(text) for text in found["principal_up"]]
    assert up == sorted(up) and up[0] < up[-1] and found["sort_up"] == "ascending"
    assert [_amount(text) for text in found["principal_down"]] == sorted(up, reverse=True)
    assert found["sort_down"] == "descending"
    days = [_days(text) for text in found["days_up"]]
    assert days == sorted(days)
    # "perrin" finds Julie Perrin's cases, whatever the case of the letters.
    assert found["filtered"] and all("Julie Perrin" in row for row in found["filtered"])
    assert len(found["filtered"]) < 13
    assert found["today"] == 10  # the day's worklist of tests/test_site_today.py, in the browser too


def test_without_javascript_the_index_is_a_plain_complete_table(site: tuple[Path, str], tmp_path: Path) -> None:
    output, url = site
    dom = _chromium(tmp_path, "--dump-dom", url + "index.html?nojs")
    table = dom[dom.index('<table class="cases">') :]
    table = table[: table.index("</table>")]
    assert "<button" not in table and 'class="filter"' not in dom  # nothing the script would add
    rows = re.findall(r"<small>[^<]*?(cases/[^<]+)</small>", table)
    assert rows == sorted(rows) and len(rows) == 13  # all there, in file order
    assert dom.count("<li") >= 10 and "À faire aujourd'hui" in dom
    assert (output / "index.html").read_text(encoding="utf-8").count("<tr") == dom.count("<tr")


def test_screenshots_of_the_index_and_of_a_case_page(site: tuple[Path, str], tmp_path: Path) -> None:
    _, url = site
    for page, name in (("index.html", "index.png"), ("cases/m-prepared/index.html", "case.png")):
        shot = tmp_path / name
        _chromium(
            tmp_path,
            "--window-size=1280,1600",
            "--hide-scrollbars",
            "--virtual-time-budget=5000",
            f"--screenshot={shot}",
            url + page,
        )
        data = shot.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000, name  # a page, not a blank
        if os.environ.get("RELANCE_SCREENSHOTS"):  # to look at them: RELANCE_SCREENSHOTS=folder
            shutil.copy(shot, Path(os.environ["RELANCE_SCREENSHOTS"]) / name)


def test_the_case_page_embeds_the_letter_pdf_the_server_sends(site: tuple[Path, str], tmp_path: Path) -> None:
    # Headless Chromium does not paint a PDF inline, so the page is read, and the file it embeds fetched.
    import urllib.request

    _, url = site
    dom = _chromium(tmp_path, "--dump-dom", url + "cases/m-prepared/index.html")
    embedded = re.search(r'<object class="paper" data="([^"#]+)#view=FitH" type="application/pdf"', dom)
    assert embedded, dom[-3000:]
    with urllib.request.urlopen(url + "cases/m-prepared/" + embedded[1], timeout=10) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.read(5) == b"%PDF-"


# The real index in a frame, counting its loads: the second one is the reload relance serve asked
# for. The frame is then removed, so that no question to the server is left open.
RELOAD_HARNESS = """<!DOCTYPE html>
<html><body><pre id="result">loads: 0</pre>
<iframe id="site" src="index.html"></iframe>
<script>
let loads = 0;
document.getElementById("site").addEventListener("load", () => {
  loads += 1;
  document.getElementById("result").textContent = "loads: " + loads;
  if (loads === 2) document.getElementById("site").remove();
});
</script></body></html>
"""


def test_serve_reloads_the_open_page_after_a_rebuild(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from generator import serve

    browser = _browser()
    monkeypatch.setattr(serve, "WAIT_SECONDS", 2)  # each question to the server is answered within 2 s
    root = tmp_path / "repo"
    shutil.copytree(Path(__file__).parent / "fixtures" / "repo", root)
    seen: dict[str, Any] = {}

    def edit_once(*paths: Path) -> Iterator[set[Any]]:
        # ".htm": served as it is, without the reload script (the harness must not reload itself).
        (root / "output" / "harness.htm").write_text(RELOAD_HARNESS, encoding="utf-8")
        (tmp_path / "profile").mkdir()
        chromium = subprocess.Popen(
            [
                browser,
                *FLAGS,
                f"--user-data-dir={tmp_path / 'profile'}",
                "--virtual-time-budget=20000",
                "--dump-dom",
                seen["url"] + "harness.htm",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        time.sleep(3)  # the page is open, asking for the next build
        case = root / "cases" / "lumen.yaml"
        case.write_text(case.read_text(encoding="utf-8").replace("Lumen", "Lumière"), encoding="utf-8")
        yield {("modified", str(case))}
        seen["dom"], _ = chromium.communicate(timeout=60)

    with contextlib.redirect_stderr(io.StringIO()):
        serve_repo(
            root,
            watch=edit_once,
            on_ready=lambda url: seen.update(url=url),
        )
    assert '<pre id="result">loads: 2</pre>' in seen["dom"]
