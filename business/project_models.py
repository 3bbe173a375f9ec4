"""Regional projects: goal, status, partners, milestones, updates and the
"needs and offers" that actors and citizens answer ("I can help")."""

import functools

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.blocks import BodyStreamBlock
from portal.mixins import PortalPageMixin
from portal.models import Municipality


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLANNING = "planning", _("Planning")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")


class MilestoneBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("Date"))
    title = blocks.CharBlock(label=_("Milestone"), max_length=160)
    done = blocks.BooleanBlock(label=_("Reached"), required=False)

    class Meta:
        icon = "flag"
        label = _("Milestone")


class UpdateBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("Date"))
    text = blocks.TextBlock(label=_("What happened"), max_length=2000)

    class Meta:
        icon = "edit"
        label = _("Update")


class ProjectIndexPage(PortalPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    parent_page_types = ["business.BusinessIndexPage"]
    subpage_types = ["business.ProjectPage"]
    max_count_per_parent = 1
    schema_type = "CollectionPage"

    class Meta:
        verbose_name = _("regional projects")

    def projects(self, status=""):
        """The first 100 live public projects below this page by title, of
        ``status`` if it is one."""
        projects = (
            ProjectPage.objects.live()
            .public()
            .child_of(self)
            .select_related("municipality")
            .order_by("title")
        )
        if status in ProjectStatus.values:
            projects = projects.filter(status=status)
        return projects[:100]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        status = request.GET.get("status", "")
        context.update(
            {
                # computed only when the cached list (``{% page_fragment %}``
                # per content version and status) is rendered
                "projects": functools.cache(lambda: self.projects(status)),
                "status": status if status in ProjectStatus.values else "",
                "statuses": ProjectStatus.choices,
            }
        )
        return context


class ProjectPage(PortalPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    goal = models.TextField(_("goal"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProjectStatus.choices,
        default=ProjectStatus.IDEA,
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    partners = ParentalManyToManyField(
        "business.BusinessEntryPage",
        verbose_name=_("partners"),
        blank=True,
        related_name="projects",
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        help_text=_("Receives the answers to needs and offers. Not shown publicly."),
    )
    milestones = StreamField(
        [("milestone", MilestoneBlock())], verbose_name=_("milestones"), blank=True
    )
    updates = StreamField(
        [("update", UpdateBlock())], verbose_name=_("updates"), blank=True
    )
    body = StreamField(
        BodyStreamBlock(),
        verbose_name=_("description and documents"),
        blank=True,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("goal"),
                FieldPanel("status"),
                FieldPanel("municipality"),
                FieldPanel("contact_email"),
            ],
            heading=_("Project"),
        ),
        FieldPanel("partners"),
        InlinePanel("items", heading=_("Needs and offers"), label=_("Item")),
        FieldPanel("milestones"),
        FieldPanel("updates"),
        FieldPanel("body"),
    ]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("goal"),
        index.FilterField("status"),
    ]
    parent_page_types = ["business.ProjectIndexPage"]
    subpage_types = []
    schema_type = "Project"
    cache_json_ld = True  # content only (portal.fragments.page_value)

    class Meta:
        verbose_name = _("regional project")
        verbose_name_plural = _("regional projects")

    def get_json_ld(self, request):
        data = super().get_json_ld(request)
        data["@type"] = "Project"
        if self.municipality_id:
            data["areaServed"] = {
                "@type": "AdministrativeArea",
                "name": self.municipality.name,
            }
        return data

    def is_followed_by(self, user):
        """Whether ``user`` follows this project (in any language)."""
        return ProjectFollow.objects.filter(
            user=user, project__translation_key=self.translation_key
        ).exists()

    def get_context(self, request, *args, **kwargs):

        context = super().get_context(request, *args, **kwargs)
        items = list(self.items.all())  # one query for both lists
        context["needs"] = [item for item in items if item.kind == "need"]
        context["offers"] = [item for item in items if item.kind == "offer"]
        # in a cached fragment with the milestones and updates: looked up on a miss
        context["partner_pages"] = functools.cache(
            lambda: list(self.partners.live().order_by("title"))
        )
        # Following and answering are per-visitor parts (business.personal_parts).
        return context


class ItemKind(models.TextChoices):
    NEED = "need", _("Need")
    OFFER = "offer", _("Offer")


class ProjectItem(Orderable):
    """Something the project needs (volunteers, space, tools) or offers."""

    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(
        _("kind"), max_length=5, choices=ItemKind.choices, default=ItemKind.NEED
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    open = models.BooleanField(_("still open"), default=True)

    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("open"),
    ]

    def __str__(self):
        return self.title


class ProjectResponse(models.Model):
    """An "I can help" (or "I am interested") message for the project contact."""

    item = models.ForeignKey(
        ProjectItem,
        verbose_name=_("need or offer"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="project_responses",
    )
    message = models.TextField(_("message"), max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer to a need or offer")
        verbose_name_plural = _("answers to needs and offers")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.item} – {self.user}"

    @admin.display(description=_("project"), ordering="item__project__title")
    def project_title(self):
        return self.item.project.title


class ProjectFollow(models.Model):
    project = models.ForeignKey(
        ProjectPage, on_delete=models.CASCADE, related_name="followers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="followed_projects",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user"], name="unique_project_follow"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.project}"
