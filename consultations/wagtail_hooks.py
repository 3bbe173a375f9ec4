"""Admin shape of the consultations app, and its places on the home page and in
the account area."""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.sections import AccountSection
from portal.admin_menu import menu_item_for
from portal.home_sections import HomeSection

from . import admin_views, discovery, export
from .forms import ProposalAdminForm, StatementAdminForm
from .models import (
    BudgetProject,
    Channel,
    ConsultationIndexPage,
    ConsultationPage,
    Phase,
    Proposal,
    Statement,
    TrackedItem,
    phase_filter,
)


class StatementViewSet(ModelViewSet):
    """Evaluation (tags, group, reply) and statements received on paper."""

    model = Statement
    icon = "comment"
    menu_label = _("Statements")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["__str__", "consultation", "channel", "status", "reply_outcome"]
    list_filter = ["consultation", "channel", "status", "reply_outcome", "group"]
    search_fields = ["text", "group", "reply_text"]
    ordering = ["-created_at"]
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("consultation"),
                    FieldPanel("channel"),
                    FieldPanel("author_name"),
                    FieldPanel("author_contact"),
                    FieldPanel("text"),
                    FieldPanel("is_public"),
                ],
                heading=_("Statement"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("tags"),
                    FieldPanel("group"),
                    FieldPanel("reply_outcome"),
                    FieldPanel("reply_text"),
                ],
                heading=_("Evaluation and reply"),
            ),
        ],
        base_form_class=StatementAdminForm,
    )


statement_viewset = StatementViewSet("statements")


@hooks.register("register_admin_viewset")
def register_statement_viewset():
    return statement_viewset


class ProposalViewSet(ModelViewSet):
    """Moderation, merging and the public, reasoned assessment of proposals.
    Citizens write proposals on the site; staff never add them here."""

    model = Proposal
    icon = "help"
    menu_label = _("Proposals")
    menu_order = 320
    add_to_admin_menu = True
    list_display = [
        "title",
        "process",
        "status",
        "threshold_reached_at",
        "assessment",
        "created_at",
    ]
    list_filter = ["process", "status", "assessment", "topic"]
    search_fields = ["title", "text", "assessment_text"]
    # staff search every proposal (the search index holds only published ones)
    search_backend_name = None
    ordering = ["-threshold_reached_at", "-created_at"]
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("title"),
                    FieldPanel("text"),
                    FieldPanel("topic"),
                    FieldPanel("place"),
                    FieldPanel("estimated_cost"),
                    FieldPanel("image"),
                ],
                heading=_(
                    "Proposal (public text: remove personal data before publishing)"
                ),
            ),
            MultiFieldPanel(
                [FieldPanel("status"), FieldPanel("merged_into")],
                heading=_("Moderation"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("assessment"),
                    FieldPanel("assessment_text"),
                    FieldPanel("council_paper"),
                ],
                heading=_("Assessment"),
            ),
        ],
        base_form_class=ProposalAdminForm,
    )


proposal_viewset = ProposalViewSet("proposals")


class BudgetProjectViewSet(ModelViewSet):
    """The projects on a participatory budget's ballot, with their costs."""

    model = BudgetProject
    icon = "tasks"
    menu_label = _("Budget projects")
    menu_order = 330
    add_to_admin_menu = True
    list_display = ["title", "budget", "cost", "proposal"]
    list_filter = ["budget"]
    search_fields = ["title", "description"]
    search_backend_name = None
    ordering = ["budget", "sort_order", "title"]
    copy_view_enabled = False
    form_fields = ["budget", "title", "description", "cost", "proposal", "sort_order"]


budget_project_viewset = BudgetProjectViewSet("budget_projects")


@hooks.register("register_admin_viewset")
def register_budget_project_viewset():
    return budget_project_viewset


class TrackedItemViewSet(ModelViewSet):
    """What became of participation: status, department and milestones of
    adopted proposals, winning budget projects and consultation outcomes."""

    model = TrackedItem
    icon = "list-ul"
    menu_label = _("Implementation")
    menu_order = 340
    add_to_admin_menu = True
    list_display = ["title", "status", "progress", "municipality", "is_public"]
    list_filter = ["status", "is_public", "municipality", "department"]
    search_fields = ["title", "summary"]
    ordering = ["-updated_at"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("title"),
                    FieldPanel("summary"),
                    FieldPanel("municipality"),
                    FieldPanel("department"),
                    FieldPanel("cost"),
                    FieldPanel("is_public"),
                ],
                heading=_("Item (public)"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("proposal"),
                    FieldPanel("budget_project"),
                    FieldPanel("consultation"),
                ],
                heading=_("Came from (choose one)"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("status"),
                    FieldPanel("progress"),
                    FieldPanel("status_reason"),
                ],
                heading=_("Status"),
            ),
            InlinePanel("milestones", heading=_("Milestones"), label=_("Milestone")),
        ]
    )


tracked_item_viewset = TrackedItemViewSet("tracked_items")


@hooks.register("register_admin_viewset")
def register_tracked_item_viewset():
    return tracked_item_viewset


@hooks.register("register_admin_viewset")
def register_proposal_viewset():
    return proposal_viewset


class ConsultationAdminViewSet(ViewSet):
    """Overview, moderation, exports and attachments of consultations (the
    views check their own permissions; the menu item shows where one applies)."""

    name = "consultations_admin"
    url_prefix = "consultations"
    icon = "form"
    menu_label = _("Consultations")
    menu_name = "consultations"
    menu_order = 300
    add_to_admin_menu = True
    menu_item_class = menu_item_for(
        export.EXPORT_PERMISSION, admin_views.MODERATE_PERMISSION
    )

    def get_urlpatterns(self):
        return [
            path("", admin_views.overview, name="overview"),
            path("moderation/", admin_views.moderation, name="moderation"),
            path("<int:pk>/export.csv", admin_views.export_csv, name="export_csv"),
            path("<int:pk>/export.xlsx", admin_views.export_xlsx, name="export_xlsx"),
            path("<int:pk>/codebook.csv", admin_views.export_codebook, name="codebook"),
            path("<int:pk>/attachments/", admin_views.attachments, name="attachments"),
            path("attachments/<int:pk>/", admin_views.attachment, name="attachment"),
        ]


class PaperBallotViewSet(ViewSet):
    """Entering the paper ballots of a participatory budget."""

    name = "paper_ballots"
    url_prefix = "consultations/paper-ballots"
    icon = "doc-full"
    menu_label = _("Paper ballots")
    menu_name = "paper-ballots"
    menu_order = 335
    add_to_admin_menu = True
    menu_item_class = menu_item_for(admin_views.PAPER_BALLOT_PERMISSION)

    def get_urlpatterns(self):
        return [path("", admin_views.paper_ballot, name="index")]


@hooks.register("register_admin_viewset")
def register_consultation_admin_viewsets():
    return [ConsultationAdminViewSet(), PaperBallotViewSet()]


@hooks.register("portal_home_sections")
def open_consultations_section(request, home_page):
    """Up to three open consultations on the home page."""
    locale = home_page.locale
    consultations = list(
        phase_filter(
            ConsultationPage.objects.live().public().filter(locale=locale),
            Phase.OPEN,
        )
        .select_related("municipality")
        .order_by("closes_at")[:3]
    )
    if not consultations:
        return None
    index = ConsultationIndexPage.objects.live().filter(locale=locale).first()
    return HomeSection(
        title=_("Have your say"),
        template="consultations/includes/home_consultations.html",
        context={"consultations": consultations, "now": timezone.now()},
        order=30,
        more_url=index.get_url(request) if index else "",
        more_label=_("All consultations"),
    )


@hooks.register("portal_account_sections")
def my_responses_section(request):
    return AccountSection(
        title=_("My responses"),
        url=reverse("consultations:my_responses"),
        description=_("Your answers to consultations, receipts and replies."),
        order=200,
    )


@hooks.register("portal_user_data")
def consultation_data(user):
    responses = [
        {
            "consultation": response.consultation.title,
            "receipt": response.receipt,
            "submitted_at": response.created_at.isoformat(),
            "answers": response.answers,
        }
        for response in user.consultation_responses.select_related("consultation")
    ]
    statements = [
        statement.as_export()
        for statement in user.consultation_statements.select_related(
            "consultation"
        ).exclude(channel=Channel.QUESTIONNAIRE)
    ]
    proposals = [
        {
            "process": proposal.process.title,
            "title": proposal.title,
            "text": proposal.text,
            "status": proposal.status,
            "submitted_at": proposal.created_at.isoformat(),
        }
        for proposal in user.proposals.select_related("process")
    ]
    supports = [
        {"proposal": support.proposal.title, "at": support.created_at.isoformat()}
        for support in user.proposal_supports.select_related("proposal")
    ]
    followed = [
        {"item": follow.item.title, "since": follow.created_at.isoformat()}
        for follow in user.followed_tracked_items.select_related("item")
    ]
    return "consultations", {
        "followed_items": followed,
        "responses": responses,
        "comments": statements,
        "proposals": proposals,
        "supports": supports,
    }


@hooks.register("portal_search_objects")
def searchable_objects():
    """Published proposals and budget projects in the site search."""
    return discovery.searchable_objects()
