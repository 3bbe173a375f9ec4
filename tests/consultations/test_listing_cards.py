"""The consultation listing's cards from the cache (issue #27): each card is
kept per content version AND phase, so the listing never shows a stale phase
when a consultation opens or closes (clock pinned across the boundaries), a
publish shows at once, and the cached page is the same as the uncached one."""

import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from consultations.models import ConsultationPage
from tests.fresh_render import fresh_client, get_counting

from .factories import DAY, budget, consultation, consultation_index, proposal_process

pytestmark = pytest.mark.django_db

HOUR = timezone.timedelta(hours=1)


def phases(html):
    """{title: phase css class} of the cards on the page."""
    return {
        title: phase
        for phase, title in re.findall(
            r'consultation-phase--(\w+)">.*?<a class="kern-link[^>]*>([^<]+)</a>',
            html,
            re.S,
        )
    }


def test_cards_follow_the_phase_boundaries(pinned_clock):
    index = consultation_index()
    start = pinned_clock.now
    consultation(
        index,
        title="Radweg",
        opens_at=start + HOUR,
        closes_at=start + 3 * HOUR,
    )
    consultation(
        index,
        title="Spielplatz",
        opens_at=start - DAY,
        closes_at=start + 2 * HOUR,
        results_published_at=start + 4 * HOUR,
    )
    process = proposal_process(index, title="Ideen")
    process.collecting_until = start + 2 * HOUR
    process.save_revision().publish()
    budget(index, title="Haushalt", closes_at=start + 3 * HOUR)
    client = fresh_client()

    def listing():
        html = client.get(index.url).content.decode()
        assert html == client.get(index.url).content.decode()  # from the cache
        return phases(html)

    assert listing() == {
        "Radweg": "announced",
        "Spielplatz": "open",
        "Ideen": "collecting",
        "Haushalt": "voting",
    }
    # a second before and after each boundary
    pinned_clock.now = start + HOUR - timezone.timedelta(seconds=1)
    assert listing()["Radweg"] == "announced"
    pinned_clock.now = start + HOUR
    assert listing()["Radweg"] == "open"
    pinned_clock.now = start + 2 * HOUR + timezone.timedelta(seconds=1)
    seen = listing()
    assert seen["Spielplatz"] == "evaluation"
    assert seen["Ideen"] == "supporting"
    assert seen["Radweg"] == "open"
    pinned_clock.now = start + 3 * HOUR + timezone.timedelta(seconds=1)
    seen = listing()
    assert seen["Radweg"] == "evaluation" and seen["Haushalt"] == "counting"
    pinned_clock.now = start + 4 * HOUR
    assert listing()["Spielplatz"] == "results"
    # the status filter and the cards agree at the new moment
    html = client.get(index.url, {"status": "results"}).content.decode()
    assert set(phases(html)) == {"Spielplatz", "Ideen", "Haushalt"}  # + side list


def test_two_queries_fewer_and_the_same_html_as_uncached():
    index = consultation_index()
    for number in range(5):
        consultation(index, title=f"Beteiligung {number}")
    client = fresh_client()
    first, cold = get_counting(client, index.url)
    second, warm = get_counting(client, index.url)
    assert warm <= 1 < cold
    assert second.content == first.content
    cache.clear()
    assert client.get(index.url).content == first.content


def test_a_publish_shows_at_once():
    index = consultation_index()
    page = consultation(index, title="Alter Titel")
    client = fresh_client()
    assert "Alter Titel" in client.get(index.url).content.decode()
    page = ConsultationPage.objects.get(pk=page.pk)
    page.title = "Neuer Titel"
    page.save_revision().publish()
    html = client.get(index.url).content.decode()
    assert "Neuer Titel" in html and "Alter Titel" not in html


def test_the_filter_bar_is_kept_per_chosen_values():
    index = consultation_index()
    consultation(index, title="Radweg", topic="traffic")
    client = fresh_client()
    for _ in range(2):
        chosen = client.get(index.url, {"topic": "traffic", "status": "open"})
        html = chosen.content.decode()
        assert '<option value="traffic" selected>' in html
        assert '<a href="?status=open" aria-current="true">' in html
        plain = client.get(index.url).content.decode()
        assert '<option value="traffic" selected>' not in plain
        assert '<option value="" selected>Alle Themen</option>' in plain
        assert 'aria-current="true">Alle Beteiligungen' in plain.replace("\n", "")
