"""Demo smoke: the bench's bulk-loaded scale data (``load_demo --scale``) is
indexed and found. It needs the demo's sections, so it runs with the demo."""

import pytest
from wagtail.search.models import IndexEntry

from home.models import NewsPage
from search.indexing import index_missing
from tests.portal.test_shell_cache import load_scale_data
from tests.search.test_search import hits
from tourism.models import AttractionPage, EventPage

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def unindexed(model):
    indexed = {
        int(pk)
        for pk in IndexEntry.objects.filter(
            content_type__model=model._meta.model_name,
            content_type__app_label=model._meta.app_label,
        ).values_list("object_id", flat=True)
    }
    return set(model.objects.values_list("pk", flat=True)) - indexed


def test_scale_data_is_indexed_and_found(client, monkeypatch):
    load_scale_data(monkeypatch, count=20)
    for model in (EventPage, AttractionPage, NewsPage):
        assert model.objects.filter(slug__regex=r"-\d+$").count() >= 20
        assert unindexed(model) == set(), model
    event = EventPage.objects.get(slug="termin-7")
    response = client.get("/suche/", {"q": event.title})
    assert event.url in hits(response)
    # Idempotent: a second run finds nothing left to index.
    assert index_missing() == 0
