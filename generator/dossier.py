"""The court file: one PDF with the document, then every piece of its bordereau, numbered across.

A lawyer files the request with its pieces attached (CPC 1407): the dossier is the document's PDF
followed by each piece in the bordereau's order, every page stamped "page N / M" across the whole,
and the piece's number on its pages. Merged with pypdf (pages are copied, never re-rendered, so an
invoice or the archived mise en demeure keeps its exact content); the stamps come from
generator/pdf.py. Same inputs, same bytes.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Sequence
from pathlib import Path

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.errors import PdfReadError

from generator import court
from generator.cases import LoadedCase
from generator.context import TITLES
from generator.court import Piece
from generator.errors import RelanceError, describe
from generator.letters import COURT_DOCUMENTS
from generator.manifest import Manifest, safe_remove, write_if_changed
from generator.outcomes import LetterOutcome

A4 = (595.28, 841.89)  # points: the size of the stamp pages


def labels(document_pages: int, piece_pages: Sequence[tuple[Piece, int]], title: str) -> list[str]:
    """One label per page of the dossier, in order: "Requête — page 1 / 5", "Pièce n° 1 — page 3 / 5"."""
    total = document_pages + sum(count for _, count in piece_pages)
    found = [f"{title} — page {n} / {total}" for n in range(1, document_pages + 1)]
    for piece, count in piece_pages:
        start = len(found)
        found += [f"Pièce n° {piece.number} — page {start + n} / {total}" for n in range(1, count + 1)]
    return found


def assemble(document: bytes, pieces: Sequence[Piece], title: str, stamp: Callable[[list[str]], bytes]) -> bytes:
    """The dossier's bytes; a missing or unreadable piece is a RelanceError naming it."""
    readers = [_reader(document, title)]
    for piece in pieces:
        if piece.missing or piece.path is None:
            raise RelanceError(
                f"piece {piece.number} ({piece.title}) is missing ({piece.where}): the dossier cannot be assembled"
            )
        readers.append(_reader(piece.path.read_bytes(), f"piece {piece.number} ({piece.path.name})"))
    writer = PdfWriter()
    for reader in readers:
        writer.append(reader)
    counts = [(piece, len(reader.pages)) for piece, reader in zip(pieces, readers[1:], strict=True)]
    overlay = PdfReader(io.BytesIO(stamp(labels(len(readers[0].pages), counts, title))))
    for page, mark in zip(writer.pages, overlay.pages, strict=True):
        box = page.mediabox
        # The stamp sits at the top right of an A4 sheet: moved to the top right of this page.
        move = Transformation().translate(float(box.right) - A4[0], float(box.top) - A4[1])
        page.merge_transformed_page(mark, move)
    writer.add_metadata({"/Title": title, "/Producer": "relance", "/Creator": "relance"})
    return _bytes(writer)


def _reader(data: bytes, what: str) -> PdfReader:
    try:
        return PdfReader(io.BytesIO(data))
    except (PdfReadError, ValueError, OSError) as exc:
        raise RelanceError(f"{what}: not a readable PDF ({exc}); replace the file") from None


def _bytes(writer: PdfWriter) -> bytes:
    # pypdf writes no /ID and no date unless asked: the bytes depend on the pages alone.
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def dossier_name(letter_slug: str) -> str:
    return f"{letter_slug}-dossier.pdf"


def build_case(
    out: Path,
    slug: str,
    loaded: LoadedCase,
    letters: Sequence[LetterOutcome],
    manifest: Manifest,
    previous: Manifest,
    search_path: Sequence[Path],
    used: set[Path],
) -> list[str]:
    """Write ``cases/<slug>/<letter>-dossier.pdf`` for each court document of the case just built.

    Returns the problems to print; the pieces join the case's inputs (``used``), so that a
    replaced invoice PDF assembles the dossier again.
    """
    from generator import pdf

    problems = []
    for letter in letters:
        if letter.type not in COURT_DOCUMENTS or letter.pdf is None:
            continue
        name = f"cases/{slug}/{dossier_name(letter.slug)}"
        if letter.status == "sent":  # filed: the dossier filed with it stays as it was
            manifest.keep(name, previous)
            if (out / name).is_file():
                letter.dossier = dossier_name(letter.slug)
            continue
        if letter.status not in ("built", "unchanged"):
            continue
        request = loaded.case.letters[letter.index]
        found = court.pieces(loaded, request)
        used.update(p.path.resolve() for p in found if p.path is not None)
        try:
            data = assemble(
                (out / "cases" / slug / letter.pdf).read_bytes(),
                found,
                TITLES[letter.type],
                functools.partial(pdf.stamp_pages, search_path=search_path, day=request.date),
            )
        except (RelanceError, OSError) as exc:
            safe_remove(out / name)  # a stale dossier must not pass for this document's
            problems.append(f"failed: {name}: {describe(exc)}")
            continue
        write_if_changed(out, name, data, manifest)
        letter.dossier = dossier_name(letter.slug)  # the site links it beside the document's PDF
    return problems
