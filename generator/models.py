"""The case-file and repository-config schema: strict pydantic models, documented field by field.

Each description is French first, then English, so the published JSON Schema helps a clerk
in an editor as much as a developer. Unknown keys are refused everywhere (``extra="forbid"``).
Legal checks that need more than one field live in ``generator/rules/``, not here: the schema
only says what shape the data has. The case file and the config are assembled here, from the
parties (``generator/parties.py``), the letters to produce (``generator/letters.py``) and the
history (``generator/events.py``); ``relance schema`` is made from ``Case`` and ``Config``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.courts import Court
from generator.events import Event
from generator.fields import Date, Language, Line, Money, Offset, Rate, Strict, Text, doc
from generator.letters import LetterRequest
from generator.parties import Attention as Attention  # the parties are importable from here too
from generator.parties import Creditor as Creditor
from generator.parties import Debtor as Debtor
from generator.parties import Firm as Firm
from generator.parties import Mandate as Mandate
from generator.parties import Party as Party
from generator.parties import Sender as Sender
from generator.parties import SenderRole as SenderRole
from generator.parties import Signatory as Signatory
from generator.raterows import RateAdditions

# --- Money facts ---------------------------------------------------------------------------


class Terms(Strict):
    late_penalty_rate: Rate | None = Field(
        None,
        description=doc(
            "Taux annuel des pénalités convenu (en %, entre guillemets) ; null = taux légal par défaut "
            "(taux BCE + 10 points, art. L441-10 C. com.).",
            "Agreed yearly penalty rate in percent, quoted; null = statutory default (ECB rate + 10 "
            "points, C. com. L441-10).",
        ),
    )
    claim: Literal["penalties", "legal_interest"] | None = Field(
        None,
        description=doc(
            "Ce que réclament les lettres B2B : pénalités L441-10 (défaut) ou intérêt légal ; jamais les "
            "deux pour les mêmes jours. Un débiteur consommateur ne doit que l'intérêt légal.",
            "What B2B letters claim: L441-10 penalties (default) or legal interest; never both. A "
            "consumer owes legal interest only.",
        ),
    )
    imputation: Literal["interest_first", "principal_first"] | None = Field(
        None,
        description=doc(
            "Imputation des paiements partiels : interest_first, d'abord sur les intérêts échus (art. 1343-1 C. "
            "civ.), ou principal_first, sur le principal seul (réclame moins) ; par défaut celle de relance.yaml.",
            "How partial payments are applied: interest_first, to accrued interest first (C. civ. 1343-1), or "
            "principal_first, to principal only (claims less); default: relance.yaml's.",
        ),
    )
    recovery_indemnity: bool = Field(
        True,
        description=doc(
            "Réclamer l'indemnité forfaitaire de 40 € par facture (B2B seulement, art. D441-5 C. com.).",
            "Claim the €40 fixed indemnity per invoice (B2B only, C. com. D441-5).",
        ),
    )


class Invoice(Strict):
    number: Line = Field(
        description=doc("Numéro de facture (unique dans le dossier).", "Invoice number (unique in the case).")
    )
    issued: Date = Field(description=doc("Date d'émission.", "Issue date."))
    due: Date = Field(description=doc("Date d'échéance.", "Due date."))
    amount: Money = Field(
        description=doc('Montant TTC, entre guillemets : "18000.00".', "Amount including tax, quoted.")
    )
    amount_excl_tax: Money | None = Field(
        None, description=doc("Montant HT (facultatif).", "Amount excluding tax (optional).")
    )
    label: Line | None = Field(
        None,
        description=doc(
            "Objet de la facture, imprimé dans la colonne « Désignation » (obligatoire pour une société de "
            "recouvrement : le fondement de la créance, CPCE R124-4 3°).",
            'What was invoiced, printed in the "Désignation" column (required from a recovery firm: the basis '
            "of the claim, CPCE R124-4 3°).",
        ),
    )
    contract: Line | None = Field(
        None,
        description=doc(
            "Contrat, devis ou commande dont la facture découle (« devis n° D-12 du 3 mars 2026 »).",
            'Contract, quote or order the invoice comes from ("devis n° D-12 du 3 mars 2026").',
        ),
    )
    completed: Date | None = Field(
        None,
        description=doc(
            "Date d'achèvement des travaux ou de la prestation (point de départ de la prescription de deux ans "
            "contre un consommateur, C. conso L218-2).",
            "Date the work or service was completed (start of the two-year limitation against a consumer, "
            "C. conso L218-2).",
        ),
    )
    delivered: Date | None = Field(
        None, description=doc("Date de livraison (même usage que completed).", "Delivery date (same use as completed).")
    )
    pdf: Line | None = Field(
        None,
        description=doc(
            "Chemin du PDF de la facture, relatif à la racine du dépôt (joint en PDF/A-3b).",
            "Path of the invoice PDF, relative to the repository root (attached in PDF/A-3b).",
        ),
    )


class Payment(Strict):
    date: Date = Field(description=doc("Date de réception des fonds.", "Date the funds were received."))
    amount: Money = Field(description=doc("Montant reçu, entre guillemets.", "Amount received, quoted."))
    invoice: Line | None = Field(
        None,
        description=doc(
            "Facture désignée par le débiteur ; sinon imputation selon l'art. 1342-10 C. civ.",
            "Invoice the debtor designated; otherwise allocated by C. civ. 1342-10.",
        ),
    )
    method: Line | None = Field(None, description=doc("Moyen de paiement.", "Payment method."))


# --- The case file and the repository config -------------------------------------------------


class Schedule(Strict):
    """Days from the due date for each step of the ladder (negative: before the due date)."""

    rappel: Offset = Field(-5, description=doc("Rappel de courtoisie.", "Courtesy notice."))
    relance_1: Offset = Field(5, description=doc("Première relance.", "First reminder."))
    relance_2: Offset = Field(15, description=doc("Deuxième relance.", "Second reminder."))
    derniere_relance: Offset = Field(30, description=doc("Dernière relance.", "Final reminder."))
    mise_en_demeure: Offset = Field(45, description=doc("Mise en demeure.", "Formal notice."))


class Case(Strict):
    reference: Line | None = Field(None, description=doc("Référence du dossier.", "Case reference."))
    creditor: Line | Creditor = Field(
        description=doc(
            "Le créancier : clé de « parties » dans relance.yaml, ou identité complète.",
            "The creditor: a key of relance.yaml 'parties', or a full identity.",
        )
    )
    sender: SenderRole | Sender = Field(
        "creditor",
        description=doc(
            "Qui envoie les lettres : creditor, recovery_firm, lawyer (ou le détail).",
            "Who sends the letters: creditor, recovery_firm, lawyer (or the details).",
        ),
    )
    debtor: Debtor = Field(description=doc("Le débiteur.", "The debtor."))
    terms: Terms = Field(default_factory=Terms, description=doc("Conditions convenues.", "Agreed terms."))
    invoices: list[Invoice] = Field(min_length=1, description=doc("Factures impayées.", "Unpaid invoices."))
    payments: list[Payment] = Field(default_factory=list, description=doc("Paiements reçus.", "Payments received."))
    events: list[Event] = Field(
        default_factory=list,
        description=doc(
            "Historique daté : lettres, appels, promesses, litiges, échéanciers, reconnaissances, actions.",
            "Dated history: letters, calls, promises, disputes, plans, acknowledgements, claims.",
        ),
    )
    letters: list[LetterRequest] = Field(
        default_factory=list, description=doc("Lettres à produire maintenant.", "Letters to produce now.")
    )
    schedule: Schedule | None = Field(
        None,
        description=doc(
            "Calendrier propre à ce dossier ; les étapes omises suivent defaults.schedule de relance.yaml.",
            "This case's own schedule; steps left out follow relance.yaml's defaults.schedule.",
        ),
    )
    notes: Text | None = Field(
        None, description=doc("Notes internes (jamais imprimées).", "Internal notes (never printed).")
    )


class PresentationDays(Strict):
    """Working days from a letter's date to its usual first presentation, by channel: practice, not law."""

    email: int = Field(0, ge=0, le=15, description=doc("Courriel.", "E-mail."))
    post: int = Field(2, ge=0, le=15, description=doc("Lettre simple.", "Ordinary post."))
    lrar: int = Field(
        2,
        ge=0,
        le=15,
        description=doc("Lettre recommandée avec avis de réception.", "Registered letter with return receipt."),
    )
    lre: int = Field(
        2, ge=0, le=15, description=doc("Lettre recommandée électronique.", "Electronic registered letter.")
    )
    hand: int = Field(0, ge=0, le=15, description=doc("Remise en main propre.", "Delivered by hand."))
    commissaire: int = Field(
        0,
        ge=0,
        le=15,
        description=doc("Signification par commissaire de justice.", "Served by a commissaire de justice."),
    )


class Defaults(Strict):
    deadline_days: int = Field(
        8,
        ge=1,
        le=90,
        description=doc(
            "Délai de paiement par défaut des lettres, en jours, comptés à partir de la réception.",
            "Default days given to pay, counted from receipt.",
        ),
    )
    presentation_days: PresentationDays = Field(
        default_factory=PresentationDays,
        description=doc(
            "Jours ouvrés entre la date d'une lettre et sa présentation habituelle, par mode d'envoi : le délai "
            "court de la réception ; une date de réception enregistrée (received) l'emporte.",
            "Working days from a letter's date to its usual presentation, by channel: the deadline runs from "
            "receipt; a recorded received date wins.",
        ),
    )
    schedule: Schedule = Field(
        default_factory=Schedule, description=doc("Calendrier des relances.", "Reminder schedule.")
    )
    fold_marks: bool = Field(
        False,
        description=doc(
            "Imprimer des repères de pliage (99 et 198 mm du haut) pour une enveloppe DL à fenêtre.",
            "Print fold marks (99 and 198 mm from the top) for a DL window envelope.",
        ),
    )
    imputation: Literal["interest_first", "principal_first"] = Field(
        "interest_first",
        description=doc(
            "Imputation des paiements partiels : d'abord sur les intérêts échus puis sur le principal (défaut, art. "
            "1343-1 C. civ.), ou principal_first : sur le principal seul, ce qui réclame moins.",
            "How partial payments are applied: to accrued interest, then principal (default, C. civ. 1343-1), or "
            "principal_first: to principal only, which claims less.",
        ),
    )
    day_count: Literal["365", "366_in_leap_years"] = Field(
        "365",
        description=doc(
            "Base de calcul des intérêts : 365 jours toujours (défaut, Banque de France) ou 366 les années "
            "bissextiles.",
            "Interest day basis: always 365 (default) or 366 in leap years.",
        ),
    )
    language: Language = None


class Config(Strict):
    firms: dict[str, Firm] = Field(
        default_factory=dict,
        description=doc(
            "Cabinets (recouvrement ou avocats) qui écrivent pour leurs clients.",
            "Firms (recovery or law) writing for their clients.",
        ),
    )
    parties: dict[str, Creditor] = Field(
        default_factory=dict,
        description=doc(
            "Identités réutilisées par plusieurs dossiers (créanciers, clients).",
            "Identities used by several cases (creditors, clients).",
        ),
    )
    defaults: Defaults = Field(default_factory=Defaults, description=doc("Valeurs par défaut.", "Defaults."))
    rates: RateAdditions = Field(
        default_factory=RateAdditions,
        description=doc("Ajouts locaux aux tables de taux livrées.", "Local additions to the shipped rate tables."),
    )
    courts: list[Court] = Field(
        default_factory=list,
        description=doc(
            "Juridictions compétentes selon le siège du débiteur (art. 1406 CPC) ; relance ne les devine jamais.",
            "Competent courts by the debtor's seat (CPC 1406); relance never guesses them.",
        ),
    )
