"""The editor's side: quality checklist, publish enforcement, permissions."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from datasets.models import DatasetPage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return factories.StaffFactory(is_superuser=True)


def form(**fields):
    data = {
        "title": "Neuer Datensatz",
        "slug": "neuer-datensatz",
        "description": "",
        "tags": "",
        "language": "DEU",
        "distributions": inline_formset([]),
        "documentation": streamfield([]),
        "related_pages": streamfield([]),
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


def add_url(data_index):
    return reverse(
        "wagtailadmin_pages:add",
        args=["datasets", "datasetpage", data_index.pk],
    )


class TestPublishEnforcement:
    def test_a_draft_may_be_incomplete(self, client, admin, data_index):
        client.force_login(admin)
        response = client.post(add_url(data_index), form())
        assert response.status_code == 302
        page = DatasetPage.objects.get(slug="neuer-datensatz")
        assert not page.live

    def test_publishing_needs_the_mandatory_fields(self, client, admin, data_index):
        client.force_login(admin)
        response = client.post(
            add_url(data_index), {**form(), "action-publish": "action-publish"}
        )
        assert response.status_code == 200
        html = response.content.decode()
        with translation.override("de"):  # the admin speaks the user's language
            for message in [
                "A description is required before the dataset is published.",
                "Choose the publishing organisation before publishing.",
                "Choose a licence before the dataset is published.",
                "Give a contact e-mail address or a contact form URL.",
            ]:
                assert escape(gettext(message)) in html
        assert not DatasetPage.objects.filter(slug="neuer-datensatz").exists()

    def test_complete_dataset_publishes(self, client, admin, data_index, organisation):
        client.force_login(admin)
        data = form(
            description="Vollständig.",
            publisher=str(organisation.pk),
            licence="dl-zero-de/2.0",
            contact_url="https://example.org/kontakt",
        )
        response = client.post(
            add_url(data_index), {**data, "action-publish": "action-publish"}
        )
        assert response.status_code == 302
        assert DatasetPage.objects.get(slug="neuer-datensatz").live


class TestChecklist:
    def test_checklist_shown_in_the_editor(self, client, admin, make_dataset):
        dataset = make_dataset("checkliste", themes=(), tags=())
        client.force_login(admin)
        response = client.get(reverse("wagtailadmin_pages:edit", args=[dataset.pk]))
        html = response.content.decode()
        with translation.override("de"):
            assert escape(gettext("Quality checklist")) in html
            assert escape(gettext("At least one theme")) in html

    def test_checklist_values(self, make_dataset):
        dataset = make_dataset("checkliste-werte", themes=(), tags=())
        with translation.override("en"):
            checklist = {
                str(label): (done, mandatory)
                for label, done, mandatory in dataset.quality_checklist()
            }
        assert checklist["Licence"] == (True, True)
        assert checklist["At least one theme"] == (False, False)
        assert checklist["Keywords"] == (False, False)
        assert checklist["At least one distribution"] == (False, False)


class TestPermissions:
    def test_visitor_and_citizen_cannot_open_the_editor(self, client, data_index):
        url = add_url(data_index)
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (
            302,
            f"/admin/login/?next={url}",
        )
        client.force_login(factories.UserFactory())
        response = client.post(url, form())
        assert (response.status_code, response["Location"]) == (
            302,
            f"/admin/login/?next={url}",
        )
        assert not DatasetPage.objects.filter(slug="neuer-datensatz").exists()
