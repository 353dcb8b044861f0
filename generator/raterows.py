"""The rows of the rate tables: legal interest rates by half-year, ECB rates by effective date.

The shipped tables and a repository's additions under ``rates:`` in relance.yaml have the same
rows, each with its source and the day it was read there.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from generator.fields import Date, Line, Rate, Strict, doc


class LegalRateRow(Strict):
    half_year: Annotated[str, Field(pattern=r"^[0-9]{4}-H[12]$")] = Field(
        description=doc("Semestre, ex. 2026-H2.", "Half-year, e.g. 2026-H2.")
    )
    individual: Rate = Field(
        description=doc("Taux créancier personne physique (%).", "Rate, creditor a private individual (%).")
    )
    other: Rate = Field(description=doc("Taux dans tous les autres cas (%).", "Rate in all other cases (%)."))
    source: Line = Field(description=doc("Arrêté et Journal officiel.", "Decree and Official Journal."))
    retrieved: Date | None = Field(
        None,
        description=doc("Date à laquelle le taux a été relevé à sa source.", "Date the rate was read from its source."),
    )


class EcbRateRow(Strict):
    effective: Date = Field(description=doc("Date d'effet.", "Effective date."))
    rate: Rate = Field(
        description=doc(
            "Taux des opérations principales de refinancement (%).", "Main refinancing operations rate (%)."
        )
    )
    source: Line = Field(description=doc("Décision de la BCE.", "ECB decision."))
    retrieved: Date | None = Field(
        None,
        description=doc("Date à laquelle le taux a été relevé à sa source.", "Date the rate was read from its source."),
    )


class RateAdditions(Strict):
    legal_interest: list[LegalRateRow] = Field(
        default_factory=list, description=doc("Taux de l'intérêt légal ajoutés.", "Added legal interest rates.")
    )
    ecb: list[EcbRateRow] = Field(default_factory=list, description=doc("Taux BCE ajoutés.", "Added ECB rates."))
