"""``relance build``: layout, incremental rebuilds, broken cases, atomic writes, --clean, sent letters."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import fakestatement
import pypdf
import pytest
from click.testing import CliRunner

from generator import build, casebuild, console, deadlines, pdf, resources, statement, validate
from generator.build import build_all
from generator.cases import LoadedCase
from generator.cli import cli
from generator.errors import Finding, RelanceError
from generator.manifest import JOURNAL_NAME, MANIFEST_NAME
from generator.statement import Statement

AS_OF = dt.date(2024, 5, 1)
CASE = """\
creditor:
  name: Atelier Bernard SARL
  address: ["8 rue des Lilas", "69003 Lyon"]
  signatory: {name: Thomas Bernard, title: Gérant}
debtor:
  kind: business
  name: DEBTOR
  address: ["14 avenue Jean Jaurès", "69007 Lyon"]
invoices:
  - {number: "2024-053", issued: 2024-01-16, due: 2024-02-15, amount: "18000.00"}
events: []
letters:
  - {type: relance_1, date: 2024-02-20}
  - {type: mise_en_demeure, date: 2024-04-02, deadline_days: 8}
"""
LETTER = """\
<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{{ title }}</title>
{% if assets_href %}<link rel="stylesheet" href="{{ assets_href }}/letter.css">{% endif %}</head>
<body><p>{{ debtor.name }}</p><h1>{{ title }}</h1><p>Montant : {{ statement.total | money }}</p>
<p>À régler avant le {{ deadline | date_long }}.</p></body></html>
"""
CSS = """\
@font-face { font-family: "LetterSerif"; src: url(fonts/LiberationSerif-Regular.ttf); }
@font-face { font-family: "LetterSerif"; src: url(fonts/LiberationSerif-Bold.ttf); font-weight: bold; }
@page { size: A4; margin: 20mm; }
body { font-family: "LetterSerif"; }
"""


def fake_statement(loaded: LoadedCase, at: dt.date, **options: object) -> Statement:
    return fakestatement.flat(loaded, at, indemnity=Decimal("40.00"))


def fake_text_checks(report: object, as_of: dt.date, renderer: object = None) -> dict[int, object]:
    """Stands in for the text rules: a case whose file name says "blocked" fails them."""
    if report.loaded is not None and "blocked" in report.path.name:  # type: ignore[attr-defined]
        report.findings.append(
            Finding(  # type: ignore[attr-defined]
                "text.med-words",
                "error",
                report.path,
                12,
                "letters[1]",  # type: ignore[attr-defined]
                'the letter never says "mise en demeure"',
                "restore the wording in letters/mise_en_demeure.html",
                1,
            )
        )
    return {}


@contextlib.contextmanager
def fakes() -> Iterator[None]:
    """Our own templates and figures: these tests are about building, not about the law."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(deadlines, "deadline", lambda day, days, postcode: day + dt.timedelta(days=days))
        mp.setattr(validate, "check_rendered_text", fake_text_checks)
        mp.setattr(statement, "compute", fake_statement)
        yield


def make_repo(root: Path, names: tuple[str, ...] = ("alpha", "beta")) -> Path:
    templates = root / "letter_templates"
    (templates / "letters").mkdir(parents=True)
    (templates / "assets" / "fonts").mkdir(parents=True)
    for name in ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"):
        shutil.copy(resources.builtin_templates() / "assets" / "fonts" / name, templates / "assets" / "fonts")
    (templates / "assets" / "letter.css").write_text(CSS, encoding="utf-8")
    for kind in ("relance_1", "mise_en_demeure"):
        (templates / "letters" / f"{kind}.html").write_text(LETTER, encoding="utf-8")
    (root / "cases").mkdir()
    for name in names:
        (root / "cases" / f"{name}.yaml").write_text(CASE.replace("DEBTOR", f"{name.title()} SAS"), "utf-8")
    return root


def run(root: Path, **options: object) -> tuple[build.BuildSummary, str]:
    stderr = io.StringIO()
    kwargs = {"out": root / "output", "jobs": 1, "as_of": AS_OF, **options}
    with fakes(), contextlib.redirect_stderr(stderr), console.reports_to_stderr():
        summary = build_all([root / "cases"], **kwargs)  # type: ignore[arg-type]
    return summary, stderr.getvalue()


PDFS = (
    "cases/alpha/2024-02-20-relance_1.pdf",
    "cases/alpha/2024-04-02-mise_en_demeure.pdf",
    "cases/beta/2024-02-20-relance_1.pdf",
    "cases/beta/2024-04-02-mise_en_demeure.pdf",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, build.BuildSummary, str]:
    """Two cases, four letters, written by a pool of two workers."""
    root = make_repo(tmp_path_factory.mktemp("repo"))
    summary, stderr = run(root, jobs=2)
    return root, summary, stderr


def test_layout_and_summary(built: tuple[Path, build.BuildSummary, str]) -> None:
    root, summary, stderr = built
    out = root / "output"
    assert stderr == "4 built, 0 unchanged, 0 blocked\n"
    counts = (summary.built, summary.unchanged, summary.blocked, summary.failed, summary.ok)
    assert counts == (4, 0, 0, 0, True)
    for name in (
        *PDFS,
        "index.html",
        "cases/alpha/index.html",
        "cases/alpha/2024-02-20-relance_1.html",
        "assets/letter.css",
        "assets/site.css",
        "assets/fonts/LiberationSerif-Regular.ttf",
        MANIFEST_NAME,
    ):
        assert (out / name).is_file(), name
    preview = (out / "cases/alpha/2024-04-02-mise_en_demeure.html").read_text("utf-8")
    assert '<link rel="stylesheet" href="../../assets/letter.css">' in preview
    reader = pypdf.PdfReader(out / PDFS[1])
    assert reader.metadata["/Title"] == "Mise en demeure — Alpha SAS"
    assert reader.metadata["/CreationDate"] == "D:20240402000000+00'00"
    assert "18 040,00 €" in reader.pages[0].extract_text().replace("\u202f", " ").replace("\xa0", " ")
    assert not list(out.rglob(".relance-tmp-*"))
    # The first index is made before the PDFs: a letter waiting for its PDF is not shown as failed.
    assert '<tr class="blocked">' not in (out / "index.html").read_text("utf-8")
    assert 'class="status blocked">bloqué</span></h1>' not in (out / "cases/alpha/index.html").read_text("utf-8")


def test_nothing_changed_nothing_rendered(built: tuple[Path, build.BuildSummary, str]) -> None:
    root = built[0]
    before = {name: (root / "output" / name).stat().st_mtime_ns for name in PDFS}
    _, stderr = run(root)
    assert stderr == "0 built, 4 unchanged, 0 blocked\n"
    assert {name: (root / "output" / name).stat().st_mtime_ns for name in PDFS} == before


def test_touching_a_template_rebuilds_only_its_letters(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    run(root)
    template = root / "letter_templates" / "letters" / "mise_en_demeure.html"
    before = {name: (root / "output" / name).read_bytes() for name in PDFS}
    template.touch()  # same bytes, new mtime: the content hash says nothing changed
    assert run(root)[1] == "0 built, 4 unchanged, 0 blocked\n"
    template.write_text(LETTER.replace("Montant", "Somme due"), encoding="utf-8")
    assert run(root)[1] == "2 built, 2 unchanged, 0 blocked\n"
    after = {name: (root / "output" / name).read_bytes() for name in PDFS}
    assert [name for name in PDFS if after[name] != before[name]] == [PDFS[1], PDFS[3]]


def test_what_a_letter_does_not_depend_on_renders_nothing_again(tmp_path: Path) -> None:
    """A later --as-of, or a restyled site, changes no letter: no PDF is rendered again."""
    root = make_repo(tmp_path)
    run(root)
    mtimes = {name: (root / "output" / name).stat().st_mtime_ns for name in PDFS}
    assert run(root, as_of=AS_OF + dt.timedelta(days=30))[1] == "0 built, 4 unchanged, 0 blocked\n"
    (root / "letter_templates" / "site").mkdir()
    shutil.copy(resources.builtin_templates() / "site" / "base.html", root / "letter_templates" / "site")
    with (root / "letter_templates" / "site" / "base.html").open("a", encoding="utf-8") as page:
        page.write("<!-- restyled -->\n")
    assert run(root)[1] == "0 built, 4 unchanged, 0 blocked\n"
    assert {name: (root / "output" / name).stat().st_mtime_ns for name in PDFS} == mtimes
    # The letter stylesheet, by contrast, changes every letter.
    css = root / "letter_templates" / "assets" / "letter.css"
    css.write_text(css.read_text(encoding="utf-8") + "p { margin: 0; }\n", encoding="utf-8")
    assert run(root)[1] == "4 built, 0 unchanged, 0 blocked\n"


def test_an_overriding_template_created_later_is_noticed(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    run(root)
    specific = root / "letter_templates" / "letters" / "relance_1.creditor.business.html"
    specific.write_text(LETTER.replace("Montant", "Reste dû"), encoding="utf-8")
    assert run(root)[1] == "2 built, 2 unchanged, 0 blocked\n"


def test_same_inputs_same_bytes(built: tuple[Path, build.BuildSummary, str], tmp_path: Path) -> None:
    root = built[0]
    again = make_repo(tmp_path / "again")
    run(again)
    for name in PDFS:
        assert (again / "output" / name).read_bytes() == (root / "output" / name).read_bytes(), name
    pages = ("index.html", "cases/alpha/index.html", "cases/beta/2024-02-20-relance_1.html")
    clean = {name: (again / "output" / name).read_bytes() for name in pages}
    (again / "cases" / "beta.yaml").touch()
    run(again)  # an incremental build writes the same pages as a clean one
    assert {name: (again / "output" / name).read_bytes() for name in pages} == clean


def test_a_broken_case_does_not_stop_the_others(tmp_path: Path) -> None:
    root = make_repo(tmp_path, ("alpha",))
    (root / "cases" / "broken.yaml").write_text("debtor: [unclosed\n", encoding="utf-8")
    with fakes():
        result = CliRunner().invoke(
            cli,
            ["build", str(root / "cases"), "--out", str(root / "output"), "--as-of", "2024-05-01", "--jobs", "1"],
            catch_exceptions=False,
        )
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "2 built, 0 unchanged, 1 blocked"
    assert result.output.startswith("blocked: ")
    assert (root / "output" / PDFS[1]).is_file()
    assert (root / "output" / "cases/broken/index.html").is_file()


def test_a_blocked_letter_gets_no_pdf_and_a_stale_one_is_removed(tmp_path: Path) -> None:
    root = make_repo(tmp_path, ("alpha",))
    run(root)
    stale = root / "output" / "cases/blocked/2024-04-02-mise_en_demeure.pdf"
    (root / "cases" / "alpha.yaml").rename(root / "cases" / "blocked.yaml")
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"%PDF- stale")
    summary, stderr = run(root)
    assert not summary.ok
    assert (summary.built, summary.blocked) == (1, 1)
    assert stderr.splitlines() == [
        (
            f"blocked: {root / 'cases/blocked.yaml'}:12: letters[1]: [error text.med-words] the letter "
            'never says "mise en demeure" (fix: restore the wording in letters/mise_en_demeure.html)'
        ),
        "1 built, 0 unchanged, 1 blocked",
    ]
    assert not stale.exists()
    assert (root / "output" / "cases/blocked/2024-04-02-mise_en_demeure.html").is_file()
    again, stderr_again = run(root)  # the case is skipped, its findings still count
    assert not again.ok
    assert stderr_again == stderr.replace("1 built, 0 unchanged", "0 built, 1 unchanged")


def test_a_sent_letter_is_never_rewritten(tmp_path: Path) -> None:
    root = make_repo(tmp_path, ("alpha",))
    run(root)
    case = root / "cases" / "alpha.yaml"
    sent = "events:\n  - {date: 2024-02-20, type: letter, letter: relance_1, channel: post}"
    case.write_text(case.read_text("utf-8").replace("events: []", sent), "utf-8")
    pdf = root / "output" / PDFS[0]
    before = pdf.read_bytes()
    (root / "letter_templates" / "letters" / "relance_1.html").write_text(LETTER.replace("Montant", "Total"))
    summary, _ = run(root)
    assert (summary.built, summary.unchanged) == (1, 1)  # the case changed: the notice is redone
    assert pdf.read_bytes() == before


def test_the_next_build_repairs_an_interrupted_one(tmp_path: Path) -> None:
    root = make_repo(tmp_path, ("alpha",))
    run(root)
    out = root / "output"
    pdf = out / PDFS[1]
    good = pdf.read_bytes()
    pdf.write_bytes(good[: len(good) // 2])  # as if a copy had been cut short
    (pdf.parent / ".relance-tmp-abc123").write_bytes(b"%PDF-1.7 half")  # a killed build's temp file
    assert run(root)[1] == "1 built, 1 unchanged, 0 blocked\n"
    assert pdf.read_bytes() == good
    assert not list(out.rglob(".relance-tmp-*"))


def test_clean(tmp_path: Path) -> None:
    root = make_repo(tmp_path, ("alpha",))
    out = root / "output"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(RelanceError) as caught:
        run(root, clean=True)
    assert caught.value.message == (
        f"{out}: refusing to clean a folder relance did not write (no {MANIFEST_NAME} in it); "
        "empty it yourself or choose another --out"
    )
    (out / "notes.txt").unlink()
    run(root)
    (out / "notes.txt").write_text("mine")
    (out / "cases" / "old-case").mkdir()
    (out / "cases" / "old-case" / "index.html").write_text("old")
    assert run(root, clean=True)[1] == (
        f"{out}: left as they are, relance did not write them: cases/old-case/index.html, notes.txt\n"
        "2 built, 0 unchanged, 0 blocked\n"
    )
    assert (out / "notes.txt").read_text() == "mine"  # not relance's: left alone
    assert (out / "cases" / "old-case" / "index.html").read_text() == "old"


def tree(out: Path) -> dict[str, bytes]:
    """Every file of a build, relance's own bookkeeping aside."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith(".relance-")
    }


def test_clean_removes_the_letters_of_a_deleted_case(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    out = root / "output"
    run(root)
    (root / "cases" / "beta.yaml").unlink()
    assert run(root)[1] == "0 built, 2 unchanged, 0 blocked\n"
    assert (out / PDFS[2]).is_file()  # an incremental build leaves them, still known as relance's
    (out / "notes.txt").write_text("mine")
    assert run(root, clean=True)[1] == (
        f"{out}: left as they are, relance did not write them: notes.txt\n2 built, 0 unchanged, 0 blocked\n"
    )
    assert not (out / "cases" / "beta").exists()
    run(root, out=tmp_path / "fresh")
    assert tree(out) == {**tree(tmp_path / "fresh"), "notes.txt": b"mine"}
    assert run(root, clean=True)[1].endswith("2 built, 0 unchanged, 0 blocked\n")  # and again: nothing left


def test_clean_removes_a_letter_no_longer_requested_even_after_a_plain_build(tmp_path: Path) -> None:
    root = make_repo(tmp_path, ("alpha",))
    out = root / "output"
    run(root)
    case = root / "cases" / "alpha.yaml"
    case.write_text(case.read_text().replace("  - {type: relance_1, date: 2024-02-20}\n", ""))
    run(root)
    run(root)  # a second plain build still knows the first one's letter
    assert (out / PDFS[0]).is_file()
    assert run(root, clean=True)[1] == "1 built, 0 unchanged, 0 blocked\n"
    assert sorted(p.name for p in (out / "cases" / "alpha").iterdir()) == [
        "2024-04-02-mise_en_demeure.html",
        "2024-04-02-mise_en_demeure.pdf",
        "index.html",
    ]


def test_html_only_writes_no_pdf(tmp_path: Path) -> None:
    root = make_repo(tmp_path, ("alpha",))
    _, stderr = run(root, html_only=True)
    assert stderr == "2 built, 0 unchanged, 0 blocked\n"
    assert not list((root / "output").rglob("*.pdf"))
    assert run(root, html_only=True)[1] == "0 built, 2 unchanged, 0 blocked\n"


def test_case_data_cannot_become_a_path() -> None:
    assert build.safe_slug("../../etc/passwd") == "etc-passwd"
    assert build.safe_slug("..") == "x"
    assert build.safe_slug("2026-11-23-mise_en_demeure") == "2026-11-23-mise_en_demeure"


def test_the_core_reports_through_logging_and_prints_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(tmp_path, ("alpha",))
    caplog.set_level(logging.INFO, logger="generator")
    with fakes():
        build_all([root / "cases"], out=root / "output", jobs=1, html_only=True, as_of=AS_OF)
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("generator.build", "INFO", "2 built, 0 unchanged, 0 blocked")
    ]
    assert capsys.readouterr() == ("", "")  # the record was handled by caplog, not written by the core


def test_stylesheet_warnings_are_reported_once(tmp_path: Path) -> None:
    root = make_repo(tmp_path, ("alpha", "beta"))
    css = root / "letter_templates" / "assets" / "letter.css"
    css.write_text(CSS + "p { width: banana; }\n", encoding="utf-8")
    summary, stderr = run(root, jobs=2)
    assert summary.ok
    assert stderr.splitlines() == [
        f"{css.resolve()}: warning: Ignored `width: banana` at 5:5, invalid value.",
        "4 built, 0 unchanged, 0 blocked",
    ]


def test_an_interrupted_clean_build_keeps_the_previous_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo(tmp_path)
    out = root / "output"
    run(root)
    before = tree(out)
    real = casebuild.build_case

    def ctrl_c_on_beta(run: casebuild.BuildRun, path: Path, *args: object) -> object:
        if path.stem == "beta":
            raise KeyboardInterrupt
        return real(run, path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(casebuild, "build_case", ctrl_c_on_beta)
    with pytest.raises(KeyboardInterrupt):
        run(root, clean=True)
    assert tree(out) == before  # alpha written again, the same bytes; the index and assets still there
    monkeypatch.undo()
    assert run(root, clean=True)[1] == "4 built, 0 unchanged, 0 blocked\n"  # no refusal after an interruption


def interrupt_after_one_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl+C in the build as the pool hands back its second PDF: one written, the rest not."""
    real = pdf.write_all

    def ctrl_c_after_one(*args: Any) -> Iterator[pdf.PdfOutcome]:
        for number, done in enumerate(real(*args)):
            if number == 1:
                raise KeyboardInterrupt
            yield done

    monkeypatch.setattr(pdf, "write_all", ctrl_c_after_one)


def test_the_build_after_an_interrupted_one_writes_only_what_was_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path)
    out = root / "output"
    run(root)
    interrupt_after_one_pdf(monkeypatch)
    (root / "letter_templates" / "letters" / "relance_1.html").write_text(LETTER.replace("Montant", "Total"))
    with pytest.raises(KeyboardInterrupt):
        run(root)
    assert (out / JOURNAL_NAME).is_file()
    assert not list(out.rglob(".relance-tmp-*"))
    for name in PDFS:
        assert pypdf.PdfReader(out / name).pages
    monkeypatch.undo()
    assert run(root)[1] == "1 built, 3 unchanged, 0 blocked\n"  # the one relance_1 not written yet
    assert not (out / JOURNAL_NAME).exists()
    run(root, out=tmp_path / "whole")
    assert tree(out) == tree(tmp_path / "whole")


def test_the_build_after_an_interrupted_clean_goes_on_with_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The letters the interrupted --clean did not reach are written again, as --clean would."""
    root = make_repo(tmp_path)
    out = root / "output"
    run(root)
    interrupt_after_one_pdf(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        run(root, clean=True)
    monkeypatch.undo()
    (out / "notes.txt").write_text("mine")
    assert run(root)[1] == (
        f"{out}: left as they are, relance did not write them: notes.txt\n3 built, 1 unchanged, 0 blocked\n"
    )
    assert run(root)[1] == "0 built, 4 unchanged, 0 blocked\n"  # and then a plain build again
