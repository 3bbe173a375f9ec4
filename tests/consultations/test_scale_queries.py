"""Proposal lists and budget results need the same number of queries however
many proposals, supports and ballots there are (#25, bench/participation.py
measures them at 10,000 proposals and 50,000 ballots): supports and votes are
counted in SQL, card thumbnails come in one query."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.models import (
    Assessment,
    Ballot,
    BallotChannel,
    BudgetProject,
    ProposalSupport,
    Topic,
)
from tests import factories
from tests.consultations.factories import budget, proposal, proposal_process
from tests.consultations.helpers import DAY

pytestmark = pytest.mark.django_db

# 24 at most before the shell and the view restrictions cost fewer queries (#23)
MAX_QUERIES = 22


def count_queries(client, url):
    """Queries of a fresh render of ``url`` (caches emptied), the streamed
    body read inside the count."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries)


def add_proposals(process, count, start=0):
    """Proposals with supports; every third with an image of its own (one
    shared image would hide a query per image behind the renditions cache)."""
    for n in range(start, start + count):
        item = proposal(
            process,
            title=f"Vorschlag {n}",
            topic=Topic.TRAFFIC if n % 2 else Topic.OTHER,
            image=factories.ImageFactory() if n % 3 == 0 else None,
            assessment=Assessment.FEASIBLE if n % 4 == 0 else "",
        )
        ProposalSupport.objects.bulk_create(
            ProposalSupport(proposal=item, person_hash=f"p-{n}-{k}")
            for k in range(n % 5)
        )


def test_the_proposal_list_and_feed_need_the_same_queries_for_many_proposals(
    client,
):
    process = proposal_process(support_threshold=3)
    add_proposals(process, 4)
    urls = [
        process.url,
        process.url + "?topic=traffic&sort=newest",
        process.url + "feed/",
    ]
    for url in urls:
        client.get(url)  # renditions and the site shell made once
    few = [count_queries(client, url) for url in urls]

    add_proposals(process, 45, start=4)
    urls.append(process.url + "?page=2")
    for url in urls:
        client.get(url)  # the new images' renditions made once
    many = [count_queries(client, url) for url in urls]

    assert many[:3] == few
    assert many[3] == many[0]  # a deeper page, as many queries as the first
    assert max(many) <= MAX_QUERIES


def test_the_budget_results_and_exports_need_the_same_queries_for_many_ballots(
    client,
):
    now = timezone.now()
    page = budget(
        projects=[("Spielplatz", 6000), ("Bänke", 3000), ("Brunnen", 5000)],
        opens_at=now - 20 * DAY,
        closes_at=now - 10 * DAY,
        results_published_at=now - 5 * DAY,
    )
    projects = list(BudgetProject.objects.filter(budget=page))
    urls = [page.url + "results/", page.url + "results/csv/"]
    urls.append(page.url + "results/xlsx/")

    def vote(count, start):
        for n in range(start, start + count):
            ballot = Ballot.objects.create(
                budget=page,
                person_hash=f"b-{n}",
                channel=BallotChannel.PAPER if n % 4 == 0 else BallotChannel.ONLINE,
            )
            ballot.projects.set(projects[: 1 + n % 3])

    vote(2, 0)
    for url in urls:
        client.get(url)
    few = [count_queries(client, url) for url in urls]
    vote(40, 2)
    many = [count_queries(client, url) for url in urls]

    assert many == few
    assert max(many) <= MAX_QUERIES
    body = client.get(urls[0]).content.decode()
    assert "42 Stimmzettel" in body or "42 ballots" in body
