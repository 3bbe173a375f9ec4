"""Citizen proposals: a process page, the proposals citizens make, their supports.

A proposal process runs through four phases: proposals are collected, then
supported (collecting and supporting overlap until ``collecting_until``),
then assessed by the administration, then decided. Who may propose and
support follows the same participation rules as a consultation. Proposals and
supports belong to the page in the default language, like responses.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.models import IdentityLevel
from consultations.choices import ModerationMode, Participation, Topic
from portal.blocks import BodyStreamBlock
from portal.mixins import PortalPageMixin
from portal.view_registry import call_page_view


class ProposalPhase(models.TextChoices):
    ANNOUNCED = "announced", _("Announced")
    COLLECTING = "collecting", _("Collecting proposals")
    SUPPORTING = "supporting", _("Supporting")
    ASSESSMENT = "assessment", _("Assessment")
    DECIDED = "decided", _("Decided")


class ProposalProcessPage(RoutablePageMixin, PortalPageMixin, Page):
    """A call for proposals: citizens propose, others support, staff assess."""

    intro = models.TextField(_("summary"), max_length=800)
    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty when the process concerns the whole Amt."),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("background"), blank=True)
    opens_at = models.DateTimeField(_("proposals from"))
    collecting_until = models.DateTimeField(
        _("proposals until"),
        help_text=_("After this, existing proposals can still be supported."),
    )
    closes_at = models.DateTimeField(_("supporting until"))
    decided_at = models.DateTimeField(
        _("decided on"),
        null=True,
        blank=True,
        help_text=_("Set when every proposal has its assessment."),
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
    support_threshold = models.PositiveIntegerField(
        _("supports needed"),
        default=20,
        help_text=_(
            "A proposal with this many supports goes to the administration for "
            "assessment; the responsible staff are notified."
        ),
    )
    moderation = models.CharField(
        _("moderation"),
        max_length=10,
        choices=ModerationMode.choices,
        default=ModerationMode.PRE,
    )
    contact_email = models.EmailField(
        _("notify on threshold"),
        blank=True,
        help_text=_("The office that assesses proposals which reach the threshold."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("municipality"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("opens_at"),
                FieldPanel("collecting_until"),
                FieldPanel("closes_at"),
                FieldPanel("decided_at"),
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
        MultiFieldPanel(
            [
                FieldPanel("support_threshold"),
                FieldPanel("moderation"),
                FieldPanel("contact_email"),
            ],
            heading=_("Supports and moderation"),
        ),
    ]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("proposal process")
        verbose_name_plural = _("proposal processes")

    def clean(self):
        super().clean()
        order = [self.opens_at, self.collecting_until, self.closes_at]
        if all(order) and not (order[0] < order[1] <= order[2]):
            raise ValidationError(
                {
                    "closes_at": _(
                        "The phases must follow each other: proposals from, "
                        "proposals until, supporting until."
                    )
                }
            )
        if self.decided_at and self.closes_at and self.decided_at < self.closes_at:
            raise ValidationError(
                {"decided_at": _("The decision can only follow the supporting phase.")}
            )

    # --- phases ------------------------------------------------------------------------
    def phase_at(self, now=None):
        now = now or timezone.now()
        if self.decided_at and self.decided_at <= now:
            return ProposalPhase.DECIDED
        if now < self.opens_at:
            return ProposalPhase.ANNOUNCED
        if now <= self.collecting_until:
            return ProposalPhase.COLLECTING
        if now <= self.closes_at:
            return ProposalPhase.SUPPORTING
        return ProposalPhase.ASSESSMENT

    @property
    def phase(self):
        return self.phase_at()

    def get_phase_display(self):
        return ProposalPhase(self.phase).label

    @property
    def may_propose(self):
        return self.live and self.phase == ProposalPhase.COLLECTING

    @property
    def may_support(self):
        return self.live and self.phase in (
            ProposalPhase.COLLECTING,
            ProposalPhase.SUPPORTING,
        )

    def phase_steps(self):
        order = list(ProposalPhase)
        current = order.index(self.phase)
        dates = [
            None,
            self.opens_at,
            self.collecting_until,
            self.closes_at,
            self.decided_at,
        ]
        return [
            {
                "label": phase.label,
                "date": dates[i],
                "done": i < current,
                "current": i == current,
            }
            for i, phase in enumerate(order)
            if phase != ProposalPhase.ANNOUNCED
        ]

    def public_proposals(self):
        """Published proposals with ``support_count``, counted in SQL by a
        subquery per proposal: a join with the supports grouped by every
        proposal column took seconds at 10,000 proposals (bench/participation.py)."""
        supports = (
            ProposalSupport.objects.filter(proposal=OuterRef("pk"))
            .order_by()
            .values("proposal")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            Proposal.objects.filter(
                process=self.canonical, status=ProposalStatus.PUBLISHED
            )
            .annotate(support_count=Coalesce(Subquery(supports), 0))
            .select_related("image")
        )

    def get_sitemap_urls(self, request=None):
        """The page and each published proposal."""
        urls = super().get_sitemap_urls(request)
        if not urls:
            return urls
        base = urls[0]["location"]
        items = Proposal.objects.filter(
            process=self.canonical, status=ProposalStatus.PUBLISHED
        ).values_list("pk", "updated_at")
        return urls + [
            {"location": f"{base}{pk}/", "lastmod": updated} for pk, updated in items
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(call_page_view(self, "process_context", request))
        return context

    # --- sub-pages (views in consultations.proposal_views) ------------------------------
    @path("")
    def main(self, request):
        return self.render(request)

    @path("feed/")
    def feed(self, request):
        return call_page_view(self, "feed", request)

    @path("new/")
    def new_proposal(self, request):
        return call_page_view(self, "submit", request)

    @path("<int:proposal_id>/")
    def proposal(self, request, proposal_id):
        return call_page_view(self, "detail", request, proposal_id)

    @path("<int:proposal_id>/edit/")
    def edit_proposal(self, request, proposal_id):
        return call_page_view(self, "submit", request, proposal_id)

    @path("<int:proposal_id>/support/")
    def support(self, request, proposal_id):
        return call_page_view(self, "support", request, proposal_id)

    @path("<int:proposal_id>/withdraw/")
    def withdraw(self, request, proposal_id):
        return call_page_view(self, "withdraw", request, proposal_id)


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not published (moderation)")
    WITHDRAWN = "withdrawn", _("Withdrawn by the author")
    MERGED = "merged", _("Merged into another proposal")


class Assessment(models.TextChoices):
    FEASIBLE = "feasible", _("Feasible")
    NOT_FEASIBLE = "not_feasible", _("Not feasible")
    PLANNED = "planned", _("Already planned")
    COUNCIL = "council", _("In the council's remit")


class Proposal(index.Indexed, models.Model):
    """What one citizen proposes. Public text only; the author is never shown.

    The site search finds each published proposal as a hit of its own
    (``consultations.wagtail_hooks``); only published proposals are indexed.
    """

    process = models.ForeignKey(
        ProposalProcessPage,
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("proposal process"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=140)
    text = models.TextField(_("proposal"), max_length=4000)
    topic = models.CharField(
        _("topic"), max_length=20, choices=Topic.choices, default=Topic.OTHER
    )
    place = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("Optional: a street, square or building the proposal is about."),
    )
    estimated_cost = models.PositiveIntegerField(
        _("estimated cost in euros"), null=True, blank=True
    )
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Uploaded by the proposer; public only with the published proposal."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PENDING,
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
    )
    threshold_reached_at = models.DateTimeField(
        _("threshold reached at"), null=True, blank=True
    )
    assessment = models.CharField(
        _("assessment"), max_length=20, choices=Assessment.choices, blank=True
    )
    assessment_text = models.TextField(
        _("reasoned answer"),
        blank=True,
        help_text=_("Public: why the administration assesses the proposal this way."),
    )
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    council_paper = models.ForeignKey(
        "council.Paper",
        verbose_name=_("council paper"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("When the proposal became an official motion (Einwohnerantrag)."),
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("text"),
        index.FilterField("id"),
        index.FilterField("title"),
        index.FilterField("status"),
        index.FilterField("created_at"),
    ]

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["process", "status", "created_at"])]

    def __str__(self):
        return self.title

    @property
    def is_public(self):
        return self.status == ProposalStatus.PUBLISHED

    @classmethod
    def get_indexed_objects(cls):
        """Only published proposals enter the search index: a pending, rejected,
        merged or withdrawn one leaves it (``consultations.signals``)."""
        return super().get_indexed_objects().filter(status=ProposalStatus.PUBLISHED)


class ProposalSupport(models.Model):
    """One support: one per account and one per verified person, race-safe
    through the unique constraints (as with responses)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal_supports",
    )
    person_hash = models.CharField(max_length=64, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"],
                condition=Q(user__isnull=False),
                name="one_support_per_account",
            ),
            models.UniqueConstraint(
                fields=["proposal", "person_hash"],
                condition=Q(person_hash__isnull=False),
                name="one_support_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.proposal_id}:{self.pk}"
