"""Read an e-invoice — a Factur-X PDF, a CII or a UBL XML file — into a plain record.

The record holds the EN 16931 business terms relance needs (BT-1 number, BT-2 issue date,
BT-9 due date, BT-115 amount due…), each read with its line in the XML so a problem is
reported where it is. The XML comes out of the file checked against its official schema
(``generator/einvoicexml.py``); the terms themselves are read with lxml, one compiled XPath per
term and syntax (the EN 16931-1 syntax bindings for CII and UBL 2.1), because the ``factur-x``
library's own parser evaluates every one of several hundred terms and recompiles a schema for
each file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from facturx.generate_xml import CREDIT_NOTE_TYPE_CODES
from lxml import etree

from generator import einvoicexml
from generator.einvoicexml import Syntax, first_text, located, xpath
from generator.errors import RelanceError

_CII_SETTLEMENT = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/"
_CII_TOTALS = _CII_SETTLEMENT + "ram:SpecifiedTradeSettlementHeaderMonetarySummation/"
_CII_AGREEMENT = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/"

# Business term -> (CII path, UBL path), relative to the document's root element.
TERMS: dict[str, tuple[str, str]] = {
    "BT-1": ("rsm:ExchangedDocument/ram:ID", "cbc:ID"),
    "BT-2": ("rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString", "cbc:IssueDate"),
    "BT-3": ("rsm:ExchangedDocument/ram:TypeCode", "cbc:InvoiceTypeCode|cbc:CreditNoteTypeCode"),
    "BT-5": (_CII_SETTLEMENT + "ram:InvoiceCurrencyCode", "cbc:DocumentCurrencyCode"),
    "BT-9": (_CII_SETTLEMENT + "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString", "cbc:DueDate"),
    "BT-20": (_CII_SETTLEMENT + "ram:SpecifiedTradePaymentTerms/ram:Description", "cac:PaymentTerms/cbc:Note"),
    "BT-25": (
        _CII_SETTLEMENT + "ram:InvoiceReferencedDocument/ram:IssuerAssignedID",
        "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID",
    ),
    "BT-84": (
        _CII_SETTLEMENT + "ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:IBANID",
        "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID",
    ),
    "BT-86": (
        _CII_SETTLEMENT + "ram:SpecifiedTradeSettlementPaymentMeans/"
        "ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID",
        "cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID",
    ),
    "BT-109": (_CII_TOTALS + "ram:TaxBasisTotalAmount", "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount"),
    "BT-112": (_CII_TOTALS + "ram:GrandTotalAmount", "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount"),
    "BT-113": (_CII_TOTALS + "ram:TotalPrepaidAmount", "cac:LegalMonetaryTotal/cbc:PrepaidAmount"),
    "BT-115": (_CII_TOTALS + "ram:DuePayableAmount", "cac:LegalMonetaryTotal/cbc:PayableAmount"),
    "BT-153": (
        "rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedTradeProduct/ram:Name",
        "cac:InvoiceLine/cac:Item/cbc:Name|cac:CreditNoteLine/cac:Item/cbc:Name",
    ),
}
PARTIES = {
    "BG-4": (_CII_AGREEMENT + "ram:SellerTradeParty", "cac:AccountingSupplierParty/cac:Party"),
    "BG-7": (_CII_AGREEMENT + "ram:BuyerTradeParty", "cac:AccountingCustomerParty/cac:Party"),
}
_PARTY_TERMS: dict[str, tuple[str, str]] = {
    "name": ("ram:Name", "cac:PartyLegalEntity/cbc:RegistrationName"),
    "legal_id": ("ram:SpecifiedLegalOrganization/ram:ID", "cac:PartyLegalEntity/cbc:CompanyID"),
    "vat": (
        "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']",
        "cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID",
    ),
    "line1": ("ram:PostalTradeAddress/ram:LineOne", "cac:PostalAddress/cbc:StreetName"),
    "line2": ("ram:PostalTradeAddress/ram:LineTwo", "cac:PostalAddress/cbc:AdditionalStreetName"),
    "line3": ("ram:PostalTradeAddress/ram:LineThree", "cac:PostalAddress/cac:AddressLine/cbc:Line"),
    "postcode": ("ram:PostalTradeAddress/ram:PostcodeCode", "cac:PostalAddress/cbc:PostalZone"),
    "city": ("ram:PostalTradeAddress/ram:CityName", "cac:PostalAddress/cbc:CityName"),
    "country": ("ram:PostalTradeAddress/ram:CountryID", "cac:PostalAddress/cac:Country/cbc:IdentificationCode"),
    "contact": ("ram:DefinedTradeContact/ram:PersonName", "cac:Contact/cbc:Name"),
}
_NOTES = ("rsm:ExchangedDocument/ram:IncludedNote", "cbc:Note")
LABELS = {
    "BT-1": "invoice number",
    "BT-2": "issue date",
    "BT-5": "currency",
    "BT-9": "due date",
    "BT-109": "total without VAT",
    "BT-112": "total with VAT",
    "BT-113": "paid amount",
    "BT-115": "amount due",
    "BT-27": "seller name",
    "BT-44": "buyer name",
}
_AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]+)?")
# A UBL note carries its EN 16931 subject code as a "#PMD#" prefix (the French CIUS).
_UBL_SUBJECT = re.compile(r"#([A-Z]{3})#(.*)", re.DOTALL)


@dataclass(frozen=True)
class Note:
    """One invoice note (BG-1): its subject code (BT-21: PMD, PMT, AAB…) and text (BT-22)."""

    code: str | None
    text: str
    line: int | None


@dataclass(frozen=True)
class Party:
    """The seller (BG-4) or the buyer (BG-7) as the invoice names them."""

    name: str
    address: tuple[str, ...]
    postcode: str | None
    city: str | None
    country: str | None
    legal_id: str | None
    legal_scheme: str | None
    vat: str | None
    contact: str | None


@dataclass
class EInvoice:
    """One e-invoice's business terms; ``lines`` gives the XML line of each term found."""

    path: Path
    kind: str  # "Factur-X", "CII" or "UBL"
    number: str
    type_code: str | None
    issued: dt.date
    due: dt.date | None
    payment_terms: str | None
    currency: str
    total_excl_tax: Decimal | None
    total: Decimal | None
    prepaid: Decimal | None
    amount_due: Decimal
    items: tuple[str, ...]
    notes: tuple[Note, ...]
    seller: Party
    buyer: Party
    iban: str | None
    bic: str | None
    preceding: str | None
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def is_credit_note(self) -> bool:
        return self.type_code in CREDIT_NOTE_TYPE_CODES

    def where(self, term: str) -> str:
        """Where a business term is, for messages: ``file:line``."""
        return self.at(self.lines.get(term))

    def at(self, line: int | None) -> str:
        return located(self.path, line, self.kind == "Factur-X")


def read(path: Path) -> EInvoice:
    """The e-invoice in ``path``; anything that is not one is a RelanceError in one line."""
    root, syntax, document, container = einvoicexml.load(path)
    kind = container or syntax
    index = 0 if syntax == "CII" else 1
    lines: dict[str, int] = {}

    def at(term: str) -> str:
        return located(path, lines.get(term), container is not None)

    def text(term: str) -> str | None:
        value, line = first_text(root, TERMS[term][index])
        if value is not None and line:
            lines[term] = line
        return value

    def party(group: str, name_term: str) -> Party:
        nodes = xpath(PARTIES[group][index])(root)
        if not nodes:
            raise RelanceError(f"{path}: no {LABELS[name_term]} ({name_term}) in this invoice")
        base = nodes[0]
        lines[group] = base.sourceline or 0
        fields = {key: first_text(base, paths[index])[0] for key, paths in _PARTY_TERMS.items()}
        name = fields["name"]
        if name is None and syntax == "UBL":  # BT-27/BT-44 fall back on the trading name
            name = first_text(base, "cac:PartyName/cbc:Name")[0]
        if not name:
            raise RelanceError(f"{path}: no {LABELS[name_term]} ({name_term}) in this invoice")
        legal = xpath(_PARTY_TERMS["legal_id"][index])(base)
        address = tuple(v for v in (fields["line1"], fields["line2"], fields["line3"]) if v)
        return Party(
            name=name,
            address=address,
            postcode=fields["postcode"],
            city=fields["city"],
            country=fields["country"],
            legal_id=fields["legal_id"],
            legal_scheme=legal[0].get("schemeID") if legal else None,
            vat=fields["vat"],
            contact=fields["contact"],
        )

    number = text("BT-1")
    if number is None:
        raise RelanceError(f"{path}: no {LABELS['BT-1']} (BT-1) in this invoice")
    type_code = text("BT-3")
    if document == "credit-note":
        type_code = type_code or "381"
    amount_due = _amount(at, text("BT-115"), "BT-115")
    if amount_due is None:
        raise RelanceError(f"{path}: invoice {number}: no {LABELS['BT-115']} (BT-115)")
    issued = _date(at, text("BT-2"), "BT-2", syntax)
    if issued is None:
        raise RelanceError(f"{path}: invoice {number}: no {LABELS['BT-2']} (BT-2)")
    return EInvoice(
        path=path,
        kind=kind,
        number=number,
        type_code=type_code,
        issued=issued,
        due=_date(at, text("BT-9"), "BT-9", syntax),
        payment_terms=text("BT-20"),
        currency=text("BT-5") or "",
        total_excl_tax=_amount(at, text("BT-109"), "BT-109"),
        total=_amount(at, text("BT-112"), "BT-112"),
        prepaid=_amount(at, text("BT-113"), "BT-113"),
        amount_due=amount_due,
        items=tuple(_texts(root, TERMS["BT-153"][index])),
        notes=tuple(_notes(root, syntax)),
        seller=party("BG-4", "BT-27"),
        buyer=party("BG-7", "BT-44"),
        iban=text("BT-84"),
        bic=text("BT-86"),
        preceding=text("BT-25"),
        lines=lines,
    )


def _texts(root: etree._Element, path: str) -> list[str]:
    return [e.text.strip() for e in xpath(path)(root) if e.text and e.text.strip()]


def _notes(root: etree._Element, syntax: Syntax) -> list[Note]:
    notes = []
    for element in xpath(_NOTES[0] if syntax == "CII" else _NOTES[1])(root):
        line = element.sourceline
        if syntax == "CII":
            content = " ".join(_texts(element, "ram:Content"))
            line = first_text(element, "ram:Content")[1] or line
            code = first_text(element, "ram:SubjectCode")[0]
        else:
            content = (element.text or "").strip()
            match = _UBL_SUBJECT.fullmatch(content)
            code, content = (match.group(1), match.group(2).strip()) if match else (None, content)
        if content:
            notes.append(Note(code, content, line))
    return notes


def _amount(at: Callable[[str], str], value: str | None, term: str) -> Decimal | None:
    if value is None:
        return None
    if not _AMOUNT.fullmatch(value):
        raise RelanceError(f"{at(term)}: {term} ({LABELS[term]}): '{value}' is not an amount")
    amount = Decimal(value)
    if amount != amount.quantize(Decimal("0.01")):
        raise RelanceError(
            f"{at(term)}: {term} ({LABELS[term]}): {value} has more than two "
            "decimals, which an invoice amount may not have (EN 16931)"
        )
    return amount.quantize(Decimal("0.01"))


def _date(at: Callable[[str], str], value: str | None, term: str, syntax: Syntax) -> dt.date | None:
    if value is None:
        return None
    try:
        if syntax == "CII":  # format 102: YYYYMMDD
            if not re.fullmatch(r"[0-9]{8}", value):
                raise ValueError
            return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RelanceError(f"{at(term)}: {term} ({LABELS[term]}): '{value}' is not a date") from None
