"""PDF writing with WeasyPrint: a warm, sandboxed, deterministic writer and its worker pool.

The only module that imports WeasyPrint. ``write_all`` writes many letters, in this process or
in a pool of forked workers that each keep one warm ``PdfWriter``.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import logging
import multiprocessing
import signal
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import unquote, urlsplit

from generator.errors import RelanceError, describe

if TYPE_CHECKING:
    from generator.render import PdfInput

_T = TypeVar("_T")

HARFBUZZ_HELP = "install libharfbuzz-subset0 (Debian/Ubuntu: apt-get install libharfbuzz-subset0)"
STYLESHEET = Path("assets") / "letter.css"
# Added to a letter that runs over one page: letter.css numbers every "numbered" page, the first too.
NUMBERED_PAGES = "body { page: numbered; }"

with warnings.catch_warnings():
    # WeasyPrint warns at import when HarfBuzz-subset is missing; the check below says it better.
    warnings.simplefilter("ignore", DeprecationWarning)
    import weasyprint
    from weasyprint.text import ffi as _ffi
    from weasyprint.urls import FatalURLFetchingError, URLFetcher


def _check_harfbuzz_subset() -> None:
    """Refuse to run with the fontTools fallback: it is 3x slower and changes the PDF bytes."""
    if _ffi.harfbuzz_subset is None or not _ffi.harfbuzz.hb_version_atleast(4, 1, 0):
        raise RelanceError(
            "PDF writing needs the HarfBuzz subsetting library (libharfbuzz-subset), "
            f"which was not found: {HARFBUZZ_HELP}"
        )


_check_harfbuzz_subset()


@dataclass(frozen=True)
class PdfResult:
    """The PDF bytes and what WeasyPrint complained about while writing them."""

    data: bytes
    messages: tuple[str, ...]


class SandboxFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """Fetch only ``data:`` URLs and ``file:`` URLs inside the template and asset folders.

    Paths are resolved first, so ``..`` and symbolic links cannot leave the folders; every
    other scheme (http, https, ftp…) is refused without a request being made.
    """

    def __init__(self, roots: Sequence[Path], **kwargs: object) -> None:
        super().__init__(allowed_protocols={"file", "data"}, timeout=1, allow_redirects=False, **kwargs)
        self.roots = tuple(Path(root).resolve() for root in roots)

    def allows(self, url: str) -> bool:
        """Would ``url`` be fetched?"""
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return True
        if scheme != "file":
            return False
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return False
        path = Path(unquote(parts.path)).resolve()
        return any(path.is_relative_to(root) for root in self.roots)

    def fetch(self, url: str, headers: object = None) -> object:
        if not self.allows(url):
            raise PermissionError(f"refused: {url} (only files in the template folders may be used)")
        return super().fetch(url, headers)


class _Collect(logging.Handler):
    """Keeps WeasyPrint's warnings and errors of the letter being written."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname.lower()}: {record.getMessage()}")


def find_stylesheet(search_path: Sequence[Path]) -> Path:
    """``assets/letter.css`` from the most specific template folder that has one."""
    for folder in search_path:
        candidate = Path(folder) / STYLESHEET
        if candidate.is_file():
            return candidate
    folders = ", ".join(str(f) for f in search_path)
    raise RelanceError(
        f"no {STYLESHEET.as_posix()} in the template folders ({folders}): restore the built-in one or add your own"
    )


def _w3c(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+00:00"


def _fixed_time(day: dt.date) -> dt.datetime:
    # Attachments default to the file's ctime or now(): a fixed time keeps the bytes stable.
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


class PdfWriter:
    """Writes letters as PDF; built once per process, it keeps fonts and the parsed stylesheet.

    ``search_path`` lists the template folders, most specific first (``Renderer.search_path()``);
    they are the only places resources may come from.
    """

    def __init__(self, search_path: Sequence[Path]) -> None:
        from weasyprint.text.fonts import FontConfiguration

        self.search_path = tuple(Path(p).resolve() for p in search_path if Path(p).is_dir())
        self.base_url = self.search_path[0].as_uri() + "/" if self.search_path else None
        self.fetcher = SandboxFetcher(self.search_path, fail_on_errors=True)
        self.font_config = FontConfiguration()
        self._log = _Collect()
        logging.getLogger("weasyprint").addHandler(self._log)
        self.stylesheet_path = find_stylesheet(self.search_path)
        self.stylesheet = self._guard(
            "assets/letter.css",
            lambda: weasyprint.CSS(
                filename=str(self.stylesheet_path), url_fetcher=self.fetcher, font_config=self.font_config
            ),
        )
        self.stylesheet_messages = tuple(self._take_messages())
        self._numbered = weasyprint.CSS(string=NUMBERED_PAGES, font_config=self.font_config)
        self._multipage: dict[str, bool] = {}  # letter type -> did its last letter run over a page

    def write(self, letter: PdfInput) -> bytes:
        """The PDF of ``letter``; see :meth:`write_logged` for WeasyPrint's complaints."""
        return self.write_logged(letter).data

    def write_logged(self, letter: PdfInput) -> PdfResult:
        """The PDF of ``letter`` with WeasyPrint's warnings; a refused resource is a RelanceError."""
        self._take_messages()
        data = self._guard(letter.slug, lambda: self._write(letter))
        return PdfResult(data, tuple(self._take_messages()))

    def _write(self, letter: PdfInput) -> bytes:
        html = weasyprint.HTML(string=letter.html, base_url=self.base_url, url_fetcher=self.fetcher)
        # CSS cannot ask how many pages there will be: only after a layout is page 1 known to need
        # its "1 / N". The number sits in the margin, so both layouts break at the same places, and
        # the layout is done again only when the guess (the last letter of this kind) was wrong.
        kind = letter.slug[11:]  # "2026-11-23-mise_en_demeure": the letter type
        numbered = self._multipage.get(kind, True)
        document = self._layout(html, numbered)
        if (len(document.pages) > 1) != numbered:
            numbered = not numbered
            document = self._layout(html, numbered)
        self._multipage[kind] = numbered
        meta = document.metadata
        meta.title = letter.title
        meta.authors = [letter.author] if letter.author else []
        meta.created = meta.modified = _w3c(letter.date)
        meta.generator = "relance"
        if not letter.pdfa:
            data: bytes = document.write_pdf()
            return data
        attachments = [self._attachment(path, letter.date) for path in letter.attachments]
        meta.attachments = [*meta.attachments, *attachments]
        with warnings.catch_warnings():
            # WeasyPrint 70 opens its sRGB profile for PDF/A and never closes it: a harmless
            # ResourceWarning that would otherwise surface at garbage collection.
            warnings.simplefilter("ignore", ResourceWarning)
            data = document.write_pdf(pdf_variant="pdf/a-3b")
            return data

    def _layout(self, html: weasyprint.HTML, numbered: bool) -> weasyprint.Document:
        sheets = [self.stylesheet, self._numbered] if numbered else [self.stylesheet]
        return html.render(font_config=self.font_config, stylesheets=sheets)

    def _attachment(self, path: Path, day: dt.date) -> object:
        # Read here, not through a URL: the case names the file, the renderer has checked it.
        data = Path(path).read_bytes()
        when = _fixed_time(day)
        return weasyprint.Attachment(
            file_obj=io.BytesIO(data), name=Path(path).name, relationship="Supplement", created=when, modified=when
        )

    def _take_messages(self) -> list[str]:
        messages, self._log.messages = self._log.messages, []
        return messages

    def _guard(self, what: str, action: Callable[[], _T]) -> _T:
        try:
            return action()
        except FatalURLFetchingError as exc:
            cause = exc.__cause__
            reason = str(cause) if cause else str(exc)
            raise RelanceError(
                f"{what}: a resource could not be used: {reason}; use only files "
                "inside the template folders (letter_templates/)"
            ) from None
        except OSError as exc:
            raise RelanceError(f"{what}: cannot read {exc.filename}: {exc.strerror}") from None


# --- the worker pool --------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfOutcome:
    """One letter written, or why not: ``data`` is None and ``error`` says what went wrong."""

    output: str
    data: bytes | None
    messages: tuple[str, ...] = ()
    error: str | None = None
    stylesheet: tuple[str, ...] = ()  # what WeasyPrint said of the stylesheet, with its path


_WRITER: PdfWriter | None = None
_WRITER_ERROR: str | None = None


def _init_worker(search_path: Sequence[Path]) -> None:
    """Pool initializer: one warm PdfWriter per worker process."""
    global _WRITER, _WRITER_ERROR
    try:
        _WRITER = PdfWriter(search_path)
    # Reported with each job instead: a pool initializer that raises is respawned forever.
    except Exception as exc:  # noqa: BLE001
        _WRITER_ERROR = describe(exc)


def _init_pool_worker(search_path: Sequence[Path]) -> None:
    # Ctrl-C reaches the whole process group: the build stops the pool itself, and a worker
    # must not print a KeyboardInterrupt traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init_worker(search_path)


def _work(job: tuple[str, PdfInput]) -> PdfOutcome:
    output, letter = job
    if _WRITER is None:
        return PdfOutcome(output, None, error=_WRITER_ERROR or "the PDF writer could not start")
    # Said by every worker (each parses the stylesheet once): the build reports each message once.
    stylesheet = tuple(f"{_WRITER.stylesheet_path}: {m}" for m in _WRITER.stylesheet_messages)
    try:
        result = _WRITER.write_logged(letter)
    except Exception as exc:  # noqa: BLE001  (one letter's failure is reported, not fatal)
        return PdfOutcome(output, None, error=describe(exc), stylesheet=stylesheet)
    return PdfOutcome(output, result.data, result.messages, stylesheet=stylesheet)


def write_all(
    jobs: Sequence[tuple[str, PdfInput]],
    workers: int,
    search_path: Sequence[Path],
) -> Iterator[PdfOutcome]:
    """Write each ``(output name, letter)``: in this process for one worker, else in a forked pool.

    Outcomes come in the order they finish, not the order of ``jobs``.
    """
    global _WRITER
    if not jobs:
        return
    if workers <= 1 or len(jobs) == 1:
        _init_worker(search_path)
        try:
            yield from map(_work, jobs)
        finally:
            _WRITER = None  # not left for interpreter shutdown, when WeasyPrint cannot free it
        return
    # Longest letters first, so that no worker is left with a long one at the end.
    ordered = sorted(jobs, key=lambda job: -len(job[1].html))
    context = multiprocessing.get_context("fork")
    with context.Pool(min(workers, len(ordered)), initializer=_init_pool_worker, initargs=(search_path,)) as pool:
        yield from pool.imap_unordered(_work, ordered)


# --- page stamps for an assembled dossier -----------------------------------------------------

_STAMP_CSS = """
@page { size: A4; margin: 6mm 10mm 0 0;
        @bottom-center { content: none; } @bottom-right { content: none; } }
@page :first { @bottom-right { content: none; } }
.stamp { margin: 0; text-align: right; font-size: 8pt; break-after: page; }
"""


@functools.lru_cache(maxsize=4)
def _stamp_writer(search_path: tuple[Path, ...]) -> PdfWriter:
    # One per build, not one per dossier: parsing the stylesheet and its fonts is a tenth of a second.
    return PdfWriter(search_path)


def stamp_pages(labels: Sequence[str], search_path: Sequence[Path], day: dt.date) -> bytes:
    """An A4 PDF of ``len(labels)`` transparent pages, each with its label at the top right.

    Laid over the pages of a dossier (generator/dossier.py) to number them across the document
    and its pieces; written with the letters' own fonts, at a fixed date, so the bytes are stable.
    """
    from html import escape

    writer = _stamp_writer(tuple(Path(p) for p in search_path))
    body = "".join(f'<p class="stamp">{escape(label)}</p>' for label in labels)
    html = weasyprint.HTML(
        string=f'<!DOCTYPE html><html lang="fr"><body>{body}</body></html>',
        base_url=writer.base_url,
        url_fetcher=writer.fetcher,
    )

    def write() -> bytes:
        document = html.render(
            font_config=writer.font_config, stylesheets=[writer.stylesheet, weasyprint.CSS(string=_STAMP_CSS)]
        )
        document.metadata.created = document.metadata.modified = _w3c(day)
        document.metadata.generator = "relance"
        data: bytes = document.write_pdf()
        return data

    return writer._guard("dossier page numbers", write)
