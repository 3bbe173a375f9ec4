"""Entry and project pages are shared from the page cache by signed-in visitors
too; only their per-visitor parts (an owner's edit link, the follow button, the
answer forms) are filled in for each visitor (issue #27)."""

import re

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.permissions import grant_owner
from business.models import ProjectFollow
from business.project_models import ItemKind, ProjectStatus
from portal.page_cache import csrf_slot
from tests import factories

from .factories import entry, project

pytestmark = pytest.mark.django_db

ENTRY = "/wirtschaft/verzeichnis/hofladen-banzkow/"
PROJECT = "/wirtschaft/projekte/regionalmarkt-crivitz/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FOLLOW = re.compile(r'name="follow" value="([01])"')


@pytest.fixture(autouse=True)
def page_cache_on():
    with override_settings(PORTAL_PAGE_CACHE_SECONDS=300):
        yield


def farm_shop():
    return entry("Hofladen Banzkow", actor_type="farm")


def running_market():
    return project(
        "Regionalmarkt Crivitz",
        items=[(ItemKind.NEED, "Marktstände"), (ItemKind.OFFER, "Strom für Stände")],
        status=ProjectStatus.RUNNING,
    )


shop = factories.module_data(farm_shop)
market = factories.module_data(running_market)


def signed_in(username):
    client = Client(enforce_csrf_checks=True)
    user = factories.UserFactory(username=username)
    client.force_login(user)
    client.user = user
    return client


def html_of(response):
    assert response.status_code == 200
    html = response.content.decode()
    assert csrf_slot() not in html and "portal-part-" not in html
    return html


def test_owner_and_other_visitors_interleaved_see_only_their_own_part(shop):
    owner, anna, bernd = signed_in("owner-1"), signed_in("anna-1"), signed_in("bernd-1")
    grant_owner(shop, owner.user)
    anonymous = Client()
    edit = reverse("business:entry_edit", args=[shop.pk])
    claim = reverse("business:entry_claim", args=[shop.pk])
    first = anna.get(ENTRY)
    assert first["X-Portal-Cache"] == "miss"
    visits = [
        ("anna", first),
        ("owner", owner.get(ENTRY)),
        ("bernd", bernd.get(ENTRY)),
        ("anonymous", anonymous.get(ENTRY)),
        ("owner", owner.get(ENTRY)),
        ("anna", anna.get(ENTRY)),
    ]
    assert [r["X-Portal-Cache"] for _, r in visits[1:]] == ["hit"] * 5
    for who, response in visits:
        html = html_of(response)
        assert "Hofladen Banzkow" in html
        assert (edit in html) == (who == "owner"), who
        assert (claim in html) == (who in ("anna", "bernd")), who


def test_a_new_owner_sees_the_edit_link_at_once(shop):
    anna = signed_in("anna-2")
    edit = reverse("business:entry_edit", args=[shop.pk])
    assert edit not in html_of(anna.get(ENTRY))
    grant_owner(shop, anna.user)
    response = anna.get(ENTRY)
    assert response["X-Portal-Cache"] == "hit"
    assert edit in html_of(response)


def test_following_works_from_the_cached_page_without_javascript(market):
    anna, bernd = signed_in("anna-3"), signed_in("bernd-3")
    html = html_of(anna.get(PROJECT))
    assert FOLLOW.findall(html) == ["1"]
    token = TOKEN.findall(html)[0]
    posted = anna.post(
        reverse("business:project_follow", args=[market.pk]),
        {"follow": "1", "csrfmiddlewaretoken": token},
    )
    assert posted.status_code == 302
    assert ProjectFollow.objects.filter(user=anna.user).exists()
    followed = anna.get(PROJECT)
    assert followed["X-Portal-Cache"] == "hit"
    html = html_of(followed)
    assert FOLLOW.findall(html) == ["0"]
    assert "Sie folgen diesem Projekt und erhalten" in html  # the message
    assert FOLLOW.findall(html_of(bernd.get(PROJECT))) == ["1"]
    again = html_of(anna.get(PROJECT))
    assert FOLLOW.findall(again) == ["0"]
    assert "Sie folgen diesem Projekt und erhalten" not in again  # shown once
    # Unfollowing with the token of the cached page works as well.
    token = TOKEN.findall(html_of(anna.get(PROJECT)))[0]
    anna.post(
        reverse("business:project_follow", args=[market.pk]),
        {"follow": "0", "csrfmiddlewaretoken": token},
    )
    assert FOLLOW.findall(html_of(anna.get(PROJECT))) == ["1"]


def test_answer_forms_for_signed_in_visitors_login_links_for_others(market):
    anna = signed_in("anna-4")
    need = market.items.get(title="Marktstände")
    respond = reverse("business:project_respond", args=[need.pk])
    anonymous_html = html_of(Client().get(PROJECT))
    assert respond not in anonymous_html
    assert "?next=/wirtschaft/projekte/regionalmarkt-crivitz/" in anonymous_html
    assert 'name="follow"' not in anonymous_html
    response = anna.get(PROJECT)
    assert response["X-Portal-Cache"] == "hit"
    html = html_of(response)
    assert respond in html and "?next=" not in html
    posted = anna.post(
        respond,
        {"message": "Zwei Pavillons", "csrfmiddlewaretoken": TOKEN.findall(html)[0]},
    )
    assert posted.status_code == 302


def test_a_signed_in_hit_reads_the_parts_from_the_cache(shop, market):
    bernd = signed_in("bernd-5")
    for url in (ENTRY, PROJECT):
        bernd.get(url)
        bernd.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = bernd.get(url)
        assert response["X-Portal-Cache"] == "hit"
        # the session only (database sessions in the tests); no page, user,
        # permission or follow look-up
        assert len(queries) <= 1, [q["sql"] for q in queries.captured_queries]


def test_entry_renders_afresh_from_its_fragments_with_one_query(shop):
    from tests.fresh_render import fresh_client, get_counting

    client = fresh_client()
    first, _ = get_counting(client, ENTRY)
    again, queries = get_counting(client, ENTRY)
    assert queries <= 1  # the page; header, facts, tags, map from the cache
    assert again.content == first.content
    html = html_of(again)
    assert "Hofladen Banzkow" in html
    assert '<a href="/wirtschaft/verzeichnis/">' in html  # back to the directory
