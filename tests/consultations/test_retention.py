"""Pseudonymisation after the retention period, and account deletion."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from accounts.models import IdentityLevel
from accounts.privacy import delete_account
from consultations.models import Attachment, Channel, Response, Statement
from tests.files import pdf_bytes

from .helpers import DAY, Q_CHOICE, Q_FILE, Q_TEXT, make_consultation, make_user

pytestmark = pytest.mark.django_db


def answered(page, user, client):
    client.force_login(user)
    data = {
        f"q-{Q_CHOICE}": "0",
        f"q-{Q_TEXT}": "Meine Meinung.",
        f"q-{Q_FILE}": SimpleUploadedFile("a.pdf", pdf_bytes(), "application/pdf"),
    }
    assert client.post(page.url + "answer/", data).status_code == 302
    Statement.objects.create(
        consultation=page,
        channel=Channel.COMMENT,
        author=user,
        author_name="Erika M.",
        author_contact="erika@example.org",
        text="Kommentar",
    )


def close(page, days_ago, retention_days):
    now = timezone.now()
    page.opens_at = now - (days_ago + 10) * DAY
    page.closes_at = now - days_ago * DAY
    page.retention_days = retention_days
    page.save_revision().publish()


def test_command_pseudonymises_consultations_past_their_retention(
    client, django_capture_on_commit_callbacks
):
    due = make_consultation()
    kept = make_consultation()
    answered(due, make_user("alt", IdentityLevel.BASIC, person_hash="a" * 64), client)
    answered(kept, make_user("neu"), client)
    attachment = Attachment.objects.get(response__consultation=due)
    storage, name = attachment.file.storage, attachment.file.name
    close(due, days_ago=40, retention_days=30)
    close(kept, days_ago=40, retention_days=90)

    # the files are deleted once the deletion is committed (portal.storage)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("pseudonymise_consultations", stdout=open("/dev/null", "w"))  # noqa: SIM115

    response = Response.objects.get(consultation=due)
    assert response.user is None and response.person_hash is None
    assert response.pseudonymised_at is not None
    assert response.answers[Q_TEXT] == "Meine Meinung."  # the content stays
    comment = Statement.objects.get(consultation=due, channel=Channel.COMMENT)
    assert (comment.author, comment.author_name, comment.author_contact) == (
        None,
        "",
        "",
    )
    assert not Attachment.objects.filter(response__consultation=due).exists()
    assert not storage.exists(name)
    untouched = Response.objects.get(consultation=kept)
    assert untouched.user is not None and untouched.pseudonymised_at is None


def test_deleting_an_account_keeps_contributions_without_the_person(client):
    page = make_consultation()
    user = make_user("loescher", IdentityLevel.BASIC, person_hash="d" * 64)
    answered(page, user, client)
    delete_account(user)
    response = Response.objects.get(consultation=page)
    assert response.user is None and response.person_hash is None
    comment = Statement.objects.get(consultation=page, channel=Channel.COMMENT)
    assert comment.author is None and comment.author_contact == ""
    assert comment.author_name != "Erika M."
