"""``relance serve``: build, serve the site on this machine, and build again whenever an input changes.

The loop calls the same ``build_all`` as ``relance build``; a failed rebuild, whatever the
exception, is reported and the loop goes on serving the last good output (as ``mkdocs serve``
does). The server listens on 127.0.0.1 only: the site holds debtors' data and is for the clerk
at this machine.

An open page reloads itself after each rebuild: every HTML page the server sends gets a small
script, added to the response only (the files of the output folder never hold it), which asks
the server for the number of the latest build and reloads when it grows. The watch is on
folders, not on files: an editor that saves by writing a new file and renaming it over
``relance.yaml`` replaces the file a file watch would follow, and every later save was missed.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
import webbrowser
from collections.abc import Callable, Iterable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from generator import cases
from generator.build import Progress, build_all
from generator.errors import RelanceError, describe

log = logging.getLogger(__name__)

Watch = Callable[..., Iterable[Any]]

RELOAD_PATH = "/__relance__/build"
WAIT_SECONDS = 25  # a page's question stays open this long, then is asked again
# Asks for the build after the one the page comes from; reloads once it is there. A server that
# went away (Ctrl+C) is asked again a little later, so a restarted one picks the page up.
RELOAD_SCRIPT = """<script>/* relance serve: reload after each rebuild (not in the built files) */
(function (build) {
  function ask() {
    fetch("%s?after=" + build, {cache: "no-store"}).then(function (response) { return response.text(); })
      .then(function (text) { if (Number(text) > build) { location.reload(); } else { ask(); } })
      .catch(function () { setTimeout(ask, 2000); });
  }
  ask();
})(%d);
</script>
"""


class Builds:
    """The number of the latest build, and the pages waiting for the next one."""

    def __init__(self) -> None:
        self.number = 0
        self.stopped = False
        self._changed = threading.Condition()

    def done(self) -> None:
        with self._changed:
            self.number += 1
            self._changed.notify_all()

    def stop(self) -> None:
        with self._changed:
            self.stopped = True
            self._changed.notify_all()

    def wait_after(self, number: int, timeout: float | None = None) -> int:
        """The latest build number once it is above ``number``, or after ``timeout`` seconds
        (default :data:`WAIT_SECONDS`)."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.number > number or self.stopped, WAIT_SECONDS if timeout is None else timeout
            )
            return self.number


class _Handler(SimpleHTTPRequestHandler):
    builds: Builds

    def log_message(self, format: str, *args: Any) -> None:  # "format": the base class names it so
        """Requests are not logged: the terminal shows builds, not page views."""

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == RELOAD_PATH:
            after = parse_qs(parts.query).get("after", ["0"])[0]
            self._send(str(self.builds.wait_after(int(after) if after.isdigit() else 0)).encode(), "text/plain")
            return
        target = Path(self.translate_path(self.path))
        if target.is_dir() and parts.path.endswith("/"):
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            self._send(with_reload(target.read_bytes(), self.builds.number), "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")  # a reload shows the new build, not a cached page
        self.end_headers()
        self.wfile.write(body)


def with_reload(page: bytes, build: int) -> bytes:
    """``page`` with the reload script before ``</body>`` (at the end when there is none)."""
    script = (RELOAD_SCRIPT % (RELOAD_PATH, build)).encode("utf-8")
    at = page.rfind(b"</body>")
    return page[:at] + script + page[at:] if at >= 0 else page + script


def watched(paths: list[Path], root: Path) -> list[Path]:
    """What a rebuild depends on: the cases, the repository's templates, its config."""
    candidates = [*(paths or [root / "cases"]), root / "letter_templates", root / cases.CONFIG_NAME]
    return [path for path in candidates if path.exists()]


def folders(inputs: list[Path]) -> list[Path]:
    """The folders to watch for ``inputs``: a file's folder, since a rename-save replaces the file."""
    found: list[Path] = []
    for path in inputs:
        folder = (path if path.is_dir() else path.parent).resolve()
        if not any(folder.is_relative_to(other) for other in found):
            found = [other for other in found if not other.is_relative_to(folder)] + [folder]
    return sorted(found)


def input_filter(inputs: list[Path], out: Path) -> Callable[[Any, str], bool]:
    """Keep the changes to ``inputs`` (a file, or anything in a folder), never those in ``out``."""
    from watchfiles import DefaultFilter

    default = DefaultFilter()
    files = {path.resolve() for path in inputs if not path.is_dir()}
    dirs = [path.resolve() for path in inputs if path.is_dir()]
    out = out.resolve()

    def keep(change: Any, name: str) -> bool:
        path = Path(name).resolve()
        if path.is_relative_to(out) or not default(change, name):
            return False
        return path in files or any(path.is_relative_to(folder) for folder in dirs)

    return keep


def watch_inputs(inputs: list[Path], out: Path, **options: Any) -> Iterable[Any]:
    """Batches of changes to ``inputs`` (watchfiles over their folders), rename-saves included."""
    from watchfiles import watch

    return watch(*folders(inputs), watch_filter=input_filter(inputs, out), **options)


def serve(
    paths: list[Path],
    *,
    port: int,
    as_of: Callable[[], dt.date],
    jobs: int | None,
    html_only: bool,
    out: Path | None = None,
    open_browser: bool = False,
    watch: Watch | None = None,
    on_ready: Callable[[str], None] | None = None,
    progress: Progress | None = None,
) -> None:
    """Build, serve ``out`` (default ``output/``) on ``127.0.0.1:port`` and rebuild on each batch of
    changes; open pages reload after each rebuild; ``open_browser`` opens the site once served.

    ``as_of`` is called before every build, so a server left running overnight builds as of
    the new day. ``watch`` yields batches of changes (:func:`watch_inputs` by default).
    """
    root = cases.find_root(paths[0] if paths else Path.cwd())
    out = out if out is not None else root / "output"
    builds = Builds()

    def build() -> None:
        options: dict[str, Any] = {} if progress is None else {"progress": progress}
        try:
            build_all(paths, out=out, jobs=jobs, html_only=html_only, as_of=as_of(), clean=False, **options)
        # A broken relance.yaml, or a bug: say so and keep serving the last good output.
        except Exception as exc:  # noqa: BLE001
            log.error("relance serve: build failed: %s", describe(exc))
        builds.done()  # a failed build reloads too: the page shows what is there

    build()
    handler = functools.partial(type("Handler", (_Handler,), {"builds": builds}), directory=str(out))
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise RelanceError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror} (choose another --port)") from None
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    (on_ready or (lambda u: log.info("Serving %s (Ctrl+C to stop); rebuilding on changes", u)))(url)
    if open_browser:
        webbrowser.open(url)
    inputs = watched(paths, root)
    try:
        for _changes in watch(*inputs) if watch is not None else watch_inputs(inputs, out):
            build()
    except KeyboardInterrupt:
        pass
    finally:
        builds.stop()  # the pages waiting for a build are answered, so no request holds the exit
        server.shutdown()
        server.server_close()
        thread.join()
