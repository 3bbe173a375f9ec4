"""Demo content of the home app.

The content and legal pages and the news section are data:
``home/demo/pages.yaml`` and ``home/demo/section-news.yaml`` (loaded by
``portal.demo_loader`` before this module), the official announcements
``home/demo/after/announcements.yaml`` (loaded after it). What must be computed
stays here: the demo signing certificate and the PDF of every announcement.
Publishing an announcement issues its signed PDF (the task backend of the
development settings runs at once).
"""

import zlib
from pathlib import Path

from django.core.files.base import ContentFile

from documents import demo as documents_demo
from portal.demo_loader import read
from portal.models import PortalDocument

ANNOUNCEMENTS = Path(__file__).parent / "demo" / "after" / "announcements.yaml"


def pdf_bytes(title):
    """A small, valid one-page PDF with the announcement's title."""
    text = title.encode("cp1252", "replace").decode("latin-1")
    text = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 14 Tf 56 780 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def document(title):
    """The announcement's PDF (``PortalDocument`` by title); made if missing."""
    existing = PortalDocument.objects.filter(title=title).first()
    if existing is not None:
        return existing
    doc = PortalDocument(title=title, language="de")
    name = f"bekanntmachung-{zlib.crc32(title.encode()):08x}.pdf"
    doc.file.save(name, ContentFile(pdf_bytes(title)), save=False)
    doc.save()
    return doc


def load(demo):
    # The demo signing certificate (in the authority's name) before publishing
    # announcements issues their signed PDFs.
    documents_demo.load(demo)
    for entry in read(ANNOUNCEMENTS):
        document(entry["fields"]["title"])
