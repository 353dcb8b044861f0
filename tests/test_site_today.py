"""The site's index opens on the worklist of the day, in French, each line linked to its case."""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.build import build_all
from generator.site import LETTER_NAMES

FIXTURE = Path(__file__).parent / "fixtures" / "due"


def test_the_index_opens_on_what_is_to_be_done_today(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "repo")
    root = tmp_path / "repo"
    with contextlib.redirect_stderr(io.StringIO()):
        build_all([root / "cases"], out=root / "output", html_only=True, as_of=dt.date(2025, 3, 20))
    page = (root / "output" / "index.html").read_text(encoding="utf-8")
    assert page.index("À faire aujourd'hui") < page.index("<h1>Dossiers</h1>")
    section = page[page.index('<section class="today">') : page.index("</section>")]
    lines = [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", item)).split())
        for item in re.findall(r"<li.*?</li>", section, re.S)
    ]
    assert lines[:4] == [
        "15/04/2025 Julie Perrin : prescription le 15/04/2025 : saisir le juge ou faire signer une reconnaissance "
        "de dette ( reconnaissance_dette ) avant cette date",
        "12/03/2025 Novatech SAS : délai de la mise en demeure expiré sans paiement complet (3 091,88 €) : étape "
        "suivante, procédure simplifiée de recouvrement des petites créances (art. L125-1 CPCE, jusqu'à 5 000 €)",
        "12/03/2025 Novatech SAS : délai de la mise en demeure expiré sans paiement complet (12 247,52 €) : étape "
        "suivante, requête en injonction de payer (art. 1405 CPC)",
        "04/06/2023 Julie Perrin : Mise en demeure à préparer, en retard depuis le 04/06/2023 ( relance due --prepare )",
    ]
    assert len(lines) == 10  # the ten things to do of tests/test_worklist.py on that day; no waiting case
    assert '<a href="cases/g-notice-small/index.html">Novatech SAS</a>' in section
    assert "dossier illisible : corriger les erreurs signalées" in lines[-1]


def test_a_blocked_letter_shows_its_reasons_on_the_index_row(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "repo")
    root = tmp_path / "repo"
    case = root / "cases" / "m-prepared.yaml"
    case.write_text(
        case.read_text(encoding="utf-8").replace(
            "{type: relance_1, date: 2025-02-07}", "{type: relance_1, date: 2025-01-20}"
        ),
        encoding="utf-8",
    )
    for _ in range(2):  # the second build skips the unchanged case: the reasons come from the manifest
        with contextlib.redirect_stderr(io.StringIO()):
            build_all([root / "cases"], out=root / "output", html_only=True, as_of=dt.date(2025, 3, 20))
        page = (root / "output" / "index.html").read_text(encoding="utf-8")
        row = next(r for r in re.findall(r"<tr.*?</tr>", page, re.S) if "cases/m-prepared/" in r)
        reasons = [
            " ".join(html.unescape(re.sub(r"<[^>]+>", " ", li)).split())
            for li in re.findall(r"<li>.*?</li>", row, re.S)
        ]
        assert reasons == [
            "Première relance du 20/01/2025 : la lettre ne réclame aucune facture au 20/01/2025 : la "
            "facture M-1 arrive à échéance le 31/01/2025"
        ]


def test_the_table_is_complete_without_javascript(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "repo")
    root = tmp_path / "repo"
    with contextlib.redirect_stderr(io.StringIO()):
        build_all([root / "cases"], out=root / "output", html_only=True, as_of=dt.date(2025, 3, 20))
    page = (root / "output" / "index.html").read_text(encoding="utf-8")
    assert '<script src="assets/table.js" defer></script>' in page
    assert (root / "output" / "assets" / "table.js").is_file()
    table = page[page.index('<table class="cases">') : page.index("</table>")]
    assert table.count('<tr class="') == 13  # every case, in file order, with no script at all
    assert "<input" not in page  # the filter box is the script's: no dead control without it


NODE_CHECK = """
const t = require(process.argv[1]);
const keys = ["15\\u202f000,00\\u00a0€", "—", "2 500,00 €", "Zoé", "zebre", "12/05/2026", "01/06/2025"].map(t.cellKey);
const order = keys.map((k, i) => [k, i]).sort((a, b) => t.compareKeys(a[0], b[0])).map(p => p[1]);
console.log(JSON.stringify({order, filter: [t.matches("Société Générale", " societe "), t.matches("Vidal", "dupont")]}));
"""


def test_sorting_reads_french_amounts_and_dates_and_filtering_ignores_accents() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the table script's sorting is not checked here")
    script = Path(__file__).resolve().parent.parent / "letter_templates" / "assets" / "table.js"
    out = subprocess.run([node, "-e", NODE_CHECK, str(script)], capture_output=True, text=True, check=True).stdout
    # empty first, then figures in order (2 500 < 15 000 < 1 June 2025 < 12 May 2026 as yyyymmdd), then words
    assert json.loads(out) == {"order": [1, 2, 0, 6, 5, 4, 3], "filter": [True, False]}


# A masculine letter ("Échéancier", "Rappel de courtoisie") once read "Échéancier prête": the
# lines name the letter and say what to do without an adjective that must agree with it.
@pytest.mark.parametrize("letter", sorted(LETTER_NAMES))
def test_the_index_lines_read_right_for_every_letter(tmp_path: Path, letter: str) -> None:
    from generator import cases, render
    from generator.dueitems import Item
    from generator.i18n import msg
    from generator.site import Site

    repo = cases.load_repository(tmp_path)
    site = Site(repo, [Path(p) for p in render.Renderer(repo).search_path()])
    day = dt.date(2026, 11, 2)
    case = tmp_path / "cases" / "x.yaml"
    todo = [
        Item(case, "x", "send", day, msg("sent"), letter=letter, request=0, debtor="Novatech SAS"),
        Item(case, "x", "letter", day, msg("due"), letter=letter, debtor="Novatech SAS"),
    ]
    page = site.index_page([], dt.date(2026, 11, 23), todo)
    section = page[page.index('<section class="today">') : page.index("</section>")]
    lines = [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", i)).split()) for i in re.findall(r"<li.*?</li>", section, re.S)
    ]
    name = LETTER_NAMES[letter]
    assert lines == [
        f"02/11/2026 Novatech SAS : {name} à envoyer : imprimer, poster puis enregistrer "
        "( relance record cases/x.yaml --letter 1 )",
        f"02/11/2026 Novatech SAS : {name} à préparer, en retard depuis le 02/11/2026 ( relance due --prepare )",
    ]
