"""A WeasyPrint PDF -> the published PDF: what WeasyPrint does not do, done with pikepdf.

For every edition: ``/ViewerPreferences /Direction /R2L`` for a right-to-left book
(two-page viewers show an Arabic book's spreads right to left), the bookmarks panel open
with chapters listed and their sections folded, ``/Lang``, the print edition's output
intent, and document ids derived from the content: WeasyPrint's PDF/X XMP carries a random
uuid4 ``xmpMM:DocumentID``; it is replaced by a hash of the finished PDF saved with blank
ids, and the trailer ``/ID`` follows it. The print edition's files (interior and cover
sheet) are painted in the output intent's CMYK (report/publish/inks.py) and lose their
links: a printed page has none, and PDF/X admits no annotation on the page but printer's
marks.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from report.paths import GHOSTSCRIPT_CMYK
from report.publish.inks import Inks, to_cmyk
from report.publish.variants import Spec
from report.settings.edition import Edition
from report.settings.languages import language


@dataclass(frozen=True)
class OutputIntent:
    """The printing condition of the print edition: an ICC output profile, the condition's
    identifier (a registered name such as "FOGRA39", or "Custom") and its description."""

    profile: bytes
    condition: str
    info: str = ""  # the description readers see; the condition itself when empty
    fallback: bool = False  # Ghostscript's generic profile, not the print shop's


def output_intent(spec: Spec, edition: Edition, fallback: Path = GHOSTSCRIPT_CMYK,
                  label: str = "") -> OutputIntent | None:
    """The print edition's output intent: the print shop's profile named in edition.toml;
    without one, Ghostscript's generic CMYK profile (Debian libgs-common), labelled as such
    (``label``) in the output condition; None for the other editions, or when neither
    profile is on this machine."""
    if spec.name != "print":
        return None
    if edition.print_profile is not None:
        condition = edition.print_condition or edition.print_profile.stem
        return OutputIntent(edition.print_profile.read_bytes(), condition)
    if fallback.is_file():
        return OutputIntent(fallback.read_bytes(), "Custom", label or fallback.name,
                            fallback=True)
    return None


ICC_COMPONENTS = {b"CMYK": 4, b"RGB ": 3, b"GRAY": 1}


def _add_output_intent(pdf: pikepdf.Pdf, intent: OutputIntent) -> None:
    """PDF/X output intent (WeasyPrint writes one only from a CSS @color-profile)."""
    n = ICC_COMPONENTS.get(intent.profile[16:20])
    if n is None:
        raise ValueError("the print profile is not an ICC profile of a CMYK, RGB or gray device")
    icc = pdf.make_stream(intent.profile)
    icc.N = n
    info = pikepdf.String(intent.info or intent.condition)
    pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(intent.condition), OutputCondition=info,
        Info=info, DestOutputProfile=icc)])


def finish(data: bytes, lang: str, intent: OutputIntent | None = None,
           inks: Inks | None = None) -> bytes:
    """WeasyPrint PDF -> the published PDF in ``lang`` (see the module docstring), painted
    in CMYK and without links when ``inks`` are given; deterministic.

    The ids come from a first save with blank ids (qpdf's output is deterministic): the
    digest covers every object of the finished PDF, and nothing random or clock-driven.
    """
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        if intent is not None:
            _add_output_intent(pdf, intent)
        if inks is not None:
            to_cmyk(pdf, inks)
            for page in pdf.pages:
                if "/Annots" in page.obj:
                    del page.obj["/Annots"]
        direction = pikepdf.Name.R2L if language(lang).rtl else pikepdf.Name.L2R
        root.ViewerPreferences = pikepdf.Dictionary(Direction=direction, DisplayDocTitle=True)
        if "/Lang" not in root:
            root.Lang = pikepdf.String(lang)
        _fold_outline(pdf)
        _dedupe_associated_files(pdf)
        xmp = _xmp_with_blank_ids(root.Metadata.read_bytes(), lang) \
            if "/Metadata" in root else None
        if xmp is not None:
            root.Metadata.write(xmp)
        blank_id = pikepdf.String(bytes(16))  # WeasyPrint's /ID hashes the random uuid
        pdf.trailer.ID = pikepdf.Array([blank_id, blank_id])
        probe = io.BytesIO()
        pdf.save(probe, static_id=True, fix_metadata_version=False)
        digest = hashlib.sha256(probe.getvalue()).digest()
        if xmp is not None:
            root.Metadata.write(_xmp_with_ids(xmp, digest))
        first = pikepdf.String(digest[:16])
        pdf.trailer.ID = pikepdf.Array([first, first])
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False)
    return out.getvalue()


def _dedupe_associated_files(pdf: pikepdf.Pdf) -> None:
    """WeasyPrint 70 lists each PDF/A-3 attachment twice in the catalog's /AF: once."""
    if "/AF" not in pdf.Root:
        return
    seen, unique = set(), []
    for spec in pdf.Root.AF:
        if spec.objgen not in seen or not spec.is_indirect:
            seen.add(spec.objgen)
            unique.append(spec)
    pdf.Root.AF = pikepdf.Array(unique)


def _fold_outline(pdf: pikepdf.Pdf) -> None:
    """Bookmarks panel open on the chapters (level 1 shown, their sections folded)."""
    outlines = pdf.Root.get("/Outlines")
    if outlines is None:
        return
    pdf.Root.PageMode = pikepdf.Name.UseOutlines
    top = 0
    for item in _siblings(outlines):
        top += 1
        if "/First" in item:
            item.Count = -_descendants(item)
    outlines.Count = top


def _siblings(parent: pikepdf.Object) -> Iterator[pikepdf.Object]:
    item = parent.get("/First")
    while item is not None:
        yield item
        item = item.get("/Next")


def _descendants(item: pikepdf.Object) -> int:
    """Items shown when ``item`` is opened (its children, and their open children)."""
    n = 0
    for child in _siblings(item):
        n += 1
        count = int(child.get("/Count", 0))
        n += count if count > 0 else 0
    return n


RDF_END = b"</rdf:RDF>"
XMP_IDS = re.compile(rb"<xmpMM:(DocumentID|InstanceID)>[^<]*</xmpMM:\1>")


BLANK_ID = "uuid:" + "0" * 8 + "-0000-0000-0000-" + "0" * 12


def _xmp_with_blank_ids(xmp: bytes, lang: str) -> bytes:
    """WeasyPrint's XMP without its random ids, with blank DocumentID/InstanceID and
    dc:language added (WeasyPrint writes neither for PDF/A)."""
    blank = BLANK_ID.encode()
    extra = (b'<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
             b'xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" '
             b'xmlns:dc="http://purl.org/dc/elements/1.1/" rdf:about="">'
             b"<xmpMM:DocumentID>" + blank + b"</xmpMM:DocumentID>"
             b"<xmpMM:InstanceID>" + blank + b"</xmpMM:InstanceID>")
    if b"<dc:language>" not in xmp:
        extra += (b"<dc:language><rdf:Bag><rdf:li>" + lang.encode()
                  + b"</rdf:li></rdf:Bag></dc:language>")
    extra += b"</rdf:Description>"
    return XMP_IDS.sub(b"", xmp).replace(RDF_END, extra + RDF_END, 1)


def _xmp_with_ids(xmp: bytes, digest: bytes) -> bytes:
    ids = {b"DocumentID": uuid.UUID(bytes=digest[:16], version=5),
           b"InstanceID": uuid.UUID(bytes=digest[16:], version=5)}
    return XMP_IDS.sub(lambda m: b"<xmpMM:%s>uuid:%s</xmpMM:%s>" % (
        m.group(1), str(ids[m.group(1)]).encode(), m.group(1)), xmp)


# reading back (tests, and the build's own check of the final edition) -------------------

def embedded_files(path_or_bytes: Path | bytes) -> dict[str, bytes]:
    """Name -> bytes of every file embedded in a PDF."""
    src = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    with pikepdf.open(src) as pdf:
        return {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
