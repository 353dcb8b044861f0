"""The example letters (cases/) as a signer reads them: the PDFs' pages, numbers and layout."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdf
import pytest

from generator.build import build_all
from generator.letters import COURT_DOCUMENTS

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 23)
ANNEX = "Annexe — Décompte"
# The closing formula of every built-in letter ("… prions d'agréer …, … salutations …").
CLOSING = re.compile(r"agréer|salutations", re.IGNORECASE)
PAGE_NUMBER = re.compile(r"Page (\d+) / (\d+)")
# Text of the page before the closing formula, below which the page holds only the sign-off.
MIN_BODY_BEFORE_CLOSING = 80


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Each example letter's PDF name → the text of each of its pages.

    Court documents and their dossiers are left out: they end with a signature block of their own,
    not a letter's closing formula, and are checked in test_court.py and test_dossier.py. So are
    letters recorded as sent: their archived bytes never change, whatever the templates become.
    """
    archived = {path.read_bytes() for path in (ROOT / "archive").rglob("*.pdf")}
    out = tmp_path_factory.mktemp("demo")
    summary = build_all([ROOT / "cases"], out=out, jobs=2, as_of=AS_OF)
    assert summary.ok
    found = {
        path.relative_to(out / "cases").as_posix(): [page.extract_text() for page in pypdf.PdfReader(path).pages]
        for path in sorted((out / "cases").rglob("*.pdf"))
        if not any(kind in path.name for kind in COURT_DOCUMENTS) and path.read_bytes() not in archived
    }
    assert len(found) >= 10
    return found


def sign_off_problem(pages: list[str]) -> str | None:
    """Why the page that carries the closing and signature holds nothing else, or None."""
    annex = next((index for index, text in enumerate(pages) if ANNEX in text), len(pages))
    letter = pages[:annex] or pages[:1]
    last = len(letter)
    if last == 1:
        return None  # the first page carries the head and the whole letter
    match = CLOSING.search(letter[-1])
    if match is None:
        return f"page {last}, the last of the letter, has no closing formula"
    before = " ".join(letter[-1][: match.start()].split())
    if len(before) < MIN_BODY_BEFORE_CLOSING:
        return f"page {last} holds only the closing and the signature (before them: {before!r})"
    return None


def page_number_problems(pages: list[str]) -> list[str]:
    """Pages of a multi-page letter without their "Page N / M", or a one-page letter numbered."""
    total = len(pages)
    problems = []
    for index, text in enumerate(pages, start=1):
        numbers = PAGE_NUMBER.findall(text)
        expected = [(str(index), str(total))] if total > 1 else []
        if numbers != expected:
            problems.append(f"page {index} of {total} shows {numbers or 'no number'}")
    return problems


def test_no_page_holds_only_the_closing_and_signature(pdfs: dict[str, list[str]]) -> None:
    problems = {name: problem for name, pages in pdfs.items() if (problem := sign_off_problem(pages))}
    assert problems == {}


def test_the_sign_off_check_catches_a_lone_signature_page() -> None:
    body = "Nous vous demandons de régler la somme de 6 400,39 € au plus tard le 19 juin 2026. " * 3
    alone = [body, "Nous vous prions d'agréer, Madame, l'expression de nos salutations distinguées.\nStudio"]
    assert sign_off_problem(alone) == (
        'page 2 holds only the closing and the signature (before them: "Nous vous prions d\'")'
    )
    assert sign_off_problem([body, body + alone[1], f"{ANNEX} au 9 juin 2026"]) is None
    assert sign_off_problem([body, body]) == "page 2, the last of the letter, has no closing formula"


def test_every_page_of_a_multi_page_letter_is_numbered(pdfs: dict[str, list[str]]) -> None:
    problems = {name: found for name, pages in pdfs.items() if (found := page_number_problems(pages))}
    assert problems == {}
    assert any(len(pages) == 2 and ANNEX not in pages[1] for pages in pdfs.values())  # "1 / 2" is tried


def test_the_page_number_check_catches_a_missing_first_number() -> None:
    assert page_number_problems(["Objet", "Page 2 / 2"]) == ["page 1 of 2 shows no number"]
    assert page_number_problems(["Objet Page 1 / 1"]) == ["page 1 of 1 shows [('1', '1')]"]
    assert page_number_problems(["Page 1 / 2", "Page 2 / 2"]) == []


MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
# Each typographic defect a signer would correct by hand: what it is → a pattern over the PDF text.
DEFECTS = {
    # Justified lines stretch a no-break space too, and the text extraction adds a space for the
    # gap: only spaces with no no-break space before them are a defect.
    "ordinary space before a colon, semicolon, ! or ?": re.compile(r"(?<![ \u00a0\u202f]) +[:;!?](?=\s|$)"),
    "ordinary space inside « »": re.compile(r"« | »"),
    # "Facture n°" heads the invoice table: the next column's heading follows it.
    "ordinary space after n° or art.": re.compile(r"(?:n°|\bart\.) (?!Désignation)"),
    "ordinary space between day and month": re.compile(rf"\b(?:1er|\d{{1,2}}) (?:{MONTHS})\b"),
    "n° before several numbers (nos)": re.compile(r"\bfactures(?: impayées)?\s+n°"),
    "agreement: one invoice 'arrivée … et dues'": re.compile(r"arrivée à échéance et dues"),
    "the prosecutor named twice": re.compile(r"procureur de la République\s*:\s*procureur", re.IGNORECASE),
    "the 'Facture n°' header wraps": re.compile(r"Facture\s*\n\s*n°"),
    "straight apostrophe in a word": re.compile(r"\w'\w"),
}


def typography_defects(text: str) -> list[str]:
    """Each defect of :data:`DEFECTS` in ``text``, with the words around its first occurrence."""
    found = []
    for what, pattern in DEFECTS.items():
        if match := pattern.search(text):
            around = re.sub(r"\s*\n\s*", " ", text[max(0, match.start() - 20) : match.end() + 10])
            found.append(f"{what}: …{around}…")
    return found


def test_the_example_letters_follow_french_typography(pdfs: dict[str, list[str]]) -> None:
    problems = {name: found for name, pages in pdfs.items() if (found := typography_defects("\n".join(pages)))}
    assert problems == {}


@pytest.mark.parametrize(
    ("text", "defect"),
    [
        ("Objet : Relance", "ordinary space before a colon"),
        ("Madame ; Monsieur", "ordinary space before a colon, semicolon"),
        ("la gamme « Chartreuse\u00a0»", "ordinary space inside"),
        ("facture n° 2025-031", "ordinary space after n°"),
        ("(art. L441-10)", "ordinary space after n°"),
        ("le 8 juin 2026", "ordinary space between day"),
        ("le 1er décembre", "ordinary space between day"),
        ("factures n°\u00a0T25-1142, T25-1268", "n° before several"),
        ("factures impayées n°\u00a02025-1187", "n° before several"),
        ("la facture suivante, arrivée à échéance et dues à X", "agreement"),
        ("Déclaration au procureur de la République : Procureur de la République près le TJ", "the prosecutor"),
        ("Facture\nn°\u00a0 Désignation", "the 'Facture n°' header"),
        ("l'expression de nos salutations", "straight apostrophe"),
        ("au titre de l'article L441-10", "straight apostrophe"),
    ],
)
def test_each_typography_defect_is_caught(text: str, defect: str) -> None:
    assert [found for found in typography_defects(text) if found.startswith(defect)] != []


def test_well_set_french_passes_the_typography_check() -> None:
    text = (
        "Objet\u00a0: Relance — factures nos\u00a0T25-1142, T25-1268\u202f; facture n°\u00a02025-031 du "
        "8\u00a0juin 2026 (art.\u00a0L441-10), gamme «\u00a0Chartreuse\u00a0»\u202f? Échéance : 10:30, "
        "heart. Déclaration\u00a0: Procureur de la République près le TJ. Facture n°, l’expression"
    )
    assert typography_defects(text) == [
        "ordinary space before a colon, semicolon, ! or ?: …rtreuse\u00a0»\u202f? Échéance : 10:30, he…"
    ]
    assert typography_defects("deux reprises \u00a0 : notre") == []
