"""Respondents download their own consultation attachments (issue #19, finding 7).

The receipt and "My responses" link each file the signed-in respondent
attached to the permission-checked download (``consultations:attachment``);
another citizen gets 404 and an anonymous visitor the login, with the way back.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from consultations import services
from consultations.models import Attachment
from consultations.questionnaire import ResponseForm, questions_of
from tests.consultations.factories import consultation
from tests.consultations.helpers import Q_FILE, valid_answers
from tests.factories import UserFactory
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()  # a real PDF: uploads are parsed (finding 7)
LOGIN = "/konto/login/"


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def answer(page, user, name="bebauungsplan-hinweise.pdf"):
    form = ResponseForm(
        questions_of(page),
        valid_answers(),
        {f"q-{Q_FILE}": SimpleUploadedFile(name, PDF, "application/pdf")},
    )
    assert form.is_valid(), form.errors
    return services.save_response(page, user, form)


@pytest.fixture
def answered(site):
    page = consultation()
    owner = UserFactory()
    response = answer(page, owner)
    item = response.attachments.get()
    return {
        "page": page,
        "owner": owner,
        "response": response,
        "attachment": item,
        "receipt_url": f"{page.url}receipt/{response.receipt}/",
        "file_url": reverse("consultations:attachment", args=[item.pk]),
    }


def body(response):
    return b"".join(response.streaming_content)


def test_receipt_links_the_owners_attachment(client, answered):
    client.force_login(answered["owner"])
    html = client.get(answered["receipt_url"]).content.decode()
    assert f'href="{answered["file_url"]}"' in html
    assert "bebauungsplan-hinweise.pdf" in html
    assert "nur Sie und die Mitarbeitenden" in html  # translated hint
    download = client.get(answered["file_url"])
    assert download.status_code == 200
    assert body(download) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert "no-store" in download["Cache-Control"]


def test_my_responses_links_the_owners_attachment(client, answered):
    client.force_login(answered["owner"])
    html = client.get(reverse("consultations:my_responses")).content.decode()
    assert f'href="{answered["file_url"]}"' in html
    assert "Ihre Anhänge:" in html
    assert client.get(answered["file_url"]).status_code == 200


def test_my_responses_without_attachments_shows_none(client, site):
    page = consultation()
    user = UserFactory()
    form = ResponseForm(questions_of(page), valid_answers())
    assert form.is_valid()
    services.save_response(page, user, form)
    client.force_login(user)
    html = client.get(reverse("consultations:my_responses")).content.decode()
    assert page.title in html
    assert "Ihre Anhänge:" not in html


def test_my_responses_reads_the_attachments_in_one_query(client, answered):
    owner = answered["owner"]
    client.force_login(owner)
    url = reverse("consultations:my_responses")
    for _number in range(3):
        answer(consultation(), owner)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    for item in Attachment.objects.filter(response__user=owner):
        assert reverse("consultations:attachment", args=[item.pk]) in html
    attachment_queries = [q for q in queries if "consultations_attachment" in q["sql"]]
    assert len(attachment_queries) == 1


def test_other_citizen_gets_no_link_and_no_file(client, answered):
    client.force_login(UserFactory())
    assert client.get(answered["receipt_url"]).status_code == 404
    html = client.get(reverse("consultations:my_responses")).content.decode()
    assert answered["file_url"] not in html
    assert client.get(answered["file_url"]).status_code == 404


def test_anonymous_is_sent_to_the_login_and_back(client, answered):
    response = client.get(answered["file_url"])
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={answered['file_url']}"
    my = reverse("consultations:my_responses")
    response = client.get(my)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={my}"
    assert client.get(answered["receipt_url"]).status_code == 404


def test_owner_signed_out_is_sent_to_the_login(client, answered):
    client.force_login(answered["owner"])
    client.logout()
    response = client.get(answered["file_url"])
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_replaced_attachment_links_the_new_file(client, answered):
    """Changing the response replaces the file: the link follows, the old
    address answers 404."""
    page, owner = answered["page"], answered["owner"]
    form = ResponseForm(
        questions_of(page),
        valid_answers(),
        {f"q-{Q_FILE}": SimpleUploadedFile("neu.pdf", PDF, "application/pdf")},
    )
    assert form.is_valid()
    services.save_response(page, owner, form, response=answered["response"])
    new = answered["response"].attachments.get()
    client.force_login(owner)
    html = client.get(answered["receipt_url"]).content.decode()
    new_url = reverse("consultations:attachment", args=[new.pk])
    assert f'href="{new_url}"' in html and "neu.pdf" in html
    assert client.get(answered["file_url"]).status_code == 404
    assert client.get(new_url).status_code == 200
