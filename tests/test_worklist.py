"""``relance due``: the fixture repository's worklist at several dates, written out by hand.

Each case of tests/fixtures/due/ holds one branch of the worklist; the expected lines below were
reckoned from the case files and the schedule (repository: relance_1 at +7 days, the rest at the
defaults -5/+15/+30/+45; c-own-schedule: relance_1 at +10), not copied from the output.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from generator import cases
from generator.cli import cli
from generator.events import LetterSent
from generator.worklist import case_worklist, worklist

FIXTURE = Path(__file__).parent / "fixtures" / "due"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    return tmp_path / "repo"


def lines(as_of: dt.date) -> list[str]:
    work = worklist([Path("cases")], as_of)
    return [f"{i.slug} {i.kind} {i.letter or i.procedure or '-'} {i.date}" for i in work.items]


def test_worklist_on_1_march_2025(repo: Path) -> None:
    assert (
        lines(dt.date(2025, 3, 1))
        == [
            "i-prescription prescription reconnaissance_dette 2025-04-15",  # consumer: 2 years from the work completed on 15 Apr 2023
            "i-prescription letter mise_en_demeure 2023-06-04",  # 20 May 2023 + (45 - 30) days
            "c-own-schedule letter relance_1 2025-02-10",  # the case's own +10 beats the repository's +7
            "g-notice-small letter relance_2 2025-02-15",  # the notice is dated after 1 March
            "h-notice-large letter relance_2 2025-02-15",
            "b-late-reminder letter relance_2 2025-02-28",  # relance_1 sent 20 Feb + (15 - 7) days
            "m-prepared send relance_1 2025-02-07",
            "l-broken error - 2025-03-01",
            "k-paid nothing - 2025-02-20",
            "d-dispute nothing - 2025-02-25",
            "f-plan nothing - 2025-03-01",  # the instalment of 1 March is not late on 1 March
            "a-rappel nothing rappel 2025-03-05",  # 10 March - 5 days, not yet
            "e-promise nothing - 2025-03-05",  # promised for 5 March
            "j-rates-missing nothing rappel 2098-01-26",
        ]
    )


def test_worklist_on_10_march_2025(repo: Path) -> None:
    got = lines(dt.date(2025, 3, 10))
    assert "a-rappel letter rappel 2025-03-05" in got  # before the due date: courtesy notice
    assert "e-promise letter relance_2 2025-03-06" in got  # promise broken: at once
    assert "g-notice-small nothing - 2025-03-11" in got  # 3 March + 8 days, a Tuesday
    assert "f-plan nothing - 2025-04-01" in got  # 1 March instalment paid
    assert len(got) == 14


def test_worklist_on_20_march_2025(repo: Path) -> None:
    got = lines(dt.date(2025, 3, 20))
    assert got[:3] == [
        "i-prescription prescription reconnaissance_dette 2025-04-15",
        "g-notice-small legal_step petites_creances 2025-03-12",
        "h-notice-large legal_step requete_injonction 2025-03-12",
    ]
    assert "a-rappel letter relance_1 2025-03-17" in got  # after the due date, no rappel: +7
    work = worklist([Path("cases")], dt.date(2025, 3, 20))
    small = next(i for i in work.items if i.slug == "g-notice-small")
    # 3 000,00 × 13,15 % (ECB 3,15 on 1 Jan 2025 + 10) × 48 days (31 Jan → 20 Mar) ÷ 365 = 51,88; + 40 €
    assert small.amount == Decimal("3091.88")
    large = next(i for i in work.items if i.slug == "h-notice-large")
    assert large.amount == Decimal("12247.52")  # 12 000 × 13,15 % × 48 ÷ 365 = 207,52; + 40 €
    assert small.reason == (
        "ready for the next legal step: the deadline of the mise en demeure of 2025-03-03 passed on 2025-03-11 "
        "and 3091.88 is still owed; petites creances (art. L125-1 du Code des procédures civiles d'exécution): "
        "request a petites_creances in letters:"
    )
    assert (small.letter, large.letter) == ("petites_creances", "requete_injonction")


def test_worklist_on_10_april_2025(repo: Path) -> None:
    got = lines(dt.date(2025, 4, 10))
    assert "f-plan letter relance_2 2025-04-02" in got  # 1 April instalment unpaid
    work = worklist([Path("cases")], dt.date(2025, 4, 10))
    plan = next(i for i in work.items if i.slug == "f-plan")
    assert plan.reason == "relance_2 due since 2025-04-02 (instalment of 1000.00 due on 2025-04-01 unpaid)"


def test_reasons_for_nothing(repo: Path) -> None:
    work = worklist([Path("cases")], dt.date(2025, 3, 1))
    reasons = {i.slug: i.reason for i in work.waiting}
    assert reasons["k-paid"] == "paid in full on 2025-02-20"
    assert reasons["d-dispute"] == "in dispute since 2025-02-25: answer the dispute first"
    assert reasons["e-promise"] == "promise of 1500.00 to pay by 2025-03-05"
    assert reasons["f-plan"] == "payment plan of 2025-02-15 kept so far; next instalment 1000.00 on 2025-03-01"


def test_a_dispute_closed_lets_the_ladder_go_on(repo: Path) -> None:
    path = repo / "cases" / "d-dispute.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "  - {date: 2025-03-04, type: dispute_closed}\n", encoding="utf-8"
    )
    # 31 Jan + 15 = 15 Feb, and 7 Feb + (15 - 7) = 15 Feb: the dispute held it, its closing releases it
    assert "d-dispute letter relance_2 2025-02-15" in lines(dt.date(2025, 3, 5))


def test_a_dispute_on_one_invoice_lets_the_letter_claim_the_others(repo: Path) -> None:
    path = repo / "cases" / "d-dispute.yaml"
    text = (
        path.read_text(encoding="utf-8")
        .replace(
            'amount: "2500.00"}\n',
            'amount: "2500.00"}\n  - {number: D-2, issued: 2025-01-01, due: 2025-01-31, amount: "800.00"}\n',
        )
        .replace("reason: Livraison incomplète}", "reason: Livraison incomplète, invoices: [D-1]}")
    )
    path.write_text(text, encoding="utf-8")
    item = worklist([Path("cases/d-dispute.yaml")], dt.date(2025, 3, 1)).items[0]
    # 31 Jan + 15 = 15 Feb, and 7 Feb + (15 - 7) = 15 Feb: the undisputed D-2 is claimed, D-1 reserved
    assert (item.kind, item.letter, item.date) == ("letter", "relance_2", dt.date(2025, 2, 15))
    assert item.reason.endswith(
        "; invoice D-1 in dispute: the letter leaves it out of the claim and reserves it; answer the dispute)"
    )


def test_a_reconnaissance_dette_sent_waits_for_its_signature(repo: Path) -> None:
    path = repo / "cases" / "i-prescription.yaml"
    sent = "  - {date: 2025-03-03, type: letter, letter: reconnaissance_dette, channel: post}\n"
    path.write_text(path.read_text(encoding="utf-8") + sent, encoding="utf-8")
    items = worklist([Path("cases/i-prescription.yaml")], dt.date(2025, 3, 10)).items
    # No mise en demeure is proposed while the debtor has the acknowledgement to sign.
    assert [(i.kind, i.letter, i.date, i.reason) for i in items] == [
        (
            "prescription",
            None,
            dt.date(2025, 4, 15),
            "invoice I-1 is time-barred after 2025-04-15 (2 years from 2023-04-15): the reconnaissance_dette sent on "
            "2025-03-03 is not recorded signed; record it (events: type acknowledgement) or bring the claim to court "
            "before then",
        ),
        (
            "nothing",
            None,
            dt.date(2025, 4, 15),
            "reconnaissance_dette sent on 2025-03-03: the signed acknowledgement is awaited; the claim is time-barred "
            "after 2025-04-15 unless it comes back signed or goes to court",
        ),
    ]
    # Signed on 20 March: prescription starts again (C. civ. 2240), the ladder goes on.
    path.write_text(
        path.read_text(encoding="utf-8") + "  - {date: 2025-03-20, type: acknowledgement}\n", encoding="utf-8"
    )
    assert [line for line in lines(dt.date(2025, 3, 25)) if line.startswith("i-")] == [
        "i-prescription letter mise_en_demeure 2023-06-04"
    ]


def test_horizon_for_other_commands(repo: Path) -> None:
    """The core is a plain function: which letters fall due within 30 days, for one loaded case."""
    repository = cases.load_repository(repo)
    loaded = cases.load_case(repo / "cases" / "a-rappel.yaml", repository).case
    assert loaded is not None
    today = dt.date(2025, 2, 10)
    assert [i.kind for i in case_worklist(loaded, today)] == ["nothing"]
    soon = case_worklist(loaded, today, horizon_days=30)
    assert [(i.kind, i.letter, i.date) for i in soon] == [("letter", "rappel", dt.date(2025, 3, 5))]
    assert soon[0].reason == "rappel due on 2025-03-05 (schedule: due date 2025-03-10 -5 days)"


def test_due_json_is_stable_and_exits_0(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["due", "--as-of", "2025-03-20", "--format", "json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["as_of"], data["todo"], data["waiting"]) == ("2025-03-20", 10, 4)
    assert data["items"][1] == {
        "case": "cases/g-notice-small.yaml",
        "slug": "g-notice-small",
        "debtor": "Novatech SAS",
        "kind": "legal_step",
        "date": "2025-03-12",
        "letter": "petites_creances",
        "request": None,
        "procedure": "petites_creances",
        "amount": "3091.88",
        "reason": data["items"][1]["reason"],
    }
    again = CliRunner().invoke(cli, ["due", "--as-of", "2025-03-20", "--format", "json", "--lang", "en"])
    assert again.output == result.output


def test_due_text(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["due", "cases/b-late-reminder.yaml", "--as-of", "2025-03-20", "--lang", "en"])
    assert result.exit_code == 0
    assert result.output == (
        "Worklist at 2025-03-20: 1 to do, 0 waiting\n\nTo do\n"
        "  2025-02-28  letter due        relance_2            cases/b-late-reminder.yaml (Novatech SAS)\n"
        "              relance_2 due since 2025-02-28 (schedule: 8 days after the relance_1 of 2025-02-20)\n"
    )
    french = CliRunner().invoke(
        cli, ["due", "cases/b-late-reminder.yaml", "cases/f-plan.yaml", "--as-of", "2025-04-10"]
    )
    assert french.output == (
        "À faire au 10/04/2025 : 2 à faire, 0 en attente\n\nÀ faire\n"
        "  28/02/2025  lettre due        relance_2            cases/b-late-reminder.yaml (Novatech SAS)\n"
        "              Deuxième relance à envoyer depuis le 28/02/2025 (calendrier : 8 jours après l’envoi du "
        "20/02/2025 (première relance))\n"
        "  02/04/2025  lettre due        relance_2            cases/f-plan.yaml (Novatech SAS)\n"
        "              Deuxième relance à envoyer depuis le 02/04/2025 (échéance de 1\u202f000,00\u00a0€ du "
        "01/04/2025 impayée)\n"
    )


def test_due_ics(repo: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "due",
            "cases/b-late-reminder.yaml",
            "cases/k-paid.yaml",
            "--as-of",
            "2025-03-20",
            "--format",
            "ics",
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0
    text = result.stdout_bytes.decode("utf-8")  # .output folds CRLF into LF
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == 1  # what is waiting is not an event
    assert "DTSTART;VALUE=DATE:20250320\r\n" in text  # overdue: shown today
    assert "SUMMARY:letter due: relance_2 — Novatech SAS\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert "DESCRIPTION:cases/b-late-reminder.yaml\\nrelance_2 due since 2025-02-28" in unfolded


def test_due_makes_its_report_with_the_collector_paused_and_resumes_it(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from generator import due

    seen = []
    real = due.json_text
    monkeypatch.setattr(due, "json_text", lambda work, lang: seen.append(gc.isenabled()) or real(work, lang))
    assert gc.isenabled()
    assert due.due_command([Path("cases")], dt.date(2025, 3, 1), "json").startswith('{"as_of": "2025-03-01"')
    assert seen == [False] and gc.isenabled()


def test_a_second_run_reads_only_the_files_that_changed(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    day = dt.date(2025, 3, 20)
    first = worklist([Path("cases")], day)
    assert (repo / ".relance-cache" / "due.json").is_file()
    assert (repo / ".relance-cache" / ".gitignore").read_text(encoding="utf-8") == "*\n"
    read: list[str] = []
    real = cases.load_case

    def counting(path: Path, repository: cases.Repository, data: bytes | None = None) -> cases.LoadResult:
        read.append(path.name)
        return real(path, repository, data)

    monkeypatch.setattr(cases, "load_case", counting)
    assert worklist([Path("cases")], day) == first
    assert read == []
    case = repo / "cases" / "k-paid.yaml"
    case.write_text(
        case.read_text(encoding="utf-8").replace('2025-02-20, amount: "400.00"', '2025-02-20, amount: "300.00"'),
        encoding="utf-8",
    )  # now only partly paid
    again = worklist([Path("cases")], day)
    assert read == ["k-paid.yaml"]
    assert again == worklist([Path("cases")], day, cache=False)
    assert "k-paid nothing - 2025-02-20" not in [f"{i.slug} {i.kind} - {i.date}" for i in again.items]
    read.clear()
    worklist([Path("cases")], dt.date(2025, 3, 21))  # another day: everything again
    assert len(read) == 13


def _message_ids(path: Path) -> list[str]:
    """Every English template passed to msg() in ``path``, both branches of a conditional included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "msg" and node.args:
            arg = node.args[0]
            for part in [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]:
                assert isinstance(part, ast.Constant), f"{path}: msg() takes a literal template"
                found.append(part.value)
    return found


def test_every_message_of_due_has_its_french_text() -> None:
    package = Path(__file__).resolve().parent.parent / "generator"
    with (package / "data" / "fr.po").open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    used = [
        *_message_ids(package / "worklist.py"),
        *_message_ids(package / "duelegal.py"),
        *_message_ids(package / "dueladder.py"),
        *_message_ids(package / "due.py"),
        *_message_ids(package / "declaration.py"),
    ]
    assert len(used) == 43
    for template in used:
        entry = catalog.get(template)
        assert entry is not None and entry.string, f"no French text for {template!r}"
        assert set(re.findall(r"{(\w+)}", entry.string)) == set(re.findall(r"{(\w+)}", template)), template
    # And no stale entry: the rest are the rules' templates (tests/test_ruletext.py), the words they
    # pass as values and the report's words.
    from generator import ruletext

    others = {t.msgid for t in ruletext.catalogue().all_templates()}
    rest = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and not m.context} - set(used) - others
    assert rest == {
        "{count} ok",
        "{count} with warnings",
        "{count} with errors",
        "{checked}: {parts}",
        "{count} case checked",
        "{count} error",
        "{count} warning",
        " (fix: {fix})",
        "blocked: {what}",
        "{count} built",
        "{count} unchanged",
        "{count} blocked",
        "{count} failed",
        "error",
        "warning",
    }


DEMO = Path(__file__).resolve().parent.parent


def test_a_court_document_recorded_as_sent_starts_the_proceedings() -> None:
    repo = cases.load_repository(DEMO)
    loaded = cases.load_case(DEMO / "cases" / "injonction-avocat.yaml", repo).case
    assert loaded is not None
    filed = LetterSent(date=dt.date(2026, 5, 13), type="letter", letter="requete_injonction", channel="post")
    case = loaded.case.model_copy(update={"events": [*loaded.case.events, filed]})
    item = case_worklist(dataclasses.replace(loaded, case=case), dt.date(2026, 6, 1))[0]
    assert (item.kind, item.reason) == ("nothing", "court proceedings started on 2026-05-13 (injonction_de_payer)")
