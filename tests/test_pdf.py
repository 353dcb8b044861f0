"""PDF writing: text, fonts, metadata, identical bytes, the URL sandbox, PDF/A-3b attachments."""

from __future__ import annotations

import datetime as dt
import http.server
import io
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest

from generator import pdf, resources
from generator.errors import RelanceError
from generator.pdf import PdfWriter, SandboxFetcher

CSS = """\
@font-face { font-family: "LetterSerif"; src: url(fonts/LiberationSerif-Regular.ttf); }
@font-face { font-family: "LetterSerif"; src: url(fonts/LiberationSerif-Bold.ttf); font-weight: bold; }
@page { size: A4; margin: 20mm; }
body { font-family: "LetterSerif"; font-size: 11pt; }
"""
BODY = (
    "<p>Nous vous mettons en demeure de régler la somme de 18\u202f040,00\u00a0€ avant le "
    "1er décembre 2026, en application de l'article 1344-1 du Code civil.</p>"
)


@dataclass(frozen=True)
class Letter:
    slug: str = "2026-11-23-mise_en_demeure"
    html: str = f"<h1>Mise en demeure</h1>{BODY}"
    title: str = "Mise en demeure — Novatech SAS"
    author: str = "Atelier Bernard SARL"
    date: dt.date = dt.date(2026, 11, 23)
    attachments: tuple[Path, ...] = ()
    pdfa: bool = False


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("templates")
    fonts = root / "assets" / "fonts"
    fonts.mkdir(parents=True)
    for name in ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"):
        shutil.copy(resources.builtin_templates() / "assets" / "fonts" / name, fonts / name)
    (root / "assets" / "letter.css").write_text(CSS, encoding="utf-8")
    (root / "assets" / "dot.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>'
    )
    return root


@pytest.fixture(scope="module")
def writer(templates: Path) -> PdfWriter:
    return PdfWriter([templates])


@pytest.fixture(scope="module")
def long_pdf(writer: PdfWriter) -> bytes:
    return writer.write(Letter(html="<h1>Mise en demeure</h1>" + BODY * 40))


def _text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _fonts(data: bytes) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[1])
    return names


def test_text_pages_and_fonts(long_pdf: bytes) -> None:
    text = _text(long_pdf)
    assert "Mise en demeure" in text
    assert "18 040,00 €" in text
    assert "article 1344-1 du Code civil" in text
    assert len(pypdf.PdfReader(io.BytesIO(long_pdf)).pages) == 3
    assert _fonts(long_pdf) == {"LetterSerif", "LetterSerif-Bold"}


def test_metadata_comes_from_the_letter(long_pdf: bytes) -> None:
    meta = pypdf.PdfReader(io.BytesIO(long_pdf)).metadata
    assert meta["/Title"] == "Mise en demeure — Novatech SAS"
    assert meta["/Author"] == "Atelier Bernard SARL"
    assert meta["/CreationDate"] == "D:20261123000000+00'00"
    assert meta["/ModDate"] == "D:20261123000000+00'00"


def test_same_bytes_from_a_warm_and_a_fresh_writer(writer: PdfWriter, templates: Path) -> None:
    first = writer.write(Letter())
    assert writer.write(Letter()) == first
    assert PdfWriter([templates]).write(Letter()) == first


def test_files_inside_the_template_folders_are_used(writer: PdfWriter, templates: Path) -> None:
    html = f'<p>Logo</p><img src="{(templates / "assets" / "dot.svg").as_uri()}"><img src="assets/dot.svg">'
    result = writer.write_logged(Letter(html=html))
    assert result.messages == ()
    assert result.data.startswith(b"%PDF-")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "assets/../../outside.png", "ftp://127.0.0.1/x.png"])
def test_a_resource_outside_the_template_folders_is_refused(writer: PdfWriter, templates: Path, url: str) -> None:
    (templates.parent / "outside.png").write_bytes(b"not really")
    target = (templates / url).resolve().as_uri() if url.startswith("assets/") else url
    with pytest.raises(RelanceError) as caught:
        writer.write(Letter(html=f'<img src="{url}">'))
    assert caught.value.message == (
        f"2026-11-23-mise_en_demeure: a resource could not be used: refused: {target} (only files in "
        "the template folders may be used); use only files inside the template folders (letter_templates/)"
    )


def test_an_attachment_link_cannot_exfiltrate_a_file(writer: PdfWriter) -> None:
    with pytest.raises(RelanceError, match="refused: file:///etc/hostname"):
        writer.write(Letter(html='<link rel="attachment" href="file:///etc/hostname"><p>x</p>'))


def test_http_is_never_requested(writer: PdfWriter) -> None:
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for html in (
            f'<img src="{url}/logo.png">',
            f'<link rel="stylesheet" href="{url}/evil.css">',
            f'<style>@import "{url}/import.css";</style><p>x</p>',
        ):
            with pytest.raises(RelanceError, match="refused: http://127.0.0.1"):
                writer.write(Letter(html=html))
    finally:
        server.shutdown()
        server.server_close()
    assert requests == []


def test_sandbox_rules(templates: Path, tmp_path: Path) -> None:
    fetcher = SandboxFetcher([templates])
    (tmp_path / "secret.txt").write_text("secret")
    (templates / "assets" / "link.txt").unlink(missing_ok=True)
    (templates / "assets" / "link.txt").symlink_to(tmp_path / "secret.txt")
    assert fetcher.allows((templates / "assets" / "letter.css").as_uri())
    assert fetcher.allows("data:text/plain,hello")
    assert not fetcher.allows((templates / "assets" / "link.txt").as_uri())
    assert not fetcher.allows((tmp_path / "secret.txt").as_uri())
    assert not fetcher.allows("https://example.org/x.css")
    assert not fetcher.allows("file://otherhost/etc/passwd")


@pytest.mark.weasyprint_warnings  # the warning is what the test is about
def test_css_problems_are_reported(writer: PdfWriter) -> None:
    result = writer.write_logged(Letter(html="<p style='width: banana'>Bonjour</p>"))
    assert result.messages == ("warning: Ignored `width: banana` at 1:1, invalid value.",)
    assert writer.write_logged(Letter()).messages == ()


def test_pdfa_3b_with_the_invoice_attached(writer: PdfWriter, tmp_path: Path) -> None:
    invoice = tmp_path / "F-2024-053.pdf"
    invoice.write_bytes(writer.write(Letter(html="<p>Facture F-2024-053</p>")))
    letter = Letter(attachments=(invoice,), pdfa=True)
    data = writer.write(letter)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert list(reader.attachments) == ["F-2024-053.pdf"]
    assert reader.attachments["F-2024-053.pdf"] == [invoice.read_bytes()]
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]
    invoice.touch()  # the file's own dates must not leak into the PDF
    assert writer.write(letter) == data


def test_no_stylesheet_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RelanceError) as caught:
        PdfWriter([tmp_path])
    assert caught.value.message == (
        f"no assets/letter.css in the template folders ({tmp_path.resolve()}): restore the built-in one or add your own"
    )


def test_missing_harfbuzz_subset_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf._ffi, "harfbuzz_subset", None)
    with pytest.raises(RelanceError) as caught:
        pdf._check_harfbuzz_subset()
    assert caught.value.message == (
        "PDF writing needs the HarfBuzz subsetting library (libharfbuzz-subset), which was not found: "
        "install libharfbuzz-subset0 (Debian/Ubuntu: apt-get install libharfbuzz-subset0)"
    )
