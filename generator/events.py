"""The history of a case file (``events``): letters sent, calls, promises, disputes, plans, claims.

Each event has a date and a ``type`` that says which it is. Each description is French first,
then English, as in ``models``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from generator.fields import Date, Line, Money, Strict, Text, doc
from generator.letters import Channel, LetterRequest, LetterType
from generator.parties import SenderRole


class _Event(Strict):
    date: Date = Field(description=doc("Date de l'événement.", "Date of the event."))
    note: Text | None = Field(None, description=doc("Note libre.", "Free note."))


class LetterSent(_Event):
    type: Literal["letter"]
    letter: LetterType = Field(description=doc("Type de lettre envoyée.", "Type of letter sent."))
    channel: Channel = Field(description=doc("Mode d'envoi.", "How it was sent."))
    reference: Line | None = Field(
        None, description=doc("Référence portée sur la lettre.", "Reference printed on the letter.")
    )
    registered_number: Line | None = Field(None, description=doc("Numéro du recommandé.", "Registered-mail number."))
    received: Date | None = Field(
        None, description=doc("Date de réception (avis de réception).", "Date of receipt (return receipt).")
    )
    letter_date: Date | None = Field(
        None,
        description=doc(
            "Date portée sur la lettre, quand elle a été postée un autre jour (date : jour de l'envoi).",
            "Date printed on the letter, when it was posted on another day (date: the day it was sent).",
        ),
    )
    proof: Line | None = Field(
        None,
        description=doc(
            "Chemin du PDF de l'avis de réception, relatif à la racine du dépôt (pièce du dossier au tribunal).",
            "Path of the return receipt's PDF, relative to the repository root (a piece of the court file).",
        ),
    )
    by: SenderRole | None = Field(
        None,
        description=doc(
            "Qui l'a envoyée : creditor, recovery_firm, lawyer ; par défaut l'expéditeur du dossier. "
            "Indiquez creditor pour les relances faites par le client avant de confier le dossier.",
            "Who sent it; default: the case's sender. Say creditor for the reminders the client sent "
            "before handing the file over.",
        ),
    )

    def records(self, request: LetterRequest) -> bool:
        """Is this the record of ``request`` having been sent: same type, same letter date?"""
        return self.letter == request.type and (self.letter_date or self.date) == request.date


class Call(_Event):
    type: Literal["call"]
    contact: Line | None = Field(None, description=doc("Personne jointe.", "Person spoken to."))


class Promise(_Event):
    type: Literal["promise"]
    promised_date: Date = Field(description=doc("Date de paiement promise.", "Promised payment date."))
    amount: Money = Field(description=doc("Montant promis.", "Promised amount."))


class DisputeOpened(_Event):
    type: Literal["dispute_opened"]
    reason: Line = Field(description=doc("Motif de la contestation.", "What the debtor disputes."))
    invoices: list[Line] | None = Field(
        None, description=doc("Factures contestées (toutes par défaut).", "Disputed invoices (all by default).")
    )


class DisputeClosed(_Event):
    type: Literal["dispute_closed"]
    outcome: Line | None = Field(None, description=doc("Issue de la contestation.", "How it ended."))


class Instalment(Strict):
    due: Date = Field(description=doc("Date de l'échéance.", "Instalment date."))
    amount: Money = Field(description=doc("Montant de l'échéance.", "Instalment amount."))


class PaymentPlan(_Event):
    type: Literal["payment_plan"]
    instalments: list[Instalment] = Field(min_length=1, description=doc("Échéances convenues.", "Agreed instalments."))


class Acknowledgement(_Event):
    type: Literal["acknowledgement"]


class CourtClaim(_Event):
    type: Literal["court_claim"]
    procedure: Literal["petites_creances", "injonction_de_payer", "refere_provision", "assignation"] = Field(
        description=doc("Procédure engagée.", "Proceedings started.")
    )


Event = Annotated[
    LetterSent | Call | Promise | DisputeOpened | DisputeClosed | PaymentPlan | Acknowledgement | CourtClaim,
    Field(discriminator="type"),
]
