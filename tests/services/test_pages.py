"""Page types of the services section, their rules and rendering."""

import pytest
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from services.models import ServiceIndexPage, ServicePage, ServiceTopicPage

pytestmark = pytest.mark.demo


class ServicePageRulesTest(WagtailPageTestCase):
    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(ServiceIndexPage, {HomePage})
        home = HomePage.objects.get(locale__language_code="de")
        self.assertFalse(ServiceIndexPage.can_create_at(home))
        self.assertAllowedSubpageTypes(
            ServiceIndexPage, {ServiceTopicPage, ServicePage}
        )
        self.assertAllowedSubpageTypes(ServiceTopicPage, {ServicePage})
        self.assertAllowedSubpageTypes(ServicePage, {})
        self.assertAllowedParentPageTypes(
            ServicePage, {ServiceIndexPage, ServiceTopicPage}
        )


PATHS = [
    ("/service/", "/en/services/"),
    (
        "/service/wohnen-und-meldewesen/",
        "/en/services/housing-and-registration/",
    ),
    (
        "/service/wohnen-und-meldewesen/meldebescheinigung/",
        "/en/services/housing-and-registration/registration-certificate/",
    ),
    (
        "/service/tiere-feuer-und-ordnung/osterfeuer-anzeigen/",
        "/en/services/animals-fires-and-public-order/notify-a-bonfire/",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("path_de, path_en", PATHS)
def test_pages_render_in_both_languages(client, path_de, path_en):
    for path in (path_de, path_en):
        response = client.get(path)
        assert response.status_code == 200, path


@pytest.mark.django_db
def test_service_page_shows_the_german_description(client):
    response = client.get("/service/wohnen-und-meldewesen/meldebescheinigung/")
    html = response.content.decode()
    for heading in (
        "Wer darf den Antrag stellen",
        "Voraussetzungen",
        "Erforderliche Unterlagen",
        "Gebühren",
        "Fristen",
        "Bearbeitungsdauer",
        "Rechtsgrundlage",
        "Zuständige Stelle",
        "Kontakt",
    ):
        assert heading in html, heading
    assert "GovernmentService" in html
    assert "Antrag starten" in html


@pytest.mark.django_db
def test_index_lists_four_services_two_with_fees(client):
    index = ServiceIndexPage.objects.get(locale__language_code="de")
    services = list(index.services())
    assert len(services) == 4
    assert sum(1 for service in services if service.has_fee) == 2
    assert any(service.required_identity_level >= 30 for service in services)


@pytest.mark.django_db
def test_editor_can_open_a_service_in_the_admin(client, demo_user):
    from django.urls import reverse

    page = ServicePage.objects.get(slug="beglaubigung")
    client.force_login(demo_user("admin"))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anzahl der Kopien" in html  # the form builder fields
    assert "Datei-Upload" in html  # the upload field type


@pytest.mark.django_db
def test_fee_per_unit_needs_a_number_field(service):
    from django.core.exceptions import ValidationError

    page = service("beglaubigung")
    page.fee_quantity_field = "Dokument"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "fee_quantity_field" in error.value.message_dict
    page.fee_quantity_field = "Anzahl der Kopien"
    page.fee_purpose = "Gebühr: 5 €"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "fee_purpose" in error.value.message_dict


@pytest.mark.django_db
def test_apply_form_renders_upload_and_english(client, service, demo_user):
    from django.urls import reverse
    from django.utils import translation

    client.force_login(demo_user("buerger"))
    page = service("osterfeuer-anzeigen")
    response = client.get(reverse("services:apply", args=[page.pk]))
    html = response.content.decode()
    assert 'type="file"' in html
    assert 'enctype="multipart/form-data"' in html
    english = page.get_translation(
        page.locale.__class__.objects.get(language_code="en")
    )
    with translation.override("en"):
        url = reverse("services:apply", args=[english.pk])
    assert url.startswith("/en/applications/")
    response = client.get(url)
    assert "Site plan" in response.content.decode()
