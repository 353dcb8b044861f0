"""The letters of a case file: their types, the escalation ladder, and the letters to produce.

``letters`` in a case file lists the letters to produce now (``LetterRequest``); the types and
channels are shared with the history of letters sent (``generator/events.py``). Each description
is French first, then English, as in ``models``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, field_validator

from generator.fields import Date, Invalid, Line, Strict, Text, _paragraph, doc

LetterType = Literal[
    "rappel",
    "relance_1",
    "relance_2",
    "derniere_relance",
    "mise_en_demeure",
    "confirmation_promesse",
    "echeancier",
    "requete_injonction",
    "petites_creances",
    "declaration_creance",
    "reconnaissance_dette",
]
LETTER_TYPES: tuple[str, ...] = LetterType.__args__  # type: ignore[attr-defined]
ESCALATION = ("rappel", "relance_1", "relance_2", "derniere_relance", "mise_en_demeure")  # docs/law.md#ladder
# Not to the debtor: to a court, a commissaire or the mandataire (docs/law.md#court-documents, #declaration).
COURT_DOCUMENTS = ("requete_injonction", "petites_creances", "declaration_creance")

Channel = Literal["email", "post", "lrar", "lre", "hand", "commissaire"]


class LetterRequest(Strict):
    type: LetterType = Field(description=doc("Type de lettre à produire.", "Type of letter to produce."))
    date: Date = Field(description=doc("Date de la lettre.", "Letter date."))
    deadline_days: int | None = Field(
        None,
        ge=1,
        le=90,
        description=doc(
            "Délai laissé pour payer, en jours (mise en demeure : 8 à 15) ; par défaut celui de relance.yaml.",
            "Days given to pay (formal notice: 8 to 15); default from relance.yaml.",
        ),
    )
    channel: Channel | None = Field(
        None,
        description=doc(
            "Mode d'envoi ; par défaut lrar pour une mise en demeure, post sinon.",
            "How it will be sent; default lrar for a formal notice, post otherwise.",
        ),
    )
    registered_number: Line | None = Field(
        None, description=doc("Numéro du recommandé, s'il est connu.", "Registered-mail number, when known.")
    )
    place: Line | None = Field(
        None,
        description=doc(
            "Lieu d'écriture ; par défaut la ville de l'expéditeur.", "Place of writing; default the sender's town."
        ),
    )
    paragraph: Annotated[Text | None, BeforeValidator(_paragraph)] = Field(
        None,
        description=doc(
            "Paragraphe libre en Markdown ajouté au corps (le HTML brut n'est pas interprété).",
            "Free Markdown paragraph added to the body (raw HTML is not rendered).",
        ),
    )
    reference: Line | None = Field(
        None, description=doc("Référence de la lettre ; calculée par défaut.", "Letter reference; computed by default.")
    )
    pdfa: bool = Field(
        False,
        description=doc(
            "Produire un PDF/A-3b avec les PDF des factures joints.", "Produce PDF/A-3b with the invoice PDFs attached."
        ),
    )
    invoices: list[Line] | None = Field(
        None,
        min_length=1,
        description=doc(
            "Numéros des factures que réclame la lettre ; par défaut les factures impayées non contestées "
            "(échues à la date de la lettre, sauf pour un rappel, une confirmation ou un échéancier).",
            "Numbers of the invoices the letter claims; default: the unpaid, undisputed invoices (past due "
            "on the letter date, except for a rappel, a confirmation or an echeancier).",
        ),
    )
    court: Line | None = Field(
        None,
        description=doc(
            "Juridiction saisie (requête en injonction de payer), ex. « Tribunal de commerce de Lyon » ; "
            "par défaut celle de « courts » dans relance.yaml pour le code postal du débiteur.",
            "Court addressed by an injonction de payer request; default: relance.yaml 'courts' for the "
            "debtor's postcode.",
        ),
    )

    @field_validator("deadline_days")
    @classmethod
    def _med_deadline(cls, days: int | None, info: object) -> int | None:
        # Checked here as well as in rules/letter.py so the error shows even when other keys of
        # the same file are invalid (the rules only run on a file that loads). C. civ. 1231,
        # 1344; practice 8 to 15 days — docs/law.md#deadline.
        data = getattr(info, "data", {})
        if days is not None and data.get("type") == "mise_en_demeure" and not 8 <= days <= 15:
            raise Invalid(
                f"deadline of {days} days is outside the 8 to 15 days a mise en demeure gives",
                "set deadline_days between 8 and 15",
                rule="med.deadline-range",
            )
        return days
