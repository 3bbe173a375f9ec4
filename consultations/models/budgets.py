"""Participatory budgets (Bürgerhaushalt): projects with costs, one ballot per
person, results computed by the stated rule.

Two voting rules: *approval* (choose up to N projects) and *knapsack* (choose
projects whose costs fit in the budget). The winners are the projects with
the most votes, taken greedily while they fit in the budget (a project that
does not fit is skipped and the next one tried). Ballots belong to the page
in the default language, like responses.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.models import IdentityLevel
from consultations.choices import Participation
from portal.blocks import BodyStreamBlock
from portal.mixins import PortalPageMixin
from portal.view_registry import call_page_view


class VotingRule(models.TextChoices):
    APPROVAL = "approval", _("Approval: choose up to a number of projects")
    KNAPSACK = "knapsack", _("Budget: choose projects within the total amount")


class BudgetPhase(models.TextChoices):
    ANNOUNCED = "announced", _("Announced")
    VOTING = "voting", _("Voting")
    COUNTING = "counting", _("Counting")
    RESULTS = "results", _("Results published")


class BudgetPage(RoutablePageMixin, PortalPageMixin, Page):
    """A participatory budget: an amount, projects, a vote, the winners."""

    intro = models.TextField(_("summary"), max_length=800)
    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty for a budget of the whole Amt."),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("background"), blank=True)
    total_amount = models.PositiveIntegerField(_("budget in euros"))
    voting_rule = models.CharField(
        _("voting rule"),
        max_length=10,
        choices=VotingRule.choices,
        default=VotingRule.KNAPSACK,
    )
    max_choices = models.PositiveSmallIntegerField(
        _("projects per ballot"),
        default=3,
        help_text=_("For approval voting: how many projects a voter may choose."),
    )
    opens_at = models.DateTimeField(_("voting from"))
    closes_at = models.DateTimeField(_("voting until"))
    results_published_at = models.DateTimeField(
        _("results published at"), null=True, blank=True
    )
    participation = models.CharField(
        _("who may vote"),
        max_length=20,
        choices=Participation.choices,
        default=Participation.RESIDENTS,
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
        help_text=_("For “residents”: the municipalities whose residents may vote."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("municipality"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("total_amount"),
                FieldPanel("voting_rule"),
                FieldPanel("max_choices"),
            ],
            heading=_("Budget and voting rule"),
        ),
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
        verbose_name = _("participatory budget")
        verbose_name_plural = _("participatory budgets")

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
                        "Results can be published only after the vote closed."
                    )
                }
            )

    def phase_at(self, now=None):
        now = now or timezone.now()
        if self.results_published_at and self.results_published_at <= now:
            return BudgetPhase.RESULTS
        if now < self.opens_at:
            return BudgetPhase.ANNOUNCED
        if now <= self.closes_at:
            return BudgetPhase.VOTING
        return BudgetPhase.COUNTING

    @property
    def phase(self):
        return self.phase_at()

    def get_phase_display(self):
        return BudgetPhase(self.phase).label

    def phase_steps(self):
        order = list(BudgetPhase)
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(call_page_view(self, "budget_context", request))
        return context

    def get_sitemap_urls(self, request=None):
        """The page, and its results page once they are published."""
        urls = super().get_sitemap_urls(request)
        if urls and self.canonical.phase == BudgetPhase.RESULTS:
            urls.append(
                {
                    "location": urls[0]["location"] + self.reverse_subpage("results"),
                    "lastmod": urls[0].get("lastmod"),
                }
            )
        return urls

    @path("")
    def main(self, request):
        return self.render(request)

    @path("vote/")
    def vote(self, request):
        return call_page_view(self, "vote", request)

    @path("results/")
    def results(self, request):
        return call_page_view(self, "results", request)

    @path("results/csv/")
    def results_csv(self, request):
        return call_page_view(self, "results_export", request, "csv")

    @path("results/xlsx/")
    def results_xlsx(self, request):
        return call_page_view(self, "results_export", request, "xlsx")


class BudgetProject(index.Indexed, models.Model):
    """A project on the ballot, entered by staff or taken from a proposal.

    The site search finds it as a hit of its own while its budget page is live
    (``consultations.wagtail_hooks``).
    """

    budget = models.ForeignKey(
        BudgetPage,
        on_delete=models.CASCADE,
        related_name="projects",
        verbose_name=_("participatory budget"),
    )
    title = models.CharField(_("title"), max_length=140)
    description = models.TextField(_("description"), max_length=2000)
    cost = models.PositiveIntegerField(_("cost in euros"))
    proposal = models.ForeignKey(
        "consultations.Proposal",
        verbose_name=_("from the proposal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_projects",
    )
    sort_order = models.PositiveSmallIntegerField(_("order on the ballot"), default=0)

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("description"),
        index.FilterField("id"),
        index.FilterField("title"),
    ]

    class Meta:
        verbose_name = _("budget project")
        verbose_name_plural = _("budget projects")
        ordering = ["sort_order", "title"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.proposal_id and self.proposal.assessment not in ("feasible", "planned"):
            raise ValidationError(
                {
                    "proposal": _(
                        "Only proposals assessed as feasible or planned can become "
                        "budget projects."
                    )
                }
            )


class BallotChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper ballot (entered by staff)")


class Ballot(models.Model):
    """One person's ballot; changeable until the vote closes."""

    budget = models.ForeignKey(
        BudgetPage, on_delete=models.CASCADE, related_name="ballots"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_ballots",
    )
    person_hash = models.CharField(max_length=64, null=True, blank=True)
    channel = models.CharField(
        max_length=10, choices=BallotChannel.choices, default=BallotChannel.ONLINE
    )
    projects = models.ManyToManyField(BudgetProject, related_name="ballots")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "user"],
                condition=Q(user__isnull=False),
                name="one_ballot_per_account",
            ),
            models.UniqueConstraint(
                fields=["budget", "person_hash"],
                condition=Q(person_hash__isnull=False),
                name="one_ballot_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.budget_id}:{self.pk}"
