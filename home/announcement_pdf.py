"""The signed PDF of an official announcement (issue #26).

Every published announcement gets an official document through the documents
app (``docs/documents.md``): the authority's letterhead, the announcement's
facts with its **publication date**, summary and full text, the SHA-256 of the
attached announcement file, a verification code and a PAdES signature made at
publication. It is issued when the announcement is published (``page_published``,
in the background worker after the commit) and, as a fallback, on the first
download. It is issued once per published content: publishing the announcement
again unchanged (e.g. to mark it as corrected) keeps the document; a published
change issues a new one that supersedes the old.

When a later announcement corrects or repeals it, the original PDF stays
downloadable and its verification page says "superseded" with the reason
("Corrected by the announcement “…” of …"): the public title of an announcement,
no personal data.
"""

import hashlib
import html
import json
import logging
import re
from dataclasses import asdict

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import formats, timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django_tasks import task

from documents.issuing import documents_for, issue
from documents.models import IssuedDocument, Status
from documents.pdf import Content
from home.models import AnnouncementPage
from portal.shell import invalidate

logger = logging.getLogger(__name__)

KIND = "home.announcement"
_BREAKS = re.compile(r"<br\s*/?>|</(p|h[1-6]|li|tr|blockquote|figcaption|div)>", re.I)


def _paragraphs(markup):
    text = html.unescape(strip_tags(_BREAKS.sub("\n", str(markup))))
    return [line.strip() for line in text.splitlines() if line.strip()]


def _body_paragraphs(page):
    paragraphs = []
    for block in page.body:
        try:
            paragraphs.extend(_paragraphs(block.render()))
        except Exception:  # noqa: BLE001 - one odd block must not stop the record
            logger.warning("announcement %s: block %s not rendered", page.pk, block)
    return paragraphs


def _attachment_row(page):
    document = page.document
    if document is None:
        return None
    try:
        with document.file.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        logger.warning("announcement %s: attached file missing", page.pk)
        return (_("Announcement document"), document.title)
    return (
        _("Announcement document"),
        _("%(title)s (SHA-256 %(digest)s)")
        % {"title": document.title, "digest": digest},
    )


def announcement_content(page):
    """The :class:`~documents.pdf.Content` of an announcement (in its language)."""
    rows = [
        (_("Type"), page.get_kind_display()),
        (
            _("Municipality"),
            page.municipality.name if page.municipality else _("whole association"),
        ),
        (_("Published on"), formats.date_format(page.publication_date, "DATE_FORMAT")),
    ]
    if page.first_published_at:
        rows.append(
            (
                _("Online since"),
                formats.date_format(
                    timezone.localtime(page.first_published_at), "DATETIME_FORMAT"
                ),
            )
        )
    if page.reference:
        rows.append((_("File reference"), page.reference))
    if page.valid_from:
        rows.append((_("Valid from"), formats.date_format(page.valid_from)))
    if page.valid_until:
        rows.append((_("Valid until"), formats.date_format(page.valid_until)))
    attachment = _attachment_row(page)
    if attachment:
        rows.append(attachment)
    sections = [(_("Summary"), _paragraphs(page.summary) or [page.summary])]
    body = _body_paragraphs(page)
    if body:
        sections.append((_("Full text"), body))
    return Content(
        title=page.title,
        rows=rows,
        sections=sections,
        closing=[
            _(
                "This is the official announcement as published on the portal on "
                "%(date)s. It is sealed with the authority's electronic signature; "
                "a later correction or repeal is shown on the verification page."
            )
            % {"date": formats.date_format(page.publication_date, "DATE_FORMAT")}
        ],
    )


def content_version(content, language):
    """A fingerprint of what the PDF says: one document per published content."""
    data = json.dumps([language, asdict(content)], sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def signed_documents(page):
    return documents_for(page, KIND)


def latest_document(page):
    """The newest signed PDF of the announcement (valid or superseded), or None."""
    return signed_documents(page).first()


def with_signed_codes(queryset):
    """Annotate each announcement with ``signed_code``, the code of its newest
    signed PDF (one subquery, no query per item)."""
    newest = IssuedDocument.objects.filter(
        record_type=ContentType.objects.get_for_model(queryset.model),
        record_id=Cast(OuterRef("pk"), CharField()),
        kind=KIND,
    ).order_by("-issued_at", "-pk")
    return queryset.annotate(signed_code=Subquery(newest.values("code")[:1]))


def _office(page):
    return page.municipality.name if page.municipality else ""


def issue_signed_pdf(page):
    """The signed PDF of the published ``page``: reused while its content is the
    same, else a new one that supersedes the previous (idempotent, one row lock)."""
    with transaction.atomic():
        # One document even when the worker and a download ask at the same time.
        list(AnnouncementPage.objects.select_for_update().filter(pk=page.pk))
        page = AnnouncementPage.objects.select_related(
            "municipality", "document", "locale"
        ).get(pk=page.pk)
        language = page.locale.language_code
        with translation.override(language):
            content = announcement_content(page)
        version = content_version(content, language)
        existing = latest_document(page)
        if existing is not None and existing.record_version == version:
            document = existing
        else:
            document = issue(
                kind=KIND,
                record=page,
                content=content,
                office=_office(page),
                language=language,
                public_title=page.title,
                supersedes=existing
                if existing and existing.status == "valid"
                else None,
                record_version=version,
            )
        apply_status(page)
    document.refresh_from_db()
    return document


def _status_reason(page):
    later = page.superseded_by
    values = {
        "title": later.title if later else "",
        "date": formats.date_format(later.publication_date) if later else "",
        "since": formats.date_format(page.status_changed_on or timezone.localdate()),
    }
    if page.status == "corrected":
        if later:
            return _("Corrected by the announcement “%(title)s” of %(date)s.") % values
        return _("Corrected on %(since)s.") % values
    if later:
        return _("Repealed by the announcement “%(title)s” of %(date)s.") % values
    return _("Repealed on %(since)s.") % values


def apply_status(page):
    """Mark the announcement's signed PDF superseded (with the reason) when the
    announcement was corrected or repealed, valid again when that was undone.

    Only the newest document of the announcement follows the page's status;
    older ones were superseded by their own successor.
    """
    newest = latest_document(page)
    if newest is None:
        return False
    if page.is_superseded:
        with translation.override(newest.language):
            reason = _status_reason(page)[:255]
        if newest.status == Status.SUPERSEDED and newest.status_reason == reason:
            return False
        return bool(
            IssuedDocument.objects.filter(pk=newest.pk)
            .exclude(status=Status.REVOKED)
            .update(
                status=Status.SUPERSEDED,
                status_reason=reason,
                status_changed_at=timezone.now(),
            )
        )
    if newest.status == Status.SUPERSEDED and newest.status_reason:
        IssuedDocument.objects.filter(pk=newest.pk).update(
            status=Status.VALID, status_reason="", status_changed_at=timezone.now()
        )
        return True
    return False


@task()
def issue_signed_pdf_task(page_id):
    page = AnnouncementPage.objects.live().filter(pk=page_id).first()
    if page is None:
        return None
    before = latest_document(page)
    document = issue_signed_pdf(page)
    changed = [apply_status(earlier) for earlier in page.supersedes.all()]
    # The page and listings show the code: make their cached copies stale.
    if (
        any(changed)
        or before is None
        or (before.pk, before.status) != (document.pk, document.status)
    ):
        invalidate()
    return document.code


def on_page_published(sender, instance, **kwargs):
    """``page_published`` receiver: issue the signed PDF after the commit."""
    if not isinstance(instance, AnnouncementPage):
        return
    page_id = instance.pk
    transaction.on_commit(lambda: issue_signed_pdf_task.enqueue(page_id))
