"""Site-wide models every app uses: images, documents, municipalities, settings,
and the four-eyes approval task of the editorial workflows."""

from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import AbstractGroupApprovalTask, Revision, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from portal.forms import WorkflowReasonForm


class Licence(models.TextChoices):
    """Licences an image or document may carry (IRIs from dcat-ap.de where one exists)."""

    CC0 = "cc-zero", _("CC0 1.0 (public domain)")
    CC_BY = "cc-by/4.0", _("CC BY 4.0")
    CC_BY_SA = "cc-by-sa/4.0", _("CC BY-SA 4.0")
    DL_BY = "dl-by-de/2.0", _("Data licence Germany – attribution 2.0")
    DL_ZERO = "dl-zero-de/2.0", _("Data licence Germany – zero 2.0")
    OWN = "own", _("Own work of the administration")
    PERMISSION = "permission", _("All rights reserved, used with permission")

    @classmethod
    def url_for(cls, value):
        if value in {cls.OWN, cls.PERMISSION, ""}:
            return ""
        return f"http://dcat-ap.de/def/licenses/{value}"


class PortalImage(AbstractImage):
    """An image that always carries alt text, a credit and a licence."""

    alt_text = models.CharField(
        _("alternative text"),
        max_length=255,
        default="",
        help_text=_(
            "Describe what the image shows for people who cannot see it. "
            "Write '-' only for purely decorative images."
        ),
    )
    credit = models.CharField(
        _("credit"),
        max_length=255,
        default="",
        help_text=_("Photographer or creator, as it must be shown."),
    )
    licence = models.CharField(
        _("licence"), max_length=32, choices=Licence.choices, default=Licence.OWN
    )
    source_url = models.URLField(_("source"), blank=True)

    admin_form_fields = (
        *Image.admin_form_fields,
        "alt_text",
        "credit",
        "licence",
        "source_url",
    )

    search_fields = [*AbstractImage.search_fields, index.SearchField("credit")]

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_image", "Can choose image")]

    @property
    def default_alt_text(self):
        if self.alt_text == "-":
            return ""
        return self.alt_text or self.title

    @property
    def licence_url(self):
        return Licence.url_for(self.licence)


class PortalRendition(AbstractRendition):
    image = models.ForeignKey(
        PortalImage, related_name="renditions", on_delete=models.CASCADE
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["image", "filter_spec", "focal_point_key"],
                name="portal_unique_rendition",
            )
        ]


class PortalDocument(AbstractDocument):
    """A document with a language, so screen readers and visitors know what to expect."""

    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        default="de",
        choices=[("de", "Deutsch"), ("en", "English")],
    )

    admin_form_fields = (*Document.admin_form_fields, "description", "language")

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [("choose_document", "Can choose document")]


@register_snippet
class Municipality(TranslatableMixin, index.Indexed, models.Model):
    """A member municipality of the association; every app filters by it."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_("Used in filter URLs; keep it the same in every language."),
    )
    ars = models.CharField(
        _("regional key (ARS)"),
        max_length=12,
        validators=[RegexValidator(r"^\d{12}$", _("The ARS has exactly 12 digits."))],
        help_text=_("Amtlicher Regionalschlüssel, 12 digits."),
    )
    ags = models.CharField(
        _("municipality key (AGS)"),
        max_length=8,
        validators=[RegexValidator(r"^\d{8}$", _("The AGS has exactly 8 digits."))],
        help_text=_("Amtlicher Gemeindeschlüssel, 8 digits."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        MultiFieldPanel(
            [FieldPanel("ars"), FieldPanel("ags")], heading=_("Official keys")
        ),
        MultiFieldPanel(
            [FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Location")
        ),
        FieldPanel("population"),
        FieldPanel("website"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_municipality_slug"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def geocoding_uri(self):
        """The municipality's IRI in the DCAT-AP.de political geocoding vocabulary."""
        return f"http://dcat-ap.de/def/politicalGeocoding/municipalityKey/{self.ags}"


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Who runs this portal: shown in the header, footer, imprint and structured data."""

    authority_name = models.CharField(
        _("name of the authority"), max_length=200, default="Amt"
    )
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours = models.TextField(
        _("office hours"), blank=True, help_text=_("One line per day or period.")
    )
    logo = models.ForeignKey(
        "portal.PortalImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imprint_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("imprint"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    easy_language_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("easy-to-read information"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sign_language_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("sign language information"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("contact page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("authority_name"), FieldPanel("tagline"), FieldPanel("logo")],
            heading=_("Authority"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldPanel("postal_code"),
                FieldPanel("city"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("opening_hours"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("imprint_page"),
                FieldPanel("privacy_page"),
                FieldPanel("accessibility_page"),
                FieldPanel("easy_language_page"),
                FieldPanel("sign_language_page"),
                FieldPanel("contact_page"),
            ],
            heading=_("Legal and accessibility pages (linked from every page)"),
        ),
    ]

    class Meta:
        verbose_name = _("portal settings")

    def legal_links(self):
        """(label, page) pairs for the footer, in the order German sites use."""
        return [
            (label, page)
            for label, page in [
                (_("Imprint"), self.imprint_page),
                (_("Privacy"), self.privacy_page),
                (_("Accessibility"), self.accessibility_page),
                (_("Easy-to-read"), self.easy_language_page),
                (_("Sign language"), self.sign_language_page),
                (_("Contact"), self.contact_page),
            ]
            if page is not None
        ]


class FourEyesApprovalTask(AbstractGroupApprovalTask):
    """Administrative approval under the four-eyes principle.

    A member of the chosen groups approves or requests changes, always with a
    reason. Nobody may approve what they submitted for approval, nor a revision
    they wrote: the approver must differ from the user who started the
    workflow, from the author of the revision under review and from the author
    of the latest revision (which is what gets published).
    """

    class Meta:
        verbose_name = _("four-eyes approval task")
        verbose_name_plural = _("four-eyes approval tasks")
        permissions = [
            ("view_approval_report", _("Can view the approval report")),
        ]

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve with a reason; nobody approves "
            "what they submitted or edited themselves."
        )

    # --- the four-eyes rule ---------------------------------------------------------
    def user_is_approver(self, user):
        return user.is_active and (user.is_superuser or self._user_in_groups(user))

    def excluded_user_ids(self, workflow_state, task_state=None):
        """Users who must not approve: submitter and authors under review."""
        excluded = {workflow_state.requested_by_id}
        if task_state is not None:
            excluded.add(task_state.revision.user_id)
        latest = (
            Revision.objects.filter(
                base_content_type_id=workflow_state.base_content_type_id,
                object_id=workflow_state.object_id,
            )
            .order_by("-created_at", "-id")
            .values_list("user_id", flat=True)
            .first()
        )
        excluded.add(latest)
        excluded.discard(None)
        return excluded

    def refusal_reason(self, obj, user):
        """Why ``user`` may not approve ``obj`` now, or ``None`` if they may."""
        workflow_state = obj.current_workflow_state
        if workflow_state is None:
            return None
        if workflow_state.requested_by_id == user.pk:
            return _(
                "You submitted “%(title)s” for approval. Under the four-eyes "
                "principle another member of %(groups)s must approve it."
            ) % {"title": obj, "groups": self.group_names()}
        task_state = workflow_state.current_task_state
        if user.pk in self.excluded_user_ids(workflow_state, task_state):
            return _(
                "You edited the version of “%(title)s” that awaits approval. Under "
                "the four-eyes principle another member of %(groups)s must "
                "approve it."
            ) % {"title": obj, "groups": self.group_names()}
        return None

    def group_names(self):
        return ", ".join(self.groups.order_by("name").values_list("name", flat=True))

    # --- Wagtail task API -----------------------------------------------------------------
    def get_actions(self, obj, user):
        if not self.user_is_approver(user):
            return []
        actions = [("reject", _("Request changes"), True)]
        if self.refusal_reason(obj, user) is None:
            actions.append(("approve", _("Approve with reason"), True))
        return actions

    def get_form_for_action(self, action):
        return WorkflowReasonForm

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        latest_author = Subquery(
            Revision.objects.filter(
                base_content_type_id=OuterRef("workflow_state__base_content_type_id"),
                object_id=OuterRef("workflow_state__object_id"),
            )
            .order_by("-created_at", "-id")
            .values("user_id")[:1]
        )
        return (
            states.annotate(latest_author_id=latest_author)
            .exclude(workflow_state__requested_by=user)
            .exclude(revision__user=user)
            .exclude(latest_author_id=user.pk)
        )

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        obj = task_state.workflow_state.content_object
        obj = getattr(obj, "specific", obj)
        if action_name == "approve":
            refusal = self.refusal_reason(obj, user)
            if refusal is not None:
                raise FourEyesViolation(refusal)
        if (
            action_name in {"approve", "reject"}
            and not (kwargs.get("comment") or "").strip()
        ):
            raise PermissionDenied(_("Please give a reason."))
        return super().on_action(task_state, user, action_name, **kwargs)


class FourEyesViolation(PermissionDenied):
    """Raised when someone tries to approve their own work."""
