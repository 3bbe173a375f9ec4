"""Editors keep the search synonyms in the admin; the starter list loads once."""

import pytest
from django.urls import reverse

from portal import roles
from search.models import SynonymGroup
from search.query import run_search
from search.starter import load_starter_synonyms, starter_groups
from tests.factories import StaffFactory, locale
from tests.search.factories import text_page

pytestmark = pytest.mark.django_db

GENERAL_EDITORS = "Redaktion Allgemein und Aktuelles"


@pytest.fixture
def editors(home):
    roles.setup_roles()
    return {
        "general": StaffFactory(groups=[GENERAL_EDITORS]),
        "tourism": StaffFactory(groups=["Redaktion Tourismus"]),
    }


def test_the_general_editors_keep_the_synonyms(client, editors, home):
    page = text_page(home, "Abfuhrtermine", "Wann der Abfall abgeholt wird.")
    client.force_login(editors["general"])
    add_url = reverse("wagtailsnippets_portal_search_synonymgroup:add")
    assert client.get(add_url).status_code == 200
    response = client.post(
        add_url + "?locale=de", {"terms": "Müll, Abfall", "note": "Bürgersprache"}
    )
    assert response.status_code == 302
    group = SynonymGroup.objects.get()
    assert group.locale.language_code == "de"
    # At once, without re-indexing.
    assert page.url in [hit.url for hit in run_search("Müll", locale()).hits]


def test_a_group_of_one_word_is_refused_with_a_message(client, editors):
    client.force_login(editors["general"])
    add_url = reverse("wagtailsnippets_portal_search_synonymgroup:add")
    response = client.post(add_url + "?locale=de", {"terms": "Müll", "note": ""})
    assert response.status_code == 200
    assert "Geben Sie mindestens zwei Wörter an" in response.content.decode()
    assert not SynonymGroup.objects.exists()


def test_other_editors_may_not_change_synonyms(client, editors):
    client.force_login(editors["tourism"])
    add_url = reverse("wagtailsnippets_portal_search_synonymgroup:add")
    response = client.get(add_url)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_the_starter_list_loads_once_and_keeps_the_editors_groups():
    created = load_starter_synonyms()
    assert created == len(starter_groups("de")) + len(starter_groups("en"))
    assert SynonymGroup.objects.filter(
        locale__language_code="de", terms__startswith="Müll, Abfall"
    ).exists()
    assert load_starter_synonyms() == 0
    group = SynonymGroup.objects.filter(locale__language_code="en").first()
    group.terms = group.terms + ", extra"
    group.save()
    assert load_starter_synonyms() == 1  # the changed group is a group of its own
