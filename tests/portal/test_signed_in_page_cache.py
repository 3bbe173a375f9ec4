"""The page cache serves signed-in visitors too: one shared body for everybody,
the visitor's CSRF token and messages filled in per request (issue #27)."""

import copy
import re

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.test import Client, override_settings
from django.urls import path
from wagtail.models import PageViewRestriction

from home.models import StandardPage
from portal.page_cache import csrf_slot, messages_slot
from portal.urls import urlpatterns as portal_urlpatterns
from tests import factories

pytestmark = pytest.mark.django_db

# The standard page's template with a form, as any page with a form renders it.
FORM_TEMPLATE = """{% extends "base.html" %}
{% block content %}<h1>{{ page.title }}</h1>
<form method="post" action="">{% csrf_token %}<button type="submit">Senden</button></form>
{% endblock %}"""
# A page that looks at the user (like a "my answer" state).
PERSONAL_TEMPLATE = """{% extends "base.html" %}
{% block content %}<h1>{{ page.title }}</h1>
{% if request.user.is_authenticated %}<p>Angemeldet als {{ request.user.username }}</p>
{% else %}<p>Bitte anmelden</p>{% endif %}{% endblock %}"""
# A page that reads the session (remembered choices, a passed password).
SESSION_TEMPLATE = """{% extends "base.html" %}
{% block content %}<p>Gemerkt: {{ request.session.remembered }}</p>{% endblock %}"""
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def message_view(request):
    """Queues a message for the visitor (as a form's success does)."""
    from django.http import HttpResponse

    messages.success(request, f"Gespeichert für {request.GET['who']}")
    return HttpResponse("ok")


urlpatterns = [path("test-message/", message_view), *portal_urlpatterns]


@pytest.fixture
def page_template(tmp_path):
    """Override the standard page's template with ``FORM_TEMPLATE`` or another."""

    def use(text):
        (tmp_path / "home").mkdir(exist_ok=True)
        (tmp_path / "home" / "standard_page.html").write_text(text)
        templates = copy.deepcopy(settings.TEMPLATES)
        templates[0]["DIRS"] = [str(tmp_path)]
        return override_settings(TEMPLATES=templates)

    return use


@pytest.fixture(autouse=True)
def page_cache_on():
    with override_settings(PORTAL_PAGE_CACHE_SECONDS=300, ROOT_URLCONF=__name__):
        yield


def office_page():
    return factories.add_page(
        factories.home_page(), StandardPage, title="Bürgerbüro", slug="buero"
    )


page = factories.module_data(office_page)


def signed_in_client(username):
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.UserFactory(username=username))
    return client


def token(response):
    found = TOKEN.findall(response.content.decode())
    assert found, "the page has a form with a CSRF token"
    return found[0]


def test_signed_in_visitors_share_the_cached_body(page, page_template):
    with page_template(FORM_TEMPLATE):
        anna, bernd = signed_in_client("anna-7341"), signed_in_client("bernd-7342")
        anonymous = Client(enforce_csrf_checks=True)
        first = anna.get(page.url)
        assert first["X-Portal-Cache"] == "miss"
        responses = {
            "bernd": bernd.get(page.url),
            "anonymous": anonymous.get(page.url),
            "anna": anna.get(page.url),
        }
    assert {r["X-Portal-Cache"] for r in responses.values()} == {"hit"}
    for response in [first, *responses.values()]:
        html = response.content.decode()
        assert "Bürgerbüro" in html
        assert csrf_slot() not in html and messages_slot() not in html
        assert "anna-7341" not in html and "bernd-7342" not in html
        assert "private" in response["Cache-Control"]


def test_csrf_tokens_are_each_visitors_own_and_posts_succeed(page, page_template):
    with page_template(FORM_TEMPLATE):
        anna, bernd = signed_in_client("anna-7351"), signed_in_client("bernd-7352")
        anonymous = Client(enforce_csrf_checks=True)
        anna.get(page.url)  # fills the cache
        tokens = {}
        for name, client in (("anna", anna), ("bernd", bernd), ("anon", anonymous)):
            response = client.get(page.url)
            assert response["X-Portal-Cache"] == "hit"
            tokens[name] = token(response)
        # The anonymous visitor without a cookie gets one with the cached page.
        assert "csrftoken" in anonymous.cookies
        for name, client in (("anna", anna), ("bernd", bernd), ("anon", anonymous)):
            posted = client.post(page.url, {"csrfmiddlewaretoken": tokens[name]})
            assert posted.status_code == 200, name
        # Another visitor's token is refused: each page carried its visitor's own.
        refused = bernd.post(page.url, {"csrfmiddlewaretoken": "x" * 64})
        assert refused.status_code == 403


def test_anonymous_page_with_a_form_is_cached_and_its_form_works(page, page_template):
    with page_template(FORM_TEMPLATE):
        assert Client().get(page.url)["X-Portal-Cache"] == "miss"
        visitor = Client(enforce_csrf_checks=True)
        response = visitor.get(page.url)
        assert response["X-Portal-Cache"] == "hit"
        posted = visitor.post(page.url, {"csrfmiddlewaretoken": token(response)})
    assert posted.status_code == 200


def test_messages_show_once_on_cached_pages_and_only_to_their_visitor(
    page, page_template
):
    with page_template(FORM_TEMPLATE):
        anna, bernd = signed_in_client("anna-7361"), signed_in_client("bernd-7362")
        anna.get(page.url)  # fills the cache
        anna.get("/test-message/?who=Anna")
        bernd.get("/test-message/?who=Bernd")
        shown = anna.get(page.url)
        other = bernd.get(page.url)
        again = anna.get(page.url)
        anonymous = Client().get(page.url)
    assert shown["X-Portal-Cache"] == other["X-Portal-Cache"] == "hit"
    assert "Gespeichert für Anna" in shown.content.decode()
    assert "Gespeichert für Bernd" not in shown.content.decode()
    assert "Gespeichert für Bernd" in other.content.decode()
    assert "Gespeichert für Anna" not in other.content.decode()
    assert "Gespeichert für" not in again.content.decode()
    assert "Gespeichert für" not in anonymous.content.decode()


def test_pages_that_look_at_the_user_are_rendered_for_each_signed_in_visitor(
    page, page_template
):
    with page_template(PERSONAL_TEMPLATE):
        anna, bernd = signed_in_client("anna-7371"), signed_in_client("bernd-7372")
        first = anna.get(page.url)
        anonymous = Client().get(page.url)
        second = bernd.get(page.url)
        anonymous_again = Client().get(page.url)
    assert "Angemeldet als anna-7371" in first.content.decode()
    assert "Angemeldet als bernd-7372" in second.content.decode()
    assert "X-Portal-Cache" not in second  # personal: not from the cache
    assert anonymous["X-Portal-Cache"] == "hit"  # the anonymous render was kept
    for response in (anonymous, anonymous_again):
        html = response.content.decode()
        assert "Bitte anmelden" in html and "Angemeldet" not in html


def test_editors_keep_their_user_bar_and_get_fresh_pages(page):
    editor = factories.UserFactory(username="editor-7381", is_superuser=True)
    Client().get(page.url)
    client = Client()
    client.force_login(editor)
    response = client.get(page.url)
    assert "X-Portal-Cache" not in response
    assert "wagtail-userbar" in response.content.decode()
    assert "wagtail-userbar" not in Client().get(page.url).content.decode()


def test_restricted_pages_are_never_stored(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    anna = signed_in_client("anna-7391")
    assert anna.get(page.url).status_code == 200
    assert "X-Portal-Cache" not in anna.get(page.url)
    assert Client().get(page.url).status_code == 302


def test_a_hit_for_a_signed_in_visitor_reads_only_the_session(page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    anna = signed_in_client("anna-7401")
    anna.get(page.url)
    anna.get(page.url)  # the editor check is kept
    with CaptureQueriesContext(connection) as queries:
        response = anna.get(page.url)
    assert response["X-Portal-Cache"] == "hit"
    assert len(queries) <= 1, [q["sql"][:80] for q in queries]
    assert SESSION_KEY in anna.session


def test_hard_reload_is_rendered_afresh(page):
    Client().get(page.url)
    response = Client().get(page.url, HTTP_CACHE_CONTROL="no-cache")
    assert "X-Portal-Cache" not in response


def test_pages_that_read_the_session_are_shared_only_without_cookies(
    page, page_template
):
    with page_template(SESSION_TEMPLATE):
        anna = signed_in_client("anna-7411")
        session = anna.session
        session["remembered"] = "Annas Merkzettel"
        session.save()
        mine = anna.get(page.url)
        bernd = signed_in_client("bernd-7412").get(page.url)
        first_cookieless = Client().get(page.url)
        cookieless = Client().get(page.url)
        visitor = Client()
        visitor.cookies["csrftoken"] = "x" * 32
        with_cookie = visitor.get(page.url)
    assert "Annas Merkzettel" in mine.content.decode()
    assert "X-Portal-Cache" not in bernd and "X-Portal-Cache" not in with_cookie
    # Anna's render read her session: it was not kept for anybody.
    assert first_cookieless["X-Portal-Cache"] == "miss"
    assert cookieless["X-Portal-Cache"] == "hit"
    for response in (bernd, first_cookieless, cookieless, with_cookie):
        assert "Annas Merkzettel" not in response.content.decode()


def test_a_page_refused_to_anonymous_visitors_is_rendered_for_its_owner():
    """A receipt raises 404 for anyone but its respondent: the shared anonymous
    render fails, and the signed-in owner still gets their own page."""
    from consultations.models import Response
    from tests.consultations import factories as consultation_factories
    from tests.consultations.helpers import Q_CHOICE, Q_TEXT

    page = consultation_factories.consultation(title="Radweg Crivitz")
    user = factories.UserFactory(username="anna-7391")
    owner = Client()
    owner.force_login(user)
    response = Response.objects.create(
        consultation=page,
        user=user,
        language="de",
        answers={Q_CHOICE: "1", Q_TEXT: "Mehr Bäume bitte."},
    )
    url = f"{page.url}receipt/{response.receipt}/"
    for _ in range(2):  # the second request must not be answered from a failed render
        seen = owner.get(url)
        assert seen.status_code == 200
        assert response.receipt in seen.content.decode()
    assert owner.get(f"{url}pdf/").status_code == 200
    assert signed_in_client("bernd-7392").get(url).status_code == 404
    assert Client().get(url).status_code == 404


def count_serves(monkeypatch):
    """Record each ``StandardPage.serve`` call: whether it was the shared render."""
    from portal.page_cache import is_shared_render

    calls = []
    original = StandardPage.serve

    def serve(self, request, *args, **kwargs):
        calls.append(is_shared_render(request))
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(StandardPage, "serve", serve)
    return calls


def test_a_page_nobody_may_share_is_rendered_once_per_signed_in_visit(
    page, monkeypatch
):
    """A page that must not be stored is rendered twice for the first signed-in
    visitor (shared, then their own); after that only once."""
    monkeypatch.setattr(StandardPage, "cache_for_anonymous", False, raising=False)
    calls = count_serves(monkeypatch)
    anna, bernd = signed_in_client("anna-7421"), signed_in_client("bernd-7422")
    assert anna.get(page.url).status_code == 200
    assert calls == [True, False]
    calls.clear()
    second = bernd.get(page.url)
    assert second.status_code == 200 and "X-Portal-Cache" not in second
    assert calls == [False]
    calls.clear()
    # Anonymous visitors are still rendered (and not served the marker).
    anonymous = Client().get(page.url)
    assert anonymous.status_code == 200 and "Bürgerbüro" in anonymous.content.decode()
    assert calls == [True]


def test_a_page_that_reads_the_token_itself_is_not_shared(
    page, page_template, monkeypatch
):
    """A render that calls ``get_token`` (not the template's placeholder) holds
    the visitor's token: not stored, even when the request had already read one
    (an invalid CSRF cookie makes Django issue a new token before the view)."""
    from django.middleware.csrf import get_token

    original = StandardPage.get_context

    def get_context(self, request, *args, **kwargs):
        context = original(self, request, *args, **kwargs)
        context["page"] = self
        context["extra_token"] = get_token(request)
        return context

    monkeypatch.setattr(StandardPage, "get_context", get_context)
    template = """{% extends "base.html" %}{% block content %}
<p id="t">{{ extra_token }}</p>{% endblock %}"""
    anna = signed_in_client("anna-7431")
    anna.cookies["csrftoken"] = "not-a-token!"
    bernd = signed_in_client("bernd-7432")
    with page_template(template):
        first = anna.get(page.url)
        seen = bernd.get(page.url)
    anna_token = re.search(r'<p id="t">([^<]+)</p>', first.content.decode()).group(1)
    assert anna_token not in seen.content.decode()
    assert "X-Portal-Cache" not in seen


def test_the_shared_render_user_notes_str_eq_and_hash():
    from portal.page_cache import _SharedRenderUser

    for look in (str, hash, lambda user: user == object()):
        user = _SharedRenderUser()
        look(user)
        assert user.looked, look


def test_a_home_section_with_a_form_is_never_kept_for_others(home, tmp_path):
    """A home section that renders a CSRF token (or, in a shared render, its
    placeholder) is not cached: each visitor gets a working token of their own,
    also on a hard reload, which bypasses the page cache."""
    from wagtail import hooks

    from portal.home_sections import HOOK_NAME, HomeSection

    (tmp_path / "section_form.html").write_text(
        '<form method="post">{% csrf_token %}<button>Abonnieren</button></form>'
    )
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [str(tmp_path)]

    def section(request, page):
        return HomeSection(title="Newsletter", template="section_form.html")

    with (
        override_settings(TEMPLATES=templates),
        hooks.register_temporarily(HOOK_NAME, section),
    ):
        anna, bernd = signed_in_client("anna-7441"), signed_in_client("bernd-7442")
        tokens = []
        for client in (Client(enforce_csrf_checks=True), anna, bernd):
            for headers in ({}, {"HTTP_CACHE_CONTROL": "no-cache"}):
                html = client.get("/", **headers).content.decode()
                assert "Abonnieren" in html
                assert csrf_slot() not in html
                tokens.append((client, token(client.get("/", **headers))))
        for client, value in tokens:
            assert client.post("/", {"csrfmiddlewaretoken": value}).status_code == 200
