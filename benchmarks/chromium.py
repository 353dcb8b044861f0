"""Headless Chromium printing letters to PDF, for build_bench.py: the peer relance is measured against.

One Chromium process for the whole run, driven over the DevTools protocol on a pipe
(``--remote-debugging-pipe``: JSON messages ending in a NUL byte, read on fd 3, written on fd 4),
so the figure is Chromium's printing, not its start-up; the start-up is timed apart. Debian's
package is ``chromium``; absent, the benchmark says so and skips this peer.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Chromium:
    """One headless Chromium, one page, printing each HTML file it is given."""

    def __init__(self, binary: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="relance-chromium-")  # an empty --user-data-dir
        to_child, self._send = os.pipe()
        self._read, from_child = os.pipe()

        def fds() -> None:  # the child's fd 3 reads our commands, fd 4 writes its answers
            # Copied high first: either end may itself be fd 3 or 4.
            high = fcntl.fcntl(to_child, fcntl.F_DUPFD, 10), fcntl.fcntl(from_child, fcntl.F_DUPFD, 10)
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        self.process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-pipe", "about:blank"],
            # close_fds=False: fds 3 and 4, made in the child, must survive the exec (the pipes Python
            # opens are close-on-exec, so nothing else leaks).
            preexec_fn=fds,
            close_fds=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_child)
        os.close(from_child)
        self._buffer = b""
        self._id = 0
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable", session=True)

    def _message(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed its DevTools pipe")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(line)
        return message

    def call(
        self, method: str, params: dict[str, Any] | None = None, *, session: bool = False, until: str | None = None
    ) -> dict[str, Any]:
        """Send one command; its result (and, with ``until``, wait for that event of the page too)."""
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self._send, json.dumps(message).encode() + b"\0")
        result: dict[str, Any] | None = None
        seen = until is None
        while result is None or not seen:
            answer = self._message()
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise RuntimeError(f"chromium: {method}: {answer['error']}")
                result = answer.get("result", {})
            elif until is not None and answer.get("method") == until:
                seen = True
        return result

    def print_pdf(self, html: Path) -> bytes:
        self.call("Page.navigate", {"url": html.as_uri()}, session=True, until="Page.loadEventFired")
        data = self.call("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True}, session=True)["data"]
        return base64.b64decode(data)

    def close(self) -> None:
        with contextlib.suppress(OSError, RuntimeError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.close(self._send)
        os.close(self._read)
        shutil.rmtree(self.profile, ignore_errors=True)


def print_all(files: list[Path]) -> tuple[float, float, int] | str:
    """(start-up seconds, printing seconds, PDF bytes) for ``files``, or why Chromium was skipped."""
    binary = find()
    if binary is None:
        return "headless Chromium: skipped, no chromium on PATH (Debian: apt-get install chromium)"
    start = time.perf_counter()
    browser = Chromium(binary)
    started = time.perf_counter() - start
    try:
        start = time.perf_counter()
        size = sum(len(browser.print_pdf(path)) for path in files)
        return started, time.perf_counter() - start, size
    finally:
        browser.close()
