"""``relance rates``: show the rate tables, say which letters a missing row blocks, add rows.

Rows a repository adds go under ``rates:`` in relance.yaml, written through :mod:`yamledit` so
every other line stays as the clerk wrote it; each row carries its source and the date it was
read there. Nothing is written when a row would contradict another (the merge refuses it).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from pydantic import ValidationError

from generator import cases, ratefeeds, worklist, yamledit
from generator.errors import RelanceError
from generator.frenchtext import percent
from generator.models import Config
from generator.raterows import EcbRateRow, LegalRateRow, RateAdditions
from generator.rates import (
    LOCAL,
    WARN_DAYS,
    MissingRate,
    RateTables,
    half_year_of,
    half_year_start,
    load_rates,
    missing_soon,
    next_half_year,
)
from generator.statement import compute


def _tables(config: Config) -> RateTables:
    return load_rates(config)


# --- relance rates ------------------------------------------------------------------------------


def show_command(root: Path) -> str:
    """Every row in force, shipped or local, with its source; and the first half-year each table lacks."""
    repo = cases.load_repository(root)
    tables = _tables(repo.config)
    out = ["Taux de l'intérêt légal (C. monét. fin. L313-2), par semestre : particulier / autres cas"]
    for half_year, row in tables.legal_rows.items():
        out.append(
            f"  {half_year}  {percent(row.individual):>7} / {percent(row.other):>7}  {row.source}"
            + _origin(tables, half_year, row.retrieved)
        )
    out.append(f"  first missing: {tables.first_missing_legal()}")
    out.append("")
    out.append("Taux BCE des opérations principales de refinancement (C. com. L441-10 II), par date d'effet")
    for ecb in tables.ecb_rows:
        out.append(
            f"  {ecb.effective.isoformat()}  {percent(ecb.rate):>7}  {ecb.source}"
            + _origin(tables, ecb.effective, ecb.retrieved)
        )
    out.append(
        f"  confirmed up to {tables.confirmed_until.isoformat()}; first missing: "
        f"{tables.first_missing_ecb()} (rate on {half_year_start(tables.first_missing_ecb()).isoformat()})"
    )
    return "\n".join(out) + "\n"


def _origin(tables: RateTables, key: str | dt.date, retrieved: dt.date | None) -> str:
    if tables.origins.get(key) != LOCAL:
        return ""
    return f"  [relance.yaml{f', retrieved {retrieved.isoformat()}' if retrieved else ''}]"


# --- relance rates check ------------------------------------------------------------------------


def check_command(paths: list[Path], as_of: dt.date) -> tuple[str, bool]:
    """The letters whose figures need a row the tables lack: those requested in the cases, and the
    steps ``relance due`` finds due within WARN_DAYS. False when any letter is blocked."""
    repo = cases.load_repository(cases.find_root(paths[0] if paths else Path.cwd()))
    tables = _tables(repo.config)
    blocked: list[str] = []
    for path in cases.collect(paths, repo):
        result = cases.load_case(path, repo)
        if result.case is None:
            continue  # validate reports broken files; this command is about rates
        loaded = result.case
        for index, letter in enumerate(loaded.case.letters):
            problem = _needs(loaded, letter.date)
            if problem:
                blocked.append(
                    f"{loaded.path}: letter {index + 1} ({letter.type}, {letter.date.isoformat()}): {problem}"
                )
        for item in worklist.case_worklist(loaded, as_of, horizon_days=WARN_DAYS):
            if item.kind != "letter" or item.letter is None:
                continue  # its "rates" items repeat a "letter" item's step
            day = max(item.date, as_of)  # a step already due is written today
            problem = _needs(loaded, day)
            if problem:
                blocked.append(
                    f"{loaded.path}: {item.letter} due on {item.date.isoformat()} (relance due), "
                    f"written on {day.isoformat()}: {problem}"
                )
    out = [
        f"legal interest rates up to {_last(tables.first_missing_legal())}, "
        f"ECB rate confirmed up to {tables.confirmed_until.isoformat()}"
    ]
    out += [f"warning: {text}" for text in missing_soon(tables, as_of)]
    if blocked:
        out.append(f"{len(blocked)} letter(s) need a rate the tables lack:")
        out += [f"  {line}" for line in blocked]
        out.append("fix: relance rates update (or relance rates add … --source …), then relance build")
    else:
        out.append("every requested letter has the rates it needs")
    return "\n".join(out) + "\n", not blocked


def _needs(loaded: cases.LoadedCase, day: dt.date) -> str | None:
    try:
        statement = compute(loaded, day)
    except MissingRate as exc:
        return exc.what
    if statement.regime == "penalties" and loaded.case.terms.late_penalty_rate is not None:
        tables = _tables(loaded.repo.config)
        for half_year in sorted({half_year_of(line.start) for a in statement.accounts for line in a.lines}):
            try:
                tables.floor(half_year)
            except MissingRate as exc:
                # The letter is built, but its agreed rate cannot be checked against the floor.
                return f"{exc.what}, needed to check the agreed rate against 3 × the legal rate (C. com. L441-10 II)"
    return None


def _last(first_missing: str) -> str:
    year, half = first_missing.split("-H")
    return f"{year}-H1" if half == "2" else f"{int(year) - 1}-H2"


# --- relance rates add / update -----------------------------------------------------------------


@dataclass(frozen=True)
class NewRows:
    legal: tuple[LegalRateRow, ...] = ()
    ecb: tuple[EcbRateRow, ...] = ()


def add_legal(root: Path, half_year: str, individual: str, other: str, source: str, today: dt.date) -> str:
    """``relance rates add legal_interest HALF_YEAR --individual … --other … --source …``."""
    row = _row(
        LegalRateRow,
        {"half_year": half_year, "individual": individual, "other": other, "source": source, "retrieved": today},
    )
    return write_rows(root, NewRows(legal=(row,)))


def add_ecb(root: Path, effective: dt.date, rate: str, source: str, today: dt.date) -> str:
    """``relance rates add ecb DATE --rate … --source …``."""
    row = _row(EcbRateRow, {"effective": effective, "rate": rate, "source": source, "retrieved": today})
    return write_rows(root, NewRows(ecb=(row,)))


def _row(model: Any, data: dict[str, Any]) -> Any:
    if not str(data["source"]).strip():
        raise RelanceError(
            '--source is empty: name the text the rate comes from (e.g. "arrêté du 20 juin 2026, '
            'JORF du 27 juin 2026"); nothing was written'
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"])
        raise RelanceError(f"{field}: {error['msg']}; nothing was written") from None


def write_rows(root: Path, rows: NewRows) -> str:
    """Append the rows the tables do not already hold to relance.yaml; say what was added."""
    repo = cases.load_repository(root)
    tables = _tables(repo.config)
    legal = [
        row
        for row in rows.legal
        if tables.legal_rows.get(row.half_year) is None
        or tables.legal_rows[row.half_year].individual != row.individual
        or tables.legal_rows[row.half_year].other != row.other
    ]
    known_ecb = {row.effective: row.rate for row in tables.ecb_rows}
    ecb = [row for row in rows.ecb if known_ecb.get(row.effective) != row.rate]
    if not legal and not ecb:
        return "nothing to add: the tables already hold these rates\n"
    added = RateAdditions(
        legal_interest=[*repo.config.rates.legal_interest, *legal], ecb=[*repo.config.rates.ecb, *ecb]
    )
    load_rates(Config(rates=added))  # a contradiction with another row is refused here, before any write
    path = root / cases.CONFIG_NAME
    edit = yamledit.edit_file(path) if path.is_file() else yamledit.YamlEdit("", str(path))
    for legal_row in legal:
        edit.append(["rates", "legal_interest"], _plain(legal_row))
    for ecb_row in ecb:
        edit.append(["rates", "ecb"], _plain(ecb_row))
    yamledit.save(path, edit)
    out = [f"added to {cases.CONFIG_NAME}:"]
    out += [
        f"  rates.legal_interest: {r.half_year}  {percent(r.individual)} / {percent(r.other)}  source: "
        f"{r.source}  (retrieved {r.retrieved})"
        for r in legal
    ]
    out += [
        f"  rates.ecb: {r.effective.isoformat()}  {percent(r.rate)}  source: {r.source}  (retrieved {r.retrieved})"
        for r in ecb
    ]
    return "\n".join(out) + "\n"


def _plain(row: LegalRateRow | EcbRateRow) -> dict[str, Any]:
    data = row.model_dump(exclude_none=True)
    return {key: (Decimal(value) if key in ("individual", "other", "rate") else value) for key, value in data.items()}


def wanted_ecb_days(tables: RateTables, today: dt.date) -> list[dt.date]:
    """1 January / 1 July of every half-year the ECB table lacks, up to the current one: the rate in
    force on a day is read only once that day is over (ratefeeds.read_ecb refuses it earlier)."""
    days, half_year = [], tables.first_missing_ecb()
    while half_year_start(half_year) < today:
        days.append(half_year_start(half_year))
        half_year = next_half_year(half_year)
    return days


def update_command(
    root: Path,
    today: dt.date,
    from_file: Path | None = None,
    save: Path | None = None,
    client: httpx.Client | None = None,
) -> tuple[str, bool]:
    """``relance rates update``: read what the tables lack from the official sources (or from a
    file saved earlier), write it to relance.yaml. False when a source could not be read."""
    repo = cases.load_repository(root)
    tables = _tables(repo.config)
    problems: list[str] = []
    if from_file is not None:
        rows, problems = _from_file(from_file, today)
    else:
        answers: list[ratefeeds.Answer] = []
        days = wanted_ecb_days(tables, today)
        with client or httpx.Client(headers={"Accept": "text/csv"}, follow_redirects=True) as http:
            for day in days:
                try:
                    answers.append(ratefeeds.fetch(ratefeeds.ecb_url(day), http, today))
                except ratefeeds.SourceProblem as exc:
                    problems.append(str(exc))
                    break
        if save is not None:
            save.write_text(
                json.dumps({"answers": [a.to_json() for a in answers]}, ensure_ascii=False, indent=2) + "\n",
                encoding="utf-8",
            )
        rows, read_problems = _read_answers(answers)
        problems += read_problems
    out = write_rows(root, rows) if rows.legal or rows.ecb else "nothing added\n"
    after = _tables(cases.load_repository(root).config)
    legal_gap = after.first_missing_legal()
    if half_year_start(legal_gap) <= today + dt.timedelta(days=WARN_DAYS) and from_file is None:
        out += (
            f"the legal interest rate for {legal_gap} is set by arrêté in the Journal officiel, which "
            "relance does not query: save the arrêté's page from Légifrance and run relance rates update "
            f"--from FILE, or: relance rates add legal_interest {legal_gap} --individual … --other … "
            '--source "arrêté du …"\n'
        )
    out += "".join(f"error: {problem}\n" for problem in problems)
    return out, not problems


def _from_file(path: Path, today: dt.date) -> tuple[NewRows, list[str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RelanceError(f"{path}: cannot read the file ({exc})") from None
    if text.lstrip().startswith("{"):
        try:
            saved = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RelanceError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
        entries = saved.get("answers") if isinstance(saved, dict) else None
        if not isinstance(entries, list):
            raise RelanceError(f"{path}: a saved file of relance rates update --save has an 'answers' list")
        return _read_answers([ratefeeds.Answer.from_json(entry, str(path)) for entry in entries])
    try:
        return NewRows(legal=(ratefeeds.read_arrete(text, str(path), today),)), []
    except ratefeeds.SourceProblem as exc:
        return NewRows(), [str(exc)]


def _read_answers(answers: list[ratefeeds.Answer]) -> tuple[NewRows, list[str]]:
    rows, problems = [], []
    for answer in answers:
        try:
            rows.append(ratefeeds.read_ecb(answer))
        except ratefeeds.SourceProblem as exc:
            problems.append(str(exc))
    return NewRows(ecb=tuple(rows)), problems
