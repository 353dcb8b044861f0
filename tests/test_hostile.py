"""Inputs that once crashed or hung relance: each now gives one located error, never a traceback.

The case files are kept in tests/fixtures/hostile/; a pipe, a device and a file name that is not
UTF-8 cannot live in git, so the tests below make them in a temporary folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from markupsafe import escape

from generator import interest, prescription, yamlsource
from generator.cli import cli

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
REPO = Path(__file__).parent / "fixtures" / "repo"

_DEEP = (
    "[error yaml.limit] blocks nested more than 20 levels deep: no case file needs that "
    "(fix: write blocks at most a few levels deep, as in `relance new`)"
)
_YEAR = "is not between 1950 and 2099 (fix: check the year: write the date as YYYY-MM-DD, e.g. 2026-11-23)"
EXPECTED = {
    # 1. nesting and alias cycles: RecursionError in the loader and the schema
    "deep-brackets.yaml": [f"10: {_DEEP}"],
    "deep-braces.yaml": [f"10: {_DEEP}"],
    "deep-below-libyaml.yaml": [f"10: {_DEEP}"],
    "alias-cycle.yaml": [
        "8: [error yaml.limit] an alias (*name) repeats the block it stands in, which never "
        "ends (fix: write the repeated values out instead of the alias)"
    ],
    # found by the fuzzer: a control character gave a message with no line
    "control-character.yaml": [
        "9: [error yaml.syntax] the character U+0001 is not allowed in a YAML file (a "
        "control character) (fix: delete it; retype the text around it if it was pasted)"
    ],
    # 2. integers past Python's 4300-digit limit, amounts and rates past what Decimal rounding holds
    "huge-integer.yaml": [
        "9: [error yaml.limit] a number of 5000 digits is longer than any amount or count in "
        "a case file (fix: check the value; if it is a reference or a code, write it in quotes)"
    ],
    "amount-40-digits.yaml": [
        f"9: invoices[0].amount: [error schema.amount-range] amount {'9' * 40}.00 is not "
        "below 1 000 000 000 000 €, the most a claim can be (fix: check the amount: euros "
        'with a dot and at most two decimals, e.g. "15000.50")'
    ],
    "rate-40-digits.yaml": [
        f"8: terms.late_penalty_rate: [error schema.rate-range] rate {'9' * 40} % is not "
        "below 1000 % a year (fix: check the rate: a yearly percentage in quotes, e.g. "
        '"12.15")'
    ],
    # 3. year 9999: prescription and interest periods past the calendar
    "year-9999.yaml": [
        f"9: invoices[0].issued: [error schema.date-range] 9999-01-16 {_YEAR}",
        f"9: invoices[0].due: [error schema.date-range] 9999-02-15 {_YEAR}",
        f"11: letters[0].date: [error schema.date-range] 9999-04-02 {_YEAR}",
    ],
    # 4. an invoice pdf: with no path component at all (IndexError)
    "pdf-dot.yaml": [
        "9: invoices[0].pdf: [error invoice.pdf-path] '.' names the repository folder, not a file "
        "in it (fix: put the PDF in the repository (e.g. invoices/2024-053.pdf) and give its path "
        "from the repository root, with forward slashes)"
    ],
    # 5. a paragraph whose lists nest on one line: the Markdown formatter recursed without end
    "paragraph-nested-lists.yaml": [
        "11: letters[0].paragraph: [error schema.paragraph-nesting] line 1 of the "
        "paragraph nests lists or quotes 600 levels deep, more than the 8 a letter "
        "can show (fix: write the paragraph as plain sentences, with at most a "
        "simple list)"
    ],
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(REPO / "relance.yaml", tmp_path / "relance.yaml")
    (tmp_path / "cases").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _findings(output: str, prefix: str = "cases/") -> list[str]:
    return [line for line in output.splitlines() if line.startswith(prefix)]


def test_every_fixture_is_pinned() -> None:
    assert sorted(p.name for p in HOSTILE.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_gives_a_located_error(repo: Path, name: str) -> None:
    shutil.copy(HOSTILE / name, repo / "cases" / name)
    result = CliRunner().invoke(cli, ["validate", "--as-of", "2024-04-01", f"cases/{name}"])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # not a traceback
    assert _findings(result.output) == [f"cases/{name}:{line}" for line in EXPECTED[name]]


@pytest.mark.parametrize("name", sorted(set(EXPECTED) - {"pdf-dot.yaml"}))
def test_statement_refuses_with_the_same_errors(repo: Path, name: str) -> None:
    shutil.copy(HOSTILE / name, repo / "cases" / name)
    result = CliRunner().invoke(cli, ["statement", "--as-of", "2024-04-01", f"cases/{name}"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"Error: cases/{name}: cannot compute the statement, the case file has errors:"
    )
    assert _findings(result.output) == [f"cases/{name}:{line}" for line in EXPECTED[name]]


def test_as_of_past_the_date_range_is_a_usage_error(repo: Path) -> None:
    shutil.copy(REPO / "cases" / "novatech.yaml", repo / "cases")
    for command in (["validate"], ["statement", "cases/novatech.yaml"]):
        result = CliRunner().invoke(cli, [*command, "--as-of", "9999-12-31"])
        assert result.exit_code == 2
        assert (
            "Error: Invalid value for '--as-of' (env var: 'RELANCE_AS_OF'): 9999-12-31 is not between 1950 and 2099"
            in result.output
        )


def test_a_statement_that_needs_a_missing_rate_names_the_invoice(repo: Path) -> None:
    demo = Path(__file__).parent.parent
    shutil.copy(demo / "relance.yaml", repo)
    shutil.copy(demo / "cases" / "mise-en-demeure-consultante.yaml", repo / "cases" / "x.yaml")
    result = CliRunner().invoke(cli, ["statement", "--as-of", "2026-11-23", "cases/x.yaml"])
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: cases/x.yaml:20: invoices[0]: no ECB main refinancing rate confirmed for 2026-07-01 in the rate tables"
    )


def test_date_arithmetic_is_total() -> None:
    # Case dates stop at 2099; a direct call past the calendar's end answers instead of raising.
    assert prescription.add_years(dt.date(9998, 2, 15), 5) == dt.date.max
    assert interest.split(dt.date(9999, 6, 1), dt.date.max) == [
        (dt.date(9999, 6, 2), dt.date(9999, 6, 30)),
        (dt.date(9999, 7, 1), dt.date.max),
    ]
    assert interest.split(dt.date.max, dt.date.max) == []


# --- 6. files that are not files --------------------------------------------------------------


def test_a_fifo_and_a_device_are_reported_not_read(repo: Path) -> None:
    os.mkfifo(repo / "cases" / "pipe.yaml")
    (repo / "cases" / "zero.yaml").symlink_to("/dev/zero")
    shutil.copy(REPO / "cases" / "novatech.yaml", repo / "cases")
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["validate", "--as-of", "2026-11-23"])
    assert time.monotonic() - started < 30  # it used to wait on the pipe forever
    not_a_file = (
        "[error yaml.not-a-file] not a regular file (a folder, a pipe or a device): relance reads only "
        "plain files (fix: replace it by the case file itself, or move it out of the cases folder)"
    )
    found = [line for line in _findings(result.output) if not line.startswith("cases/novatech.yaml")]
    assert found == [f"cases/pipe.yaml: {not_a_file}", f"cases/zero.yaml: {not_a_file}"]
    assert result.exit_code == 1
    assert "3 cases checked" in result.output  # the real case is still checked


def test_a_named_fifo_is_reported_too(repo: Path) -> None:
    os.mkfifo(repo / "cases" / "pipe.yaml")
    result = CliRunner().invoke(cli, ["validate", "cases/pipe.yaml"])
    assert result.exit_code == 1
    assert _findings(result.output)[0].startswith("cases/pipe.yaml: [error yaml.not-a-file]")


def test_a_file_past_the_cap_says_on_which_line_it_passes_it(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"notes: |\n" + b"  a line of notes\n" * (yamlsource.MAX_BYTES // 18 + 10))
    with pytest.raises(yamlsource.YamlProblem) as info:
        yamlsource.read(path)
    assert info.value.rule == "yaml.limit"
    assert info.value.line == 2 + (yamlsource.MAX_BYTES - 9) // 18  # 9 bytes on line 1, then 18 a line


def test_a_value_with_line_breaks_or_escapes_stays_on_one_line(repo: Path) -> None:
    # Found by the fuzzer: a quoted value with a line break split its message over two lines.
    text = (
        (HOSTILE / "pdf-dot.yaml")
        .read_text(encoding="utf-8")
        .replace("due: 2024-02-15", 'due: "2024-02-15\\n14"')
        .replace("label", "x")
        .replace('pdf: "."', 'label: "\\x1b[31mrouge"')
    )
    (repo / "cases" / "x.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "cases/x.yaml"])
    assert _findings(result.output) == [
        "cases/x.yaml:9: invoices[0].due: [error schema.date] '2024-02-15\\n14' is not a valid date (fix: write it as "
        "YYYY-MM-DD, e.g. 2026-11-23)"
    ]
    assert "\x1b" not in result.output


# --- 7. a file name that is not UTF-8 ---------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_refused_and_the_site_still_builds(repo: Path) -> None:
    name = os.fsdecode(b"caf\xe9.yaml")
    shutil.copy(REPO / "cases" / "durand.yaml", repo / "cases" / name)
    shutil.copy(REPO / "cases" / "lumen.yaml", repo / "cases")
    expected = (
        "cases/caf\ufffd.yaml: [error yaml.filename] the file name is not valid UTF-8 text, so reports and "
        "the site cannot show it (fix: rename the file with letters, digits and dashes, e.g. durand.yaml)"
    )
    result = CliRunner().invoke(cli, ["validate", "--as-of", "2026-11-23"])
    assert _findings(result.output, "cases/caf") == [expected]
    result = CliRunner().invoke(cli, ["build", "--html-only", "--as-of", "2026-11-23"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.output
    assert f"blocked: {expected}" in result.output
    page = (repo / "output" / "cases" / "caf" / "index.html").read_text(encoding="utf-8")
    assert "caf\ufffd.yaml" in page
    assert (repo / "output" / "cases" / "lumen" / "index.html").is_file()


# --- 5. every regular expression over case text runs in bounded time -----------------------


def _regexes() -> list[tuple[str, Callable[[str], object], int]]:
    """Each pattern applied to case text, how it is applied, and the longest text it can get."""
    from generator import build, context, deadlines, fields
    from generator.rules import lettertext, wording

    # A scalar can be as long as the file (a megabyte); a twentieth of it already shows any
    # quadratic behaviour (billions of steps), in milliseconds when linear.
    file_size = yamlsource.MAX_BYTES // 20
    return [
        ("yaml int", yamlsource._INT.fullmatch, file_size),
        ("yaml float", yamlsource._FLOAT.fullmatch, file_size),
        ("yaml date", yamlsource._DATE.fullmatch, file_size),
        ("money", fields._MONEY.fullmatch, file_size),
        ("rate", fields._rate, file_size),
        ("paragraph nesting", fields._paragraph, 2000),
        ("postcode", deadlines._POSTCODE.search, 200),
        ("town", context.town, 200),
        ("slug", build.safe_slug, 200),
        # Case data reaches a letter's HTML escaped (autoescape), so no '<' of its own.
        ("letter text", lambda data: lettertext.plain_text(str(escape(data))), file_size),
        ("seizure", lambda data: wording.quotes(wording._SEIZURE, data), file_size),
        ("firm in court", lambda data: wording.quotes(wording._FIRM_IN_COURT, data), file_size),
        ("consumer fees", lambda data: wording.quotes(wording._B2C_FORBIDDEN, data), file_size),
    ]


_PIECES = [
    "0",
    "1",
    "a",
    " ",
    ".",
    "-",
    "1.",
    "1. ",
    "> ",
    "- ",
    "\t",
    "<",
    "<!--",
    "saisie ",
    "nous ",
    "69003 ",
    "cedex ",
    "e1",
    "F-",
]


@pytest.mark.parametrize("name", [name for name, _, _ in _regexes()])
def test_regular_expressions_take_linear_time(name: str) -> None:
    apply, size = next((f, n) for label, f, n in _regexes() if label == name)
    for piece in (*_PIECES, *(piece + "1 <" for piece in _PIECES)):
        sample = (piece * (size // len(piece) + 1))[:size]
        started = time.perf_counter()
        with contextlib.suppress(ValueError):  # fields._rate refuses what it cannot read
            apply(sample)
        assert time.perf_counter() - started < 2, (name, piece)  # quadratic would take minutes


# --- the bounds at schema level ------------------------------------------------------------------


def test_the_published_schema_carries_the_bounds() -> None:
    from generator import models

    schema = models.Case.model_json_schema()
    invoice = schema["$defs"]["Invoice"]["properties"]
    assert invoice["amount"]["pattern"] == r"^-?[0-9]{1,12}(\.[0-9]{1,2})?$"
    assert invoice["due"]["pattern"].startswith(r"^(?=(?:19[5-9][0-9]|20[0-9][0-9])-)(?!0000)")
    assert schema["$defs"]["Creditor"]["properties"]["siren"]["anyOf"][0]["maxLength"] == 200


def test_long_identity_numbers_and_schedules_are_refused_with_their_line(repo: Path) -> None:
    text = (HOSTILE / "pdf-dot.yaml").read_text(encoding="utf-8").replace('siren: "732829320"', f'siren: "{"1" * 300}"')
    (repo / "cases" / "long.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "cases/long.yaml"])
    assert _findings(result.output)[1] == (
        "cases/long.yaml:1: creditor.siren: [error schema.length] the text has "
        "300 characters: at most 200 are allowed (fix: see `relance schema` for "
        "the allowed values)"
    )
    (repo / "relance.yaml").write_text("defaults:\n  schedule: {relance_1: 1000000000}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "cases/long.yaml"])
    assert result.exit_code == 1
    assert result.output.splitlines()[1] == (
        "relance.yaml:2: defaults.schedule.relance_1: [error schema.range] 1000000000 is too large: at most "
        "3650 is allowed (fix: see `relance schema` for the allowed values)"
    )
