"""The details of a debtor's collective proceedings (``debtor.insolvency``), for the déclaration de créance.

Only the shape lives here; the time limit and the sums declared are computed in
generator/declaration.py (docs/law.md#declaration).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.fields import Date, Line, Strict, doc

PROCEDURE_NAMES = {
    "sauvegarde": "procédure de sauvegarde",
    "redressement_judiciaire": "redressement judiciaire",
    "liquidation_judiciaire": "liquidation judiciaire",
}


class Mandataire(Strict):
    """The mandataire judiciaire (or the liquidator) the claim is declared to (C. com. L622-24)."""

    name: Line = Field(
        description=doc(
            "Nom du mandataire judiciaire ou du liquidateur (« Me … », « SELARL … »).",
            "The mandataire judiciaire or liquidator.",
        )
    )
    address: list[Line] = Field(
        min_length=1, max_length=6, description=doc("Adresse, une ligne par élément.", "Address, one line per item.")
    )


class CollectiveProceedings(Strict):
    """Safeguard, reorganisation or liquidation opened against a business debtor, as the BODACC published it."""

    procedure: Literal["sauvegarde", "redressement_judiciaire", "liquidation_judiciaire"] = Field(
        description=doc("Procédure ouverte.", "The proceedings opened.")
    )
    court: Line = Field(
        description=doc(
            "Tribunal qui a ouvert la procédure, ex. « Tribunal de commerce de Lyon ».", "The court that opened them."
        )
    )
    opened: Date = Field(
        description=doc(
            "Date du jugement d'ouverture : la créance est déclarée pour son montant à cette date, le cours des "
            "intérêts s'y arrête (art. L622-25, L622-28 C. com.).",
            "Date of the opening judgment: the claim is declared as at that date, interest stops there.",
        )
    )
    published: Date | None = Field(
        None,
        description=doc(
            "Date de publication du jugement au BODACC : le délai de déclaration court de ce jour (art. R622-24).",
            "Date the judgment was published in the BODACC: the time limit runs from it (R622-24).",
        ),
    )
    case_number: Line | None = Field(None, description=doc("Numéro RG ou de la procédure.", "Case number."))
    mandataire: Mandataire = Field(
        description=doc("Mandataire judiciaire ou liquidateur.", "The mandataire judiciaire or liquidator.")
    )
    creditor_outside_territory: bool = Field(
        False,
        description=doc(
            "Le créancier ne demeure pas sur le territoire du tribunal (France métropolitaine pour un tribunal de "
            "métropole, le département ou la collectivité d'outre-mer sinon) : délai augmenté de deux mois "
            "(art. R622-24).",
            "The creditor does not reside in the court's territory (metropolitan France, or the court's overseas "
            "department): two more months (R622-24).",
        ),
    )
    securities: list[Line] = Field(
        default_factory=list,
        max_length=20,
        description=doc(
            "Sûretés ou privilèges dont la créance est assortie, avec leur date (art. L622-25, R622-23 4°), "
            "ex. « Clause de réserve de propriété, art. 8 des CGV acceptées le 3 janvier 2026 ».",
            "Securities or privileges of the claim, with their date (L622-25, R622-23 4°).",
        ),
    )
    pending_case: Line | None = Field(
        None,
        description=doc(
            "Juridiction déjà saisie si la créance fait l'objet d'un litige (art. R622-23 3°).",
            "The court already hearing a dispute about the claim (R622-23 3°).",
        ),
    )


def collective(insolvency: object) -> bool:
    """Is ``debtor.insolvency`` collective proceedings, given by name alone or with their details?"""
    return insolvency == "collective_proceedings" or isinstance(insolvency, CollectiveProceedings)
