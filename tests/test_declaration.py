"""The déclaration de créance (generator/declaration.py, generator/rules/declaration.py).

The worked example: Novatech SAS is placed in redressement judiciaire by the Tribunal de commerce de
Lyon on 2 April 2024; the BODACC publishes it on 12 April 2024. Invoice 2024-053 (18 000,00 €, due
15 February 2024) is due at the opening: penalties at 14,50 % from 16 February to 2 April 2024, 47
days, 18 000 × 14,50 % × 47 / 365 = 336,08 €, then nothing more (C. com. L622-28); 40 € indemnity:
18 376,08 € due. Invoice 2024-061 (6 000,00 €, due 19 April 2024) is not yet due: declared at its
amount with its date. Declared in all: 24 376,08 €. Time limit: 12 April + 2 months = 12 June 2024
(a Wednesday), a warning from 13 May 2024; four months for a creditor outside the court's territory:
12 August 2024 (a Monday).
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from casebuilder import DELETE
from test_court import blank_pdf, findings, loaded_case, repo

from generator import cases, declaration, validate
from generator.letters import LETTER_TYPES
from generator.proceedings import CollectiveProceedings, Mandataire
from generator.render import Renderer

OPENED = dt.date(2024, 4, 2)
PUBLISHED = dt.date(2024, 4, 12)
DATE = dt.date(2024, 4, 20)
PROCEEDINGS = {
    "procedure": "redressement_judiciaire",
    "court": "Tribunal de commerce de Lyon",
    "opened": OPENED,
    "published": PUBLISHED,
    "case_number": "2024J00123",
    "mandataire": {"name": "SELARL MJ Rhône, Me Anne Girard", "address": ["3 quai Jules Courmont", "69002 Lyon"]},
}
DECLARE: dict[str, Any] = {
    "debtor.insolvency": PROCEEDINGS,
    "invoices.1": {
        "number": "2024-061",
        "issued": dt.date(2024, 3, 20),
        "due": dt.date(2024, 4, 19),
        "amount": "6000.00",
        "pdf": "pieces/2024-061.pdf",
    },
    "letters.0": {"type": "declaration_creance", "date": DATE},
}


def declared(tmp_path: Path, changes: dict[str, Any] | None = None) -> Path:
    path = repo(tmp_path, {**copy.deepcopy(DECLARE), **(changes or {})})
    blank_pdf(tmp_path / "pieces" / "2024-061.pdf")
    return path


def proceedings(published: dt.date | None, outside: bool = False) -> CollectiveProceedings:
    return CollectiveProceedings(
        procedure="sauvegarde",
        court="TC",
        opened=dt.date(2024, 1, 2),
        published=published,
        mandataire=Mandataire(name="M", address=["x"]),
        creditor_outside_territory=outside,
    )


def test_a_complete_declaration_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert findings(declared(tmp_path), as_of=DATE) == []


def test_the_sums_are_taken_at_the_opening_judgment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    loaded = loaded_case(declared(tmp_path))
    found = declaration.declaration(loaded, loaded.case.letters[0])
    assert found is not None
    assert found.statement.at == OPENED  # not the declaration's date: interest stopped (L622-28)
    assert [(a.invoice.number, a.balance, a.interest, a.indemnity, a.total) for a in found.due] == [
        ("2024-053", Decimal("18000.00"), Decimal("336.08"), Decimal("40.00"), Decimal("18376.08"))
    ]
    assert [(a.invoice.number, a.invoice.due, a.balance) for a in found.not_due] == [
        ("2024-061", dt.date(2024, 4, 19), Decimal("6000.00"))
    ]
    assert (found.due_total, found.not_due_total, found.total) == (
        Decimal("18376.08"),
        Decimal("6000.00"),
        Decimal("24376.08"),
    )
    assert found.limit == dt.date(2024, 6, 12)


def test_the_declaration_states_what_the_law_asks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    loaded = loaded_case(declared(tmp_path))
    text = Renderer(loaded.repo).render_letter(loaded, 0, assets_href=None).text.text
    text = text.replace("\u202f", " ").replace("\xa0", " ")
    for phrase in (
        "SELARL MJ Rhône, Me Anne Girard, mandataire judiciaire",
        "Procédure : redressement judiciaire ouverte à l'égard de Novatech SAS par jugement du Tribunal de "
        "commerce de Lyon du 2 avril 2024 (n° 2024J00123), publié au BODACC le 12 avril 2024.",
        "2024-053 15/02/2024 18 000,00 € 336,08 € 40,00 € 18 376,08 €",
        "Total échu au 2 avril 2024 18 376,08 €",
        "2024-061 19 avril 2024 6 000,00 €",
        "Montant total déclaré : 24 376,08 € (vingt-quatre mille trois cent soixante-seize euros et huit centimes).",
        "(article L622-28 du Code de commerce) : les pénalités de retard ci-dessus sont arrêtées au 2 avril 2024",
        "elle est déclarée à titre chirographaire",
        "Pièce n° 1 Facture n° 2024-053 du 16 janvier 2024",
        "Pièce n° 2 Facture n° 2024-061 du 20 mars 2024",
        "Fait à Lyon, le 20 avril 2024",
    ):
        assert phrase in text, phrase
    assert "Mise en demeure du" not in text  # the declaration replaces it: no notice among the pieces


def test_securities_and_a_pending_case_are_stated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    security = "Clause de réserve de propriété, article 8 des conditions générales acceptées le 3 janvier 2024"
    path = declared(
        tmp_path,
        {
            "debtor.insolvency.securities": [security],
            "debtor.insolvency.pending_case": "le Tribunal de commerce de Lyon (RG 24/0042)",
        },
    )
    assert findings(path, as_of=DATE) == []
    loaded = loaded_case(path)
    text = Renderer(loaded.repo).render_letter(loaded, 0, assets_href=None).text.text
    assert security in text
    assert "chirographaire" not in text
    assert "instance en cours devant le Tribunal de commerce de Lyon (RG 24/0042)" in text


@pytest.mark.parametrize(
    ("published", "outside", "limit"),
    [
        (dt.date(2024, 4, 12), False, dt.date(2024, 6, 12)),  # two months, a Wednesday
        (dt.date(2024, 4, 12), True, dt.date(2024, 8, 12)),  # four months, a Monday
        (dt.date(2025, 12, 31), False, dt.date(2026, 3, 2)),  # no 31 February: the 28th, a Saturday: Monday
        (dt.date(2026, 3, 14), True, dt.date(2026, 7, 15)),  # 14 July is a public holiday
        (dt.date(2026, 6, 30), False, dt.date(2026, 8, 31)),  # 30 August 2026 is a Sunday
        (dt.date(2024, 8, 12), False, dt.date(2024, 10, 14)),  # 12 October 2024 is a Saturday
    ],
)
def test_the_time_limit_worked_examples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, published: dt.date, outside: bool, limit: dt.date
) -> None:
    monkeypatch.chdir(tmp_path)
    loaded = loaded_case(declared(tmp_path))
    assert declaration.time_limit(loaded, proceedings(published, outside)) == limit


def test_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    assert declaration.add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert declaration.add_months(dt.date(2023, 12, 31), 2) == dt.date(2024, 2, 29)
    assert declaration.add_months(dt.date(2024, 11, 15), 4) == dt.date(2025, 3, 15)
    assert declaration.add_months(dt.date(2024, 8, 31), 6) == dt.date(2025, 2, 28)


NEAR = (
    "cases/x.yaml:{line}: letters[0].date: [warning declaration.time-limit-near] the time limit to declare ends "
    "on 2024-06-12 (2 months from the BODACC publication of 2024-04-12), {days} days after the declaration's "
    "date (fix: send it to the mandataire so that it arrives by 2024-06-12)"
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 5, 12), []),  # 31 days before: nothing
        (dt.date(2024, 5, 13), [NEAR.format(line=31, days=30)]),  # 30 days before: warning
        (dt.date(2024, 6, 12), [NEAR.format(line=31, days=0)]),  # the last day: still in time
        (
            dt.date(2024, 6, 13),
            [
                "cases/x.yaml:31: letters[0].date: [error declaration.time-limit] the time limit to declare ended on "
                "2024-06-12 (2 months from the BODACC publication of 2024-04-12): the claim is foreclosed (fix: ask the "
                "juge-commissaire for relief (relevé de forclusion, L622-26) by 2024-10-14, then declare within the time "
                "the order gives)"
            ],
        ),
    ],
)
def test_a_warning_from_30_days_before_and_an_error_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, day: dt.date, expected: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    found = findings(declared(tmp_path, {"letters.0.date": day}), as_of=day)
    assert [f for f in found if "time-limit" in f] == expected


def test_a_creditor_outside_the_territory_has_four_months(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    day = dt.date(2024, 6, 20)  # past two months, within four
    path = declared(tmp_path, {"letters.0.date": day, "debtor.insolvency.creditor_outside_territory": True})
    assert [f for f in findings(path, as_of=day) if "time-limit" in f] == []


BLOCKED = [
    (
        "details missing",
        {"debtor.insolvency": "collective_proceedings"},
        "cases/x.yaml:15: debtor.insolvency: [error declaration.proceedings] the proceedings' details are not given: "
        "the declaration names the procedure, the court, the opening judgment and the mandataire (fix: write "
        "debtor.insolvency as procedure:, court:, opened:, published:, mandataire: {name, address})",
    ),
    (
        "no proceedings",
        {"debtor.insolvency": "none"},
        "cases/x.yaml:23: letters[0].type: [error declaration.proceedings] the debtor is not in collective "
        "proceedings: there is no mandataire to declare the claim to (fix: record the proceedings under "
        "debtor.insolvency, or request another letter)",
    ),
    (
        "before the opening",
        {"letters.0.date": dt.date(2024, 4, 1)},
        "cases/x.yaml:31: letters[0].date: [error declaration.after-opening] the declaration is dated 2024-04-01, "
        "before the opening judgment of 2024-04-02 (fix: date it 2024-04-02 or later)",
    ),
    (
        "invoice PDF missing",
        {"invoices.1.pdf": DELETE},
        "cases/x.yaml:31: letters[0]: [error court.pieces] piece 2 (Facture n° 2024-061 du 20 mars 2024) is missing: "
        "no file is named (invoices[1].pdf) (fix: give the file in invoices[1].pdf, relative to the repository root)",
    ),
    (
        "no debtor SIREN",
        {"debtor.siren": DELETE},
        "cases/x.yaml:8: debtor.siren: [error court.identity] the debtor's SIREN is not given: the declaration_creance "
        "must name it (fix: add debtor.siren)",
    ),
]


@pytest.mark.parametrize(("what", "changes", "message"), BLOCKED, ids=[b[0] for b in BLOCKED])
def test_each_condition_blocks_the_declaration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str, changes: dict[str, Any], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    path = declared(tmp_path, changes)
    assert message in findings(path, as_of=DATE), findings(path, as_of=DATE)
    report = validate.check_one(path, cases.load_repository(tmp_path), DATE)
    assert report.blocked(0)


def test_no_publication_date_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    found = findings(declared(tmp_path, {"debtor.insolvency.published": DELETE}), as_of=DATE)
    assert found == [
        "cases/x.yaml:15: debtor.insolvency: [warning declaration.published] the BODACC publication date is not "
        "given: the time limit to declare (two months from it) cannot be computed (fix: add "
        "debtor.insolvency.published: the date the BODACC published the opening judgment)"
    ]


@pytest.mark.parametrize("letter", [t for t in LETTER_TYPES if t != "declaration_creance"])
def test_collective_proceedings_allow_the_declaration_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, letter: str
) -> None:
    monkeypatch.chdir(tmp_path)
    path = declared(tmp_path, {"letters.1": {"type": letter, "date": DATE}})
    report = validate.check_one(path, cases.load_repository(tmp_path), DATE)
    assert f"the debtor is in collective proceedings: no {letter} may be sent" in [
        f.message for f in report.findings if f.rule == "debtor.insolvency"
    ]
    assert report.blocked(1)
    assert not report.blocked(0)


# --- relance due ------------------------------------------------------------------------------

DUE_TODAY = (
    "legal_step",
    OPENED,
    "declaration_creance",
    "collective proceedings opened on 2024-04-02: declare the claim to SELARL MJ Rhône, Me Anne Girard by "
    "2024-06-12; request a declaration_creance in letters:",
)


@pytest.mark.parametrize(
    ("changes", "day", "expected"),
    [
        ({"letters.0": DELETE}, DATE, DUE_TODAY),
        (
            {"letters.0": DELETE, "debtor.insolvency.published": DELETE},
            DATE,
            (
                "legal_step",
                OPENED,
                "declaration_creance",
                "collective proceedings opened on 2024-04-02: declare the claim to SELARL MJ Rhône, Me Anne Girard within two "
                "months of the BODACC publication (give its date); request a declaration_creance in letters:",
            ),
        ),
        (
            {"letters.0": DELETE},
            dt.date(2024, 6, 13),
            (
                "legal_step",
                OPENED,
                "declaration_creance",
                "the time limit to declare the claim ended on 2024-06-12: ask the juge-commissaire for relief (relevé de "
                "forclusion) by 2024-10-14",
            ),
        ),
        (
            {},
            DATE,
            (
                "send",
                DATE,
                "declaration_creance",
                "letters[0] (declaration_creance dated 2024-04-20) is prepared and not recorded as sent: build it, post "
                "it and record it (relance record cases/x.yaml --letter 1)",
            ),
        ),
        (
            {
                "events.2": {
                    "date": dt.date(2024, 4, 22),
                    "type": "letter",
                    "letter": "declaration_creance",
                    "channel": "lrar",
                }
            },
            dt.date(2024, 5, 2),
            (
                "nothing",
                dt.date(2024, 4, 22),
                "declaration_creance",
                "claim declared to SELARL MJ Rhône, Me Anne Girard on 2024-04-22",
            ),
        ),
    ],
)
def test_due_proposes_the_declaration_with_its_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changes: dict[str, Any], day: dt.date, expected: tuple[Any, ...]
) -> None:
    from generator.worklist import case_worklist

    monkeypatch.chdir(tmp_path)
    loaded = loaded_case(declared(tmp_path, changes))
    items = [i for i in case_worklist(loaded, day) if i.kind != "prescription"]
    assert [(i.kind, i.date, i.letter, str(i.reason)) for i in items] == [expected]


def test_prepare_writes_the_declaration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    monkeypatch.chdir(tmp_path)
    path = declared(tmp_path, {"letters.0": DELETE})
    result = CliRunner().invoke(cli, ["due", "--prepare", str(path), "--as-of", DATE.isoformat(), "--force"])
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8").endswith("letters:\n- type: declaration_creance\n  date: 2024-04-20\n")
    assert findings(path, as_of=DATE) == []


def test_the_site_shows_the_declaration_to_make(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.build import build_all

    monkeypatch.chdir(tmp_path)
    declared(tmp_path, {"letters.0": DELETE})
    summary = build_all([tmp_path / "cases"], as_of=DATE, jobs=1, html_only=True)
    assert summary.problems == []
    index = (tmp_path / "output" / "index.html").read_text(encoding="utf-8")
    assert "procédure collective : déclaration de créance à adresser au mandataire judiciaire" in index


def test_no_rate_warning_once_interest_has_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    monkeypatch.chdir(tmp_path)
    day = dt.date(2098, 12, 15)  # 17 days before a half-year no rate table holds
    declared_case = findings(declared(tmp_path / "a", {"letters.0": DELETE}), as_of=day)
    assert not [f for f in declared_case if "rates.running-out" in f]
    ordinary = findings(repo(tmp_path / "b", {"letters.0": DELETE}), as_of=day)
    assert [f for f in ordinary if "rates.running-out" in f]


@pytest.mark.parametrize(
    ("old", "new", "missing"),
    [
        ("{{ proc.mandataire.name }}, ", "", "SELARL MJ Rhône, Me Anne Girard"),
        ("{{ account.invoice.due | date_long }}", "", "19 avril 2024"),
        ("(article L622-28 du Code de commerce)", "", "L622-28"),
        ('{% include "partials/court_pieces.html" %}', "", "Facture n° 2024-053 du 16 janvier 2024"),
        ("<strong>{{ declaration.total | money }}</strong>", "", "24 376,08 €"),
    ],
)
def test_a_template_that_drops_a_mention_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, missing: str
) -> None:
    monkeypatch.chdir(tmp_path)
    security = "Clause de réserve de propriété du 3 janvier 2024"
    path = declared(tmp_path, {"debtor.insolvency.securities": [security]})
    source = Path(validate.__file__).parent.parent / "letter_templates" / "letters" / "declaration_creance.html"
    text = source.read_text(encoding="utf-8")
    assert old in text
    own = tmp_path / "letter_templates" / "letters"
    own.mkdir(parents=True)
    (own / "declaration_creance.html").write_text(text.replace(old, new), encoding="utf-8")
    found = findings(path, as_of=DATE)
    assert any(
        f'[error text.declaration-contents] the declaration_creance does not state "{missing}"'
        in f.replace("\u202f", " ").replace("\xa0", " ")
        for f in found
    ), found


def test_a_security_dropped_from_the_text_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    security = "Clause de réserve de propriété du 3 janvier 2024"
    path = declared(tmp_path, {"debtor.insolvency.securities": [security]})
    source = Path(validate.__file__).parent.parent / "letter_templates" / "letters" / "declaration_creance.html"
    own = tmp_path / "letter_templates" / "letters"
    own.mkdir(parents=True)
    (own / "declaration_creance.html").write_text(
        source.read_text(encoding="utf-8").replace("<li>{{ security }}</li>", "<li>une sûreté</li>"), encoding="utf-8"
    )
    assert any(f'does not state "{security}"' in f for f in findings(path, as_of=DATE))


def test_the_case_page_shows_the_figures_at_the_opening_judgment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.build import build_all

    monkeypatch.chdir(tmp_path)
    declared(tmp_path)
    build_all([tmp_path / "cases"], as_of=dt.date(2024, 9, 1), jobs=1, html_only=True)
    page = (tmp_path / "output" / "cases" / "x" / "index.html").read_text(encoding="utf-8")
    page = page.replace("\u202f", " ").replace("\xa0", " ")
    assert "Décompte au 02/04/2024" in page  # not at 1 September: interest stopped (L622-28)
    assert "24 376,08 €" in page


def test_due_names_the_court_document_in_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.worklist import case_worklist

    monkeypatch.chdir(tmp_path)
    loaded = loaded_case(declared(tmp_path, {}))
    [item] = [i for i in case_worklist(loaded, DATE) if i.kind == "send"]
    assert item.message.render("fr") == (
        "déclaration de créance du 20/04/2024 (letters[0]) : à produire, à poster, puis à enregistrer (relance "
        "record cases/x.yaml --letter 1) ; son envoi n’est pas encore enregistré"
    )
