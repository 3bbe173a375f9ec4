"""Applications, their files, their history and refunds."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.storage import private_storage  # noqa: F401 - referenced by migrations


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    AWAITING_PAYMENT = "awaiting_payment", _("submitted, waiting for payment")
    PAID = "paid", _("paid")
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", _("completed")
    REJECTED = "rejected", _("rejected")


# Allowed transitions; everything else is refused (services.lifecycle).
TRANSITIONS = {
    Status.DRAFT: {Status.SUBMITTED, Status.AWAITING_PAYMENT},
    Status.AWAITING_PAYMENT: {Status.PAID},
    Status.SUBMITTED: {Status.IN_PROGRESS, Status.REJECTED},
    Status.PAID: {Status.IN_PROGRESS, Status.REJECTED},
    Status.IN_PROGRESS: {Status.COMPLETED, Status.REJECTED},
    Status.COMPLETED: set(),
    Status.REJECTED: set(),
}


def upload_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"applications/{uuid.uuid4().hex}.{extension}"


class Application(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    service = models.ForeignKey(
        "services.ServicePage",
        verbose_name=_("service"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    service_title = models.CharField(_("service"), max_length=255)
    department = models.ForeignKey(
        Group,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_applications",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.CASCADE,
        related_name="service_applications",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    answers = models.JSONField(_("answers"), default=list, blank=True)
    amount = models.DecimalField(
        _("fee in EUR"), max_digits=9, decimal_places=2, default=Decimal("0.00")
    )
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    kassenzeichen = models.CharField(_("Kassenzeichen"), max_length=64, blank=True)
    language = models.CharField(_("language"), max_length=10, default="de")
    rejection_reason = models.TextField(_("reason for the rejection"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        permissions = [("process_application", _("Can process applications"))]
        indexes = [models.Index(fields=["status", "department"])]

    def __str__(self):
        return f"{self.reference} {self.service_title}"

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = f"A-{uuid.uuid4().hex[:12].upper()}"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("services:application", args=[self.reference])

    @property
    def is_final(self):
        return self.status in {Status.COMPLETED, Status.REJECTED}

    @property
    def was_paid(self):
        return self.paid_at is not None

    def allowed_transitions(self):
        return TRANSITIONS[Status(self.status)]


class ApplicationFile(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="files"
    )
    field_name = models.CharField(max_length=255)
    file = models.FileField(storage=private_storage, upload_to=upload_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("uploaded file")

    def __str__(self):
        return self.original_name


class ApplicationEvent(models.Model):
    """One entry of an application's history: every transition is logged."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("history entry")

    def __str__(self):
        return f"{self.application_id}: {self.from_status} -> {self.to_status}"


class Refund(models.Model):
    """A refund owed after rejecting a paid application; the cash office pays it."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="refund"
    )
    amount = models.DecimalField(_("amount in EUR"), max_digits=9, decimal_places=2)
    kassenzeichen = models.CharField(_("Kassenzeichen"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    carried_out_at = models.DateTimeField(
        _("paid back by the cash office"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("refund")

    def __str__(self):
        return f"{self.amount} EUR ({self.application_id})"
