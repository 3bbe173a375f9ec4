"""E-mails to owners when the administration decides on their entry."""

from wagtail.signals import page_published, workflow_rejected

from portal.storage import delete_file_with_row

from .logos import publish_pending_logo
from .models import BusinessEntryPage, PendingLogo
from .notifications import notify_changes_requested, notify_published
from .project_models import ProjectPage
from .project_services import notify_followers


def entry_published(sender, instance, **kwargs):
    publish_pending_logo(instance)
    notify_published(instance)


def entry_rejected(sender, instance, user=None, **kwargs):
    obj = instance.content_object
    obj = getattr(obj, "specific", obj)
    if isinstance(obj, BusinessEntryPage):
        notify_changes_requested(obj)


def project_published(sender, instance, **kwargs):
    notify_followers(instance)


def connect():
    delete_file_with_row(PendingLogo, "file")
    page_published.connect(
        project_published, sender=ProjectPage, dispatch_uid="business_project"
    )
    page_published.connect(
        entry_published, sender=BusinessEntryPage, dispatch_uid="business_published"
    )
    workflow_rejected.connect(entry_rejected, dispatch_uid="business_rejected")
