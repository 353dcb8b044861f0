"""Rate tables: legal interest rates and ECB rates, shipped as data and extended by relance.yaml."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from generator.errors import RelanceError
from generator.fields import Date
from generator.frenchtext import date_long, percent
from generator.models import Config
from generator.raterows import EcbRateRow, LegalRateRow, RateAdditions
from generator.resources import data_file

Category = Literal["individual", "other"]

# C. com. L441-10 II: the default penalty is the ECB rate plus 10 points (docs/law.md#penalties).
PENALTY_MARGIN = Decimal(10)
# C. com. L441-10 II: an agreed rate may not be below 3 times the legal interest rate (docs/law.md#penalty-floor).
FLOOR_FACTOR = Decimal(3)


class MissingRate(RelanceError):
    """A computation needs a rate the tables do not hold: nothing is guessed (docs/law.md#rates)."""

    def __init__(self, what: str, fix: str):
        super().__init__(f"{what}; {fix}")
        self.what = what
        self.fix = fix
        self.invoice: int | None = None  # the index in invoices: of the claim that needs the rate


class ShippedRates(RateAdditions):
    """The shipped file: the same rows as a repository's additions, plus the ECB confirmation date."""

    ecb_confirmed_until: Date


def half_year_of(day: dt.date) -> str:
    """``2026-03-14`` → ``"2026-H1"``."""
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def half_year_start(half_year: str) -> dt.date:
    """``"2026-H2"`` → ``2026-07-01``."""
    year, half = half_year.split("-H")
    return dt.date(int(year), 1 if half == "1" else 7, 1)


def next_half_year(half_year: str) -> str:
    """``"2026-H1"`` → ``"2026-H2"``; ``"2026-H2"`` → ``"2027-H1"``."""
    year, half = half_year.split("-H")
    return f"{year}-H2" if half == "1" else f"{int(year) + 1}-H1"


# A table that lacks a half-year starting within this many days is announced ahead of time.
WARN_DAYS = 30
SHIPPED = "the shipped rate tables"
LOCAL = "relance.yaml"


@dataclass(frozen=True)
class RateTables:
    """The merged tables: legal rates by half-year, ECB rates by effective date."""

    legal_rows: dict[str, LegalRateRow]
    ecb_rows: tuple[EcbRateRow, ...]  # sorted by effective date
    ecb_confirmed_until: dt.date
    # Where each row comes from (SHIPPED or LOCAL), for ``relance rates``.
    origins: dict[str | dt.date, str] = field(default_factory=dict, compare=False)
    # penalty_default's answer by half-year: the (rate, source) or the (what, fix) it raises with.
    # Every invoice of every case asks again, and each answer formats a date and a rate.
    _penalties: dict[str, tuple[bool, Any, str]] = field(default_factory=dict, init=False, compare=False, repr=False)

    def legal(self, half_year: str, category: Category) -> tuple[Decimal, str]:
        """The legal interest rate of ``half_year`` for the creditor ``category`` (C. monét. fin. L313-2)."""
        row = self.legal_rows.get(half_year)
        if row is None:
            raise MissingRate(
                f"no legal interest rate for {half_year} in the rate tables",
                f"run relance rates update --from FILE, FILE being the page of the arrêté fixing the {half_year} "
                f"rates saved from Légifrance, or: relance rates add legal_interest {half_year} --individual … "
                f'--other … --source "arrêté du …"',
            )
        rate = row.individual if category == "individual" else row.other
        return rate, f"taux de l'intérêt légal {half_year}, {row.source}"

    def ecb_on(self, day: dt.date) -> tuple[Decimal, str]:
        """The ECB main refinancing rate in force on ``day``, if the tables prove it."""
        known = [row for row in self.ecb_rows if row.effective <= day]
        if not known or day > self.confirmed_until:
            raise MissingRate(
                f"no ECB main refinancing rate confirmed for {day.isoformat()} in the rate tables "
                f"(confirmed up to {self.confirmed_until.isoformat()})",
                f"run relance rates update (it reads the rate in force on {day.isoformat()} from the ECB Data "
                f'Portal), or: relance rates add ecb {day.isoformat()} --rate … --source "décision de la BCE du …"',
            )
        return known[-1].rate, known[-1].source

    @property
    def confirmed_until(self) -> dt.date:
        """A row proves the rate from its effective date on; the file's date proves the rest."""
        latest = self.ecb_rows[-1].effective if self.ecb_rows else self.ecb_confirmed_until
        return max(self.ecb_confirmed_until, latest)

    def penalty_default(self, half_year: str) -> tuple[Decimal, str]:
        """Statutory B2B penalty rate: ECB rate on 1 January / 1 July + 10 points (C. com. L441-10 II)."""
        found = self._penalties.get(half_year)
        if found is None:
            found = self._penalties[half_year] = self._penalty(half_year)
        known, first, second = found
        if not known:
            raise MissingRate(first, second)  # a new one each time: a caller sets its invoice
        return first, second

    def _penalty(self, half_year: str) -> tuple[bool, Any, str]:
        start = half_year_start(half_year)
        try:
            rate, source = self.ecb_on(start)
        except MissingRate as exc:
            return False, exc.what, exc.fix
        # The ECB row's own source is printed too, so a court can check where the figure came from.
        return (
            True,
            rate + PENALTY_MARGIN,
            (f"taux BCE au {date_long(start)} ({percent(rate)}) + 10 points, art. L441-10 C. com. ; {source}"),
        )

    def first_missing_legal(self) -> str:
        """The first half-year after the last one the legal-rate table holds (or its first gap)."""
        half_year = min(self.legal_rows) if self.legal_rows else "2015-H1"
        while half_year in self.legal_rows:
            half_year = next_half_year(half_year)
        return half_year

    def first_missing_ecb(self) -> str:
        """The first half-year whose 1 January / 1 July rate the ECB table does not prove."""
        half_year = half_year_of(self.confirmed_until)
        while half_year_start(half_year) <= self.confirmed_until:
            half_year = next_half_year(half_year)
        return half_year

    def floor(self, half_year: str) -> Decimal:
        """Lowest rate that may be agreed: 3 × the legal rate "other" (L441-10 II, docs/law.md#penalty-floor)."""
        rate, _ = self.legal(half_year, "other")
        return rate * FLOOR_FACTOR


def missing_soon(tables: RateTables, as_of: dt.date, which: tuple[str, ...] = ("legal", "ecb")) -> list[str]:
    """Tables lacking a half-year that has started or starts within WARN_DAYS of ``as_of``."""
    horizon = as_of + dt.timedelta(days=WARN_DAYS)
    found = []
    for key, name, half_year in (
        ("legal", "legal interest rate", tables.first_missing_legal()),
        ("ecb", "ECB rate", tables.first_missing_ecb()),
    ):
        if key not in which:
            continue
        start = half_year_start(half_year)
        if start <= horizon:
            when = (
                f"starts on {start.isoformat()}, in {(start - as_of).days} days"
                if start > as_of
                else f"started on {start.isoformat()}"
            )
            found.append(f"no {name} for {half_year}, which {when}")
    return found


@functools.lru_cache(maxsize=1)
def _shipped() -> ShippedRates:
    path = data_file("rates.yaml")
    try:
        return ShippedRates.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:  # a broken installation, not a user mistake
        raise RuntimeError(f"shipped rate table {path.name} is unreadable: {exc}") from exc


def merge(shipped: ShippedRates, added: RateAdditions) -> RateTables:
    """Shipped rows plus a repository's rows; a conflicting duplicate is refused, naming both rows."""
    legal: dict[str, tuple[LegalRateRow, str]] = {}
    for origin, rows in ((SHIPPED, shipped.legal_interest), (LOCAL, added.legal_interest)):
        for row in rows:
            _add(legal, row.half_year, row, origin, ("individual", "other"), "legal_interest")
    ecb: dict[dt.date, tuple[EcbRateRow, str]] = {}
    for origin, ecb_rows in ((SHIPPED, shipped.ecb), (LOCAL, added.ecb)):
        for ecb_row in ecb_rows:
            _add(ecb, ecb_row.effective, ecb_row, origin, ("rate",), "ecb")
    origins: dict[str | dt.date, str] = {key: value[1] for key, value in legal.items()}
    origins.update({key: value[1] for key, value in ecb.items()})
    return RateTables(
        {key: legal[key][0] for key in sorted(legal)},
        tuple(ecb[key][0] for key in sorted(ecb)),
        shipped.ecb_confirmed_until,
        origins,
    )


def _add(
    table: dict[Any, tuple[Any, str]],
    key: str | dt.date,
    row: LegalRateRow | EcbRateRow,
    origin: str,
    fields: tuple[str, ...],
    section: str,
) -> None:
    if key not in table:
        table[key] = (row, origin)
        return
    known, known_origin = table[key]
    if all(getattr(known, name) == getattr(row, name) for name in fields):
        return  # same rates: the first row (and its source) is kept

    def show(r: LegalRateRow | EcbRateRow) -> str:
        return ", ".join(f"{name} {getattr(r, name)}" for name in fields) + f', source "{r.source}"'

    label = key.isoformat() if isinstance(key, dt.date) else key
    raise RelanceError(
        f"relance.yaml: rates.{section}: {label} is given twice with different rates: "
        f"{show(known)} (in {known_origin}) and {show(row)} (in {origin}); keep one row for {label}"
    )


@functools.lru_cache(maxsize=64)
def _load(additions_json: str) -> RateTables:
    return merge(_shipped(), RateAdditions.model_validate_json(additions_json))


def load_rates(config: Config) -> RateTables:
    """The shipped tables merged with ``config.rates``; cached per distinct set of additions."""
    return _load(config.rates.model_dump_json())
