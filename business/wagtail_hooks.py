"""Admin shape of the business app, its home page section and "Mein Konto"."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic.models import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.permissions import objects_owned_by
from accounts.sections import HOOK_NAME as ACCOUNT_HOOK
from accounts.sections import AccountSection
from portal.home_sections import HOOK_NAME as HOME_HOOK
from portal.home_sections import HomeSection
from portal.page_cache import PERSONAL_PARTS_HOOK

from .forms import DirectorySearchForm
from .models import (
    BusinessDirectoryPage,
    BusinessEntryPage,
    ClaimStatus,
    EntryClaim,
    ProjectFollow,
    ProjectResponse,
)
from .personal_parts import PARTS
from .services import decide_claim, entry_status


class ClaimEditView(EditView):
    """Deciding a claim goes through ``decide_claim`` (grants ownership, e-mails)."""

    def save_instance(self):
        claim = self.form.instance
        initial = self.form.initial.get("status")
        if claim.status != initial and claim.status in (
            ClaimStatus.APPROVED,
            ClaimStatus.REJECTED,
        ):
            return decide_claim(
                claim, claim.status, self.request.user, claim.decision_note
            )
        return super().save_instance()


class EntryClaimViewSet(ModelViewSet):
    model = EntryClaim
    icon = "user"
    menu_label = _("Directory claims")
    add_to_admin_menu = True
    menu_order = 450
    list_display = ["entry", "user", "organisation_role", "status", "created_at"]
    list_filter = ["status"]
    form_fields = ["status", "decision_note"]
    edit_view_class = ClaimEditView
    inspect_view_enabled = True
    ordering = ["-created_at"]


class ProjectResponseIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("item__project", "user")


class ProjectResponseViewSet(ModelViewSet):
    """What actors offered to regional projects, for the staff who coordinate them.

    Read-only for the business editors (view permission only): an answer is the
    actor's message, the project contact answers by e-mail.
    """

    model = ProjectResponse
    index_view_class = ProjectResponseIndexView
    icon = "comment"
    menu_label = _("Project answers")
    add_to_admin_menu = True
    menu_order = 460
    list_display = ["item", "project_title", "user", "created_at"]
    list_filter = ["item__project", "item__kind"]
    search_fields = ["message", "item__title"]
    inspect_view_enabled = True
    inspect_view_fields = ["item", "user", "message", "created_at"]
    form_fields = ["message"]  # only for administrators; editors may only view
    copy_view_enabled = False
    ordering = ["-created_at"]


@hooks.register("register_admin_viewset")
def register_claims():
    return EntryClaimViewSet("business_claims")


@hooks.register("register_admin_viewset")
def register_project_responses():
    return ProjectResponseViewSet("business_project_responses")


@hooks.register(ACCOUNT_HOOK)
def my_entries(request):
    """Owners see their entries and the status of their latest change."""
    user = request.user
    entries = list(
        objects_owned_by(user, BusinessEntryPage.objects.all()).order_by("title")
    )
    claims = list(
        EntryClaim.objects.filter(user=user, status=ClaimStatus.PENDING).select_related(
            "entry"
        )
    )
    rows = [
        {
            "entry": entry,
            "status": entry_status(entry),
            "edit_url": reverse("business:entry_edit", args=[entry.pk]),
            "url": entry.get_url(request) if entry.live else "",
        }
        for entry in entries
    ]
    if not rows and not claims:
        return AccountSection(
            _("Directory entry"),
            reverse("business:entry_create"),
            _("Present your business, farm or association in the directory."),
            order=150,
        )
    return AccountSection(
        _("My directory entries"),
        "",
        _("Changes are published after the administration has approved them."),
        order=150,
        template="business/includes/account_entries.html",
        context={
            "rows": rows,
            "claims": claims,
            "create_url": reverse("business:entry_create"),
        },
    )


@hooks.register(HOME_HOOK)
def directory_section(request, home_page):
    directory = (
        BusinessDirectoryPage.objects.live().filter(locale=home_page.locale).first()
    )
    if directory is None:
        return None
    return HomeSection(
        title=_("Business directory"),
        template="business/includes/home_directory.html",
        context={
            "directory": directory,
            "count": directory.entries().count(),
            "search_form": DirectorySearchForm(auto_id="home-directory-%s"),
        },
        order=40,
        more_url=directory.get_url(request),
        more_label=_("To the directory"),
    )


@hooks.register("portal_user_data")
def business_user_data(user):
    """For "My data": owned entries, claims, answers to projects, follows."""
    return (
        "business",
        {
            "owned_entries": [
                {"id": entry.pk, "title": entry.title}
                for entry in objects_owned_by(user, BusinessEntryPage.objects.all())
            ],
            "claims": [
                {
                    "entry": claim.entry.title,
                    "organisation_role": claim.organisation_role,
                    "message": claim.message,
                    "status": claim.status,
                    "created_at": claim.created_at.isoformat(),
                }
                for claim in user.business_claims.select_related("entry")
            ],
            "project_answers": [
                {
                    "project": answer.item.project.title,
                    "item": answer.item.title,
                    "message": answer.message,
                    "created_at": answer.created_at.isoformat(),
                }
                for answer in ProjectResponse.objects.filter(user=user).select_related(
                    "item__project"
                )
            ],
            "followed_projects": [
                follow.project.title
                for follow in ProjectFollow.objects.filter(user=user).select_related(
                    "project"
                )
            ],
        },
    )


@hooks.register(PERSONAL_PARTS_HOOK)
def personal_parts():
    """The per-visitor parts of entry and project pages (``{% personal_part %}``)."""
    return PARTS
