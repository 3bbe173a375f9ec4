"""Page rules, rendering in both languages, the listing's filters, the home and
account sections, cookies and query budgets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils import WagtailPageTestCase

from consultations.models import (
    BudgetPage,
    ConsultationIndexPage,
    ConsultationPage,
    ImplementationPage,
    ProposalProcessPage,
    Topic,
    TrackedItem,
)
from home.models import HomePage

from .helpers import make_consultation, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


class ConsultationPageRulesTest(WagtailPageTestCase):
    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(ConsultationIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(
            ConsultationIndexPage,
            {ConsultationPage, ProposalProcessPage, BudgetPage, ImplementationPage},
        )
        self.assertAllowedParentPageTypes(ConsultationPage, {ConsultationIndexPage})
        self.assertAllowedSubpageTypes(ConsultationPage, {})
        home = HomePage.objects.get(locale__language_code="de")
        self.assertFalse(ConsultationIndexPage.can_create_at(home))

    def test_every_page_renders_in_both_languages(self):
        for model in (ConsultationIndexPage, ConsultationPage):
            for language in ("de", "en"):
                pages = model.objects.live().filter(locale__language_code=language)
                self.assertTrue(pages.exists(), (model, language))
                for page in pages:
                    with translation.override(language):
                        response = self.client.get(page.url)
                    self.assertEqual(response.status_code, 200, page.url)


def test_demo_shows_what_became_of_participation_in_both_languages(client):
    items = TrackedItem.objects.filter(is_public=True)
    assert items.count() >= 5
    assert {i.status for i in items} >= {"planned", "in_progress", "done", "rejected"}
    for language in ("de", "en"):
        page = ImplementationPage.objects.live().get(locale__language_code=language)
        with translation.override(language):
            listing = client.get(page.url)
            detail = client.get(f"{page.url}{items.first().pk}/")
            feed = client.get(f"{page.url}feed/")
        assert listing.status_code == detail.status_code == feed.status_code == 200
        assert items.first().title in listing.content.decode()


def test_demo_has_every_phase_and_rule():
    pages = ConsultationPage.objects.filter(locale__language_code="de")
    assert {p.participation for p in pages} == {
        "anyone",
        "account",
        "identity",
        "residents",
    }
    assert {p.phase for p in pages} >= {"open", "evaluation", "results"}
    results = pages.get(slug="dorfplatz-banzkow")
    assert results.responses.count() >= 100
    assert results.statements.exclude(reply_text="").exists()


def test_main_page_sets_no_cookie_for_anonymous_visitors(client):
    for page in ConsultationPage.objects.live():
        response = client.get(page.url)
        assert response.status_code == 200
        assert not response.cookies, page.url


def test_listing_filters_by_status_topic_and_municipality(client):
    index = ConsultationIndexPage.objects.get(locale__language_code="de")

    def titles(**params):
        response = client.get(index.url, params)
        return {item.title for item in response.context["page_obj"]}

    assert "Neugestaltung Dorfplatz Banzkow" in titles(status="results")
    assert "Neugestaltung Dorfplatz Banzkow" not in titles(status="open")
    assert "Lärmaktionsplan 2026" in titles(status="closed")
    assert titles(topic=Topic.BUDGET) == {"Bürgerhaushalt 2027"}
    assert titles(municipality="plate") == {"Neuer Spielplatz in Plate"}
    upcoming = make_consultation(title="Bald")
    from django.utils import timezone

    from .helpers import DAY

    upcoming.opens_at = timezone.now() + DAY
    upcoming.save_revision().publish()
    assert "Bald" in titles(status="upcoming")
    assert "Bald" not in titles(status="open")


def test_results_link_on_the_main_page_when_published(client):
    page = ConsultationPage.objects.get(
        slug="dorfplatz-banzkow", locale__language_code="de"
    )
    assert "results/" in client.get(page.url).content.decode()
    english = ConsultationPage.objects.get(
        translation_key=page.translation_key, locale__language_code="en"
    )
    response = client.get(english.url + "results/")
    assert response.status_code == 200
    assert response.context["total"] == page.responses.count()


def test_home_page_shows_open_consultations(client):
    body = client.get("/").content.decode()
    assert "Radweg Crivitz–Banzkow" in body
    assert "Lärmaktionsplan 2026" not in body


def test_account_area_links_my_responses(client):
    client.force_login(make_user("konto"))
    body = client.get(reverse("accounts:home")).content.decode()
    assert reverse("consultations:my_responses") in body


def _count(client, url):
    client.get(url)  # warm the site shell cache (publishing empties it)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_budget_of_listing_and_page(client):
    index = ConsultationIndexPage.objects.get(locale__language_code="de")
    page = ConsultationPage.objects.get(
        slug="radweg-crivitz-banzkow", locale__language_code="de"
    )
    before = (_count(client, index.url), _count(client, page.url))
    for n in range(15):
        make_consultation(title=f"Mehr {n}", allow_comments=True)
    from consultations.models import Channel, Statement

    Statement.objects.bulk_create(
        Statement(consultation=page, channel=Channel.COMMENT, text=f"K {n}")
        for n in range(40)
    )
    after = (_count(client, index.url), _count(client, page.url))
    assert max(after) <= 20
    assert after == before


def test_scale_loader_builds_consultations_in_bulk():
    import random

    from bench.scale.consultations import load_scale
    from consultations.models import Response
    from portal.demo import Demo

    load_scale(Demo(), random.Random(7), consultations=4, responses=400)
    big = ConsultationPage.objects.get(slug="skala-ergebnisse")
    assert big.phase == "results"
    assert (
        Response.objects.filter(consultation__slug__startswith="skala-").count() == 400
    )
    assert big.responses.count() == 200


def test_editors_open_the_consultation_in_the_admin(client, demo_user):
    page = ConsultationPage.objects.get(
        slug="dorfgemeinschaftshaus-crivitz", locale__language_code="de"
    )
    client.force_login(demo_user("admin"))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "resident_municipalities" in body and "questions" in body
    index = ConsultationIndexPage.objects.get(locale__language_code="de")
    add = reverse(
        "wagtailadmin_pages:add",
        args=["consultations", "consultationpage", index.pk],
    )
    assert client.get(add).status_code == 200
