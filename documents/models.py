"""Official documents the portal has issued: signed PDFs with a verification code.

A document never changes once issued. Re-issuing creates a new document that
supersedes the old one; revoking marks it. Both stay verifiable.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents import codes


def document_storage():
    """Private storage of issued documents: ``DOCUMENTS_PRIVATE_ROOT`` (outside
    MEDIA_ROOT), or the ``documents`` storage (S3, signed URLs) where configured.

    A callable, so that migrations refer to it instead of one machine's path.
    """
    if "documents" in settings.STORAGES:
        return storages["documents"]
    return FileSystemStorage(location=settings.DOCUMENTS_PRIVATE_ROOT)


def document_path(instance, filename):
    return f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class Status(models.TextChoices):
    VALID = "valid", _("valid")
    SUPERSEDED = "superseded", _("superseded by a newer document")
    REVOKED = "revoked", _("revoked")


class IssuedDocument(models.Model):
    kind = models.CharField(_("type"), max_length=40, db_index=True)
    title = models.CharField(
        _("title"),
        max_length=255,
        help_text=_("Shown on the verification page: no personal data."),
    )
    record_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL
    )
    record_id = models.CharField(max_length=64, blank=True)
    record = GenericForeignKey("record_type", "record_id")
    record_version = models.CharField(
        _("version of the record"),
        max_length=64,
        blank=True,
        help_text=_("What the document was made from, e.g. a hash of the content."),
    )
    issuing_office = models.CharField(_("issuing office"), max_length=255)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    language = models.CharField(_("language"), max_length=8, default="de")
    code = models.CharField(
        _("verification code"), max_length=codes.LENGTH, unique=True
    )
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, db_index=True)
    file = models.FileField(
        _("PDF"), storage=document_storage, upload_to=document_path, max_length=200
    )
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.VALID
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.CharField(_("reason (public)"), max_length=255, blank=True)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    certificate_fingerprint = models.CharField(
        _("signing certificate (SHA-256)"), max_length=64, db_index=True
    )
    certificate_subject = models.CharField(
        _("signing certificate"), max_length=255, blank=True
    )
    demo_certificate = models.BooleanField(_("demo certificate"), default=False)
    timestamped = models.BooleanField(_("trusted timestamp"), default=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("official document")
        verbose_name_plural = _("official documents")
        indexes = [models.Index(fields=["record_type", "record_id", "kind"])]

    def __str__(self):
        return f"{self.title} ({self.display_code})"

    @property
    def display_code(self):
        return codes.display(self.code)

    @property
    def successor(self):
        return self.superseded_by.order_by("-issued_at").first()

    def read(self):
        with self.file.open("rb") as handle:
            return handle.read()
