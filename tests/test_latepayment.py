"""The PMD and PMT clauses of an e-invoice: a plain rate is recorded, anything else is left to a person."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.latepayment import read_indemnity, read_penalty


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("Pénalités de retard : 12,00 % l'an", "12.00"),
        ("PÉNALITÉS DE RETARD : 12 %", "12.00"),
        ("penalites de retard au taux annuel de 12.5%", "12.50"),
        ("Pénalités de retard\nau taux de 10\u00a0% par an", "10.00"),
        ("Taux des pénalités : 9,75 pour cent", "9.75"),
        ("Pénalités exigibles au taux de 11 p. 100 l’an", "11.00"),
        ("En cas de retard, l\u2019intérêt de retard est de 15,1234 %", "15.1234"),
    ],
)
def test_a_plain_yearly_rate_is_recorded(text: str, rate: str) -> None:
    clause = read_penalty(text)
    assert (clause.rate, clause.statutory, clause.review) == (Decimal(rate), False, None)
    assert str(clause.rate) == rate


@pytest.mark.parametrize(
    "text",
    [
        "Taux BCE majoré de 10 points",
        "taux de refinancement de la B.C.E. + 10 pts",
        "Taux directeur de la Banque centrale européenne majoré de 10 points de pourcentage, soit 12,15 %",
        "TAUX DE LA BCE\n+ 10 POINTS",
    ],
)
def test_the_statutory_default_is_recognised_whatever_the_wording(text: str) -> None:
    assert read_penalty(text) == read_penalty("Taux BCE + 10 points")
    assert read_penalty(text).statutory and read_penalty(text).rate is None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("3 fois le taux d'intérêt légal", "legal interest rate"),
        ("Trois fois le taux de l’intérêt légal, soit 7,86 %", "legal interest rate"),
        ("trois fois le TAUX LEGAL", "legal interest rate"),
        ("Taux BCE + 7 points", "margin other than the statutory 10 points"),
        ("Taux BCE majoré", "without saying how many points"),
        ("1 % par mois de retard", "per month or per day"),
        ("0,05 % par jour", "per month or per day"),
        ("12 % ou 15 % selon le contrat", "several rates (12 %, 15 %)"),
        ("Des pénalités de retard sont exigibles", "no rate"),
        ("Pénalités : 0 %", "not plausible"),
        ("Pénalités : 150 %", "not plausible"),
    ],
)
def test_anything_else_is_a_review_never_a_rate(text: str, why: str) -> None:
    clause = read_penalty(text)
    assert clause.rate is None and not clause.statutory
    assert clause.review is not None and why in clause.review


@pytest.mark.parametrize(
    "text",
    [
        "Indemnité forfaitaire pour frais de recouvrement : 40 €",
        "indemnite forfaitaire de 40 euros",
        "INDEMNITÉ FORFAITAIRE : 40,00 EUR (art. D441-5 C. com.)",
    ],
)
def test_the_40_euro_indemnity_needs_no_review(text: str) -> None:
    assert read_indemnity(text) is None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Indemnité de recouvrement : 50 EUR", "it states 50 €"),
        ("Indemnité forfaitaire prévue par la loi", "it states no amount"),
    ],
)
def test_another_indemnity_is_a_review(text: str, why: str) -> None:
    review = read_indemnity(text)
    assert review is not None and review.startswith(why) and "40 € (C. com. D441-5)" in review
