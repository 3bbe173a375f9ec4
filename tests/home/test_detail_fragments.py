"""Fresh renders of the news, announcement, services and council pages from
cached parts (issue #27): the second or third fresh render makes (almost) no
query and gives the same HTML; what editors publish, a restriction, a new
meeting and a new signed PDF still show."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from home.models import AnnouncementIndexPage
from portal.shell import content_version
from tests import factories
from tests.council.factories import MeetingFactory, OrganizationFactory, council_section
from tests.fresh_render import fresh_client, get_counting
from tests.home.factories import announcement, category, news_item, news_section
from tests.services.factories import service_index, service_topic

pytestmark = pytest.mark.django_db


def _renders(client, url, count=3):
    """``count`` fresh renders of ``url``: the responses and their queries."""
    return [get_counting(client, url) for _ in range(count)]


def build_news():
    """The news section and its archive in both languages, one news item."""
    news, archive = news_section(factories.home_page())
    topic = category("Bauen", "bauen", name_en="Building")
    item = news_item(news, title="Neue Brücke über die Warnow", category=topic)
    return news.pk, archive.pk, item.pk


news_data = factories.module_data(build_news)


@pytest.fixture
def news(news_data):
    """The module's news pages, fetched afresh (tests change and publish them)."""
    return tuple(Page.objects.get(pk=pk).specific for pk in news_data)


def test_news_item_renders_from_its_fragment(news):
    _news, _archive, item = news
    client = fresh_client()
    (first, _), (second, _), (third, queries) = _renders(client, item.url)
    assert first.status_code == 200
    assert third.content == second.content == first.content
    html = third.content.decode()
    assert "Neue Brücke über die Warnow" in html and "Bauen" in html
    assert '"@type": "NewsArticle"' in html
    assert queries == 0


def test_a_published_change_of_a_news_item_shows_at_once(news):
    _news, _archive, item = news
    client = fresh_client()
    _renders(client, item.url)
    item.title = "Brücke über die Warnow eröffnet"
    item.save_revision().publish()
    html = client.get(item.url).content.decode()
    assert 'page-title">Brücke über die Warnow eröffnet</h1>' in html
    assert 'page-title">Neue Brücke' not in html


def test_news_fragments_are_kept_per_language(news):
    _news, _archive, item = news
    english = factories.translate(item, title="New bridge across the Warnow")
    client = fresh_client()
    for _ in range(2):
        german = client.get(item.url).content.decode()
        english_html = client.get(english.url).content.decode()
    assert "Bauen" in german and "Building" not in german
    assert 'page-title">New bridge across the Warnow</h1>' in english_html
    assert 'page-title">Neue Brücke' not in english_html
    assert '<span class="badge">Building</span>' in english_html


def test_announcement_renders_from_its_fragments(news):
    _news, archive, _item = news
    page = announcement(archive, title="Hauptsatzung Seeburg", reference="HS-1")
    client = fresh_client()
    (first, _), (second, _), (third, queries) = _renders(client, page.url)
    assert third.content == second.content == first.content
    assert "Hauptsatzung Seeburg" in third.content.decode()
    # only the newest signed PDF is looked up on every render
    assert queries <= 1


def test_announcement_archive_keeps_its_years_and_source(news):
    _news, archive, _item = news
    announcement(archive, title="Wahlbekanntmachung", days_ago=0)
    client = fresh_client()
    (first, _), (second, _), (third, queries) = _renders(client, archive.url)
    assert third.content == second.content == first.content
    assert queries == 0
    # an announcement of another year: its year shows in the filter at once
    announcement(archive, title="Alte Satzung", days_ago=800)
    year = (timezone.localdate() - datetime.timedelta(days=800)).year
    html = client.get(archive.url).content.decode()
    assert f'value="{year}"' in html and "Alte Satzung" in html


def test_english_archive_lists_the_german_announcements(news):
    _news, archive, _item = news
    announcement(archive, title="Satzung über Gebühren")
    english = AnnouncementIndexPage.objects.get(
        translation_key=archive.translation_key, locale__language_code="en"
    )
    client = fresh_client()
    for _ in range(2):
        html = client.get(english.url).content.decode()
    assert "Satzung über Gebühren" in html


def test_services_index_renders_from_its_fragment_and_follows_changes(home):
    index = service_index()
    topic = service_topic("Wohnen & Meldewesen")
    client = fresh_client()
    (first, _), (second, _), (third, queries) = _renders(client, index.url)
    assert third.content == second.content == first.content
    assert "Wohnen &amp; Meldewesen" in third.content.decode()
    assert queries == 0
    # a restricted topic leaves the list at once (privacy), a new one shows
    PageViewRestriction.objects.create(
        page=topic, restriction_type=PageViewRestriction.LOGIN
    )
    service_topic("Familie & Kinder")
    html = client.get(index.url).content.decode()
    assert "Wohnen &amp; Meldewesen" not in html
    assert "Familie &amp; Kinder" in html


def test_council_page_keeps_its_meetings_for_the_minute(home, pinned_clock):
    pinned_clock.now = now = pinned_clock.now.replace(second=5)
    council = council_section(home)
    committee = OrganizationFactory(name="Bauausschuss Seeburg")
    MeetingFactory(
        name="Sitzung des Bauausschusses",
        start=now + datetime.timedelta(days=3),
        organizations=[committee],
    )
    client = fresh_client()
    (first, _), (second, _), (third, queries) = _renders(client, council.url)
    assert third.content == second.content == first.content
    assert "Sitzung des Bauausschusses" in third.content.decode()
    assert queries == 0
    # a meeting synchronised meanwhile (no content change) ...
    version = content_version()
    MeetingFactory(name="Sondersitzung", start=now + datetime.timedelta(days=1))
    assert content_version() == version
    assert "Sondersitzung" not in client.get(council.url).content.decode()
    # ... page two and the English page are parts of their own
    assert client.get(council.url + "?page=2").status_code == 200
    english = client.get("/en/council/").content.decode()
    assert "Upcoming meetings" in english and "Sondersitzung" in english
    # ... and shows on the German page from the next minute on
    pinned_clock.now = now + datetime.timedelta(seconds=60)
    assert "Sondersitzung" in client.get(council.url).content.decode()


def test_a_preview_renders_the_draft_not_the_fragment(news):
    _news, _archive, item = news
    fresh_client().get(item.url)  # the live fragment is cached
    item.title = "Entwurf der Brückenmeldung"
    item.save_revision()
    draft = item.get_latest_revision_as_object()
    response = draft.make_preview_request()
    response.render()
    assert 'page-title">Entwurf der Brückenmeldung</h1>' in response.content.decode()
