"""Citizen reports (Mängelmelder): categories, responsibilities, reports, photos, history.

Categories are translatable snippets; a report always points at the category and
municipality in the default language (the canonical rows), whichever language the
reporter used. Which department (a Django group) handles a report is decided
when it arrives: the responsibility for the category in the report's
municipality, else the category's default department.

Nothing is public before staff release it (``moderation``); reporter contact data
(name, e-mail, account) is never shown in public and is removed a configurable
time after the report is closed (``reports.retention``).
"""

import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index

from portal.geo import latitude_validators, longitude_validators
from portal.models import Municipality
from reports.choices import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    TRAFFIC_LIGHT,
    EventKind,
    Moderation,
    Status,
)

CONFIRM_SALT = "reports.report.confirm"


class Category(TranslatableMixin, index.Indexed, models.Model):
    """What can be reported (road damage, street lighting, …); an Open311 service."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_(
            "Used in URLs and as the Open311 service code; keep it the same in "
            "every language."
        ),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What belongs in this category; shown on the report form."),
    )
    default_department = models.ForeignKey(
        Group,
        verbose_name=_("default department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The staff group that handles reports of this category where no "
            "municipality-specific responsibility is set."
        ),
    )
    outside_authority = models.CharField(
        _("outside authority"),
        max_length=200,
        blank=True,
        help_text=_(
            "Optional: the authority that is responsible instead (e.g. the district's "
            "road authority); staff forward reports there with a note."
        ),
    )
    pre_moderation = models.BooleanField(
        _("pre-moderation"),
        default=True,
        help_text=_(
            "Reports are public only after staff released them. Switch off only for "
            "categories where reports never contain personal data."
        ),
    )
    active = models.BooleanField(_("open for reports"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("default_department"),
                FieldPanel("outside_authority"),
                FieldPanel("pre_moderation"),
                FieldPanel("active"),
                FieldPanel("sort_order"),
            ],
            heading=_("Handling"),
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("report category")
        verbose_name_plural = _("report categories")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_report_category_slug"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def canonical(self):
        """The category in the default language (reports point at it)."""
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        return self.get_translation(default)

    def department_for(self, municipality):
        """The department responsible in ``municipality`` (canonical rows)."""
        canonical = self.canonical
        if municipality is not None:
            responsibility = (
                Responsibility.objects.filter(
                    category=canonical, municipality=municipality
                )
                .select_related("department")
                .first()
            )
            if responsibility is not None:
                return responsibility.department
        return canonical.default_department


def default_locale_limit():
    return {"locale__language_code": settings.LANGUAGE_CODE}


class Responsibility(models.Model):
    """Which department handles a category in one municipality."""

    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="responsibilities",
        limit_choices_to=default_locale_limit,
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to=default_locale_limit,
    )
    department = models.ForeignKey(
        Group,
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [
        FieldPanel("category"),
        FieldPanel("municipality"),
        FieldPanel("department"),
    ]

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering = ["category__sort_order", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "municipality"],
                name="unique_report_responsibility",
            )
        ]

    def __str__(self):
        return f"{self.category} – {self.municipality}: {self.department}"


class ReportQuerySet(models.QuerySet):
    def public(self):
        """Released, confirmed reports: the only ones visitors and Open311 see."""
        return self.filter(
            moderation=Moderation.RELEASED, confirmed_at__isnull=False
        ).select_related("category", "municipality")

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Report(models.Model):
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        Group,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=latitude_validators,
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=longitude_validators,
    )
    place = models.CharField(_("street or place"), max_length=200, blank=True)
    description = models.TextField(_("description as submitted"))
    public_description = models.TextField(
        _("public description"),
        blank=True,
        help_text=_(
            "What the public sees; staff remove personal data before release. "
            "Empty: the description as submitted."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    public_answer = models.TextField(_("public answer"), blank=True)
    forwarded_to = models.CharField(_("forwarded to"), max_length=200, blank=True)
    moderation = models.CharField(
        _("moderation"),
        max_length=20,
        choices=Moderation.choices,
        default=Moderation.PENDING,
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    supporters = models.PositiveIntegerField(_("supporters"), default=0)
    # Private: never in a public page, feed, API or export.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reporter_name = models.CharField(_("reporter name"), max_length=120, blank=True)
    reporter_email = models.EmailField(_("reporter e-mail"), blank=True)
    notify_reporter = models.BooleanField(_("notify the reporter"), default=True)
    contact_removed_at = models.DateTimeField(
        _("contact data removed at"), null=True, blank=True
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    source = models.CharField(_("source"), max_length=40, default="web")
    access_token = models.CharField(max_length=64, editable=False, default="")
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    first_answer_at = models.DateTimeField(
        _("first public answer at"), null=True, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizen report")
        verbose_name_plural = _("citizen reports")
        ordering = ["-created_at", "-pk"]
        permissions = [("process_report", "Can process citizen reports")]
        indexes = [
            models.Index(fields=["moderation", "status", "-created_at"]),
            models.Index(fields=["category", "status"]),
        ]

    def __str__(self):
        return _("Report %(number)s") % {"number": self.pk}

    def save(self, *args, **kwargs):
        if not self.access_token:
            self.access_token = secrets.token_urlsafe(24)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reports:detail", args=[self.pk])

    @property
    def is_public(self):
        return self.moderation == Moderation.RELEASED and self.confirmed_at is not None

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_closed(self):
        return self.status in CLOSED_STATUSES

    @property
    def traffic_light(self):
        return TRAFFIC_LIGHT.get(self.status, "grey")

    @property
    def public_text(self):
        return self.public_description or self.description

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def contact_email(self):
        """Where notifications go: the account's address or the confirmed one."""
        if self.reporter_id and self.reporter.email:
            return self.reporter.email
        return self.reporter_email

    def make_confirmation_token(self):
        return signing.dumps(
            {"id": self.pk, "t": self.access_token[:12]}, salt=CONFIRM_SALT
        )

    @classmethod
    def from_confirmation_token(cls, token, max_age):
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
        report = cls.objects.get(pk=data["id"])
        if report.access_token[:12] != data["t"]:
            raise cls.DoesNotExist
        return report

    def public_events(self):
        return self.events.filter(public=True).order_by("created_at", "pk")


def photo_path(instance, filename):
    return f"reports/{secrets.token_hex(16)}.jpg"


class ReportPhoto(models.Model):
    """A photo as stored: re-encoded JPEG, resized, without any metadata."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("file"), upload_to=photo_path, max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Shown with the released report (untick to keep it internal)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]

    def __str__(self):
        return self.file.name

    def get_absolute_url(self):
        return reverse("reports:photo", args=[self.report_id, self.pk])


class ReportEvent(models.Model):
    """One entry of a report's history (every change is kept)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    text = models.TextField(_("text"), blank=True)
    previous_text = models.TextField(_("previous text"), blank=True)
    public = models.BooleanField(_("public"), default=False)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def to_status_label(self):
        return Status(self.to_status).label if self.to_status in Status else ""


class Support(models.Model):
    """A "me too" for an open report, once per account or confirmed address."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "user"],
                condition=models.Q(user__isnull=False),
                name="unique_report_support_user",
            ),
            models.UniqueConstraint(
                fields=["report", "email_hash"],
                condition=~models.Q(email_hash=""),
                name="unique_report_support_email",
            ),
        ]

    def __str__(self):
        return f"{self.report_id}: {self.created_at:%Y-%m-%d}"
