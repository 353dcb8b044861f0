"""Rate tables: shipped data against the published arrêtés and ECB decisions, repository additions, refusals."""

from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from generator import cases
from generator.errors import RelanceError
from generator.models import Config
from generator.raterows import EcbRateRow, LegalRateRow, RateAdditions
from generator.rates import MissingRate, half_year_of, half_year_start, load_rates

D = Decimal


def shipped():
    return load_rates(Config())


def half_years(first: int, last: int) -> list[str]:
    return [f"{year}-H{half}" for year in range(first, last + 1) for half in (1, 2)]


def test_shipped_legal_table_covers_2015_h1_to_2026_h1_and_stops_there() -> None:
    tables = shipped()
    assert list(tables.legal_rows) == half_years(2015, 2025) + ["2026-H1"]
    assert all(row.source for row in tables.legal_rows.values())


@pytest.mark.parametrize(
    ("half_year", "individual", "other"),
    [
        ("2015-H1", "4.06", "0.93"),
        ("2018-H1", "3.73", "0.89"),
        ("2019-H1", "3.40", "0.86"),
        ("2020-H2", "3.11", "0.84"),
        ("2023-H2", "6.82", "4.22"),
        ("2024-H1", "8.01", "5.07"),
        ("2025-H2", "6.65", "2.76"),
        ("2026-H1", "6.67", "2.62"),
    ],
)
def test_legal_rates_as_published(half_year: str, individual: str, other: str) -> None:
    tables = shipped()
    assert tables.legal(half_year, "individual")[0] == D(individual)
    assert tables.legal(half_year, "other")[0] == D(other)


def test_legal_rate_source_names_the_arrete() -> None:
    assert shipped().legal("2026-H1", "other") == (
        D("2.62"),
        "taux de l'intérêt légal 2026-H1, arrêté du 15 décembre 2025 (JORF n° 0302 du 26 décembre 2025)",
    )


# MRO + 10 and 3 × "other" for each half-year (docs/law.md#penalties, docs/law.md#penalty-floor).
TABLE_4_2 = {
    "2015-H1": ("10.05", "2.79"),
    "2015-H2": ("10.05", "2.97"),
    "2016-H1": ("10.05", "3.03"),
    "2016-H2": ("10.00", "2.79"),
    "2017-H1": ("10.00", "2.70"),
    "2020-H2": ("10.00", "2.52"),
    "2022-H2": ("10.00", "2.31"),
    "2023-H1": ("12.50", "6.18"),
    "2023-H2": ("14.00", "12.66"),
    "2024-H1": ("14.50", "15.21"),
    "2024-H2": ("14.25", "14.76"),
    "2025-H1": ("13.15", "11.13"),
    "2025-H2": ("12.15", "8.28"),
    "2026-H1": ("12.15", "7.86"),
}


@pytest.mark.parametrize("half_year", sorted(TABLE_4_2))
def test_default_penalty_and_floor_match_legal_fr_4_2(half_year: str) -> None:
    default, floor = TABLE_4_2[half_year]
    tables = shipped()
    assert tables.penalty_default(half_year)[0] == D(default)
    assert tables.floor(half_year) == D(floor)


def test_default_is_ten_points_for_every_half_year_2017_to_2022() -> None:
    tables = shipped()
    assert {tables.penalty_default(h)[0] for h in half_years(2017, 2022)} == {D("10.00")}


def test_2024_floor_exceeds_the_statutory_default() -> None:
    tables = shipped()
    for half_year in ("2024-H1", "2024-H2"):
        assert tables.floor(half_year) > tables.penalty_default(half_year)[0]
    assert tables.floor("2023-H2") < tables.penalty_default("2023-H2")[0]


def test_penalty_default_source_cites_the_ecb_row_it_used() -> None:
    assert shipped().penalty_default("2024-H2")[1] == (
        "taux BCE au 1er juillet 2024 (4,25\u202f%) + 10 points, art. L441-10 C. com. ; "
        "BCE, taux des opérations principales de refinancement à compter du 12 juin 2024"
    )


def test_ecb_rate_by_effective_date() -> None:
    tables = shipped()
    assert tables.ecb_on(dt.date(2024, 6, 11))[0] == D("4.50")
    assert tables.ecb_on(dt.date(2024, 6, 12))[0] == D("4.25")
    assert tables.ecb_on(dt.date(2016, 3, 15))[0] == D("0.05")
    assert tables.ecb_on(dt.date(2016, 3, 16))[0] == D("0.00")
    assert tables.ecb_on(dt.date(2026, 2, 5))[0] == D("2.15")


def test_missing_legal_half_year_is_refused_with_how_to_add_it() -> None:
    with pytest.raises(MissingRate) as info:
        shipped().legal("2026-H2", "individual")
    assert str(info.value.message) == (
        "no legal interest rate for 2026-H2 in the rate tables; run relance rates update --from FILE, FILE being the page of the arrêté fixing the 2026-H2 rates "
        'saved from Légifrance, or: relance rates add legal_interest 2026-H2 --individual … --other … --source "arrêté du …"'
    )
    assert isinstance(info.value, RelanceError)


def test_ecb_rate_after_the_confirmed_date_is_refused() -> None:
    tables = shipped()
    with pytest.raises(MissingRate) as info:
        tables.penalty_default("2026-H2")
    assert info.value.message == (
        "no ECB main refinancing rate confirmed for 2026-07-01 in the rate tables (confirmed up to 2026-02-05); "
        "run relance rates update (it reads the rate in force on 2026-07-01 from the ECB Data Portal), or: "
        'relance rates add ecb 2026-07-01 --rate … --source "décision de la BCE du …"'
    )
    with pytest.raises(MissingRate):
        tables.ecb_on(dt.date(2026, 2, 6))


def test_ecb_rate_before_the_table_is_refused() -> None:
    with pytest.raises(MissingRate, match="no ECB main refinancing rate confirmed for 2014-07-01"):
        shipped().penalty_default("2014-H2")


def test_a_penalty_rate_asked_again_gives_the_same_answer_and_a_new_refusal() -> None:
    tables = shipped()
    assert tables.penalty_default("2024-H2") == tables.penalty_default("2024-H2")
    raised = []
    for _ in range(2):
        with pytest.raises(MissingRate) as info:
            tables.penalty_default("2026-H2")
        raised.append(info.value)
    assert raised[0] is not raised[1] and raised[1].invoice is None  # a caller sets its own invoice on it
    assert (raised[0].what, raised[0].fix) == (raised[1].what, raised[1].fix)
    assert raised[1].what == (
        "no ECB main refinancing rate confirmed for 2026-07-01 in the rate tables (confirmed up to 2026-02-05)"
    )


def test_floor_of_a_missing_half_year_is_refused() -> None:
    with pytest.raises(MissingRate, match="2026-H2"):
        shipped().floor("2026-H2")


@pytest.mark.parametrize(
    ("day", "half_year"),
    [
        (dt.date(2024, 1, 1), "2024-H1"),
        (dt.date(2024, 6, 30), "2024-H1"),
        (dt.date(2024, 7, 1), "2024-H2"),
        (dt.date(2024, 12, 31), "2024-H2"),
    ],
)
def test_half_year_of(day: dt.date, half_year: str) -> None:
    assert half_year_of(day) == half_year


def test_half_year_start() -> None:
    assert half_year_start("2026-H2") == dt.date(2026, 7, 1)
    assert half_year_start("2026-H1") == dt.date(2026, 1, 1)


def repo_with(tmp_path: Path, config: str) -> Config:
    (tmp_path / "relance.yaml").write_text(textwrap.dedent(config), encoding="utf-8")
    return cases.load_repository(tmp_path).config


def test_repository_adds_a_half_year_and_confirms_the_ecb_rate(tmp_path: Path) -> None:
    config = repo_with(
        tmp_path,
        """\
        rates:
          legal_interest:
            - {half_year: 2026-H2, individual: "6.50", other: "2.50", source: "arrêté de test"}
          ecb:
            - {effective: 2026-07-01, rate: "2.15", source: "BCE, taux inchangé (test)"}
        """,
    )
    tables = load_rates(config)
    assert tables.legal("2026-H2", "other") == (D("2.50"), "taux de l'intérêt légal 2026-H2, arrêté de test")
    assert tables.penalty_default("2026-H2")[0] == D("12.15")
    assert tables.floor("2026-H2") == D("7.50")
    assert tables.confirmed_until == dt.date(2026, 7, 1)
    with pytest.raises(MissingRate):
        tables.ecb_on(dt.date(2026, 7, 2))


def test_identical_duplicate_is_accepted_and_the_shipped_row_kept() -> None:
    config = Config(
        rates=RateAdditions(
            legal_interest=[LegalRateRow(half_year="2026-H1", individual="6.67", other="2.62", source="copie")],
            ecb=[EcbRateRow(effective="2025-06-11", rate="2.15", source="copie")],
        )
    )
    tables = load_rates(config)
    assert tables.legal("2026-H1", "other")[1].endswith("arrêté du 15 décembre 2025 (JORF n° 0302 du 26 décembre 2025)")


def test_conflicting_duplicate_is_refused_naming_both_rows() -> None:
    config = Config(
        rates=RateAdditions(
            legal_interest=[LegalRateRow(half_year="2025-H2", individual="6.65", other="2.80", source="arrêté X")]
        )
    )
    with pytest.raises(RelanceError) as info:
        load_rates(config)
    assert info.value.message == (
        "relance.yaml: rates.legal_interest: 2025-H2 is given twice with different rates: individual 6.65, "
        'other 2.76, source "arrêté du 19 juin 2025 (JO du 24 juin 2025, NOR ECOT2516925A)" (in the shipped '
        'rate tables) and individual 6.65, other 2.80, source "arrêté X" (in relance.yaml); keep one row for 2025-H2'
    )


def test_conflicting_ecb_duplicate_inside_relance_yaml_is_refused() -> None:
    config = Config(
        rates=RateAdditions(
            ecb=[
                EcbRateRow(effective="2026-07-01", rate="2.15", source="a"),
                EcbRateRow(effective="2026-07-01", rate="2.00", source="b"),
            ]
        )
    )
    with pytest.raises(RelanceError) as info:
        load_rates(config)
    assert info.value.message == (
        'relance.yaml: rates.ecb: 2026-07-01 is given twice with different rates: rate 2.15, source "a" '
        '(in relance.yaml) and rate 2.00, source "b" (in relance.yaml); keep one row for 2026-07-01'
    )


def test_tables_are_cached_per_config() -> None:
    assert load_rates(Config()) is load_rates(Config())
    other = Config(
        rates=RateAdditions(legal_interest=[LegalRateRow(half_year="2026-H2", individual="1", other="1", source="s")])
    )
    assert load_rates(other) is not load_rates(Config())
