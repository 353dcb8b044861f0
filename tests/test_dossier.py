"""The court file (generator/dossier.py): the document, then every piece in order, numbered across."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from casebuilder import DELETE
from pypdf import PdfReader
from test_court import DATE, blank_pdf, loaded_case, repo

from generator import court, dossier
from generator.build import build_all
from generator.errors import RelanceError

STAMP = re.compile(r"(Requête en injonction de payer|Pièce n° [0-9]+) — page [0-9]+ / [0-9]+")
DOSSIER = "output/cases/x/2024-04-02-requete_injonction-dossier.pdf"
DOCUMENT = "output/cases/x/2024-04-02-requete_injonction.pdf"


def build(root: Path) -> None:
    build_all([root / "cases"], as_of=DATE, jobs=1)


def test_the_dossier_is_the_request_then_its_pieces_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    repo(tmp_path)
    blank_pdf(tmp_path / "pieces" / "2024-053.pdf", pages=3)  # an invoice of three pages
    build(tmp_path)
    document = PdfReader(tmp_path / DOCUMENT)
    pages = PdfReader(tmp_path / DOSSIER).pages
    own = len(document.pages)
    # the request, the invoice (3), the archived notice (2), the return receipt (1)
    assert len(pages) == own + 3 + 2 + 1
    total = len(pages)
    stamps = [[line for line in page.extract_text().splitlines() if STAMP.fullmatch(line)] for page in pages]
    assert all(len(found) == 1 for found in stamps), stamps
    stamps = [found[0] for found in stamps]
    assert stamps == (
        [f"Requête en injonction de payer — page {n} / {total}" for n in range(1, own + 1)]
        + [f"Pièce n° 1 — page {n} / {total}" for n in range(own + 1, own + 4)]
        + [f"Pièce n° 2 — page {n} / {total}" for n in range(own + 4, own + 6)]
        + [f"Pièce n° 3 — page {total} / {total}"]
    )
    # the request's own pages come first, unchanged in their text
    assert document.pages[0].extract_text() in pages[0].extract_text()


def test_the_dossier_is_byte_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    repo(tmp_path)
    build(tmp_path)
    first = (tmp_path / DOSSIER).read_bytes()
    build_all([tmp_path / "cases"], as_of=DATE, jobs=1, clean=True)
    assert (tmp_path / DOSSIER).read_bytes() == first


def test_a_missing_piece_blocks_the_document_and_its_dossier(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    repo(tmp_path, {"events.1.proof": DELETE})
    summary = build_all([tmp_path / "cases"], as_of=DATE, jobs=1)
    assert summary.blocked == 1
    assert summary.problems == [
        "blocked: cases/x.yaml:21: letters[0]: [error court.pieces] piece 3 (Avis de réception du 7 mars 2024) is "
        "missing: no file is named (events[1].proof) (fix: give the file in events[1].proof, relative to the "
        "repository root)"
    ]
    assert not (tmp_path / DOSSIER).exists()


def test_assemble_names_the_missing_piece(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    loaded = loaded_case(repo(tmp_path))
    pieces = court.pieces(loaded, loaded.case.letters[0])
    (tmp_path / "pieces" / "ar.pdf").unlink()
    with pytest.raises(RelanceError) as caught:
        dossier.assemble((tmp_path / "pieces" / "2024-053.pdf").read_bytes(), pieces, "Requête", lambda _: b"")
    assert str(caught.value) == (
        "piece 3 (Avis de réception du 7 mars 2024) is missing (events[1].proof): the dossier cannot be assembled"
    )


def test_a_piece_that_is_not_a_pdf_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    loaded = loaded_case(repo(tmp_path))
    pieces = court.pieces(loaded, loaded.case.letters[0])
    (tmp_path / "pieces" / "ar.pdf").write_bytes(b"a scan saved as text")
    with pytest.raises(RelanceError) as caught:
        dossier.assemble((tmp_path / "pieces" / "2024-053.pdf").read_bytes(), pieces, "Requête", lambda _: b"")
    assert str(caught.value).startswith("piece 3 (ar.pdf): not a readable PDF (")


def test_labels_number_the_pages_across_the_dossier() -> None:
    a = court.Piece(1, "Facture", None, "")
    b = court.Piece(2, "Mise en demeure", None, "")
    assert dossier.labels(2, [(a, 1), (b, 2)], "Requête") == [
        "Requête — page 1 / 5",
        "Requête — page 2 / 5",
        "Pièce n° 1 — page 3 / 5",
        "Pièce n° 2 — page 4 / 5",
        "Pièce n° 2 — page 5 / 5",
    ]


LINK = '<a href="2024-04-02-requete_injonction-dossier.pdf">Dossier complet avec les pièces (PDF)</a>'


def test_the_case_page_links_the_document_to_its_dossier(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    repo(tmp_path)
    build(tmp_path)
    page = tmp_path / "output" / "cases" / "x" / "index.html"
    assert LINK in page.read_text(encoding="utf-8")
    assert (tmp_path / DOSSIER).is_file()
    page.unlink()  # the next build restores the case from the manifest: the link stays
    build(tmp_path)
    assert LINK in page.read_text(encoding="utf-8")


def test_no_link_when_the_dossier_could_not_be_assembled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    repo(tmp_path)
    (tmp_path / "pieces" / "ar.pdf").write_bytes(b"a scan saved as text")
    summary = build_all([tmp_path / "cases"], as_of=DATE, jobs=1)
    assert [p for p in summary.problems if "dossier" in p]
    page = (tmp_path / "output" / "cases" / "x" / "index.html").read_text(encoding="utf-8")
    assert "Dossier complet" not in page


def test_the_declarations_dossier_is_the_declaration_then_the_invoices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_declaration import DATE as DECLARED
    from test_declaration import declared

    monkeypatch.chdir(tmp_path)
    declared(tmp_path)
    blank_pdf(tmp_path / "pieces" / "2024-061.pdf", pages=2)
    summary = build_all([tmp_path / "cases"], as_of=DECLARED, jobs=1)
    assert (summary.blocked, summary.problems) == (0, [])
    folder = tmp_path / "output" / "cases" / "x"
    own = len(PdfReader(folder / "2024-04-20-declaration_creance.pdf").pages)
    pages = PdfReader(folder / "2024-04-20-declaration_creance-dossier.pdf").pages
    assert len(pages) == own + 1 + 2  # no mise en demeure among the pieces: the declaration replaces it
    total = len(pages)
    stamp = re.compile(r"(Déclaration de créance|Pièce n° [0-9]+) — page [0-9]+ / [0-9]+")
    stamps = [next(line for line in page.extract_text().splitlines() if stamp.fullmatch(line)) for page in pages]
    assert stamps == (
        [f"Déclaration de créance — page {n} / {total}" for n in range(1, own + 1)]
        + [f"Pièce n° 1 — page {own + 1} / {total}"]
        + [f"Pièce n° 2 — page {n} / {total}" for n in range(own + 2, total + 1)]
    )
    assert "Dossier complet avec les pièces (PDF)" in (folder / "index.html").read_text(encoding="utf-8")


def test_a_clean_build_shows_ready_cases_as_ready(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The first index is written while the PDFs are queued; the case page and the last index must not
    # keep the status of that moment.
    monkeypatch.chdir(tmp_path)
    repo(tmp_path)
    summary = build_all([tmp_path / "cases"], as_of=DATE, jobs=1)
    assert (summary.built, summary.blocked) == (1, 0)
    for page in ("index.html", "cases/x/index.html"):
        text = (tmp_path / "output" / page).read_text(encoding="utf-8")
        assert 'class="status blocked">bloqué' not in text, page
