"""The home page, content pages and the accessibility statement."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from portal.home_sections import render_home_sections
from portal.mixins import PortalPageMixin


class SectionTeaserBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Page"))
    title = blocks.CharBlock(
        label=_("Title"),
        required=False,
        help_text=_("Leave empty to use the page title."),
    )
    text = blocks.TextBlock(label=_("Text"), required=False)
    icon = blocks.ChoiceBlock(
        label=_("Icon"),
        choices=[
            ("tourism", _("Tourism")),
            ("business", _("Business")),
            ("participation", _("Participation")),
            ("data", _("Open data")),
            ("services", _("Services")),
            ("news", _("News")),
            ("town-hall", _("Town hall")),
        ],
        default="town-hall",
    )

    class Meta:
        icon = "doc-empty-inverse"
        label = _("Section teaser")


class HomePage(PortalPageMixin, Page):
    """The portal's front page.

    Feature apps put their sections (latest news, next events, open
    consultations) on it through the ``portal_home_sections`` hook. It accepts
    as children every page type whose ``parent_page_types`` names it, so that a
    new app never edits this class.
    """

    hero_title = models.CharField(_("hero title"), max_length=120, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True, max_length=400)
    hero_image = models.ForeignKey(
        "portal.PortalImage",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    teasers = StreamField(
        [("section", SectionTeaserBlock())],
        verbose_name=_("section teasers"),
        blank=True,
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("teasers"),
        FieldPanel("body"),
    ]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    search_fields = [*Page.search_fields, index.SearchField("hero_text")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1
    schema_type = "WebSite"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["home_sections"] = render_home_sections(request, self)
        # Hero and section teasers are rendered once per content version,
        # language and host (portal.fragments: no teaser page, image or
        # rendition look-up on a fresh render); a preview shows the draft.
        context["intro_pages"] = [] if getattr(request, "is_preview", False) else [self]
        return context


class StandardPage(PortalPageMixin, Page):
    """A content page: information, legal pages, about the association."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("content page")


class ComplianceStatus(models.TextChoices):
    FULL = "full", _("fully compliant")
    PARTIAL = "partial", _("partially compliant")
    NONE = "none", _("not compliant")


class KnownBarrierBlock(blocks.StructBlock):
    barrier = blocks.CharBlock(label=_("Barrier"), max_length=300)
    reason = blocks.TextBlock(label=_("Reason"))
    alternative = blocks.TextBlock(label=_("Accessible alternative"), required=False)

    class Meta:
        icon = "warning"
        label = _("Known barrier")


class AccessibilityStatementPage(PortalPageMixin, Page):
    """The accessibility statement required by BITV 2.0 / EU directive 2016/2102."""

    status = models.CharField(
        _("compliance status"),
        max_length=10,
        choices=ComplianceStatus.choices,
        default=ComplianceStatus.PARTIAL,
    )
    status_text = RichTextField(
        _("explanation of the status"), blank=True, features=RICH_TEXT_FEATURES
    )
    known_barriers = StreamField(
        [("barrier", KnownBarrierBlock())], verbose_name=_("known barriers"), blank=True
    )
    assessment_date = models.DateField(_("date of assessment"), null=True, blank=True)
    assessment_method = models.TextField(
        _("method of assessment"),
        blank=True,
        help_text=_("E.g. self-assessment with automated checks and manual tests."),
    )
    statement_date = models.DateField(_("statement prepared on"), null=True, blank=True)
    feedback_email = models.EmailField(_("feedback e-mail"), blank=True)
    feedback_phone = models.CharField(_("feedback phone"), max_length=40, blank=True)
    feedback_text = RichTextField(
        _("feedback route"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("How to report barriers; we answer within one month."),
    )
    enforcement_body = models.CharField(
        _("enforcement body"), max_length=250, blank=True
    )
    enforcement_address = models.TextField(
        _("address of the enforcement body"), blank=True
    )
    enforcement_url = models.URLField(_("website of the enforcement body"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("status_text")], heading=_("Status")
        ),
        FieldPanel("known_barriers"),
        MultiFieldPanel(
            [
                FieldPanel("assessment_date"),
                FieldPanel("assessment_method"),
                FieldPanel("statement_date"),
            ],
            heading=_("Assessment"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("feedback_email"),
                FieldPanel("feedback_phone"),
                FieldPanel("feedback_text"),
            ],
            heading=_("Feedback"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("enforcement_body"),
                FieldPanel("enforcement_address"),
                FieldPanel("enforcement_url"),
            ],
            heading=_("Enforcement procedure"),
        ),
    ]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    search_fields = [*Page.search_fields, index.SearchField("status_text")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("accessibility statement")
