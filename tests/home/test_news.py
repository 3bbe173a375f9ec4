"""News and official announcements: page rules, listings, archive, permanence
(no demo data)."""

import datetime
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page

from home.models import (
    AnnouncementIndexPage,
    AnnouncementKind,
    AnnouncementPage,
    AnnouncementStatus,
    HomePage,
    NewsIndexPage,
    NewsPage,
)
from tests import factories

from .factories import announcement, category, news_item, news_section

pytestmark = pytest.mark.django_db

D = datetime.date


def build_world():
    """The news section in both languages; four news items (one translated) in
    two categories; nine announcements of 2025 and 2026 in four municipalities
    and of the Amt, one repealed and one corrected by a later one; a superuser
    and a news editor."""
    home = factories.home_page()
    news, archive = news_section(home)
    places = {
        slug: factories.translated_municipality(name=name, slug=slug)
        for slug, name in (
            ("plate", "Plate"),
            ("banzkow", "Banzkow"),
            ("sukow", "Sukow"),
            ("crivitz", "Crivitz"),
        )
    }
    school = category("Schule und Kita", "bildung", "Schools and childcare")
    building = category("Bauen und Verkehr", "bauen", "Building and roads")
    kita = news_item(
        news,
        title="Neue Kita in Plate öffnet im Januar",
        slug="neue-kita-plate",
        date=D(2026, 11, 18),
        category=school,
        municipality=places["plate"],
    )
    factories.translate(
        kita,
        title="New day-care centre opens in Plate in January",
        slug="new-day-care-plate",
        category=school.get_translation(factories.locale("en")),
    )
    news_item(
        news,
        title="Ortsdurchfahrt Banzkow wird ab März saniert",
        date=D(2026, 11, 24),
        category=building,
        municipality=places["banzkow"],
    )
    news_item(
        news,
        title="Glasfaserausbau in Sukow und Tramm abgeschlossen",
        date=D(2026, 9, 8),
        category=building,
        municipality=places["sukow"],
    )
    news_item(
        news, title="Erntefest in Leezen", slug="erntefest-leezen", date=D(2026, 9, 21)
    )

    def publish(slug, title, kind, day, municipality=None, **fields):
        return announcement(
            archive,
            slug=slug,
            title=title,
            kind=kind,
            publication_date=day,
            municipality=places[municipality] if municipality else None,
            **fields,
        )

    publish(
        "hauptsatzung-crivitz-2026",
        "Hauptsatzung der Stadt Crivitz",
        AnnouncementKind.STATUTE,
        D(2026, 3, 2),
        "crivitz",
    )
    publish(
        "bebauungsplan-7-banzkow",
        "Bebauungsplan Nr. 7 Banzkow – öffentliche Auslegung",
        AnnouncementKind.PLANNING,
        D(2026, 10, 5),
        "banzkow",
    )
    publish(
        "ausschreibung-winterdienst-2026",
        "Ausschreibung: Winterdienst auf Gemeindestraßen 2026/27",
        AnnouncementKind.TENDER,
        D(2026, 8, 15),
    )
    publish(
        "wahlbekanntmachung-crivitz",
        "Wahlbekanntmachung zur Bürgermeisterwahl in Crivitz",
        AnnouncementKind.ELECTION,
        D(2026, 4, 20),
        "crivitz",
    )
    publish(
        "haushaltssatzung-amt-2026",
        "Haushaltssatzung des Amtes für das Jahr 2026",
        AnnouncementKind.BUDGET,
        D(2026, 1, 20),
    )
    newer = publish(
        "strassenreinigungssatzung-plate-2026",
        "Neufassung der Straßenreinigungssatzung der Gemeinde Plate",
        AnnouncementKind.STATUTE,
        D(2026, 6, 8),
        "plate",
    )
    publish(
        "strassenreinigungssatzung-plate",
        "Straßenreinigungssatzung der Gemeinde Plate",
        AnnouncementKind.STATUTE,
        D(2025, 5, 12),
        "plate",
        status=AnnouncementStatus.REPEALED,
        superseded_by=newer,
        status_reason="Aufgehoben durch die Neufassung.",
        status_changed_on=D(2026, 7, 1),
    )
    correction = publish(
        "sitzung-gemeindevertretung-sukow-oktober-berichtigung",
        "Berichtigung: Sitzung der Gemeindevertretung Sukow",
        AnnouncementKind.MEETING,
        D(2026, 10, 2),
        "sukow",
        summary="Die Sitzung beginnt abweichend erst um 19:30 Uhr.",
    )
    publish(
        "sitzung-gemeindevertretung-sukow-oktober",
        "Bekanntmachung der Sitzung der Gemeindevertretung Sukow",
        AnnouncementKind.MEETING,
        D(2026, 10, 1),
        "sukow",
        summary="Die Gemeindevertretung Sukow tagt am 8. Oktober um 19 Uhr.",
        status=AnnouncementStatus.CORRECTED,
        superseded_by=correction,
        status_reason=(
            "Der Beginn der Sitzung war falsch angegeben (19 Uhr statt 19:30 Uhr)."
        ),
        status_changed_on=D(2026, 10, 2),
    )
    return {
        "home": home,
        "admin": factories.StaffFactory(is_superuser=True),
        "editor": news_editor(news),
    }


def news_editor(section):
    """A news editor with every page permission on the news section."""
    user = get_user_model().objects.create_user("nachrichten", password="x")
    group = Group.objects.create(name="Test-Redaktion Aktuelles")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page", "bulk_delete_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=section,
            permission=Permission.objects.get(codename=codename),
        )
    user.groups.add(group)
    return user


world = factories.module_data(build_world)


@pytest.fixture
def admin_user(world):
    return world["admin"]


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_creation_rules():
    assert set(NewsIndexPage.allowed_parent_page_models()) == {HomePage}
    assert set(NewsIndexPage.allowed_subpage_models()) == {
        NewsPage,
        AnnouncementIndexPage,
    }
    assert AnnouncementIndexPage.allowed_subpage_models() == [AnnouncementPage]
    assert AnnouncementPage.allowed_subpage_models() == []
    assert NewsPage.allowed_subpage_models() == []


def test_the_section_exists_once_per_home_page(world):
    assert not NewsIndexPage.can_create_at(world["home"])


def test_pages_render(client, world):
    for model in (NewsIndexPage, AnnouncementIndexPage, NewsPage, AnnouncementPage):
        page = model.objects.live().filter(locale__language_code="de").first()
        response = client.get(page.url)
        assert response.status_code == 200
        assert page.title in response.content.decode()


def test_news_listing_shows_municipality_and_category(client, world):
    html = client.get("/aktuelles/").content.decode()
    assert "Neue Kita in Plate öffnet im Januar" in html
    assert "Schule und Kita" in html
    assert 'type="application/atom+xml"' in html
    # Four items, ten per page: one page, no pagination links.
    assert html.count('class="kern-card kern-card--interactive news-card"') == 4
    assert 'rel="next"' not in html


def test_news_listing_filters_by_municipality_and_category(client, world):
    html = client.get("/aktuelles/?municipality=plate").content.decode()
    assert "Neue Kita in Plate" in html
    assert "Ortsdurchfahrt Banzkow" not in html
    html = client.get("/aktuelles/?category=bauen").content.decode()
    assert "Ortsdurchfahrt Banzkow" in html
    assert "Glasfaserausbau" in html
    assert "Neue Kita" not in html


def test_english_news_listing_uses_english_categories(client, world):
    html = client.get("/en/news/").content.decode()
    assert "New day-care centre opens in Plate" in html
    assert "Schools and childcare" in html
    assert 'href="/feeds/news.xml?lang=en"' in html


def test_news_json_ld_is_news_article(client, world):
    data = json_ld(client.get("/aktuelles/neue-kita-plate/").content.decode())
    assert data["@type"] == "NewsArticle"
    assert data["datePublished"] == "2026-11-18"
    assert data["publisher"]["name"] == "Testamt"


def test_announcement_json_ld(client, world):
    statute = json_ld(
        client.get(
            "/aktuelles/bekanntmachungen/strassenreinigungssatzung-plate/"
        ).content.decode()
    )
    assert statute["@type"] == "Legislation"
    assert statute["legislationLegalForce"] == "https://schema.org/NotInForce"
    tender = json_ld(
        client.get(
            "/aktuelles/bekanntmachungen/ausschreibung-winterdienst-2026/"
        ).content.decode()
    )
    assert tender["@type"] == "Article"


def test_repealed_and_corrected_announcements_stay_visible_and_link_onwards(
    client, world
):
    html = client.get(
        "/aktuelles/bekanntmachungen/strassenreinigungssatzung-plate/"
    ).content.decode()
    assert "aufgehoben" in html.lower()
    assert "/aktuelles/bekanntmachungen/strassenreinigungssatzung-plate-2026/" in html
    html = client.get(
        "/aktuelles/bekanntmachungen/sitzung-gemeindevertretung-sukow-oktober/"
    ).content.decode()
    assert "berichtigt" in html.lower()
    assert "19:30" not in html or "Berichtigung" in html
    assert "Der Beginn der Sitzung war falsch angegeben" in html


@pytest.mark.usefixtures("world")
class TestArchive:
    url = "/aktuelles/bekanntmachungen/"

    def titles(self, client, query=""):
        html = client.get(self.url + query).content.decode()
        return re.findall(
            r'<h3 class="announcement-item__title"><a href="[^"]+">([^<]+)</a>', html
        )

    def test_everything_without_filters(self, client):
        assert len(self.titles(client)) == 9

    def test_filter_by_municipality_type_and_year(self, client):
        assert self.titles(client, "?municipality=plate") == [
            "Neufassung der Straßenreinigungssatzung der Gemeinde Plate",
            "Straßenreinigungssatzung der Gemeinde Plate",
        ]
        assert self.titles(client, "?municipality=plate&year=2025") == [
            "Straßenreinigungssatzung der Gemeinde Plate"
        ]
        assert self.titles(client, "?type=tender") == [
            "Ausschreibung: Winterdienst auf Gemeindestraßen 2026/27"
        ]
        amt = self.titles(client, "?municipality=amt")
        assert amt == [
            "Ausschreibung: Winterdienst auf Gemeindestraßen 2026/27",
            "Haushaltssatzung des Amtes für das Jahr 2026",
        ]

    def test_invalid_filter_values_are_ignored_with_a_message(self, client):
        response = client.get(self.url + "?year=abc&type=nonsense")
        assert response.status_code == 200
        assert len(self.titles(client, "?year=abc")) == 9
        assert "field-error" in response.content.decode()

    def test_pagination(self, client, monkeypatch):
        monkeypatch.setattr("home.views.PAGE_SIZE", 4)
        first = self.titles(client)
        second = self.titles(client, "?page=2")
        third = self.titles(client, "?page=3")
        assert len(first) == 4 and len(second) == 4 and len(third) == 1
        assert not set(first) & set(second)
        html = client.get(self.url + "?municipality=&page=2").content.decode()
        assert 'rel="next"' in html and 'rel="prev"' in html

    def test_query_count_does_not_grow_with_items(self, client):
        archive = AnnouncementIndexPage.objects.get(locale__language_code="de")
        with CaptureQueriesContext(connection) as few:
            client.get(self.url + "?type=tender")
        for number in range(6):
            archive.add_child(
                instance=AnnouncementPage(
                    title=f"Bekanntmachung {number}",
                    kind=AnnouncementKind.TENDER,
                    summary="Test",
                    publication_date=datetime.date(2026, 5, number + 1),
                )
            )
        with CaptureQueriesContext(connection) as many:
            response = client.get(self.url + "?type=tender")
        assert len(self.titles(client, "?type=tender")) == 7
        assert response.status_code == 200
        assert len(many) == len(few)


class TestAnnouncementValidation:
    def make(self, **fields):
        return AnnouncementPage(
            title="Test",
            slug="test",
            summary="Test",
            kind=AnnouncementKind.NOTICE,
            **fields,
        )

    def test_repeal_needs_a_reason(self):
        page = self.make(status=AnnouncementStatus.REPEALED)
        with pytest.raises(Exception) as error:
            page.full_clean()
        assert "status_reason" in error.value.message_dict

    def test_correction_needs_the_correcting_announcement(self):
        page = self.make(status=AnnouncementStatus.CORRECTED, status_reason="Fehler")
        with pytest.raises(Exception) as error:
            page.full_clean()
        assert "superseded_by" in error.value.message_dict

    def test_validity_must_not_end_before_it_starts(self):
        page = self.make(
            valid_from=datetime.date(2026, 2, 1), valid_until=datetime.date(2026, 1, 1)
        )
        with pytest.raises(Exception) as error:
            page.full_clean()
        assert "valid_until" in error.value.message_dict


class TestAnnouncementPermanence:
    """Published announcements cannot be deleted or unpublished, by anybody."""

    @pytest.fixture
    def announcement(self, world):
        return AnnouncementPage.objects.get(slug="ausschreibung-winterdienst-2026")

    @pytest.fixture
    def editor(self, world):
        """A news editor with every page permission on the news section."""
        return world["editor"]

    @pytest.mark.parametrize("who", ["admin", "editor"])
    def test_delete_is_refused(self, client, announcement, editor, admin_user, who):
        client.force_login(admin_user if who == "admin" else editor)
        url = reverse("wagtailadmin_pages:delete", args=[announcement.pk])
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302
        assert Page.objects.filter(pk=announcement.pk).exists()
        response = client.get(url, follow=True)
        assert "cannot be deleted" in response.content.decode() or (
            "nicht gelöscht" in response.content.decode()
        )

    @pytest.mark.parametrize("who", ["admin", "editor"])
    def test_unpublish_is_refused(self, client, announcement, editor, admin_user, who):
        client.force_login(admin_user if who == "admin" else editor)
        url = reverse("wagtailadmin_pages:unpublish", args=[announcement.pk])
        response = client.post(url)
        assert response.status_code == 302
        announcement.refresh_from_db()
        assert announcement.live

    def test_deleting_the_archive_or_section_is_refused(self, client, admin_user):
        client.force_login(admin_user)
        for page in (
            AnnouncementIndexPage.objects.get(locale__language_code="de"),
            NewsIndexPage.objects.get(locale__language_code="de"),
        ):
            client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
            assert Page.objects.filter(pk=page.pk).exists()
        assert AnnouncementPage.objects.count() == 9

    def test_bulk_delete_and_unpublish_are_refused(
        self, client, announcement, admin_user
    ):
        client.force_login(admin_user)
        for action in ("delete", "unpublish"):
            url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
            client.post(f"{url}?id={announcement.pk}", {"include_descendants": ""})
            announcement.refresh_from_db()
            assert announcement.live

    def test_a_draft_that_was_never_published_may_be_deleted(self, client, admin_user):
        archive = AnnouncementIndexPage.objects.get(locale__language_code="de")
        draft = AnnouncementPage(
            title="Entwurf", summary="Noch nicht veröffentlicht", live=False
        )
        archive.add_child(instance=draft)
        draft.save_revision()
        client.force_login(admin_user)
        client.post(reverse("wagtailadmin_pages:delete", args=[draft.pk]))
        assert not Page.objects.filter(pk=draft.pk).exists()

    def test_news_may_be_deleted(self, client, admin_user):
        page = NewsPage.objects.get(slug="erntefest-leezen")
        client.force_login(admin_user)
        client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
        assert not Page.objects.filter(pk=page.pk).exists()

    def test_action_menu_offers_no_unpublish(self, rf, announcement, admin_user):
        from wagtail.admin.action_menu import PageActionMenu

        request = rf.get("/")
        request.user = admin_user
        names = {
            item.name
            for item in PageActionMenu(
                request,
                view="edit",
                page=announcement,
                lock=None,
                locked_for_user=False,
            ).menu_items
        }
        assert "action-unpublish" not in names
        news = NewsPage.objects.get(slug="erntefest-leezen")
        names = {
            item.name
            for item in PageActionMenu(
                request, view="edit", page=news, lock=None, locked_for_user=False
            ).menu_items
        }
        assert "action-unpublish" in names

    def test_marking_as_repealed_through_the_admin(self, announcement):
        newer = AnnouncementPage.objects.get(slug="haushaltssatzung-amt-2026")
        announcement.status = AnnouncementStatus.REPEALED
        announcement.status_reason = "Die Ausschreibung wurde aufgehoben."
        announcement.superseded_by = newer
        announcement.full_clean()
        announcement.save_revision().publish()
        announcement.refresh_from_db()
        assert announcement.live
        assert announcement.status_changed_on is not None


def test_english_archive_lists_the_binding_german_announcements(client, world):
    html = client.get("/en/news/announcements/").content.decode()
    assert "9 announcements" in html
    assert 'href="/aktuelles/bekanntmachungen/hauptsatzung-crivitz-2026/"' in html
    assert "Statute" in html
