"""Business rules of the directory: submitting changes for approval, claims."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.permissions import grant_owner

from .models import BusinessEntryPage, ClaimStatus
from .notifications import notify_claim_decided, notify_submitted


class NoWorkflowError(Exception):
    """The directory has no approval workflow (run ``setup_roles``)."""


def submit_for_approval(page, user):
    """Save ``page`` (changed in memory) as a new revision and start its workflow.

    The live version stays what it was until the workflow is approved; a
    change that is still waiting replaces the earlier pending one.
    """
    workflow = page.get_workflow()
    if workflow is None:
        raise NoWorkflowError
    with transaction.atomic():
        page.save_revision(user=user, log_action=True)
        state = page.current_workflow_state
        if state is not None:
            state.cancel(user=user)
        workflow.start(page, user)
    notify_submitted(page, user)
    return page


def unique_slug(directory, title):
    base = slugify(title)[:70] or "eintrag"
    slug, number = base, 1
    siblings = set(directory.get_children().values_list("slug", flat=True))
    while slug in siblings:
        number += 1
        slug = f"{base}-{number}"
    return slug


def create_entry(directory, page, user):
    """Add a new, not yet live entry owned by ``user`` and submit it."""
    with transaction.atomic():
        page.slug = unique_slug(directory, page.title)
        page.locale = directory.locale
        page.live = False
        page.has_unpublished_changes = True
        page.owner = user
        directory.add_child(instance=page)
        grant_owner(page, user)
        submit_for_approval(page, user)
    return page


def entry_status(entry):
    """``(key, label)`` of an owner's entry for "Mein Konto"."""
    from django.utils.translation import gettext as _

    state = entry.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        return "needs_changes", _("Changes requested")
    if state is not None:
        return "pending", _("Change waiting for approval")
    if not entry.live:
        return "draft", _("Not published")
    return "live", _("Published")


def decide_claim(claim, status, user, note=""):
    """Confirm or refuse a claim; a confirmed claim makes the user an owner."""
    if status not in (ClaimStatus.APPROVED, ClaimStatus.REJECTED):
        raise ValueError(status)
    with transaction.atomic():
        claim.status = status
        claim.decided_by = user
        claim.decided_at = timezone.now()
        if note:
            claim.decision_note = note
        claim.save()
        if status == ClaimStatus.APPROVED:
            entry = BusinessEntryPage.objects.get(pk=claim.entry_id)
            grant_owner(entry, claim.user)
    notify_claim_decided(claim)
    return claim
