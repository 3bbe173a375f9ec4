"""Proposals and budget projects in the sitemap, the site search and an Atom feed
per process (#25): only what is public, never a pending, rejected or withdrawn
proposal, never an author."""

import pytest
from defusedxml import ElementTree as ET
from django.utils import timezone

from consultations.models import ProposalStatus
from tests import factories
from tests.consultations.factories import budget, proposal, proposal_process
from tests.consultations.helpers import DAY

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def process(django_capture_on_commit_callbacks):
    page = proposal_process()
    author = factories.UserFactory(first_name="Erika", last_name="Geheim")
    with django_capture_on_commit_callbacks(execute=True):
        public = proposal(page, title="Trinkwasserbrunnen am Markt", author=author)
        proposal(
            page, title="Zaunkönighecke am Friedhof", status=ProposalStatus.PENDING
        )
        proposal(
            page, title="Beleidigender Quatschvorschlag", status=ProposalStatus.REJECTED
        )
        proposal(page, title="Zurückgezogene Idee", status=ProposalStatus.WITHDRAWN)
    page.public = public
    return page


def test_the_sitemap_lists_published_proposals_only(client, process):
    body = client.get("/sitemap.xml").content.decode()
    assert f"{process.url}{process.public.pk}/" in body
    hidden = process.proposals.exclude(pk=process.public.pk)
    assert hidden.count() == 3
    for item in hidden:
        assert f"{process.url}{item.pk}/</loc>" not in body


def test_the_feed_lists_new_published_proposals_without_authors(client, process):
    response = client.get(process.url + "feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Trinkwasserbrunnen am Markt"
    ]
    assert (
        entries[0]
        .find(f"{ATOM}link")
        .get("href")
        .endswith(f"{process.url}{process.public.pk}/")
    )
    body = response.content.decode()
    assert "Geheim" not in body and "Erika" not in body
    assert "Zaunkönighecke" not in body
    # the process page announces it
    page = client.get(process.url).content.decode()
    assert 'type="application/atom+xml"' in page
    assert f'href="{process.url}feed/"' in page


def test_a_published_proposal_appears_in_the_feed_of_an_anonymous_cache(
    client, process, django_capture_on_commit_callbacks
):
    assert "Neue Linde" not in client.get(process.url + "feed/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        item = proposal(process, title="Neue Linde", status=ProposalStatus.PENDING)
        item.status = ProposalStatus.PUBLISHED
        item.save()
    assert "Neue Linde" in client.get(process.url + "feed/").content.decode()
    assert "Neue Linde" in client.get(process.url).content.decode()


def test_budget_results_are_in_the_sitemap_once_public(client):
    page = budget(projects=[("Bücherschrank am Rathaus", 1200)])

    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"{page.url}</loc>" in sitemap
    assert f"{page.url}results/" not in sitemap  # voting: no results yet
    now = timezone.now()
    page.opens_at = now - 20 * DAY
    page.closes_at = now - 10 * DAY
    page.results_published_at = now - 5 * DAY
    page.save()
    assert f"{page.url}results/" in client.get("/sitemap.xml").content.decode()
