"""``relance record``, ``relance due --prepare``, the archive and ``relance verify``."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import hashlib
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator import archive, cases, console
from generator.build import build_all
from generator.cli import cli
from generator.errors import RelanceError
from generator.record import record

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "cases").glob("*.yaml"))
# 120 days after the recorded letter: the ladder goes on, except where the case waits (dispute open,
# deadline of a mise en demeure passed: the next step is a court's; a reconnaissance de dette sent and
# not recorded signed: the signature is awaited) or the next letter needs the penalty rate of 2026-H2,
# which the shipped tables do not hold yet (as does the court document that follows an unpaid mise en
# demeure: its sum runs to its date).
PREPARES = {"artisan-particulier", "confirmation-promesse", "echeancier-particulier", "paiements-partiels-imprimerie"}
WAITS_FOR_RATES = {
    "litige-clos",
    "premiere-relance-electricien",
    "promesse-non-tenue",
    "rappel-courtoisie",
    "societe-de-recouvrement",
    "avocat-mise-en-demeure",
    "mise-en-demeure-consultante",
}
FAKE_PDF = b"%PDF-1.7\n% a letter as built\n"


def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, names: list[str] | None = None) -> Path:
    repo = tmp_path / "repo"
    (repo / "cases").mkdir(parents=True)
    shutil.copy(ROOT / "relance.yaml", repo)
    for path in EXAMPLES:
        if names is None or path.stem in names:
            shutil.copy(path, repo / "cases")
    monkeypatch.chdir(repo)
    return repo


def fake_build(repo: Path, case: Path, index: int = 0) -> Path:
    """The PDF a build would have written, for tests that do not need a real one."""
    loaded = cases.load_case(case, cases.load_repository(repo)).case
    assert loaded is not None
    request = loaded.case.letters[index]
    pdf = repo / "output" / "cases" / case.stem / archive.file_name(request)
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(FAKE_PDF)
    return pdf


def only_added(before: str, after: str) -> list[str]:
    """The lines ``after`` adds; fails if any line of ``before`` changed or moved."""
    diff = list(difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True)))
    assert not [line for line in diff if line.startswith("- ")], "a line of the file changed"
    return [line[2:] for line in diff if line.startswith("+ ")]


def last_event(case: Path) -> dict[str, object]:
    return yaml.safe_load(case.read_text(encoding="utf-8"))["events"][-1]  # type: ignore[no-any-return]


def git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


# --- round trip on every example -------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_record_then_prepare_keep_every_other_line(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = demo(tmp_path, monkeypatch, [example.stem])
    case = repo / "cases" / example.name
    before = case.read_text(encoding="utf-8")
    loaded = cases.load_case(case, cases.load_repository(repo)).case
    assert loaded is not None
    sent = loaded.case.events[-1].date if loaded.case.events else loaded.case.invoices[0].due
    unsent = [i for i in range(len(loaded.case.letters)) if not loaded.is_sent(i)]
    if unsent:  # every example but the open dispute, which asks for no letter
        request = loaded.case.letters[unsent[0]]
        fake_build(repo, case, unsent[0])
        sent = request.date + dt.timedelta(days=1)
        output = record(
            case,
            unsent[0] + 1,
            sent=sent,
            channel="lrar",
            registered_number="1A 234 567 8901 2",
            received=sent + dt.timedelta(days=2),
        )
        assert only_added(before, case.read_text(encoding="utf-8"))
        expected = {
            "date": sent,
            "type": "letter",
            "letter": request.type,
            "channel": "lrar",
            "letter_date": request.date,
            "registered_number": "1A 234 567 8901 2",
            "received": sent + dt.timedelta(days=2),
        }
        assert last_event(case) == expected
        assert output.startswith(f"--- a/{case}\n+++ b/{case}\n")
        reloaded = cases.load_case(case, cases.load_repository(repo)).case
        assert reloaded is not None and reloaded.is_sent(unsent[0])

    recorded = case.read_text(encoding="utf-8")
    later = sent + dt.timedelta(days=120)
    result = CliRunner().invoke(cli, ["due", "--prepare", str(case), "--as-of", later.isoformat()])
    assert result.exit_code == 0, result.output
    new = only_added(recorded, case.read_text(encoding="utf-8"))
    assert bool(new) == (example.stem in PREPARES), result.output
    if new:  # the ladder goes on: one request, dated the day it is prepared
        assert [line.lstrip()[:2] for line in new].count("- ") == 1, new  # block or flow, as the file writes
        assert f"date: {later}" in "".join(new), new
        assert result.output.endswith("prepared 1 letter; check them with relance validate, then relance build\n")
    elif example.stem in WAITS_FOR_RATES:
        assert "not prepared: the " in result.output and "cannot be written yet: no ECB" in result.output
    else:
        assert result.output == "no letter to prepare\n"


def test_prepare_writes_the_letter_due_and_is_idempotent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "tests" / "fixtures" / "due", tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    case = Path("cases/b-late-reminder.yaml")
    before = case.read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["due", "--prepare", str(case), "--as-of", "2025-03-20"])
    assert result.exit_code == 0, result.output
    assert case.read_text(encoding="utf-8") == before + "letters:\n  - type: relance_2\n    date: 2025-03-20\n"
    assert "+letters:\n+  - type: relance_2\n+    date: 2025-03-20\n" in result.output
    again = CliRunner().invoke(cli, ["due", "--prepare", str(case), "--as-of", "2025-03-20"])
    assert again.output == "no letter to prepare\n"  # now prepared, the worklist says: send it
    due = CliRunner().invoke(cli, ["due", str(case), "--as-of", "2025-03-20"])
    assert "à envoyer         relance_2" in due.output


@pytest.mark.parametrize(
    ("name", "document", "note"),
    [
        ("g-notice-small", "petites_creances", ""),
        (
            "h-notice-large",
            "requete_injonction",
            "cases/h-notice-large.yaml: requete_injonction prepared without its "
            "court: write the court's exact name in its court:, or list it under courts: in relance.yaml (relance never "
            "guesses it)\n",
        ),
    ],
)
def test_prepare_writes_the_court_document_after_an_unpaid_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, document: str, note: str
) -> None:
    shutil.copytree(ROOT / "tests" / "fixtures" / "due", tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    case = Path(f"cases/{name}.yaml")
    before = case.read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["due", "--prepare", str(case), "--as-of", "2025-03-20"])
    assert result.exit_code == 0, result.output
    added = f"  - {{type: {document}, date: 2025-03-20}}\n"  # in the flow style the file writes
    assert case.read_text(encoding="utf-8") == before + added  # every other byte kept
    assert result.output.endswith(note + "prepared 1 letter; check them with relance validate, then relance build\n")
    again = CliRunner().invoke(cli, ["due", "--prepare", str(case), "--as-of", "2025-03-20"])
    assert again.output == "no letter to prepare\n"  # prepared: the worklist now says to send it


def test_prepare_writes_a_mise_en_demeure_by_registered_mail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "tests" / "fixtures" / "due", tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    CliRunner().invoke(cli, ["due", "--prepare", "cases/i-prescription.yaml", "--as-of", "2025-03-20"])
    assert (
        Path("cases/i-prescription.yaml")
        .read_text(encoding="utf-8")
        .endswith("letters:\n  - type: mise_en_demeure\n    date: 2025-03-20\n    channel: lrar\n")
    )


# --- refusals ---------------------------------------------------------------------------------


def test_uncommitted_changes_are_refused_unless_forced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = demo(tmp_path, monkeypatch, ["premiere-relance-electricien"])
    case = Path("cases/premiere-relance-electricien.yaml")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "cases")
    fake_build(repo, case)
    case.write_text(case.read_text(encoding="utf-8") + "# a note\n", encoding="utf-8")
    edited = case.read_text(encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["record", str(case), "--letter", "1", "--sent", "2026-06-05", "--channel", "email"]
    )
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {case}: the file has changes not yet committed; nothing was written. Commit them first "
        "(git commit), so that relance's edit is reviewed on its own, or pass --force\n"
    )
    assert case.read_text(encoding="utf-8") == edited and not (repo / "archive").exists()
    forced = CliRunner().invoke(
        cli, ["record", str(case), "--letter", "1", "--sent", "2026-06-05", "--channel", "email", "--force"]
    )
    assert forced.exit_code == 0, forced.output
    index = json.loads((repo / "archive" / case.stem / "index.json").read_text(encoding="utf-8"))
    commit = subprocess.run(["git", "log", "-1", "--format=%H"], cwd=repo, capture_output=True, text=True).stdout
    assert index["letters"][0]["case_commit"] == commit.strip()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--letter", "2"],
            "cases/premiere-relance-electricien.yaml: there is no letter 2: letters: holds 1 letter "
            "(number them from 1)",
        ),
        (
            ["--letter", "1", "--sent", "2026-06-04"],
            "cases/premiere-relance-electricien.yaml: letter 1 is dated 2026-06-05: it cannot have been sent on "
            "2026-06-04, before its own date (check --sent, or the letter's date)",
        ),
        (
            ["--letter", "1", "--received", "2026-06-01"],
            "cases/premiere-relance-electricien.yaml: received on 2026-06-01, before it was sent on 2026-06-05 "
            "(check --received)",
        ),
    ],
)
def test_record_refuses_what_cannot_be(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = demo(tmp_path, monkeypatch, ["premiere-relance-electricien"])
    case = Path("cases/premiere-relance-electricien.yaml")
    fake_build(repo, case)
    base = ["record", str(case), "--sent", "2026-06-05", "--channel", "email"]
    result = CliRunner().invoke(cli, [*base, *args])
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"


def test_record_needs_a_built_letter_and_records_it_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = demo(tmp_path, monkeypatch, ["premiere-relance-electricien"])
    case = Path("cases/premiere-relance-electricien.yaml")
    with pytest.raises(RelanceError, match="no PDF of this letter; run relance build first"):
        record(case, 1, sent=dt.date(2026, 6, 5), channel="email")
    fake_build(repo, case)
    record(case, 1, sent=dt.date(2026, 6, 5), channel="email")
    assert case.read_text(encoding="utf-8").endswith(
        "    channel: email\nevents:\n  - date: 2026-06-05\n    type: letter\n    letter: relance_1\n"
        "    channel: email\n"
    )
    with pytest.raises(RelanceError, match=r"letter 1 \(relance_1 of 2026-06-05\) is already recorded as sent"):
        record(case, 1, sent=dt.date(2026, 6, 5), channel="email")


# --- the archive -------------------------------------------------------------------------------


def build(repo: Path) -> str:
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), console.reports_to_stderr():
        build_all([repo / "cases"], out=repo / "output", jobs=1, as_of=dt.date(2026, 6, 10))
    return stderr.getvalue()


def test_an_archived_letter_survives_template_and_rate_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = demo(tmp_path, monkeypatch, ["premiere-relance-electricien"])
    shutil.copytree(ROOT / "letter_templates", repo / "letter_templates")
    build(repo)
    built = repo / "output" / "cases" / "premiere-relance-electricien" / "2026-06-05-relance_1.pdf"
    posted = built.read_bytes()
    case = Path("cases/premiere-relance-electricien.yaml")
    record(case, 1, sent=dt.date(2026, 6, 6), channel="post")
    kept = repo / "archive" / "premiere-relance-electricien" / "2026-06-05-relance_1.pdf"
    assert kept.read_bytes() == posted
    entry = json.loads((kept.parent / "index.json").read_text(encoding="utf-8"))["letters"][0]
    assert entry == {
        "file": "2026-06-05-relance_1.pdf",
        "sha256": hashlib.sha256(posted).hexdigest(),
        "size": len(posted),
        "letter": "relance_1",
        "letter_date": "2026-06-05",
        "sent": "2026-06-06",
        "channel": "post",
        "registered_number": None,
        "received": None,
        "relance": entry["relance"],
        "case_commit": None,
    }

    template = repo / "letter_templates" / "letters" / "relance_1.html"
    template.write_text(template.read_text(encoding="utf-8").replace("Madame", "Chère Madame"), encoding="utf-8")
    config = repo / "relance.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("deadline_days: 8", "deadline_days: 10"), encoding="utf-8"
    )
    built.unlink()
    log = build(repo)
    assert built.read_bytes() == posted and kept.read_bytes() == posted
    assert "1 unchanged" in log.splitlines()[-1]

    page = (repo / "output" / "cases" / "premiere-relance-electricien" / "index.html").read_text(encoding="utf-8")
    assert (
        "Copie archivée : <code>archive/premiere-relance-electricien/2026-06-05-relance_1.pdf</code>, "
        f"SHA-256 <code>{hashlib.sha256(posted).hexdigest()}</code>"
    ) in page
    result = CliRunner().invoke(cli, ["verify"])
    assert (result.exit_code, result.output) == (0, "archive intact: 1 letter(s) checked\n")
    flipped = bytearray(posted)
    flipped[len(flipped) // 2] ^= 1
    kept.write_bytes(bytes(flipped))
    result = CliRunner().invoke(cli, ["verify"])
    assert result.exit_code == 1
    assert result.output == (
        f"{kept}: changed since it was recorded as sent (SHA-256 mismatch); restore it from git\n"
        "1 problem(s) in the archive (1 entries)\n"
    )
    log = build(repo)  # an altered archive is a failure, never a reason to render the letter again
    assert "the archived letter differs from the one recorded as sent" in log
    assert built.read_bytes() == posted


def test_verify_names_missing_and_unvouched_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = demo(tmp_path, monkeypatch, ["premiere-relance-electricien"])
    fake_build(repo, Path("cases/premiere-relance-electricien.yaml"))
    record(Path("cases/premiere-relance-electricien.yaml"), 1, sent=dt.date(2026, 6, 5), channel="email")
    folder = repo / "archive" / "premiere-relance-electricien"
    (folder / "2026-06-05-relance_1.pdf").rename(folder / "2026-06-05-relance_2.pdf")
    result = CliRunner().invoke(cli, ["verify", str(repo)])
    assert result.exit_code == 1
    assert result.output == (
        f"{folder / '2026-06-05-relance_1.pdf'}: missing (the index records it as sent; restore it from git)\n"
        f"{folder / '2026-06-05-relance_2.pdf'}: not in index.json: a letter in the archive that no record "
        "vouches for\n2 problem(s) in the archive (1 entries)\n"
    )
