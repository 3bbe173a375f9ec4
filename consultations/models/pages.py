"""The consultations section and the consultation page."""

import re

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.models import IdentityLevel
from consultations.blocks import DocumentSectionBlock, QuestionStreamBlock
from consultations.choices import ModerationMode, Participation, Phase, Topic
from portal.blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from portal.fragments import Deferred
from portal.mixins import PortalPageMixin
from portal.models import Municipality
from portal.restrictions import private_q
from portal.shell import versioned_key
from portal.view_registry import call_page_view

from .budgets import BudgetPage
from .implementation import ImplementationPage
from .proposals import ProposalProcessPage

SLUG = re.compile(r"[-\w]{1,80}")


LISTING_FILTERS = {
    "open": Phase.OPEN,
    "upcoming": Phase.ANNOUNCED,
    "closed": Phase.EVALUATION,
    "results": Phase.RESULTS,
}


def consultation_phase(opens_at, closes_at, results_published_at, now):
    """The phase of a consultation with these dates at ``now`` (``phase_at``;
    the listing computes its cards' phases from cached dates with it)."""
    if results_published_at and results_published_at <= now:
        return Phase.RESULTS
    if now < opens_at:
        return Phase.ANNOUNCED
    if now <= closes_at:
        return Phase.OPEN
    return Phase.EVALUATION


def phase_filter(queryset, phase, now=None):
    """Consultations of one phase, in SQL (the listing's filter)."""
    now = now or timezone.now()
    published = models.Q(results_published_at__isnull=False) & models.Q(
        results_published_at__lte=now
    )
    if phase == Phase.RESULTS:
        return queryset.filter(published)
    queryset = queryset.exclude(published)
    if phase == Phase.ANNOUNCED:
        return queryset.filter(opens_at__gt=now)
    if phase == Phase.OPEN:
        return queryset.filter(opens_at__lte=now, closes_at__gte=now)
    return queryset.filter(closes_at__lt=now)


class ConsultationIndexPage(PortalPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "consultations.ConsultationPage",
        "consultations.ProposalProcessPage",
        "consultations.BudgetPage",
        "consultations.ImplementationPage",
    ]
    max_count_per_parent = 1
    schema_type = "CollectionPage"

    class Meta:
        verbose_name = _("consultations section")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # the view restrictions, read once per content version, for the four
        # listings below (each ``.public()`` would read them again)
        private = private_q()
        # "now" to the minute: the phase filters' SQL, and so the cached count,
        # stay the same for a minute
        now = timezone.now().replace(second=0, microsecond=0)
        subsections = self.subsections(private)
        # the filter form and the page (consultations/views.py)
        context.update(
            call_page_view(
                self,
                "listing_context",
                request,
                items=ConsultationPage.objects.live().exclude(private).child_of(self),
                municipalities=subsections["municipalities"],
                now=now,
                phase_dates=subsections["phase_dates"],
            )
        )
        context.update(
            {
                "statuses": [
                    ("open", _("Open")),
                    ("upcoming", _("Upcoming")),
                    ("closed", _("Closed, in evaluation")),
                    ("results", _("Results")),
                ],
                "now": timezone.now(),
                # their cards cached per phase, like the consultations'
                "proposal_processes": Deferred(
                    Page,
                    [item.pk for item in subsections["proposal_processes"]],
                    lambda pks: {
                        item.pk: item
                        for item in subsections["proposal_processes"]
                        if item.pk in pks
                    },
                    variants={
                        item.pk: str(item.phase)
                        for item in subsections["proposal_processes"]
                    },
                ),
                "implementation_page": subsections["implementation_page"],
            }
        )
        return context

    def subsections(self, private):
        """Municipalities of the filter, the proposal processes and budgets and
        the implementation page below this page, kept in the cache until
        content changes (publishing or moving a page bumps the version)."""
        key = versioned_key("consultations-subsections", self.pk)
        found = cache.get(key)
        if found is None:
            found = {
                "municipalities": list(Municipality.objects.filter(locale=self.locale)),
                # with the municipality their cards show (one query per card
                # on every render otherwise)
                "proposal_processes": [
                    *ProposalProcessPage.objects.live()
                    .exclude(private)
                    .child_of(self)
                    .select_related("municipality")
                    .order_by("-opens_at"),
                    *BudgetPage.objects.live()
                    .exclude(private)
                    .child_of(self)
                    .select_related("municipality")
                    .order_by("-opens_at"),
                ],
                "implementation_page": ImplementationPage.objects.live()
                .exclude(private)
                .child_of(self)
                .first(),
                # the dates of every consultation below, for the phases of the
                # listing's cards (the cards are cached per phase)
                "phase_dates": {
                    pk: dates
                    for pk, *dates in ConsultationPage.objects.live()
                    .child_of(self)
                    .values_list("pk", "opens_at", "closes_at", "results_published_at")
                },
            }
            cache.set(key, found, 60 * 60)
        return found


class ConsultationPage(RoutablePageMixin, PortalPageMixin, Page):
    """One consultation: background, phases, who may take part, the questionnaire.

    Responses and statements always belong to the page in the default language,
    so that the German and the English version count together.
    """

    intro = models.TextField(_("summary"), max_length=800)
    topic = models.CharField(
        _("topic"), max_length=20, choices=Topic.choices, default=Topic.OTHER
    )
    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty when the consultation concerns the whole Amt."),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("background"), blank=True)
    documents = StreamField(
        [("document", DocumentChooserBlock(label=_("Document")))],
        verbose_name=_("background documents"),
        blank=True,
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    results_published_at = models.DateTimeField(
        _("results published at"),
        null=True,
        blank=True,
        help_text=_(
            "Set when the evaluation is finished; from then on the results page is "
            "public and participants are notified."
        ),
    )
    participation = models.CharField(
        _("who may take part"),
        max_length=20,
        choices=Participation.choices,
        default=Participation.ACCOUNT,
    )
    min_identity_level = models.PositiveSmallIntegerField(
        _("minimum identity level"),
        choices=IdentityLevel.choices,
        default=IdentityLevel.SUBSTANTIAL,
        help_text=_("For “verified identity” and “residents”."),
    )
    resident_municipalities = ParentalManyToManyField(
        "portal.Municipality",
        verbose_name=_("residents of"),
        blank=True,
        related_name="+",
        help_text=_(
            "For “residents”: the municipalities whose residents may take part."
        ),
    )
    questions = StreamField(
        QuestionStreamBlock(), verbose_name=_("questionnaire"), blank=True
    )
    sections = StreamField(
        [("section", DocumentSectionBlock())],
        verbose_name=_("draft, section by section"),
        blank=True,
        help_text=_("Optional: people can comment on each section."),
    )
    allow_comments = models.BooleanField(_("public comments"), default=False)
    moderation = models.CharField(
        _("moderation"),
        max_length=10,
        choices=ModerationMode.choices,
        default=ModerationMode.PRE,
    )
    council_interim_results = models.BooleanField(
        _("council members see interim results"),
        default=False,
        help_text=_(
            "Confirmed council members of the consultation's municipality may see "
            "the figures while it is open or in evaluation."
        ),
    )
    retention_days = models.PositiveIntegerField(
        _("retention period in days"),
        default=365,
        help_text=_(
            "Days after the end after which personal data of respondents is "
            "pseudonymised."
        ),
    )
    results_summary = RichTextField(
        _("summary of the results"), blank=True, features=RICH_TEXT_FEATURES
    )
    decision_document = models.ForeignKey(
        "portal.PortalDocument",
        verbose_name=_("decision document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("topic"), FieldPanel("municipality")], heading=_("Topic")
        ),
        FieldPanel("body"),
        FieldPanel("documents"),
        MultiFieldPanel(
            [
                FieldPanel("opens_at"),
                FieldPanel("closes_at"),
                FieldPanel("results_published_at"),
            ],
            heading=_("Phases"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("participation"),
                FieldPanel("min_identity_level"),
                FieldPanel("resident_municipalities"),
            ],
            heading=_("Participation"),
        ),
        FieldPanel("questions"),
        FieldPanel("sections"),
        MultiFieldPanel(
            [FieldPanel("allow_comments"), FieldPanel("moderation")],
            heading=_("Comments"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("results_summary"),
                FieldPanel("decision_document"),
                FieldPanel("council_interim_results"),
                FieldPanel("retention_days"),
            ],
            heading=_("Results and privacy"),
        ),
    ]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("topic"),
    ]
    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types = []
    # The page shows personal state (your response, the forms) only on its
    # sub-pages; the main page is the same for every visitor and may be cached.

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The end must be after the start.")})
        if (
            self.results_published_at
            and self.closes_at
            and self.results_published_at < self.closes_at
        ):
            raise ValidationError(
                {
                    "results_published_at": _(
                        "Results can be published only after the consultation closed."
                    )
                }
            )

    # --- phases ------------------------------------------------------------------------
    def phase_at(self, now=None):
        return consultation_phase(
            self.opens_at,
            self.closes_at,
            self.results_published_at,
            now or timezone.now(),
        )

    @property
    def phase(self):
        return self.phase_at()

    def get_phase_display(self):
        return Phase(self.phase).label

    @property
    def is_open(self):
        return self.phase == Phase.OPEN

    def phase_steps(self):
        """The four phases with their date and whether each is done or current."""
        order = [Phase.ANNOUNCED, Phase.OPEN, Phase.EVALUATION, Phase.RESULTS]
        current = order.index(self.phase)
        dates = [None, self.opens_at, self.closes_at, self.results_published_at]
        return [
            {
                "label": phase.label,
                "date": dates[i],
                "done": i < current,
                "current": i == current,
            }
            for i, phase in enumerate(order)
        ]

    # The German page (``canonical``, from PortalPageMixin) owns the responses
    # and sets the rules: dates, who may take part, comments, moderation.

    # --- structured data --------------------------------------------------------------
    def get_json_ld(self, request):
        data = super().get_json_ld(request)
        data["temporalCoverage"] = (
            f"{self.opens_at.isoformat()}/{self.closes_at.isoformat()}"
        )
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(call_page_view(self, "consultation_context", request))
        return context

    def get_sitemap_urls(self, request=None):
        """The page, and its results page once results are published (the
        phase of the page in the default language counts)."""
        urls = super().get_sitemap_urls(request)
        if urls and self.canonical.phase == Phase.RESULTS:
            urls.append(
                {
                    "location": urls[0]["location"].rstrip("/")
                    + "/"
                    + self.reverse_subpage("results"),
                    "lastmod": urls[0].get("lastmod"),
                }
            )
        return urls

    # --- sub-pages (views in consultations.views) ----------------------------------------
    @path("")
    def main(self, request):
        return self.render(request)

    @path("answer/")
    def answer(self, request):
        return call_page_view(self, "answer", request)

    @path("receipt/<str:receipt>/")
    def receipt(self, request, receipt):
        return call_page_view(self, "receipt", request, receipt)

    @path("receipt/<str:receipt>/pdf/")
    def receipt_pdf(self, request, receipt):
        return call_page_view(self, "receipt_pdf", request, receipt)

    @path("results/")
    def results(self, request):
        return call_page_view(self, "results", request)

    @path("comment/")
    def comment(self, request):
        return call_page_view(self, "comment", request)

    @path("flag/<int:statement_id>/")
    def flag(self, request, statement_id):
        return call_page_view(self, "flag", request, statement_id)
