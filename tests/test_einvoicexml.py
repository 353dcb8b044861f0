"""An e-invoice's XML: a damaged PDF, an empty file, a DOCTYPE, the official schema, the profile."""

from __future__ import annotations

from pathlib import Path

import einvoicebuilder as eb
import pytest

from generator import einvoice
from generator.errors import RelanceError


def test_a_damaged_pdf_and_an_empty_file(tmp_path: Path) -> None:
    damaged = eb.write(tmp_path, "d.pdf", b"%PDF-1.7\n%garbage\n")
    with pytest.raises(RelanceError) as error:
        einvoice.read(damaged)
    assert error.value.message.startswith(f"{damaged}: cannot read this PDF (")
    assert error.value.message.endswith("); export the invoice again from its source")
    empty = eb.write(tmp_path, "e.xml", b"")
    with pytest.raises(RelanceError, match="unknown format: neither a PDF nor an XML file"):
        einvoice.read(empty)


def test_an_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    xml = eb.cii_bytes().replace(
        b"<?xml version='1.0' encoding='UTF-8'?>",
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>'.encode(),
    )
    path = eb.write(tmp_path, "f.xml", xml.replace(b"<ram:ID>F-2026-101</ram:ID>", b"<ram:ID>&s;</ram:ID>"))
    with pytest.raises(RelanceError) as error:
        einvoice.read(path)
    assert error.value.message == f"{path}: not an e-invoice: it declares a DOCTYPE, which EN 16931 invoices never do"


def test_in_a_factur_x_pdf_the_line_is_the_embedded_xmls(tmp_path: Path) -> None:
    xml = eb.cii_bytes().replace(b"<ram:DuePayableAmount>1200.00<", b"<ram:DuePayableAmount>12,00<")
    line = next(n for n, text in enumerate(xml.splitlines(), 1) if b"DuePayableAmount" in text)
    pdf = eb.write(tmp_path, "f.pdf", eb.facturx_bytes(xml))
    with pytest.raises(RelanceError) as error:
        einvoice.read(pdf)
    assert error.value.message == (
        f"{pdf} (factur-x.xml:{line}): not a valid Factur-X invoice: Element 'DuePayableAmount': '12,00' is not a "
        "valid value of the atomic type 'xs:decimal' (checked against the official schema; export the invoice "
        "again from its source)"
    )


@pytest.mark.parametrize(
    ("profile", "reason"),
    [
        (
            b"<ram:ID>urn:example:not-a-profile</ram:ID>",
            ":5: not a valid CII invoice: its profile (BT-24) is "
            "'urn:example:not-a-profile', not a Factur-X or EN 16931 one",
        ),
        (
            b"<ram:ID></ram:ID>",
            ": not a valid CII invoice: its profile (BT-24) is missing, not a Factur-X or EN 16931 one",
        ),
    ],
)
def test_an_unknown_cii_profile_is_one_line(tmp_path: Path, profile: bytes, reason: str) -> None:
    xml = eb.cii_bytes().replace(b"<ram:ID>urn:cen.eu:en16931:2017</ram:ID>", profile)
    path = eb.write(tmp_path, "f.xml", xml)
    with pytest.raises(RelanceError) as error:
        einvoice.read(path)
    assert error.value.message == f"{path}{reason}"
