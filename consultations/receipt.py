"""The consultation receipt (*Eingangsbestätigung*) as an official document.

Issued through the documents app (``docs/documents.md``) like the service
receipts (``services/receipt.py``): letterhead, verification code, PAdES
signature. The respondent downloads it from the receipt page; it is issued on
the first download and re-issued (superseding the old one) when the response was
changed after it was issued. The verification page shows only the public title
("Consultation receipt"), never the answers.
"""

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from documents.issuing import current_document, issue
from documents.pdf import Content

from .models import Response
from .questionnaire import display_answer, questions_of

KIND = "consultations.receipt"


def receipt_content(response, page):
    rows = [
        (_("Consultation"), page.title),
        (_("Receipt number"), response.receipt),
        (
            _("Received"),
            formats.date_format(
                timezone.localtime(response.created_at), "DATETIME_FORMAT"
            ),
        ),
    ]
    if response.updated_at and response.updated_at != response.created_at:
        rows.append(
            (
                _("Last changed"),
                formats.date_format(
                    timezone.localtime(response.updated_at), "DATETIME_FORMAT"
                ),
            )
        )
    answers = [
        f"{question.label}: {display_answer(question, response.answers.get(question.id)) or '–'}"
        for question in questions_of(page)
    ]
    return Content(
        title=_("Consultation receipt"),
        rows=rows,
        sections=[(_("Your answers"), answers)] if answers else [],
        closing=[
            _(
                "This receipt confirms that your response was received as shown. "
                "It was issued electronically and is sealed with the authority's "
                "electronic signature."
            )
        ],
    )


def issue_receipt(response, page):
    """The current receipt of a response: reused while the response is
    unchanged, re-issued (superseding the old one) after a change."""
    with transaction.atomic():
        Response.objects.select_for_update().filter(pk=response.pk).first()
        existing = current_document(response, KIND)
        if existing is not None and existing.issued_at >= response.updated_at:
            return existing
        language = response.language or page.locale.language_code
        with translation.override(language):
            content = receipt_content(response, page)
            public_title = _("Consultation receipt")
        return issue(
            kind=KIND,
            record=response,
            content=content,
            language=language,
            public_title=public_title,
            supersedes=existing,
        )
