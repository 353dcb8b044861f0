"""What the court documents need: the competent court, the mise en demeure they follow, their pieces.

A requête en injonction de payer (CPC 1405-1425) or an instruction to a commissaire de justice for
small claims (CPCE L125-1) is prepared from the same case file as the letters. This module holds
the facts both the rules (before rendering) and the templates (the document itself) read, so the
rule that lets a document through and the document agree (docs/law.md#court-documents).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator import archive, deadlines, facts, frenchtext
from generator.cases import LoadedCase
from generator.courts import Court
from generator.events import LetterSent
from generator.letters import LetterRequest
from generator.models import Party

CourtKind = Literal["tribunal_de_commerce", "tribunal_judiciaire"]
COURT_NAMES: dict[str, str] = {
    "tribunal_de_commerce": "tribunal de commerce",
    "tribunal_judiciaire": "tribunal judiciaire",
}
# The word a court's name holds when it is of the kind the claim calls for (a warning only: a court
# may sit under another name, which the user then confirms).
COURT_WORDS: dict[str, str] = {"tribunal_de_commerce": "commerce", "tribunal_judiciaire": "judiciaire"}


def court_kind(loaded: LoadedCase) -> CourtKind:
    """Tribunal de commerce for a claim between two businesses, else tribunal judiciaire.

    C. com. L721-3 gives the commercial courts disputes between traders and commercial companies;
    a consumer debtor, or a creditor who is a private person, goes to the tribunal judiciaire
    (docs/law.md#court-documents).
    """
    both = loaded.creditor.kind == "business" and loaded.case.debtor.kind == "business"
    return "tribunal_de_commerce" if both else "tribunal_judiciaire"


def court_name(loaded: LoadedCase, request: LetterRequest) -> tuple[str | None, str]:
    """The court's name and where it came from (``letters[i].court`` or ``relance.yaml courts``).

    None when neither says: the district of a court is not derived from a postcode by relance,
    because a wrong court makes the request inadmissible (CPC 1406) and no official table ships here.
    """
    if request.court:
        return request.court, "letter"
    postcode = deadlines.postcode_of(loaded.case.debtor.address) or ""
    kind = court_kind(loaded)
    matches: list[Court] = [
        c for c in loaded.repo.config.courts if c.kind == kind and any(postcode.startswith(p) for p in c.postcodes)
    ]
    if not matches:
        return None, ""
    best = max(matches, key=lambda c: max(len(p) for p in c.postcodes if postcode.startswith(p)))
    return best.name, "config"


def notice_sent(loaded: LoadedCase, on: dt.date) -> LetterSent | None:
    """The last mise en demeure recorded as sent on or before ``on``."""
    sent = [
        e for e in loaded.case.events if isinstance(e, LetterSent) and e.letter == "mise_en_demeure" and e.date <= on
    ]
    return max(sent, key=lambda e: e.date) if sent else None


def notice_days(loaded: LoadedCase, notice: LetterSent) -> int:
    """The deadline the notice gave: its request's deadline_days when still in the file, else the default."""
    for request in loaded.case.letters:
        if notice.records(request) and request.deadline_days:
            return request.deadline_days
    return loaded.repo.config.defaults.deadline_days


def notice_deadline(loaded: LoadedCase, notice: LetterSent) -> dt.date:
    """The last day the notice left the debtor, from the date it bears (CPC 641-642)."""
    return deadlines.deadline(
        notice.letter_date or notice.date,
        notice_days(loaded, notice),
        deadlines.postcode_of(loaded.case.debtor.address),
    )


@dataclass(frozen=True)
class Piece:
    """One entry of the bordereau de pièces: its number, what it is, and the file that proves it."""

    number: int
    title: str
    path: Path | None  # None: no file is named for it
    where: str  # the case-file field that names (or should name) the file

    @property
    def missing(self) -> bool:
        return self.path is None or not self.path.is_file()


def pieces(loaded: LoadedCase, request: LetterRequest) -> list[Piece]:
    """The invoices claimed, then the mise en demeure and its return receipt, numbered from 1.

    A declaration of claim lists the invoices owed at the opening judgment, and no notice: the
    declaration replaces the mise en demeure (docs/law.md#declaration).
    """

    case, root = loaded.case, loaded.repo.root
    found: list[Piece] = []
    for index in facts.claimed_invoices(loaded, request):
        invoice = case.invoices[index]
        found.append(
            Piece(
                len(found) + 1,
                f"Facture n° {invoice.number} du {frenchtext.date_long(invoice.issued)}",
                root / invoice.pdf if invoice.pdf else None,
                f"invoices[{index}].pdf",
            )
        )
    notice = notice_sent(loaded, request.date)
    if notice is not None and request.type != "declaration_creance":
        index = case.events.index(notice)
        printed = notice.letter_date or notice.date
        name = f"{printed.isoformat()}-mise_en_demeure.pdf"
        folder = archive.case_folder(root, loaded.path)
        kept = any(e.get("file") == name for e in archive.read_index(folder))
        found.append(
            Piece(
                len(found) + 1,
                f"Mise en demeure du {frenchtext.date_long(printed)}",
                folder / name if kept else None,
                f"events[{index}] (relance record)",
            )
        )
        if notice.received is not None:
            found.append(
                Piece(
                    len(found) + 1,
                    f"Avis de réception du {frenchtext.date_long(notice.received)}",
                    root / notice.proof if notice.proof else None,
                    f"events[{index}].proof",
                )
            )
    return found


def identity_gaps(party: Party, *, business: bool, role: str) -> list[tuple[str, str]]:
    """The fields a court document needs of a party and that the case leaves empty: (field, what).

    For a company: legal form, SIREN and legal representative (CPC 1407 with 57 and 54: a legal
    person is named by its form, name, seat and the body that represents it).
    """
    if not business:
        return []
    gaps = []
    if not party.legal_form:
        gaps.append(("legal_form", f"the {role}'s legal form"))
    if not party.siren:
        gaps.append(("siren", f"the {role}'s SIREN"))
    if party.representative is None and (role == "debtor" or party.signatory is None):
        gaps.append(("representative", f"the {role}'s legal representative"))
    return gaps


def representative(party: Party) -> str:
    """ "Mme X, gérante": the representative, else (for the creditor) the person who signs."""
    person = party.representative or party.signatory
    if person is None:
        return ""
    return f"{person.name}, {person.title}" if person.title else person.name


@dataclass(frozen=True)
class CourtDocument:
    """What a court document's template lays out beyond the letter context."""

    name: str | None  # the court (requete_injonction) or None (small claims: a commissaire)
    kind: CourtKind
    pieces: tuple[Piece, ...]
    notice: LetterSent | None
    notice_deadline: dt.date | None
    creditor_representative: str
    debtor_representative: str
    amicable: tuple[LetterSent, ...]  # every letter sent before, oldest first


def document(loaded: LoadedCase, request: LetterRequest) -> CourtDocument:
    notice = notice_sent(loaded, request.date)
    name, _ = court_name(loaded, request)
    sent = sorted(
        (e for e in loaded.case.events if isinstance(e, LetterSent) and e.date <= request.date), key=lambda e: e.date
    )
    return CourtDocument(
        name,
        court_kind(loaded),
        tuple(pieces(loaded, request)),
        notice,
        notice_deadline(loaded, notice) if notice else None,
        representative(loaded.creditor),
        representative(loaded.case.debtor),
        tuple(sent),
    )
