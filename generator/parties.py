"""The parties of a case: creditor, debtor, the firm that writes for the creditor, who signs, who sends.

Split from ``models`` so that the case-file schema stays readable; ``models`` re-exports every
name, and each description is French first, then English, as there.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.fields import Date, Line, Strict, doc
from generator.proceedings import CollectiveProceedings


class Signatory(Strict):
    name: Line = Field(description=doc("Nom du signataire.", "Name of the person who signs."))
    title: Line | None = Field(None, description=doc("Qualité (Gérant, Avocat…).", "Role, e.g. Gérant."))


class Party(Strict):
    """A company or a person: creditor, debtor, recovery firm or law firm."""

    name: Line = Field(description=doc("Nom ou raison sociale.", "Name or company name."))
    address: list[Line] = Field(
        min_length=1,
        max_length=6,
        description=doc(
            "Adresse postale, une ligne par élément ; la dernière porte le code postal et la ville.",
            "Postal address, one line per item; the last holds the postcode and town.",
        ),
    )
    siren: Line | None = Field(
        None, description=doc("SIREN (9 chiffres, clé de Luhn vérifiée).", "SIREN (9 digits, Luhn-checked).")
    )
    siret: Line | None = Field(None, description=doc("SIRET (14 chiffres).", "SIRET (14 digits)."))
    vat: Line | None = Field(None, description=doc("Numéro de TVA intracommunautaire.", "EU VAT number."))
    rcs: Line | None = Field(None, description=doc("Immatriculation, ex. « RCS Lyon ».", "Registry, e.g. 'RCS Lyon'."))
    legal_form: Line | None = Field(
        None, description=doc("Forme et capital, ex. « SARL au capital de 10 000 € ».", "Legal form and capital.")
    )
    iban: Line | None = Field(
        None, description=doc("IBAN pour les paiements (vérifié).", "IBAN for payments (checked).")
    )
    bic: Line | None = Field(None, description=doc("BIC de la banque.", "Bank BIC."))
    email: Line | None = Field(None, description=doc("Adresse électronique.", "Email address."))
    phone: Line | None = Field(None, description=doc("Téléphone.", "Phone number."))
    signatory: Signatory | None = Field(
        None, description=doc("Personne qui signe les lettres.", "Person who signs letters.")
    )
    representative: Signatory | None = Field(
        None,
        description=doc(
            "Représentant légal d'une société (nom et qualité), exigé dans une requête en injonction de payer.",
            "A company's legal representative (name and role), required in an injonction de payer request.",
        ),
    )


class Creditor(Party):
    kind: Literal["business", "individual"] = Field(
        "business",
        description=doc(
            "business : professionnel ; individual : personne physique n'agissant pas pour des besoins "
            "professionnels (taux d'intérêt légal « particuliers », art. L313-2 CMF).",
            "business, or individual: a natural person not acting professionally (selects the legal "
            "interest rate, CMF L313-2).",
        ),
    )


class Attention(Strict):
    civility: Literal["Madame", "Monsieur"] | None = Field(None, description=doc("Civilité.", "Civility."))
    name: Line = Field(description=doc("Nom de la personne.", "Person's name."))
    title: Line | None = Field(None, description=doc("Fonction.", "Job title."))


class Debtor(Party):
    kind: Literal["business", "consumer"] = Field(
        description=doc(
            "business : le débiteur agit en professionnel (B2B) ; consumer : consommateur (B2C).",
            "business: the debtor acts as a professional (B2B); consumer: a consumer (B2C).",
        )
    )
    civility: Literal["Madame", "Monsieur"] | None = Field(
        None,
        description=doc(
            "Civilité d'un débiteur personne physique, pour la formule d'appel.",
            "Civility of a debtor who is a person, for the salutation.",
        ),
    )
    attention: Attention | None = Field(None, description=doc("À l'attention de.", "For the attention of."))
    has_lawyer: Line | None = Field(
        None,
        description=doc(
            "Nom de l'avocat du débiteur, s'il en a un (sinon la lettre d'avocat l'invite à en consulter un).",
            "The debtor's lawyer, if any (otherwise a lawyer's letter invites them to consult one).",
        ),
    )
    lre_consent: bool = Field(
        False,
        description=doc(
            "Le débiteur consommateur a accepté la lettre recommandée électronique (art. L100 CPCE).",
            "A consumer debtor agreed to electronic registered mail (CPCE L100).",
        ),
    )
    insolvency: Literal["none", "collective_proceedings", "over_indebtedness"] | CollectiveProceedings = Field(
        "none",
        description=doc(
            "Procédure collective (son détail permet la déclaration de créance) ou "
            "surendettement recevable : aucune lettre de relance.",
            "Insolvency proceedings (their details allow a declaration of claim): no letter.",
        ),
    )


class Mandate(Strict):
    reference: Line = Field(
        description=doc(
            "Référence du mandat écrit (art. R124-3 CPCE).", "Reference of the written mandate (CPCE R124-3)."
        )
    )
    date: Date = Field(description=doc("Date du mandat.", "Date of the mandate."))


class Firm(Party):
    """A recovery firm (CPCE R124-2) or a law firm, usually defined once in relance.yaml."""

    role: Literal["recovery_firm", "lawyer"] = Field(description=doc("Nature du cabinet.", "Kind of firm."))
    bar: Line | None = Field(None, description=doc("Barreau de l'avocat.", "The lawyer's bar."))
    carpa: Line | None = Field(
        None,
        description=doc(
            "Avocat : bénéficiaire des chèques sur le compte CARPA du barreau, ex. « CARPA de Lyon » ; l'IBAN est "
            "alors celui de ce compte.",
            'Lawyer: the payee of cheques on the bar\'s CARPA account, e.g. "CARPA de Lyon"; the IBAN is then that '
            "account's.",
        ),
    )
    insurance: Line | None = Field(
        None,
        description=doc(
            "Assureur responsabilité civile professionnelle (art. R124-2 CPCE).",
            "Professional liability insurer (CPCE R124-2).",
        ),
    )
    declaration: Line | None = Field(
        None,
        description=doc(
            "Déclaration au procureur de la République (art. R124-2 CPCE), ex. « TJ Lyon, 12/01/2024 ».",
            "Declaration to the public prosecutor (CPCE R124-2).",
        ),
    )


SenderRole = Literal["creditor", "recovery_firm", "lawyer"]


class Sender(Strict):
    role: SenderRole = Field(
        description=doc(
            "Qui écrit : le créancier, une société de recouvrement, un avocat.",
            "Who writes: the creditor, a recovery firm, a lawyer.",
        )
    )
    firm: Line | Firm | None = Field(
        None,
        description=doc(
            "Identité du cabinet : clé de « firms » dans relance.yaml, ou identité complète ; par "
            "défaut le seul cabinet de ce rôle dans relance.yaml.",
            "The firm's identity: a key of relance.yaml 'firms', or a full identity; default: the "
            "only firm with that role in relance.yaml.",
        ),
    )
    mandate: Mandate | None = Field(
        None,
        description=doc(
            "Mandat écrit du créancier, exigé d'une société de recouvrement.",
            "The creditor's written mandate, required for a recovery firm.",
        ),
    )
    reference: Line | None = Field(
        None, description=doc("Référence du dossier chez le cabinet.", "The firm's file reference.")
    )
