"""Logos of directory entries before and after approval (issue #19).

An owner's logo is kept in the private storage (``PendingLogo``) while the
change it came with waits for approval; only the entry's owners and staff who
may edit the entry see it (``business.views.pending_logo``). When that change,
or a later revision, is published, the file becomes a Wagtail image in media
and the logo of the entry and of its translations.
"""

import uuid

from django.core.files.base import ContentFile
from django.db import transaction

from portal.models import Licence, PortalImage
from portal.uploads import extension_of

from .models import BusinessEntryPage, PendingLogo


def store_pending_logo(entry, upload, user):
    """Keep ``upload`` for ``entry`` until its latest revision is published.

    A new logo replaces one still waiting (its file is deleted); without a new
    logo, one still waiting goes with the new revision.
    """
    revision = entry.latest_revision
    with transaction.atomic():
        if upload is None:
            PendingLogo.objects.filter(entry=entry).update(revision=revision)
            return None
        PendingLogo.objects.filter(entry=entry).delete()
        return PendingLogo.objects.create(
            entry=entry, revision=revision, file=upload, uploaded_by=user
        )


def publish_pending_logo(page):
    """Make the waiting logo of ``page`` public once a revision submitted with
    it (or a later one) is live. Called on ``page_published``."""
    pending = (
        PendingLogo.objects.filter(entry__translation_key=page.translation_key)
        .select_related("entry", "revision")
        .first()
    )
    if pending is None:
        return None
    live = page.live_revision_id
    if pending.revision_id is None or live is None or live < pending.revision_id:
        return None
    entry = pending.entry
    with pending.file.open("rb") as stored:
        content = stored.read()
    extension = extension_of(pending.file.name)
    image = PortalImage(
        title=f"Logo {entry.title}",
        alt_text=f"Logo {entry.title}",
        credit=entry.title,
        licence=Licence.OWN,
        file=ContentFile(content, name=f"logo-{uuid.uuid4().hex}.{extension}"),
    )
    image.save()
    pages = BusinessEntryPage.objects.filter(translation_key=page.translation_key)
    pages.update(logo=image)
    # the drafts too, so that the next change does not bring the old logo back
    for each in pages:
        revision = each.latest_revision
        if revision is not None and isinstance(revision.content, dict):
            revision.content["logo"] = image.pk
            revision.save(update_fields=["content"])
    pending.delete()  # its file goes when the transaction commits
    return image
