"""Issue, re-issue and revoke official documents (the one entry point for apps).

An app describes its document as :class:`documents.pdf.Content` and calls
:func:`issue`; the portal adds the letterhead from the portal settings, the
verification code and QR code, signs the PDF (PAdES) and stores it. A document
never changes: :func:`issue` with ``supersedes`` makes a new one and marks the
old one superseded; :func:`revoke` marks one revoked.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from documents import codes, pdf, signing
from documents.models import IssuedDocument, Status
from portal.models import PortalSettings

logger = logging.getLogger(__name__)


def portal_settings():
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return PortalSettings.for_site(site) if site else PortalSettings()


def _logo_png(image):
    try:
        rendition = image.get_rendition("max-400x200|format-png")
        with rendition.file.open("rb") as handle:
            return handle.read()
    except Exception:  # noqa: BLE001 - a missing logo file must not stop a document
        logger.warning("the logo of the portal settings cannot be rendered")
        return None


def letterhead(office=""):
    """The authority's letterhead from the portal settings."""
    values = portal_settings()
    town = " ".join(part for part in (values.postal_code, values.city) if part)
    contact = []
    if values.phone:
        contact.append(_("Phone %(phone)s") % {"phone": values.phone})
    if values.email:
        contact.append(values.email)
    return pdf.Letterhead(
        authority=values.authority_name,
        office=office if office and office != values.authority_name else "",
        address_lines=[line for line in (values.street, town) if line],
        contact_lines=[" · ".join(contact)] if contact else [],
        logo=_logo_png(values.logo) if values.logo_id else None,
        logo_alt=(values.logo.alt_text if values.logo_id else "")
        or values.authority_name,
    )


def verification_page_url(language):
    with translation.override(language):
        path = reverse("documents:verify")
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def issue(
    *,
    kind,
    content,
    record=None,
    office="",
    language=None,
    supersedes=None,
    issued_by=None,
    public_title=None,
    record_version="",
):
    """Make, sign and store a document; returns the :class:`IssuedDocument`.

    ``content.title`` goes into the PDF; ``public_title`` (default: the same) is
    what the verification page shows, so it must not carry personal data.
    ``record_version`` names the version of the record the document shows (e.g.
    a hash of its content), so that an app can reuse a document for the same one.
    """
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        head = letterhead(office)
        issuing_office = head.office or head.authority
        if head.office:
            issuing_office = f"{head.authority} – {head.office}"
        identity = signing.identity()
        for _attempt in range(5):
            code = codes.new_code()
            if not IssuedDocument.objects.filter(code=code).exists():
                break
        verification = pdf.Verification(
            code=code,
            page_url=verification_page_url(language),
            demo=identity.demo,
        )
        unsigned = pdf.render(head, content, verification, language=language)
        signed, identity = signing.sign(
            unsigned,
            reason=_("Official document of %(authority)s")
            % {"authority": head.authority},
            location=head.address_lines[-1] if head.address_lines else "",
        )
    document = IssuedDocument(
        kind=kind,
        title=(public_title or content.title)[:255],
        issuing_office=issuing_office[:255],
        language=language,
        code=code,
        sha256=hashlib.sha256(signed).hexdigest(),
        size=len(signed),
        supersedes=supersedes,
        certificate_fingerprint=identity.fingerprint,
        certificate_subject=identity.subject,
        demo_certificate=identity.demo,
        timestamped=bool(settings.DOCUMENTS_TSA_URL),
        issued_by=issued_by,
        record_version=record_version[:64],
    )
    if record is not None:
        document.record_type = ContentType.objects.get_for_model(record)
        document.record_id = str(record.pk)
    document.file.save(f"{code}.pdf", ContentFile(signed), save=False)
    try:
        with transaction.atomic():
            document.save()
            if supersedes is not None:
                IssuedDocument.objects.filter(pk=supersedes.pk).update(
                    status=Status.SUPERSEDED, status_changed_at=timezone.now()
                )
    except IntegrityError:
        document.file.delete(save=False)
        raise
    return document


def revoke(document, reason=""):
    IssuedDocument.objects.filter(pk=document.pk).update(
        status=Status.REVOKED,
        status_changed_at=timezone.now(),
        status_reason=reason[:255],
    )
    document.refresh_from_db()
    return document


def documents_for(record, kind=None):
    """The documents issued for ``record``, newest first."""
    found = IssuedDocument.objects.filter(
        record_type=ContentType.objects.get_for_model(record), record_id=str(record.pk)
    )
    return found.filter(kind=kind) if kind else found


def current_document(record, kind):
    """The newest valid document of ``kind`` for ``record``, or None."""
    return documents_for(record, kind).filter(status=Status.VALID).first()
