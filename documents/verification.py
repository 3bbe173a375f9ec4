"""Answer "is this our document, unchanged?" for a code or an uploaded file."""

import hashlib
import io
import logging
import re
from dataclasses import dataclass

from pyhanko.pdf_utils.reader import PdfFileReader

from documents import codes
from documents.models import IssuedDocument
from documents.signing import fingerprint

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
_CODE_IN_FILE = re.compile(rb"verification-code:([0-9A-Z]{13})")


class Outcome:
    ORIGINAL = "original"  # byte for byte the document we issued
    CHANGED = "changed"  # claims to be one of ours, but differs
    NOT_OURS = "not_ours"  # neither issued nor signed by us
    NOT_PDF = "not_pdf"


@dataclass
class Result:
    outcome: str
    document: IssuedDocument | None = None


def find(code_text):
    """(normalised code or None, document or None) for a typed code."""
    code = codes.normalise(code_text)
    if code is None:
        return None, None
    return code, IssuedDocument.objects.filter(code=code).first()


def _signer_fingerprints(data):
    """Fingerprints of the certificates that signed the PDF (empty if unreadable)."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        return {
            fingerprint(signature.signer_cert)
            for signature in reader.embedded_signatures
        }
    except Exception:  # noqa: BLE001 - any malformed PDF is simply "not verifiable"
        logger.info("an uploaded PDF could not be read for its signatures")
        return set()


def check_file(data):
    """The :class:`Result` for the bytes of an uploaded file."""
    if not data.startswith(PDF_MAGIC):
        return Result(Outcome.NOT_PDF)
    digest = hashlib.sha256(data).hexdigest()
    document = IssuedDocument.objects.filter(sha256=digest).first()
    if document is not None:
        return Result(Outcome.ORIGINAL, document)
    # Not the original. One of ours, changed? Its code in the metadata, or a
    # signature by a certificate we have signed with, says it claims to be.
    claimed_codes = set()
    for match in _CODE_IN_FILE.finditer(data):
        claimed_codes.add(match.group(1).decode())
        if len(claimed_codes) >= 5:
            break
    claimed = IssuedDocument.objects.filter(code__in=claimed_codes).first()
    if claimed is not None:
        return Result(Outcome.CHANGED, claimed)
    fingerprints = _signer_fingerprints(data)
    if (
        fingerprints
        and IssuedDocument.objects.filter(
            certificate_fingerprint__in=fingerprints
        ).exists()
    ):
        return Result(Outcome.CHANGED)
    return Result(Outcome.NOT_OURS)
