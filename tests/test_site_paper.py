"""The case page shows each letter as its PDF, the pages the post will carry, not an HTML look-alike."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import shutil
from pathlib import Path

from pypdf import PdfReader

from generator.build import build_all

FIXTURE = Path(__file__).parent / "fixtures" / "due"


def _build(tmp_path: Path, html_only: bool) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    for other in (root / "cases").glob("*.yaml"):
        if other.name != "m-prepared.yaml":
            other.unlink()
    with contextlib.redirect_stderr(io.StringIO()):
        build_all([root / "cases"], out=root / "output", html_only=html_only, as_of=dt.date(2025, 3, 20))
    return root / "output" / "cases" / "m-prepared"


def test_a_built_letter_is_shown_as_its_pdf_with_its_page_count(tmp_path: Path) -> None:
    folder = _build(tmp_path, html_only=False)
    page = (folder / "index.html").read_text(encoding="utf-8")
    pages = len(PdfReader(folder / "2025-02-07-relance_1.pdf").pages)
    assert f'<p class="paper-note">Le courrier tel qu\'il sera imprimé : {pages} page' in page
    embedded = re.search(r'<object class="paper" data="([^"#]+)#view=FitH" type="application/pdf"', page)
    assert embedded and (folder / embedded[1]).is_file()
    # Where the browser cannot show a PDF inline, the page says so and links to it.
    assert "Ce navigateur n'affiche pas les PDF dans la page :" in page
    assert '<a href="2025-02-07-relance_1.pdf">ouvrir le PDF</a>' in page
    assert "<iframe" not in page  # no HTML look-alike whose page breaks differ from the paper's


def test_without_pdf_the_html_preview_says_it_is_not_the_paper(tmp_path: Path) -> None:
    page = (_build(tmp_path, html_only=True) / "index.html").read_text(encoding="utf-8")
    assert "<object" not in page
    assert (
        "Aperçu HTML, sans PDF (construit avec --html-only) : la mise en page peut différer du courrier "
        "imprimé, dont seules les pages du PDF font foi."
    ) in page
    assert '<iframe src="2025-02-07-relance_1.html"' in page
