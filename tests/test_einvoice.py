"""Reading e-invoices: the same business terms from a Factur-X PDF, a CII and a UBL file."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import einvoicebuilder as eb
import pytest

from generator import einvoice
from generator.einvoice import Note, Party
from generator.errors import RelanceError


def comparable(invoice: einvoice.EInvoice) -> dict[str, object]:
    fields = dataclasses.asdict(invoice)
    for key in ("path", "kind", "lines"):
        fields.pop(key)
    fields["notes"] = [(n["code"], n["text"]) for n in fields["notes"]]  # lines differ by syntax
    return fields


def test_the_three_formats_give_the_same_record(tmp_path: Path) -> None:
    kw = {"number": "F-2026-200", "paid": "100.00", "due": dt.date(2026, 10, 15)}
    pdf, cii, ubl = (
        einvoice.read(eb.facturx_pdf(tmp_path, **kw)),
        einvoice.read(eb.cii(tmp_path, **kw)),
        einvoice.read(eb.ubl(tmp_path, **kw)),
    )
    assert (pdf.kind, cii.kind, ubl.kind) == ("Factur-X", "CII", "UBL")
    assert comparable(pdf) == comparable(cii) == comparable(ubl)
    assert comparable(cii) == {
        "number": "F-2026-200",
        "type_code": "380",
        "issued": dt.date(2026, 9, 1),
        "due": dt.date(2026, 10, 15),
        "payment_terms": "Paiement à 30 jours",
        "currency": "EUR",
        "total_excl_tax": Decimal("1000.00"),
        "total": Decimal("1200.00"),
        "prepaid": Decimal("100.00"),
        "amount_due": Decimal("1100.00"),
        "items": ("Mission de conseil",),
        "notes": [("PMD", eb.PMD), ("PMT", eb.PMT)],
        "seller": dataclasses.asdict(
            Party(
                "Atelier Bernard SARL",
                ("8 rue des Lilas",),
                "69003",
                "Lyon",
                "FR",
                "732829320",
                "0002",
                "FR44732829320",
                None,
            )
        ),
        "buyer": dataclasses.asdict(
            Party("Novatech SAS", ("14 avenue Jean Jaurès",), "69007", "Lyon", "FR", "830436911", "0002", None, None)
        ),
        "iban": "FR7630006000011234567890189",
        "bic": "AGRIFRPP",
        "preceding": None,
    }
    assert cii.notes[0] == Note("PMD", eb.PMD, 15)
    assert cii.where("BT-115") == f"{cii.path}:{line_of(cii.path, b'DuePayableAmount')}"


def line_of(path: Path, text: bytes) -> int:
    return next(n for n, line in enumerate(path.read_bytes().splitlines(), 1) if text in line)


def test_an_amount_with_three_decimals_is_located(tmp_path: Path) -> None:
    xml = eb.cii_bytes().replace(b"<ram:DuePayableAmount>1200.00<", b"<ram:DuePayableAmount>1200.005<")
    with pytest.raises(RelanceError) as error:
        einvoice.read(eb.write(tmp_path, "f.xml", xml))
    line = line_of(tmp_path / "f.xml", b"DuePayableAmount")
    assert error.value.message == (
        f"{tmp_path / 'f.xml'}:{line}: BT-115 (amount due): 1200.005 has more than two "
        "decimals, which an invoice amount may not have (EN 16931)"
    )


def test_siret_and_foreign_address(tmp_path: Path) -> None:
    buyer = dict(
        eb.BUYER,
        legal_identifier="83043691100010",
        legal_identifier_schemeid="0009",
        country_code="BE",
        postcode="1000",
        city="Bruxelles",
        addr_l1="Rue Neuve 1",
    )
    invoice = einvoice.read(eb.ubl(tmp_path, buyer=buyer))
    assert (invoice.buyer.legal_id, invoice.buyer.legal_scheme, invoice.buyer.country) == (
        "83043691100010",
        "0009",
        "BE",
    )
