"""The reading editions are PDF/A-3a and PDF/UA-1 in one file.

WeasyPrint 70 writes one PDF variant at a time. PDF/A-3a already asks for what PDF/UA-1 builds on (a tagged
structure tree, /Lang, embedded fonts, Unicode text, PDF 1.7), so the file is rendered as PDF/A-3a and
given what UA-1 adds: its identification (pdfuaid:part 1, declared in a PDF/A extension schema, since
PDF/A allows no undeclared XMP property), running heads and page numbers as artifacts rather than
untethered marked content, and every element's own /Lang (patches/weasyprint.py). WeasyPrint already sets
DisplayDocTitle (the title in the window's title bar) for tagged PDFs. PDF/UA-2 would need PDF 2.0, which
only PDF/A-4 shares and WeasyPrint writes PDF/A-4 untagged: A-3a + UA-1 is the combination that holds both.
"""

from __future__ import annotations

from typing import Any

UA_PART = 1
UA_NAMESPACE = "http://www.aiim.org/pdfua/ns/id/"

_UA_XMP = f"""<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:about=""
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>{UA_NAMESPACE}</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:about=""
 xmlns:pdfuaid="{UA_NAMESPACE}"><pdfuaid:part>{UA_PART}</pdfuaid:part></rdf:Description>
"""


def with_ua_identification(rdf: bytes) -> bytes:
    """WeasyPrint's <rdf:RDF> with the PDF/UA identification and its extension schema inside it."""
    closing = b"</rdf:RDF>"
    if closing not in rdf:
        raise ValueError("no </rdf:RDF> in WeasyPrint's XMP: cannot add the PDF/UA identification")
    head, _, tail = rdf.rpartition(closing)
    return head + _UA_XMP.encode() + closing + tail


def claim_ua(document: Any) -> None:
    """Make this document's XMP claim PDF/UA-1 (for this document only: its metadata object writes the
    XMP through `generate_rdf_metadata`, which is wrapped on the instance)."""
    metadata = document.metadata
    generate = metadata.generate_rdf_metadata

    def generate_with_ua(*args: Any, **kwargs: Any) -> bytes:
        return with_ua_identification(generate(*args, **kwargs))

    metadata.generate_rdf_metadata = generate_with_ua


def finish(document: Any, variant: str) -> None:
    """After layout, before writing: an archival reading edition also claims PDF/UA-1."""
    if variant.startswith("pdf/a-") and variant.endswith("a"):
        claim_ua(document)
