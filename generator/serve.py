"""``relance serve``: build, serve the site on this machine, and build again whenever an input changes.

The loop calls the same ``build_all`` as ``relance build``; a failed rebuild, whatever the
exception, is reported and the loop goes on serving the last good output (as ``mkdocs serve``
does). The server listens on 127.0.0.1 only: the
site holds debtors' data and is for the clerk at this machine.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
from collections.abc import Callable, Iterable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from generator import cases
from generator.build import Progress, build_all
from generator.errors import RelanceError, describe

log = logging.getLogger(__name__)

Watch = Callable[..., Iterable[Any]]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # "format": the base class names it so
        """Requests are not logged: the terminal shows builds, not page views."""


def watched(paths: list[Path], root: Path) -> list[Path]:
    """What a rebuild depends on: the cases, the repository's templates, its config."""
    candidates = [*(paths or [root / "cases"]), root / "letter_templates", root / cases.CONFIG_NAME]
    return [path for path in candidates if path.exists()]


def serve(paths: list[Path], *, port: int, as_of: Callable[[], dt.date], jobs: int | None, html_only: bool,
          watch: Watch | None = None, on_ready: Callable[[str], None] | None = None,
          progress: Progress | None = None) -> None:
    """Build, serve ``output/`` on ``127.0.0.1:port`` and rebuild on each batch of changes.

    ``as_of`` is called before every build, so a server left running overnight builds as of
    the new day. ``watch`` yields batches of changes (watchfiles' ``watch`` by default).
    """
    root = cases.find_root(paths[0] if paths else Path.cwd())
    out = root / "output"

    def build() -> None:
        options: dict[str, Any] = {} if progress is None else {"progress": progress}
        try:
            build_all(paths, out=out, jobs=jobs, html_only=html_only, as_of=as_of(), clean=False, **options)
        # A broken relance.yaml, or a bug: say so and keep serving the last good output.
        except Exception as exc:  # noqa: BLE001
            log.error("relance serve: build failed: %s", describe(exc))

    build()
    handler = functools.partial(_QuietHandler, directory=str(out))
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise RelanceError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror} (choose another --port)") from None
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    (on_ready or (lambda u: log.info("Serving %s (Ctrl+C to stop); rebuilding on changes", u)))(url)
    if watch is None:
        from watchfiles import watch as watch_files

        watch = watch_files
    try:
        for _changes in watch(*watched(paths, root)):
            build()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
