"""Events submitted by tourism providers through the front-end form.

A provider is a signed-in user with a confirmed *actor representative* role
(``accounts.UserRole``) or the ``tourism.submit_event`` permission (for a
group of providers). A submission becomes a draft ``EventPage`` below the
event calendar of the provider's language, owned by the provider (guardian
object permissions), and starts the section's approval workflow; it goes live
only when the workflow is approved. A change to a live event is saved as a new
revision and goes through the workflow too, while the live version stays
visible. The provider sees the state in "Mein Konto" and gets e-mails.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, WorkflowState
from wagtail.signals import workflow_approved, workflow_rejected, workflow_submitted
from wagtail.users.models import UserProfile

from accounts.models import RoleKind, UserRole
from accounts.permissions import grant_owner, objects_owned_by, user_is_owner
from accounts.privacy import account_deleting

from .models import EventIndexPage, EventPage

logger = logging.getLogger(__name__)

SUBMIT_PERMISSION = "tourism.submit_event"


def is_event_provider(user):
    """May ``user`` submit events through the front-end form?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.has_perm(SUBMIT_PERMISSION):
        return True
    return UserRole.objects.filter(
        user=user, role=RoleKind.ACTOR, confirmed_at__isnull=False
    ).exists()


def user_may_edit_submission(user, event):
    return is_event_provider(user) and user_is_owner(user, event)


def provider_events(user):
    """The events the provider owns, newest first (any language)."""
    return objects_owned_by(user, EventPage.objects.all()).order_by(
        "-latest_revision_created_at", "-pk"
    )


@dataclass
class SubmissionStatus:
    key: str  # draft, in_review, changes_requested, published, published_pending
    label: str
    comment: str = ""

    @property
    def editable(self):
        return self.key != "in_review" and self.key != "published_pending"


def submission_status(event):
    state = event.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        task_state = state.current_task_state
        comment = task_state.specific.get_comment() if task_state else ""
        return SubmissionStatus(
            "changes_requested", _("Changes requested"), comment or ""
        )
    if state is not None:
        if event.live:
            return SubmissionStatus(
                "published_pending",
                _("Published; your change is waiting for approval"),
            )
        return SubmissionStatus("in_review", _("Waiting for approval"))
    if event.live and not event.has_unpublished_changes:
        return SubmissionStatus("published", _("Published"))
    if event.live:
        return SubmissionStatus("published", _("Published; unsent changes"))
    return SubmissionStatus("draft", _("Not published"))


def _switch_off_admin_mails(user):
    """Providers never see the admin: Wagtail's approval e-mails link there, so
    they get the portal's own messages (below) instead."""
    if user.is_staff:
        return
    profile = UserProfile.get_for_user(user)
    if profile.approved_notifications or profile.rejected_notifications:
        profile.approved_notifications = False
        profile.rejected_notifications = False
        profile.save(update_fields=["approved_notifications", "rejected_notifications"])


def event_index_for(locale):
    return EventIndexPage.objects.filter(locale=locale).first()


@transaction.atomic
def submit_event(user, event, index=None):
    """Save ``event`` (a new unsaved page, or the latest revision of an existing
    one, with the provider's changes) as a revision and start or resume the
    approval workflow. Nothing is saved if anything fails."""
    is_new = event.pk is None
    if is_new:
        event.live = False
        event.has_unpublished_changes = True
        event.owner = user
        event.submitted_by = user
        index.add_child(instance=event)
        grant_owner(event, user)
    _switch_off_admin_mails(user)
    event.save_revision(user=user, log_action=True)
    state = event.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
    elif state is None:
        workflow = event.get_workflow()
        if workflow is None:
            logger.warning(
                "No workflow for event %s: it stays a draft until an editor "
                "publishes it. Run setup_roles.",
                event.pk,
            )
        else:
            workflow.start(event, user)
    return event


# --- e-mails to the provider -----------------------------------------------------------


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def notify_provider(workflow_state, kind, **kwargs):
    """E-mail the provider when their event is received, approved or sent back."""
    page = workflow_state.content_object
    if not isinstance(page, Page):
        return
    event = page.specific
    if not isinstance(event, EventPage) or event.submitted_by_id is None:
        return
    provider = event.submitted_by
    if workflow_state.requested_by_id != provider.pk or not provider.email:
        return
    language = event.locale.language_code
    with translation.override(language):
        context = {
            "event": event,
            "provider": provider,
            "kind": kind,
            "my_events_url": _absolute(reverse("tourism:my_events")),
            "event_url": event.get_full_url() if kind == "approved" else "",
            "comment": kwargs.get("comment", ""),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string(
            "tourism/email/submission_subject.txt", context
        ).strip()
        body = render_to_string("tourism/email/submission.txt", context)
    from django.core.mail import send_mail

    send_mail(subject, body, None, [provider.email])


def on_workflow_submitted(sender, instance, user=None, **kwargs):
    notify_provider(instance, "received")


def on_workflow_approved(sender, instance, user=None, **kwargs):
    notify_provider(instance, "approved")


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    task_state = instance.current_task_state
    comment = task_state.specific.get_comment() if task_state else ""
    notify_provider(instance, "rejected", comment=comment or "")


def connect_signals():
    account_deleting.connect(
        on_account_deleting, dispatch_uid="tourism_provider_account_deleting"
    )
    workflow_submitted.connect(
        on_workflow_submitted, dispatch_uid="tourism_provider_submitted"
    )
    workflow_approved.connect(
        on_workflow_approved, dispatch_uid="tourism_provider_approved"
    )
    workflow_rejected.connect(
        on_workflow_rejected, dispatch_uid="tourism_provider_rejected"
    )


# --- privacy: export and account deletion ------------------------------------------------


def export_events(user):
    """For the "My data" export: the events the user submitted."""
    events = EventPage.objects.filter(submitted_by=user).select_related("locale")
    return [
        {
            "title": event.draft_title or event.title,
            "language": event.locale.language_code,
            "live": event.live,
            "url": event.get_full_url() if event.live else None,
            "status": str(submission_status(event).label),
        }
        for event in events
    ]


def on_account_deleting(sender, user, pseudonym, **kwargs):
    """Never-published submissions go with the account; published events stay
    (``submitted_by`` is set to NULL when the user row is deleted)."""
    for event in EventPage.objects.filter(
        submitted_by=user, live=False, first_published_at__isnull=True
    ):
        event.delete()
