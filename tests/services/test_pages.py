"""Page types of the services section, their rules and rendering."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from services.models import ServiceIndexPage, ServicePage, ServiceTopicPage
from tests import factories

from .factories import (
    QUANTITY_LABEL,
    bonfire_service,
    service_index,
    service_page,
    service_topic,
    translate_service,
)


class ServicePageRulesTest(WagtailPageTestCase):
    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(ServiceIndexPage, {HomePage})
        home = factories.home_page()
        self.assertTrue(ServiceIndexPage.can_create_at(home))
        service_index()
        home.refresh_from_db()
        self.assertFalse(ServiceIndexPage.can_create_at(home))  # one per site
        self.assertAllowedSubpageTypes(
            ServiceIndexPage, {ServiceTopicPage, ServicePage}
        )
        self.assertAllowedSubpageTypes(ServiceTopicPage, {ServicePage})
        self.assertAllowedSubpageTypes(ServicePage, {})
        self.assertAllowedParentPageTypes(
            ServicePage, {ServiceIndexPage, ServiceTopicPage}
        )


DESCRIPTION = {
    "who_may_apply": "<p>Jede Person.</p>",
    "requirements": "<p>Ein Benutzerkonto.</p>",
    "documents": "<p>Das Original.</p>",
    "fees_text": "<p>2,50 EUR je Kopie.</p>",
    "deadlines": "<p>Keine.</p>",
    "processing_time": "etwa eine Woche",
    "legal_basis": "<p>§ 33 VwVfG</p>",
    "responsible_office": "Amt – Bürgerbüro",
    "contact": "Bürgerbüro, Amtsstraße 5",
}


@pytest.mark.django_db
def test_section_topic_and_services_render_in_both_languages(client):
    topic = service_topic(
        "Wohnen & Meldewesen",
        slug="wohnen",
        english={"title": "Housing & registration"},
    )
    translate_service(
        service_page(slug="beglaubigung"),
        "Certified copies",
        slug="certified-copies",
    )
    german = factories.add_page(
        topic,
        ServicePage,
        title="Meldebescheinigung",
        slug="meldebescheinigung",
        intro="Bestätigt, wo Sie gemeldet sind.",
    )
    translate_service(german, "Registration certificate", slug="certificate")
    for path, title in [
        ("/service/", "Service"),
        ("/en/services/", "Services"),
        ("/service/beglaubigung/", "Beglaubigte Kopie"),
        ("/en/services/certified-copies/", "Certified copies"),
        ("/service/wohnen/", "Wohnen &amp; Meldewesen"),
        ("/en/services/wohnen/", "Housing &amp; registration"),
        ("/service/wohnen/meldebescheinigung/", "Meldebescheinigung"),
        ("/en/services/wohnen/certificate/", "Registration certificate"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'<h1 class="kern-heading page-title">{title}</h1>' in (
            response.content.decode()
        ), path


@pytest.mark.django_db
def test_service_page_shows_the_german_description(client):
    page = service_page(**DESCRIPTION)
    html = client.get(page.url).content.decode()
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
def test_index_lists_the_live_services_of_every_topic(client):
    index = service_index()
    topic = service_topic()
    paid = service_page(title="B Beglaubigung")
    free = bonfire_service(title="A Osterfeuer")
    in_topic = factories.add_page(
        topic, ServicePage, title="C Meldebescheinigung", intro="Im Thema."
    )
    factories.add_page(index, ServicePage, title="D Entwurf", intro="-", live=False)
    assert [page.pk for page in index.services()] == [free.pk, paid.pk, in_topic.pk]
    assert [page.pk for page in topic.services()] == [in_topic.pk]
    assert [service.has_fee for service in index.services()] == [False, True, False]


@pytest.mark.django_db
def test_editor_can_open_a_service_in_the_admin(client):
    page = service_page()
    client.force_login(factories.UserFactory(is_superuser=True, is_staff=True))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert QUANTITY_LABEL in html  # the form builder fields
    assert "Datei-Upload" in html  # the upload field type


@pytest.mark.django_db
def test_fee_per_unit_needs_a_number_field():
    page = service_page()
    page.fee_quantity_field = "Dokument"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "fee_quantity_field" in error.value.message_dict
    page.fee_quantity_field = QUANTITY_LABEL
    page.full_clean()
    page.fee_purpose = "Gebühr: 5 €"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "fee_purpose" in error.value.message_dict


@pytest.mark.django_db
def test_apply_form_renders_upload_and_english(client):
    client.force_login(factories.UserFactory())
    page = bonfire_service()
    english = translate_service(
        page, "Notify a bonfire", labels={"Lageplan": "Site plan"}
    )
    response = client.get(reverse("services:apply", args=[page.pk]))
    html = response.content.decode()
    assert 'type="file"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "Lageplan" in html
    with translation.override("en"):
        url = reverse("services:apply", args=[english.pk])
    assert url.startswith("/en/applications/")
    response = client.get(url)
    assert "Site plan" in response.content.decode()
