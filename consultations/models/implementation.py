"""Result tracking: what became of participation.

A *tracked item* is something that came out of participation — an adopted
proposal, a winning budget project, the outcome of a consultation — with its
status, the responsible department and dated milestones. Staff keep them in
the admin; the public implementation page (``ImplementationPage``) lists the
public ones with their timelines and an Atom feed of milestones. Accounts can
follow an item and get an e-mail for each new milestone.

Like proposals and assessments, items are written once (in German) and shown
in both language trees; only the page around them is translated.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from portal.mixins import PortalPageMixin
from portal.view_registry import call_page_view


class ImplementationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    REJECTED = "rejected", _("Not implemented")


class TrackedItem(index.Indexed, ClusterableModel):
    """One result of participation and how far its implementation got."""

    title = models.CharField(_("title"), max_length=140)
    summary = models.TextField(
        _("summary"),
        max_length=2000,
        help_text=_("Public: what is being done, in plain words."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.PLANNED,
    )
    status_reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("Public. Required when the item is not implemented."),
    )
    progress = models.PositiveSmallIntegerField(
        _("progress in per cent"),
        default=0,
        validators=[MaxValueValidator(100)],
    )
    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty when the item concerns the whole Amt."),
    )
    department = models.ForeignKey(
        "auth.Group",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Public: the office that implements it."),
    )
    cost = models.PositiveIntegerField(_("cost in euros"), null=True, blank=True)
    proposal = models.ForeignKey(
        "consultations.Proposal",
        verbose_name=_("from the proposal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tracked_items",
    )
    budget_project = models.ForeignKey(
        "consultations.BudgetProject",
        verbose_name=_("from the budget project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tracked_items",
    )
    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("from the consultation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tracked_items",
    )
    # the process page (German) the item came from: set on save, used as filter
    process = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Shown on the implementation page and in its feed."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("summary"),
        index.FilterField("is_public"),
    ]

    class Meta:
        verbose_name = _("tracked item")
        verbose_name_plural = _("tracked items")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["is_public", "status"])]

    def __str__(self):
        return self.title

    @property
    def source(self):
        return self.proposal or self.budget_project or self.consultation

    def clean(self):
        super().clean()
        sources = [self.proposal_id, self.budget_project_id, self.consultation_id]
        if sum(1 for s in sources if s) != 1:
            raise ValidationError(
                _(
                    "Choose where the item came from: one proposal, one budget "
                    "project or one consultation."
                )
            )
        if self.proposal_id and not self.proposal.is_public:
            raise ValidationError(
                {"proposal": _("Only a published proposal can be tracked.")}
            )
        if self.status == ImplementationStatus.REJECTED and not self.status_reason:
            raise ValidationError(
                {"status_reason": _("Give the reason why it is not implemented.")}
            )

    def save(self, *args, **kwargs):
        if self.consultation_id:
            # outcomes belong to the page in the default language
            self.consultation = self.consultation.canonical
            self.process_id = self.consultation.pk
        elif self.budget_project_id:
            self.process_id = self.budget_project.budget_id
        elif self.proposal_id:
            self.process_id = self.proposal.process_id
        else:
            self.process_id = None
        super().save(*args, **kwargs)


class Milestone(models.Model):
    """A dated step of a tracked item (public once the item is)."""

    item = ParentalKey(TrackedItem, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=140)
    text = models.TextField(_("text"), max_length=4000, blank=True)
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # followers were told of it (or there was nobody to tell): sent once
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("date"),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("image"),
    ]

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class TrackedItemFollower(models.Model):
    """An account that asked for an e-mail on each new milestone of an item."""

    item = models.ForeignKey(
        TrackedItem, on_delete=models.CASCADE, related_name="followers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="followed_tracked_items",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "user"], name="one_follow_per_account"
            )
        ]

    def __str__(self):
        return f"{self.item_id}:{self.user_id}"


class ImplementationPage(RoutablePageMixin, PortalPageMixin, Page):
    """“What became of your participation”: every public tracked item."""

    intro = models.TextField(_("introduction"), blank=True, max_length=800)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types = []
    max_count_per_parent = 1
    schema_type = "CollectionPage"

    class Meta:
        verbose_name = _("implementation page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(call_page_view(self, "listing_context", request))
        return context

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        if not urls:
            return urls
        base = urls[0]["location"]
        items = TrackedItem.objects.filter(is_public=True).values_list(
            "pk", "updated_at"
        )
        return urls + [
            {"location": f"{base}{pk}/", "lastmod": updated} for pk, updated in items
        ]

    @path("")
    def main(self, request):
        return self.render(request)

    @path("<int:item_id>/")
    def item(self, request, item_id):
        return call_page_view(self, "detail", request, item_id)

    @path("<int:item_id>/follow/")
    def follow(self, request, item_id):
        return call_page_view(self, "follow", request, item_id)

    @path("feed/")
    def feed(self, request):
        return call_page_view(self, "feed", request)
