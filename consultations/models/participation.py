"""Responses, their closed answers for the tallies, attachments and statements."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from portal.storage import private_storage

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_receipt():
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
    return f"B-{code[:5]}-{code[5:]}"


class Response(models.Model):
    """One person's answers to one consultation.

    The database allows one response per account and one per verified person
    (the salted bPK2 hash from the identity verification) and consultation;
    concurrent submits of the same person end with one row.
    """

    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("consultation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_responses",
        verbose_name=_("account"),
    )
    person_hash = models.CharField(max_length=64, null=True, blank=True)
    municipality_ags = models.CharField(
        _("municipality key (AGS)"), max_length=8, blank=True
    )
    receipt = models.CharField(
        _("receipt number"), max_length=16, unique=True, default=new_receipt
    )
    answers = models.JSONField(_("answers"), default=dict)
    language = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    pseudonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"],
                condition=Q(user__isnull=False),
                name="one_response_per_account",
            ),
            models.UniqueConstraint(
                fields=["consultation", "person_hash"],
                condition=Q(person_hash__isnull=False),
                name="one_response_per_person",
            ),
        ]
        indexes = [models.Index(fields=["consultation", "id"])]
        permissions = [
            ("export_response", _("Can export responses")),
            ("view_personal_data", _("Can see personal data of respondents")),
            ("view_interim_results", _("Can see results before publication")),
        ]

    def __str__(self):
        return self.receipt


class ChoiceAnswer(models.Model):
    """One chosen option of a closed question: the results page counts these in SQL."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="choice_answers"
    )
    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="+"
    )
    question = models.CharField(max_length=64)
    value = models.CharField(max_length=16)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["consultation", "question", "value"])]

    def __str__(self):
        return f"{self.question}={self.value}"


def attachment_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"consultations/attachments/{uuid.uuid4().hex}.{extension}"


class Attachment(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="attachments"
    )
    question = models.CharField(max_length=64)
    # private: served only by permission (consultations.views.attachment,
    # consultations.admin_views.attachment)
    file = models.FileField(storage=private_storage, upload_to=attachment_path)
    original_name = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_attachment_per_question"
            )
        ]

    def __str__(self):
        return self.original_name


class Channel(models.TextChoices):
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")
    COMMENT = "comment", _("Public comment")
    PAPER = "paper", _("Letter")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Meeting")


STAFF_CHANNELS = [Channel.PAPER, Channel.EMAIL, Channel.MEETING]


class StatementStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    REJECTED = "rejected", _("Not accepted")
    NOTED = "noted", _("Noted")


class Statement(models.Model):
    """A statement staff evaluate and answer.

    Made from a long-text answer of the questionnaire, a public comment, or
    entered by staff from a letter, an e-mail or a meeting.
    """

    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="statements",
        verbose_name=_("consultation"),
    )
    response = models.ForeignKey(
        Response,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="statements",
        editable=False,
    )
    question = models.CharField(max_length=64, blank=True, editable=False)
    section = models.CharField(_("section"), max_length=64, blank=True)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.PAPER
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_statements",
        verbose_name=_("author's account"),
        editable=False,
    )
    author_name = models.CharField(
        _("name shown"),
        max_length=120,
        blank=True,
        help_text=_("Leave empty to publish the statement without a name."),
    )
    author_contact = models.CharField(
        _("author's contact"),
        max_length=254,
        blank=True,
        help_text=_("Address or e-mail for the reply; never published."),
    )
    text = models.TextField(_("statement"), max_length=20000)
    is_public = models.BooleanField(_("public"), default=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=StatementStatus.choices,
        default=StatementStatus.PUBLISHED,
    )
    needs_review = models.BooleanField(_("flagged"), default=False)
    flag_count = models.PositiveIntegerField(_("flags"), default=0)
    moderation_reason = models.TextField(_("reason of the moderation"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    tags = TaggableManager(verbose_name=_("tags"), blank=True)
    group = models.CharField(_("group"), max_length=120, blank=True)
    reply_outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True
    )
    reply_text = models.TextField(_("reply with reasons"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    replied_at = models.DateTimeField(null=True, blank=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["consultation", "status", "is_public"]),
            models.Index(fields=["status", "needs_review"]),
        ]
        permissions = [("moderate_statement", _("Can moderate statements"))]

    def __str__(self):
        return (
            f"{self.get_channel_display()} {self.created_at:%Y-%m-%d}: {self.text[:60]}"
        )

    @property
    def is_visible(self):
        return self.is_public and self.status == StatementStatus.PUBLISHED

    def as_export(self):
        return {
            "consultation": self.consultation.title,
            "channel": self.channel,
            "text": self.text,
            "status": self.status,
            "created_at": self.created_at.isoformat(),
            "reply_outcome": self.reply_outcome,
            "reply_text": self.reply_text,
        }


class StatementFlag(models.Model):
    """One flag per statement and visitor (account or hashed session)."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="flags"
    )
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "fingerprint"], name="one_flag_per_visitor"
            )
        ]

    def __str__(self):
        return f"flag {self.statement_id}"


class ResultsNotice(models.Model):
    """Participants were told that the results are out (sent once)."""

    consultation = models.OneToOneField(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"results notice {self.consultation_id}"
