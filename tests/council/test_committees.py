"""Councils and committees with their members, and the member search (no demo data)."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone
from wagtail.models import Page

from council.models import CouncilIndexPage
from tests.factories import add_page, home_page, module_data, translate

from .factories import (
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def build_world():
    """The council section page; two councils of one town, a committee, two
    groups and their members: once for the module (``module_data``: each test's
    changes are rolled back), the tests get them fetched afresh."""
    section = add_page(
        home_page(),
        CouncilIndexPage,
        title="Gremien",
        slug="gremien",
        source_name="RIS",
    )
    body = BodyFactory(name="Stadt Seeburg")
    council = OrganizationFactory(
        body=body, name="Stadtvertretung Seeburg", classification="Parlament"
    )
    committee = OrganizationFactory(body=body, name="Bauausschuss Seeburg")
    green = PartyFactory(body=body, name="Fraktion Grün", short_name="Grüne")
    blue = PartyFactory(body=body, name="Fraktion Blau", short_name="")
    anna = PersonFactory(given_name="Anna", family_name="Zander")
    bernd = PersonFactory(given_name="Bernd", family_name="Ahrens")
    clara = PersonFactory(given_name="Clara", family_name="Ohm")
    MembershipFactory(person=anna, organization=council, role="Mitglied")
    MembershipFactory(person=anna, organization=green)
    MembershipFactory(person=bernd, organization=council, role="Vorsitzender")
    MembershipFactory(person=bernd, organization=committee, role="Mitglied")
    MembershipFactory(person=bernd, organization=blue)
    # Clara's seat ended yesterday: she is no longer a member.
    MembershipFactory(
        person=clara,
        organization=council,
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    built = {
        "council": council,
        "committee": committee,
        "green": green,
        "anna": anna,
        "bernd": bernd,
    }
    return SimpleNamespace(
        section=section.pk,
        rows={key: (type(value), value.pk) for key, value in built.items()},
    )


world_rows = module_data(build_world)


@pytest.fixture
def council(world_rows):
    return Page.objects.get(pk=world_rows.section).specific


@pytest.fixture
def world(world_rows):
    return {
        key: model.objects.get(pk=pk) for key, (model, pk) in world_rows.rows.items()
    }


def test_index_lists_councils_and_committees_with_member_counts(client, council, world):
    html = client.get(council.url).content.decode()
    overview = html.split('id="committees-title"')[1].split('id="upcoming-title"')[0]
    assert "Stadt Seeburg" in overview
    # The council first, then its committees; groups are no committee.
    assert overview.index("Stadtvertretung Seeburg") < overview.index("Bauausschuss")
    assert "Fraktion Grün" not in overview
    assert f'href="{council.url}gremium/{world["council"].pk}/"' in overview
    assert "2 Mitglieder" in overview  # Clara's seat has ended
    assert "1 Mitglied<" in overview
    assert f'href="{council.url}mitglieder/"' in overview


def test_committee_page_lists_members_roles_parties_and_meetings(
    client, council, world
):
    upcoming = MeetingFactory(
        name="Sitzung im Winter", organizations=[world["council"]]
    )
    MeetingFactory(
        name="Sitzung im Sommer",
        start=timezone.now() - datetime.timedelta(days=60),
        organizations=[world["council"]],
    )
    MeetingFactory(
        name="Sitzung des Bauausschusses", organizations=[world["committee"]]
    )
    response = client.get(f"{council.url}gremium/{world['council'].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    members = html.split('id="members-title"')[1].split('id="upcoming-title"')[0]
    # The chair first; party by short name, else by name.
    assert members.index("Bernd Ahrens") < members.index("Anna Zander")
    assert "Vorsitzender" in members
    assert "Grüne" in members and "Fraktion Blau" in members
    assert "Clara Ohm" not in members
    meetings = html.split('id="upcoming-title"')[1]
    assert f"sitzung/{upcoming.pk}/" in meetings.split('id="past-title"')[0]
    assert "Sitzung im Sommer" in meetings.split('id="past-title"')[1]
    assert "Sitzung des Bauausschusses" not in html
    # The meeting page links back to its committee.
    meeting_html = client.get(f"{council.url}sitzung/{upcoming.pk}/").content.decode()
    assert f'href="{council.url}gremium/{world["council"].pk}/"' in meeting_html


def test_parties_and_deleted_committees_have_no_page(client, council, world):
    assert client.get(f"{council.url}gremium/{world['green'].pk}/").status_code == 404
    gone = OrganizationFactory(deleted=True)
    assert client.get(f"{council.url}gremium/{gone.pk}/").status_code == 404


def test_member_search_without_filter_lists_current_members(client, council, world):
    html = client.get(f"{council.url}mitglieder/").content.decode()
    assert "2 Mitglieder" in html
    assert html.index("Bernd Ahrens") < html.index("Anna Zander")  # by family name
    assert "Clara Ohm" not in html
    assert "Bauausschuss Seeburg</a> – Mitglied" in html
    assert '<label class="kern-label" for="filter-name">' in html


@pytest.mark.parametrize(
    ("query", "found", "not_found"),
    [
        ("name=zand", "Anna Zander", "Bernd Ahrens"),
        ("name=Bernd+Ahrens", "Bernd Ahrens", "Anna Zander"),
        ("party=Gr%C3%BCne", "Anna Zander", "Bernd Ahrens"),
        ("party=Fraktion+Blau", "Bernd Ahrens", "Anna Zander"),
    ],
)
def test_member_search_filters_by_name_and_party(
    client, council, world, query, found, not_found
):
    html = client.get(f"{council.url}mitglieder/?{query}").content.decode()
    results = html.split('id="results-title"')[1]
    assert found in results
    assert not_found not in results


def test_member_search_by_committee_and_no_result(client, council, world):
    url = f"{council.url}mitglieder/"
    html = client.get(f"{url}?committee={world['committee'].pk}").content.decode()
    results = html.split('id="results-title"')[1]
    assert "Bernd Ahrens" in results and "Anna Zander" not in results
    html = client.get(f"{url}?name=Niemand").content.decode()
    assert "Kein Mitglied passt zu Ihrer Suche" in html


def test_member_search_rejects_unknown_choices_with_an_error(client, council, world):
    response = client.get(f"{council.url}mitglieder/?committee=999999&party=X")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "Bitte eine gültige Auswahl treffen" in html
    assert "Anna Zander" not in html.split('id="results-title"')[1]


def test_english_member_search(client, council, world):
    translate(council, title="Council", slug="council")
    html = client.get("/en/council/mitglieder/?name=anna").content.decode()
    assert "Council members" in html
    assert "1 member<" in html
    assert "Anna Zander" in html


def test_sitemap_lists_committee_pages_and_member_search(client, council, world):
    xml = client.get("/sitemap.xml").content.decode()
    assert f"/gremien/gremium/{world['committee'].pk}/" in xml
    assert "/gremien/mitglieder/" in xml
    assert f"/gremien/gremium/{world['green'].pk}/" not in xml
