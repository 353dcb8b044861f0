"""E-invoices made for the tests: CII and UBL XML written by the ``factur-x`` library's own
generator from EN 16931 business terms, and Factur-X PDFs embedding the CII."""

from __future__ import annotations

import copy
import datetime as dt
import io
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import facturx
from pypdf import PdfWriter

DELETE = object()

SELLER = {
    "name": "Atelier Bernard SARL",
    "country_code": "FR",
    "city": "Lyon",
    "postcode": "69003",
    "addr_l1": "8 rue des Lilas",
    "vat_identifier": "FR44732829320",
    "legal_identifier": "732829320",
    "legal_identifier_schemeid": "0002",
}
BUYER = {
    "name": "Novatech SAS",
    "country_code": "FR",
    "city": "Lyon",
    "postcode": "69007",
    "addr_l1": "14 avenue Jean Jaurès",
    "legal_identifier": "830436911",
    "legal_identifier_schemeid": "0002",
}
CONSUMER = {
    "name": "Mathieu Rey",
    "country_code": "FR",
    "city": "Craponne",
    "postcode": "69290",
    "addr_l1": "24 chemin de la Garenne",
}
PMD = "Pénalités de retard : 12,00 % l'an, exigibles dès le lendemain de l'échéance."
PMT = "Indemnité forfaitaire pour frais de recouvrement : 40 €."


def terms(
    number: str = "F-2026-101",
    *,
    issued: dt.date = dt.date(2026, 9, 1),
    due: Any = dt.date(2026, 10, 1),
    excl_tax: str = "1000.00",
    vat: str = "200.00",
    paid: str | None = None,
    pmd: str | None = PMD,
    pmt: str | None = PMT,
    currency: str = "EUR",
    type_code: str = "380",
    buyer: dict[str, Any] | None = None,
    payment_terms: str | None = "Paiement à 30 jours",
    item: str = "Mission de conseil",
    **extra: Any,
) -> dict[str, Any]:
    """The business terms of one invoice (amounts as text, like the library wants them)."""
    total = str(Decimal(excl_tax) + Decimal(vat))
    due_amount = str(Decimal(total) - Decimal(paid or "0"))
    notes = [{"BT-21": code, "BT-22": text} for code, text in (("PMD", pmd), ("PMT", pmt)) if text]
    data: dict[str, Any] = {
        "BT-24": "urn:cen.eu:en16931:2017",
        "BT-1": number,
        "BT-2": issued,
        "BT-3": type_code,
        "BT-5": currency,
        "BT-9": due,
        "BT-20": payment_terms,
        "BT-72": issued,
        "BG-1": notes,
        "BT-81": "58",
        "BT-84": "FR7630006000011234567890189",
        "BT-86": "AGRIFRPP",
        "BG-4": copy.deepcopy(SELLER),
        "BG-7": copy.deepcopy(buyer or BUYER),
        "BT-106": excl_tax,
        "BT-109": excl_tax,
        "BT-110": vat,
        "BT-112": total,
        "BT-113": paid,
        "BT-115": due_amount,
        "BG-23": [{"BT-116": excl_tax, "BT-117": vat, "BT-118": "S", "BT-119": "20.00"}],
        "BG-25": [
            {
                "BT-126": "1",
                "BT-129": "1",
                "BT-130": "C62",
                "BT-131": excl_tax,
                "BT-146": excl_tax,
                "BT-151": "S",
                "BT-152": "20.00",
                "BT-153": item,
            }
        ],
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None and v is not DELETE and v != []}


def cii_bytes(**kw: Any) -> bytes:
    return facturx.generate_xml(terms(**kw), flavor="factur-x", check_xsd=False, check_schematron=False)


def ubl_bytes(**kw: Any) -> bytes:
    return facturx.generate_xml(terms(**kw), flavor="ubl-2.1", check_xsd=False, check_schematron=False)


@cache
def plain_pdf() -> bytes:
    """A one-page PDF with no invoice inside."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def facturx_bytes(xml: bytes | None = None, **kw: Any) -> bytes:
    return facturx.generate_from_binary(plain_pdf(), xml or cii_bytes(**kw), check_xsd=False)


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def cii(folder: Path, name: str = "facture.xml", **kw: Any) -> Path:
    return write(folder, name, cii_bytes(**kw))


def ubl(folder: Path, name: str = "facture-ubl.xml", **kw: Any) -> Path:
    return write(folder, name, ubl_bytes(**kw))


def facturx_pdf(folder: Path, name: str = "facture.pdf", **kw: Any) -> Path:
    return write(folder, name, facturx_bytes(**kw))
