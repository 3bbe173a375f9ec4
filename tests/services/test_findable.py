"""Online services are findable: main navigation, home page section, central
contact on each service page, and "what happens next" after paying (#20)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from services.models import Application, ServiceIndexPage, Status
from tests import factories

from .factories import service_index, service_page, translated_service

pytestmark = pytest.mark.django_db


def test_services_section_is_in_the_main_navigation_by_default():
    # A new services section is offered "show in menus" in the admin.
    assert ServiceIndexPage.show_in_menus_default is True


def test_main_navigation_lists_online_services_in_both_languages(client):
    index = service_index()
    for page in (index, index.get_translation(factories.locale("en"))):
        page.show_in_menus = True
        page.save_revision().publish()
    index.title = "Online-Dienste"
    index.save_revision().publish()
    html = client.get("/").content.decode()
    nav = html[html.index('class="main-nav') :]
    assert 'href="/service/"' in nav[: nav.index("</nav>")]
    html = client.get("/en/").content.decode()
    nav = html[html.index('class="main-nav') :]
    assert 'href="/en/services/"' in nav[: nav.index("</nav>")]


def test_home_page_shows_online_services_in_both_languages(client):
    translated_service(title="Beglaubigte Kopie")
    html = client.get("/").content.decode()
    assert "Online-Dienste" in html
    assert "Alle Online-Dienste" in html
    assert "Beglaubigte Kopie" in html
    html = client.get("/en/").content.decode()
    assert "Online services" in html
    assert "Certified copy" in html
    assert 'href="/en/services/"' in html


def test_home_page_leaves_out_services_without_online_application(client):
    service_page(title="Nur im Amt", online_application=False)
    assert "Nur im Amt" not in client.get("/").content.decode()


def test_service_page_gives_the_central_phone_number(client):
    page = service_page(contact="Bürgerbüro, Erdgeschoss")
    html = client.get(page.url).content.decode()
    assert "Bürgerbüro, Erdgeschoss" in html
    assert 'href="tel:012345678"' in html  # PortalSettings.phone "01234 5678"
    assert "info@testamt.example" in html


def _application(user, status, paid):
    page = service_page(processing_time="etwa 1 Woche")
    return Application.objects.create(
        service=page,
        service_title=page.title,
        department=page.department,
        applicant=user,
        status=status,
        amount=Decimal("5.00"),
        paid_at=timezone.now() if paid else None,
    )


def test_after_paying_the_applicant_sees_what_happens_next(client):
    user = factories.UserFactory()
    application = _application(user, Status.PAID, paid=True)
    client.force_login(user)
    html = client.get(application.get_absolute_url()).content.decode()
    assert "Ihre Zahlung ist eingegangen" in html
    assert "Wie geht es weiter?" in html
    assert application.reference in html
    assert user.email in html
    assert "Bürgerbüro" in html
    assert "Bearbeitungszeit: etwa 1 Woche." in html
    assert "01234 5678" in html


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_PROGRESS])
def test_next_steps_only_until_the_office_starts(client, status):
    user = factories.UserFactory()
    application = _application(user, status, paid=status == Status.IN_PROGRESS)
    client.force_login(user)
    html = client.get(application.get_absolute_url()).content.decode()
    assert "Wie geht es weiter?" not in html
