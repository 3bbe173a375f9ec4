"""The actor directory: section page, directory page, entries and claims.

Entries are translatable Wagtail pages below a ``BusinessDirectoryPage``: that
gives each entry a public URL, revisions, the approval workflow and
translation. Owners (actor representatives) hold django-guardian object
permissions on the entry page and edit it through a front-end form, which
saves a new revision and starts the page's workflow: the live version stays
visible until the change is approved.
"""

import functools
import string
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from portal.blocks import BodyStreamBlock
from portal.fields import AccessibilityFeature, MultipleChoiceJSONField
from portal.geo import AddressMixin, CoordinatesMixin, location_panel, place_json_ld
from portal.maps import point_feature
from portal.mixins import PortalPageMixin
from portal.models import Municipality, PortalImage
from portal.opening_hours import OpeningHours, OpeningHoursBlock
from portal.storage import private_storage
from portal.view_registry import call_page_view

from .panels import PendingLogoPanel

ENTRIES_PER_PAGE = 20
LOGO_RENDITION = "max-160x160"


class ActorType(models.TextChoices):
    COMPANY = "company", _("Company")
    FARM = "farm", _("Farm / direct marketer")
    ASSOCIATION = "association", _("Association")
    SOCIAL = "social", _("Social service")
    TOURISM = "tourism", _("Tourism provider")
    PUBLIC = "public", _("Public institution")


class Sector(models.TextChoices):
    """Top level (sections A–U) of the German classification of economic
    activities, WZ 2008 (Klassifikation der Wirtschaftszweige)."""

    A = "A", _("A – Agriculture, forestry and fishing")
    B = "B", _("B – Mining and quarrying")
    C = "C", _("C – Manufacturing")
    D = "D", _("D – Electricity, gas, steam and air conditioning supply")
    E = "E", _("E – Water supply, sewerage, waste management and remediation")
    F = "F", _("F – Construction")
    G = "G", _("G – Wholesale and retail trade; repair of motor vehicles")
    H = "H", _("H – Transportation and storage")
    I = "I", _("I – Accommodation and food service activities")  # noqa: E741
    J = "J", _("J – Information and communication")
    K = "K", _("K – Financial and insurance activities")
    L = "L", _("L – Real estate activities")
    M = "M", _("M – Professional, scientific and technical activities")
    N = "N", _("N – Administrative and support service activities")
    O = "O", _("O – Public administration and defence; social security")  # noqa: E741
    P = "P", _("P – Education")
    Q = "Q", _("Q – Human health and social work activities")
    R = "R", _("R – Arts, entertainment and recreation")
    S = "S", _("S – Other service activities")
    T = "T", _("T – Activities of households as employers")
    U = "U", _("U – Activities of extraterritorial organisations and bodies")


class Language(models.TextChoices):
    GERMAN = "de", _("German")
    LOW_GERMAN = "nds", _("Low German")
    ENGLISH = "en", _("English")
    POLISH = "pl", _("Polish")
    DANISH = "da", _("Danish")
    RUSSIAN = "ru", _("Russian")
    UKRAINIAN = "uk", _("Ukrainian")
    ARABIC = "ar", _("Arabic")
    TURKISH = "tr", _("Turkish")
    SIGN = "gsg", _("German Sign Language")


SCHEMA_TYPES = {
    ActorType.COMPANY: "LocalBusiness",
    ActorType.FARM: "LocalBusiness",
    ActorType.TOURISM: "LocalBusiness",
    ActorType.ASSOCIATION: "NGO",
    ActorType.SOCIAL: "Organization",
    ActorType.PUBLIC: "GovernmentOrganization",
}

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()/\-]{4,28}[0-9]$",
    _(
        "Enter a phone number with digits only, optionally starting with + and "
        "grouped by spaces, slashes or hyphens, e.g. 03863 5550 or +49 3863 5550."
    ),
)


class BusinessIndexPage(PortalPageMixin, Page):
    """The business section (``/wirtschaft/``): introduction and links to the
    directory and the regional projects."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["business.BusinessDirectoryPage", "business.ProjectIndexPage"]
    max_count_per_parent = 1
    schema_type = "CollectionPage"

    class Meta:
        verbose_name = _("business section")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().specific()
        return context


class BusinessDirectoryPage(RoutablePageMixin, PortalPageMixin, Page):
    """The directory: filters, search, A–Z, map, pagination, CSV/JSON export."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["business.BusinessIndexPage"]
    subpage_types = ["business.BusinessEntryPage"]
    max_count_per_parent = 1
    schema_type = "CollectionPage"

    class Meta:
        verbose_name = _("business directory")

    def entries(self):
        """Live, public entries below this page (no filters)."""
        # Entries have no children: a restriction on an ancestor is checked
        # when the directory is served, one on the entry itself here (as a
        # subquery, not an extra query like ``public()``).
        restricted = PageViewRestriction.objects.filter(page_id=OuterRef("pk"))
        return (
            BusinessEntryPage.objects.live()
            .child_of(self)
            .filter(~Exists(restricted))
            .select_related("municipality")
            .order_by("title", "pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The page's content is a cached fragment per content version and
        # query string (``{% page_fragment %}``): the filters, entries and map
        # are computed only when it is rendered.
        context["listing"] = functools.cache(
            lambda: call_page_view(self, "directory_context", request)
        )
        return context

    # --- sub-pages (views in business.export, see portal.view_registry) ----------------
    @path("export/csv/", name="export_csv")
    def export_csv(self, request):
        return call_page_view(self, "csv_response", request)

    @path("export/json/", name="export_json")
    def export_json(self, request):
        return call_page_view(self, "json_response", request)

    @path("geojson/", name="geojson")
    def geojson(self, request):
        return call_page_view(self, "geojson_response", request)


class BusinessEntryTag(TaggedItemBase):
    content_object = ParentalKey(
        "business.BusinessEntryPage",
        related_name="tagged_items",
        on_delete=models.CASCADE,
    )


class BusinessEntryPage(PortalPageMixin, AddressMixin, CoordinatesMixin, Page):
    """One actor: company, farm, association, social service, tourism provider
    or public institution."""

    actor_type = models.CharField(
        _("type"), max_length=20, choices=ActorType.choices, default=ActorType.COMPANY
    )
    sector = models.CharField(
        _("sector (WZ 2008)"),
        max_length=1,
        choices=Sector.choices,
        blank=True,
        help_text=_("Top level of the German classification of economic activities."),
    )
    intro = models.TextField(
        _("short description"),
        blank=True,
        max_length=600,
        help_text=_("What you do, in one or two sentences."),
    )
    description = models.TextField(_("description"), blank=True, max_length=5000)
    products = models.TextField(
        _("products and services"),
        blank=True,
        max_length=2000,
        help_text=_("One per line."),
    )
    tags = ClusterTaggableManager(
        through=BusinessEntryTag, blank=True, verbose_name=_("tags")
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    phone = models.CharField(
        _("phone"), max_length=30, blank=True, validators=[phone_validator]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_hours = StreamField(
        OpeningHoursBlock(), verbose_name=_("opening hours"), blank=True
    )
    languages = MultipleChoiceJSONField(
        _("languages spoken"), choices_list=Language.choices
    )
    accessibility = MultipleChoiceJSONField(
        _("accessibility"), choices_list=AccessibilityFeature.choices
    )
    accessibility_note = models.TextField(
        _("more about accessibility"), blank=True, max_length=600
    )
    logo = models.ForeignKey(
        PortalImage,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    direct_sale = models.BooleanField(
        _("farm shop / direct sale"),
        default=False,
        help_text=_("Sells its own products directly to customers."),
    )

    override_translatable_fields = [
        SynchronizedField(name)
        for name in ("street", "postal_code", "city", "phone", "email", "website")
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("actor_type"),
                FieldPanel("sector"),
                FieldPanel("direct_sale"),
                FieldPanel("tags"),
            ],
            heading=_("Classification"),
        ),
        FieldPanel("municipality"),
        location_panel(),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")],
            heading=_("Contact"),
        ),
        FieldPanel("opening_hours"),
        FieldPanel("description"),
        FieldPanel("products"),
        FieldPanel("languages"),
        MultiFieldPanel(
            [FieldPanel("accessibility"), FieldPanel("accessibility_note")],
            heading=_("Accessibility"),
        ),
        FieldPanel("logo"),
        PendingLogoPanel(),
    ]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("description"),
        index.SearchField("products"),
        index.SearchField("city"),
        index.AutocompleteField("title"),
        index.FilterField("actor_type"),
        index.FilterField("sector"),
        index.FilterField("municipality"),
        index.FilterField("direct_sale"),
    ]

    parent_page_types = ["business.BusinessDirectoryPage"]
    subpage_types = []
    cache_json_ld = True  # content only (portal.fragments.page_value)

    class Meta:
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")

    @property
    def schema_type(self):
        return SCHEMA_TYPES.get(self.actor_type, "Organization")

    def clean(self):
        super().clean()
        errors = self.clean_coordinates()
        overlap = opening_hours_overlap(OpeningHours.from_stream(self.opening_hours))
        if overlap:
            errors["opening_hours"] = overlap
        if errors:
            raise ValidationError(errors)

    def product_list(self):
        return [line.strip() for line in self.products.splitlines() if line.strip()]

    def language_labels(self):
        return self._meta.get_field("languages").labels_for(self.languages)

    def accessibility_labels(self):
        return self._meta.get_field("accessibility").labels_for(self.accessibility)

    def opening_hours_data(self):
        return OpeningHours.from_stream(self.opening_hours)

    def get_json_ld(self, request):
        data = super().get_json_ld(request)
        data.update(place_json_ld(self))
        if self.logo_id:
            rendition = self.logo.get_rendition(LOGO_RENDITION)
            data["logo"] = request.build_absolute_uri(rendition.url)
        if self.schema_type == "LocalBusiness":
            specs = self.opening_hours_data().to_schema()
            if specs:
                data["openingHoursSpecification"] = specs
        if self.municipality_id:
            data["areaServed"] = {
                "@type": "AdministrativeArea",
                "name": self.municipality.name,
            }
        if self.sector:
            data["knowsAbout"] = str(self.get_sector_display())
        products = self.product_list()
        if products:
            data["makesOffer"] = [
                {"@type": "Offer", "itemOffered": {"@type": "Thing", "name": name}}
                for name in products
            ]
        if self.languages:
            data["knowsLanguage"] = list(self.languages)
        return data

    def map_feature(self, request=None):
        return point_feature(
            self.latitude,
            self.longitude,
            name=self.title,
            url=self.get_url(request),
            address=self.address_line,
            detail=str(self.get_actor_type_display()),
            kind="business",
        )

    def waiting_logo(self):
        """The logo an owner uploaded that waits for approval, in any
        translation of the entry (``PendingLogoPanel``)."""
        if not self.translation_key:
            return None
        return PendingLogo.objects.filter(
            entry__translation_key=self.translation_key
        ).first()

    def geojson_url(self, request, directory):
        return (
            directory.get_url(request)
            + directory.reverse_subpage("geojson")
            + f"?page_id={self.pk}"
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The parts that change only with the content are cached fragments
        # (business/includes/entry_*.html, include_each over the page itself):
        # the directory (the parent page) is looked up only when one of them is
        # rendered. A preview renders the draft.
        context["detail_pages"] = (
            [] if getattr(request, "is_preview", False) else [self]
        )
        directory = functools.cache(lambda: self.get_parent().specific)
        context["directory"] = directory
        context["geojson_url"] = functools.cache(
            lambda: self.geojson_url(request, directory())
        )
        context["map_places"] = [
            {"name": self.title, "address": self.address_line, "url": ""}
        ]
        # The owner's edit link is a per-visitor part (business.personal_parts):
        # the page itself never looks at the user and is shared by everyone.
        return context


def _minutes(time, closing=False):
    minutes = time.hour * 60 + time.minute
    return 24 * 60 if closing and minutes == 0 else minutes


def opening_hours_overlap(hours):
    """A translated message if two regular periods overlap on a weekday."""
    for day_index in range(7):
        times = sorted(
            (_minutes(period.opens), _minutes(period.closes, closing=True))
            for period in hours.regular
            if period.on(day_index)
        )
        for (_opens, closes), (next_opens, _closes) in zip(
            times, times[1:], strict=False
        ):
            if next_opens < closes:
                return _(
                    "Two opening periods overlap on the same day; "
                    "make one end before the other begins."
                )
    return ""


def entry_listing_queryset(queryset):
    """Prefetch what a listing shows so the query count stays constant."""
    return queryset.select_related("municipality", "logo").prefetch_related(
        Prefetch(
            "logo__renditions",
            queryset=PortalImage.get_rendition_model().objects.filter(
                filter_spec=LOGO_RENDITION
            ),
        ),
        "tags",
    )


LETTERS = list(string.ascii_uppercase)


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    APPROVED = "approved", _("Confirmed")
    REJECTED = "rejected", _("Refused")


class EntryClaim(models.Model):
    """An actor representative asks to manage an existing entry; staff decide."""

    entry = models.ForeignKey(
        BusinessEntryPage,
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="claims",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="business_claims",
    )
    organisation_role = models.CharField(
        _("your role in the organisation"), max_length=120
    )
    message = models.TextField(
        _("message"),
        blank=True,
        max_length=2000,
        help_text=_("How can we check that you represent this organisation?"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ClaimStatus.choices,
        default=ClaimStatus.PENDING,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.TextField(_("note to the applicant"), blank=True)

    class Meta:
        verbose_name = _("claim of a directory entry")
        verbose_name_plural = _("claims of directory entries")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "user"],
                condition=models.Q(status="pending"),
                name="one_pending_claim_per_user_and_entry",
            )
        ]

    def __str__(self):
        return f"{self.entry.title} – {self.user}"


def pending_logo_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"business/logos/{uuid.uuid4().hex}.{extension}"


class PendingLogo(models.Model):
    """A logo an owner uploaded with a change that is not approved yet.

    It lives in the private storage and is served only to the entry's owners
    and staff who may edit it (``business.views.pending_logo``). When a revision
    submitted with it or later is published, it becomes a Wagtail image and the
    entry's logo (``business.logos.publish_pending_logo``); until then the live
    entry keeps its old logo (issue #19).
    """

    entry = models.OneToOneField(
        BusinessEntryPage,
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="pending_logo",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("submitted with"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file = models.FileField(storage=private_storage, upload_to=pending_logo_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("logo waiting for approval")
        verbose_name_plural = _("logos waiting for approval")

    def __str__(self):
        return f"{self.entry.title} – {self.file.name}"


# Regional projects live in their own module; imported here so Django finds them.
from .project_models import (  # noqa: E402
    ItemKind,
    ProjectFollow,
    ProjectIndexPage,
    ProjectItem,
    ProjectPage,
    ProjectResponse,
    ProjectStatus,
)

__all__ = [
    "ActorType",
    "BusinessDirectoryPage",
    "BusinessEntryPage",
    "BusinessEntryTag",
    "BusinessIndexPage",
    "ClaimStatus",
    "EntryClaim",
    "ItemKind",
    "ProjectFollow",
    "ProjectIndexPage",
    "ProjectItem",
    "ProjectPage",
    "ProjectResponse",
    "ProjectStatus",
    "Sector",
]
