"""The courts relance.yaml names (``courts:``): relance never derives a court from an address itself."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from generator.fields import Line, Strict, doc


class Court(Strict):
    """A court relance.yaml names for debtors whose postcode starts with one of ``postcodes``."""

    kind: Literal["tribunal_de_commerce", "tribunal_judiciaire"] = Field(
        description=doc("Nature de la juridiction.", "Kind of court.")
    )
    name: Line = Field(
        description=doc(
            "Nom exact, ex. « Tribunal de commerce de Lyon ».", "Exact name, e.g. 'Tribunal de commerce de Lyon'."
        )
    )
    postcodes: list[Annotated[str, Field(pattern=r"^[0-9]{2,5}$")]] = Field(
        min_length=1,
        description=doc(
            "Codes postaux (ou leurs premiers chiffres) du ressort, vérifiés par vous.",
            "Postcodes (or their first digits) of its district, as you checked them.",
        ),
    )
