"""What a page request reads once (issue #23): the view restrictions of a page
within a request, a page's locale per process, the settings' linked pages in one
query, and their translations as Wagtail's ``localized`` finds them."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Page, PageViewRestriction

from home.models import StandardPage
from portal import locales
from portal.mixins import view_restrictions_memo
from portal.models import PortalSettings
from portal.shell import build_shell
from tests import factories

pytestmark = pytest.mark.django_db


def test_restrictions_are_read_once_per_request_and_again_after_a_change(
    django_assert_num_queries,
):
    page = factories.add_page(factories.home_page(), StandardPage, slug="intern")
    with view_restrictions_memo():
        with django_assert_num_queries(2):  # the ancestors, the restrictions
            assert not page.get_view_restrictions()
        with django_assert_num_queries(0):
            assert not page.get_view_restrictions().exists()
        again = Page.objects.get(pk=page.pk).specific  # another instance
        with django_assert_num_queries(0):
            assert not again.get_view_restrictions().exists()
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )
        assert page.get_view_restrictions().exists()
    # outside a request: read every time, as Wagtail does
    assert page.get_view_restrictions().exists()
    assert page.get_view_restrictions() is not page.get_view_restrictions()


def test_a_pages_locale_is_filled_in_without_a_query(django_assert_num_queries):
    page = Page.objects.get(pk=factories.home_page_en().pk)
    locales.fill_locale(page)
    with django_assert_num_queries(0):
        assert page.locale.language_code == "en"
        assert page.locale.pk == page.locale_id


def test_the_english_shell_links_the_pages_wagtail_would(django_assert_max_num_queries):
    home = factories.home_page()
    translated = factories.add_page(home, StandardPage, slug="impressum")
    factories.translate(translated, slug="imprint", title="Imprint")
    german_only = factories.add_page(home, StandardPage, slug="datenschutz")
    draft = factories.add_page(home, StandardPage, slug="barrierefreiheit")
    factories.translate(draft, slug="accessibility", title="Draft", publish=False)
    easy = factories.add_page(home, StandardPage, slug="leichte-sprache")
    factories.translate(easy, slug="easy-read", title="Easy read")
    site = home.get_site()
    values = PortalSettings.for_site(site)
    values.imprint_page = translated
    values.privacy_page = german_only
    values.accessibility_page = draft
    values.easy_language_page = easy
    values.save()
    request = RequestFactory().get("/en/")
    with translation.override("en"):
        expected = [
            Page.objects.get(pk=page.pk).localized.get_url(request)
            for page in (translated, german_only, draft, easy)
        ]
        with django_assert_max_num_queries(10):
            shell = build_shell(site, request)
    assert expected == [
        "/en/imprint/",
        "/datenschutz/",
        "/barrierefreiheit/",
        "/en/easy-read/",
    ]
    assert [link.url for link in shell.legal_links] == expected
    assert shell.easy_language.url == "/en/easy-read/"
    assert shell.sign_language is None
