"""French amounts, amounts in words, dates and percentages, against worked tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from generator import frenchtext

N = "\u202f"  # narrow no-break space
S = "\u00a0"  # no-break space


@pytest.mark.parametrize(
    "value, expected",
    [
        ("0", f"0,00{S}€"),
        ("0.99", f"0,99{S}€"),
        ("1", f"1,00{S}€"),
        ("1.01", f"1,01{S}€"),
        ("21", f"21,00{S}€"),
        ("80", f"80,00{S}€"),
        ("200", f"200,00{S}€"),
        ("1000", f"1{N}000,00{S}€"),
        ("15000", f"15{N}000,00{S}€"),
        ("1000000", f"1{N}000{N}000,00{S}€"),
        ("2000000", f"2{N}000{N}000,00{S}€"),
        ("1234567.89", f"1{N}234{N}567,89{S}€"),
        ("1.005", f"1,01{S}€"),  # half up, like the interest lines
        ("-42", f"-42,00{S}€"),
    ],
)
def test_amount(value: str, expected: str) -> None:
    assert frenchtext.amount(Decimal(value)) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("0", "zéro euro"),
        ("0.01", "un centime"),
        ("0.99", "quatre-vingt-dix-neuf centimes"),
        ("1", "un euro"),
        ("1.01", "un euro et un centime"),
        ("1.50", "un euro et cinquante centimes"),
        ("2", "deux euros"),
        ("21", "vingt et un euros"),
        ("71", "soixante et onze euros"),
        ("80", "quatre-vingts euros"),
        ("81", "quatre-vingt-un euros"),
        ("200", "deux cents euros"),
        ("1000", "mille euros"),
        ("1000000", "un million d'euros"),
        ("2000000", "deux millions d'euros"),
        ("1000000.50", "un million d'euros et cinquante centimes"),
        ("1200000", "un million deux cent mille euros"),
        ("1000000000", "un milliard d'euros"),
        (
            "1234567.89",
            "un million deux cent trente-quatre mille cinq cent soixante-sept euros et quatre-vingt-neuf centimes",
        ),
        ("17897.23", "dix-sept mille huit cent quatre-vingt-dix-sept euros et vingt-trois centimes"),
    ],
)
def test_amount_in_words(value: str, expected: str) -> None:
    assert frenchtext.amount_in_words(Decimal(value)) == expected


def test_amount_refuses_floats_and_negative_words() -> None:
    with pytest.raises(TypeError, match="^amount needs a Decimal, not float$"):
        frenchtext.amount(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="^amount_in_words needs a Decimal, not int$"):
        frenchtext.amount_in_words(1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="^amount_in_words: a negative amount cannot be written in words$"):
        frenchtext.amount_in_words(Decimal("-1"))


@pytest.mark.parametrize(
    "day, long, short",
    [
        (dt.date(2026, 12, 1), "1er décembre 2026", "01/12/2026"),
        (dt.date(2026, 11, 23), "23 novembre 2026", "23/11/2026"),
        (dt.date(2027, 2, 2), "2 février 2027", "02/02/2027"),
        (dt.date(2026, 8, 15), "15 août 2026", "15/08/2026"),
    ],
)
def test_dates(day: dt.date, long: str, short: str) -> None:
    assert frenchtext.date_long(day) == long
    assert frenchtext.date_short(day) == short


@pytest.mark.parametrize(
    "value, expected",
    [
        ("12.15", f"12,15{N}%"),
        ("10", f"10,00{N}%"),
        ("2.6", f"2,60{N}%"),
        ("6.665", f"6,665{N}%"),
        ("0", f"0,00{N}%"),
    ],
)
def test_percent(value: str, expected: str) -> None:
    assert frenchtext.percent(Decimal(value)) == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Atelier Bernard", "d'Atelier Bernard"),
        ("Émile SA", "d'Émile SA"),
        ("Novatech", "de Novatech"),
        # Before a mute h French elides; before an aspirated h, or one not known to be mute, it does not.
        ("Hôtel du Parc", "d'Hôtel du Parc"),
        ("HOTEL DU PARC", "d'HOTEL DU PARC"),
        ("Hôpital Nord", "d'Hôpital Nord"),
        ("Habitat Plus", "d'Habitat Plus"),
        ("Horizon Conseil", "d'Horizon Conseil"),
        ("Hachette Livre", "de Hachette Livre"),
        ("Halles de Lyon", "de Halles de Lyon"),
        ("Hêtre SARL", "de Hêtre SARL"),
        ("Hautes-Alpes Bois", "de Hautes-Alpes Bois"),
        ("Hotte", "de Hotte"),
        ("", "de "),
    ],
)
def test_de(name: str, expected: str) -> None:
    assert frenchtext.de(name) == expected


def test_enumeration_and_days() -> None:
    assert frenchtext.enumeration(["a"]) == "a"
    assert frenchtext.enumeration(["a", "b", "c"]) == "a, b et c"
    assert frenchtext.days(1) == f"1{S}jour"
    assert frenchtext.days(8) == f"8{S}jours"


@pytest.mark.parametrize(("count", "words"), [(2, "deux"), (3, "trois"), (21, "vingt et un")])
def test_small_counts_in_words(count: int, words: str) -> None:
    assert frenchtext.cardinal(count) == words
