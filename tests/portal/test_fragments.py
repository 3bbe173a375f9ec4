"""Listing cards cached under the content version (portal/fragments.py, issue #27)."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.utils import translation

from home.models import NewsIndexPage, NewsPage
from portal import fragments
from portal.shell import content_version
from tests.factories import add_page, home_page

pytestmark = pytest.mark.django_db


def news_index():
    return add_page(home_page(), NewsIndexPage, title="Aktuelles", slug="aktuelles")


def add_news(index, title):
    page = NewsPage(title=title, intro="Kurz", date=datetime.date(2026, 5, 4))
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def fresh(client, path):
    """A render as a signed-in visitor gets it: with a cookie, past the page cache."""
    client.cookies["sessionid"] = "anything"
    response = client.get(path)
    assert response.status_code == 200
    assert "X-Portal-Cache" not in response
    return response.content.decode()


def test_cards_come_from_the_cache_until_content_changes(client):
    index = news_index()
    first = add_news(index, "Erntefest in Leezen")
    add_news(index, "Neue Kita in Banzkow")
    html = fresh(client, index.url)
    assert "Erntefest in Leezen" in html and "Neue Kita in Banzkow" in html
    assert any("portal-fragment:" in key for key in cache._cache)

    # A change that bypasses publishing (no version bump) keeps the cached card...
    NewsPage.objects.filter(pk=first.pk).update(intro="Geheim geändert")
    assert "Geheim geändert" not in fresh(client, index.url)
    # ...publishing makes every card stale at once.
    version = content_version()
    first.refresh_from_db()
    first.title = "Erntefest abgesagt"
    first.save_revision().publish()
    assert content_version() > version
    html = fresh(client, index.url)
    assert "Erntefest abgesagt" in html and "Geheim geändert" in html
    assert "Erntefest in Leezen" not in html


def test_escaping_survives_the_cache(client):
    index = news_index()
    add_news(index, "<script>alert(1)</script>")
    for _ in range(2):
        html = fresh(client, index.url)
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


CARD = '{% load portal_tags %}{% include_each "portal/tests/card.html" items as item %}'


def render(items, host="portal.example", language="de"):
    request = RequestFactory().get("/", HTTP_HOST=host)
    with translation.override(language):
        return Template(CARD).render(Context({"items": items, "request": request}))


@pytest.fixture
def card_template(tmp_path, settings):
    (tmp_path / "portal" / "tests").mkdir(parents=True)
    (tmp_path / "portal" / "tests" / "card.html").write_text(
        "{% load i18n %}<li>{{ item.name }} {% translate 'Search' %}</li>"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [str(tmp_path)]},
    ]
    yield


def test_keys_keep_languages_hosts_days_and_objects_apart(card_template, settings):
    settings.ALLOWED_HOSTS = ["*"]
    items = [SimpleNamespace(pk=1, name="A"), SimpleNamespace(pk=2, name="B")]
    assert render(items) == "<li>A Suchen</li><li>B Suchen</li>"
    assert render(items, language="en") == "<li>A Search</li><li>B Search</li>"
    # Cached: the objects' new names do not show under the same key...
    items[0].name = "A2"
    assert render(items) == "<li>A Suchen</li><li>B Suchen</li>"
    # ...but on another host, or on another day, the card is rendered afresh.
    assert render(items, host="other.example").startswith("<li>A2 Suchen</li>")
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fragments.timezone, "localdate", lambda: tomorrow)
        assert render(items).startswith("<li>A2 Suchen</li>")


def test_items_without_a_primary_key_are_never_cached(card_template):
    item = SimpleNamespace(pk=None, name="A")
    assert render([item]) == "<li>A Suchen</li>"
    item.name = "B"
    assert render([item]) == "<li>B Suchen</li>"
    assert not any("portal-fragment:" in key for key in cache._cache)


def test_a_filter_field_is_cached_per_value_and_never_with_errors():
    from django import forms

    class Filter(forms.Form):
        hide_optional_marker = True
        kind = forms.ChoiceField(
            required=False, choices=[("", "Alle"), ("a", "Art A"), ("b", "Art B")]
        )
        since = forms.DateField(required=False)

    def render(data):
        form = Filter(data)
        form.is_valid()
        return fragments.field_group(form["kind"]), fragments.field_group(form["since"])

    plain, _ = render(None)
    assert plain == render(None)[0]
    chosen, _ = render({"kind": "b"})
    assert chosen != plain
    assert '<option value="b" selected>' in chosen
    assert render({"kind": "b"})[0] == chosen
    assert '<option value="a" selected>' in render({"kind": "a"})[0]
    # an invalid value is shown with its error every time, never from the cache
    _, wrong = render({"since": "kein Datum"})
    assert "kein Datum" in wrong and "error" in wrong
    _, empty = render({"since": ""})
    assert "kein Datum" not in empty and "error" not in empty
    # the labels are part of the key: a changed choice label shows at once
    Filter.base_fields["kind"].choices = [("", "Alle"), ("a", "Sorte A")]
    assert "Sorte A" in render(None)[0]


def test_a_variant_is_its_own_card(card_template, settings):
    """``Deferred(..., variants=…)``: a card keyed by what it shows besides its
    content (a phase that follows the clock) is rendered afresh for a new
    variant and never served for another one."""
    settings.ALLOWED_HOSTS = ["*"]
    items = {1: SimpleNamespace(pk=1, name="offen"), 2: SimpleNamespace(pk=2, name="B")}
    loads = []

    def load(pks):
        loads.append(list(pks))
        return {pk: items[pk] for pk in pks}

    def deferred(variant):
        return fragments.Deferred(SimpleNamespace, [1, 2], load, {1: variant})

    assert render(deferred("open")) == "<li>offen Suchen</li><li>B Suchen</li>"
    assert render(deferred("open")) == "<li>offen Suchen</li><li>B Suchen</li>"
    assert loads == [[1, 2]]
    items[1].name = "geschlossen"
    # the next variant: only that card is loaded and rendered
    assert render(deferred("closed")) == "<li>geschlossen Suchen</li><li>B Suchen</li>"
    assert loads == [[1, 2], [1]]
    # the old variant's card is still the old one (its own entry)
    assert render(deferred("open")).startswith("<li>offen ")


def page_fragment(page, request, query, counter):
    template = Template(
        "{% load portal_tags %}"
        '{% page_fragment "listing" page query %}<p>{{ page.title }} {{ query }} '
        "{{ count }}</p>{% endpage_fragment %}"
    )
    return template.render(
        Context(
            {
                "page": page,
                "request": request,
                "query": query,
                "count": lambda: next(counter),
            }
        )
    )


def test_a_page_fragment_is_rendered_once_per_content_version_and_value():
    page = news_index()
    request = RequestFactory().get("/aktuelles/")
    counter = iter(range(100))
    first = page_fragment(page, request, "page=1", counter)
    assert first == "<p>Aktuelles page=1 0</p>"
    # cached: the lazy value is not computed again
    assert page_fragment(page, request, "page=1", counter) == first
    # another value is another fragment
    assert page_fragment(page, request, "page=2", counter) == (
        "<p>Aktuelles page=2 1</p>"
    )
    # a publish makes it stale: the same output as uncached, with the new title
    page.title = "Neuigkeiten"
    page.save_revision().publish()
    assert page_fragment(page, request, "page=1", counter) == (
        "<p>Neuigkeiten page=1 2</p>"
    )


def test_a_preview_renders_the_page_fragment_every_time():
    page = news_index()
    request = RequestFactory().get("/aktuelles/")
    request.is_preview = True
    counter = iter(range(100))
    assert page_fragment(page, request, "", counter) == "<p>Aktuelles  0</p>"
    assert page_fragment(page, request, "", counter) == "<p>Aktuelles  1</p>"


def test_a_page_fragment_with_a_timeout_is_kept_that_long(monkeypatch):
    """``for seconds``: a part showing data that is not page content (the
    council's meetings) is kept for a short time, and ``for`` is not a value."""
    page = news_index()
    request = RequestFactory().get("/aktuelles/")
    timeouts = []
    original_set = fragments.cache.set

    def recording_set(key, value, timeout=None, **kwargs):
        timeouts.append(timeout)
        return original_set(key, value, timeout, **kwargs)

    monkeypatch.setattr(fragments.cache, "set", recording_set)
    template = Template(
        "{% load portal_tags %}"
        '{% page_fragment "meetings" page minute for seconds %}<p>{{ minute }} '
        "{{ count }}</p>{% endpage_fragment %}"
    )
    counter = iter(range(100))

    def render(minute):
        context = {"page": page, "request": request, "minute": minute}
        context.update(seconds=60, count=lambda: next(counter))
        return template.render(Context(context))

    assert render("10:00") == "<p>10:00 0</p>"
    assert render("10:00") == "<p>10:00 0</p>"
    assert render("10:01") == "<p>10:01 1</p>"
    assert timeouts == [60, 60]


def test_page_fragment_refuses_a_missing_page():
    with pytest.raises(TemplateSyntaxError):
        Template('{% load portal_tags %}{% page_fragment "x" %}{% endpage_fragment %}')
