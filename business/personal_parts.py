"""The per-visitor parts of directory entries and project pages (issue #27).

An entry page shows its owners an edit link and other signed-in visitors a
claim link; a project page shows signed-in visitors a follow button and an
answer form per open need or offer, others a login link. These parts are
``{% personal_part %}`` placeholders in the page (``portal.page_cache``), so
the page itself is rendered once and shared by every visitor; each part is
rendered here for whoever gets the page (for a signed-in visitor kept for a
minute, and dropped at once when they follow a project or become an owner).
"""

from wagtail.models import Page

from portal.page_cache import render_part

from .models import BusinessEntryPage, ProjectFollow, ProjectItem
from .permissions import can_edit_entry


def entry_owner(request, user, pk):
    if not user.is_authenticated:
        return ""
    entry = BusinessEntryPage.objects.filter(pk=pk).select_related("locale").first()
    if entry is None:
        return ""
    return render_part(
        "business/includes/entry_owner.html",
        {"entry_pk": pk, "can_edit": can_edit_entry(user, entry)},
    )


def project_follow(request, user, pk):
    if not user.is_authenticated:
        return ""
    following = ProjectFollow.objects.filter(
        user=user,
        project__translation_key__in=Page.objects.filter(pk=pk).values(
            "translation_key"
        ),
    ).exists()
    return render_part(
        "business/includes/project_follow.html",
        {"project_pk": pk, "following": following},
    )


def project_item_answer(request, user, pk):
    item = None
    if user.is_authenticated:
        item = ProjectItem.objects.filter(pk=pk).first()
        if item is None:
            return ""
    return render_part(
        "business/includes/project_item_answer.html",
        {"item": item, "path": request.path},
    )


PARTS = {
    "business-entry-owner": entry_owner,
    "business-project-follow": project_follow,
    "business-project-item": project_item_answer,
}
