"""A case file with a schema error keeps its page: the located errors, and what can still be read."""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import io
import re
import shutil
from pathlib import Path

from generator import cases
from generator.build import build_all

FIXTURE = Path(__file__).parent / "fixtures" / "due"
AS_OF = dt.date(2025, 3, 20)


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _build(tmp_path: Path, name: str, text: str) -> tuple[str, str]:
    shutil.copytree(FIXTURE, tmp_path / "repo")
    root = tmp_path / "repo"
    (root / "cases" / name).write_text(text, encoding="utf-8")
    with contextlib.redirect_stderr(io.StringIO()):
        build_all([root / "cases"], out=root / "output", html_only=True, as_of=AS_OF)
    slug = name.removesuffix(".yaml")
    return (
        (root / "output" / "cases" / slug / "index.html").read_text(encoding="utf-8"),
        (root / "output" / "index.html").read_text(encoding="utf-8"),
    )


BAD_LETTER = """creditor: atelier
debtor: {kind: business, name: Durand Menuiserie SARL, address: ["3 rue Neuve", "69002 Lyon"]}
invoices:
  - {number: N-7, issued: 2025-01-01, due: 2025-01-31, amount: "600.00"}
events:
  - {date: 2025-02-07, type: letter, letter: relance_1, channel: email}
letters:
  - {type: relance_2, date: 2025-03-01, channel: pigeon}
"""


def test_a_case_whose_letter_request_is_invalid_shows_its_parties_invoices_and_history(tmp_path: Path) -> None:
    page, index = _build(tmp_path, "n-bad-letter.yaml", BAD_LETTER)
    text = _text(page)
    assert "<h1>Durand Menuiserie SARL" in page
    assert "Débiteur (professionnel) Durand Menuiserie SARL 3 rue Neuve 69002 Lyon" in text
    assert "N-7 01/01/2025 31/01/2025 600,00 €" in text
    assert "07/02/2025 Lettre envoyée : Première relance (email)" in text
    # The error is beside the letter it concerns, located, and not repeated among the case's checks.
    letters = _text(page[page.index('<section class="letters">') :])
    assert letters.startswith(
        "Lettres Deuxième relance du 01/03/2025 demande invalide Cette demande de lettre ( letters[0] ) ne respecte "
        "pas le format du dossier : aucune lettre du dossier n'est produite tant qu'elle n'est pas corrigée. "
        "Erreur letters[0].channel : 'pigeon' n’est pas une valeur permise"
    )
    assert re.search(r"schema.choice — \S*cases/n-bad-letter.yaml:8", letters)
    assert "Contrôles du dossier" not in page
    # The index row names the debtor, not the file, and carries the balance.
    row = next(r for r in re.findall(r"<tr.*?</tr>", index, re.S) if "n-bad-letter" in r)
    assert "Durand Menuiserie SARL" in row and "600,00" in row


def test_a_case_broken_elsewhere_shows_only_its_located_errors(tmp_path: Path) -> None:
    page, _ = _build(tmp_path, "o-bad-invoice.yaml", BAD_LETTER.replace('amount: "600.00"', "amount: lots"))
    text = _text(page)
    assert "<h1>o-bad-invoice.yaml" in page
    assert "Contrôles du dossier Erreur invoices[0].amount :" in text
    assert "Parties" not in text and "Factures" not in text


def test_the_shown_case_is_never_checked_nor_built(tmp_path: Path) -> None:
    path = tmp_path / "cases" / "n.yaml"
    path.parent.mkdir()
    (tmp_path / "relance.yaml").write_text((FIXTURE / "relance.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    path.write_text(BAD_LETTER, encoding="utf-8")
    result = cases.load_case(path, cases.load_repository(tmp_path))
    assert result.case is None  # the command line and the build still refuse the file
    assert result.shown is not None and result.shown.case.letters == []
    assert [f.field for f in result.findings] == ["letters[0].channel"]
