"""The dataset page from a cached fragment (issue #27): a fresh render (a
signed-in visit) loads the page and its downloads, nothing else; the metadata
and the schema.org data come from the cache until content changes; download
counts stay live."""

import re

import pytest
from django.core.cache import cache
from wagtail.coreutils import get_dummy_request

from datasets.models import DatasetPage, Distribution
from tests import factories
from tests.fresh_render import fresh_client, get_counting

from . import factories as data

pytestmark = pytest.mark.django_db

URL = "/daten/einwohner-nach-gemeinden/"


def build_world():
    data.data_index()
    place = factories.MunicipalityFactory(name="Plate", slug="plate")
    return data.population_dataset(
        municipalities=[place],
        contact_email="daten@example.org",
    )


world = factories.module_data(build_world)


def folded(html):
    return re.sub(r"\s+", " ", html)


def test_renders_again_with_two_queries_and_the_same_html(world):
    client = fresh_client()
    first, cold = get_counting(client, URL)
    second, queries = get_counting(client, URL)
    assert queries <= 2 < cold  # the page and its downloads with their counts
    html = second.content.decode()
    assert html == first.content.decode()
    for text in ("Einwohner nach Gemeinden", "Amt Crivitz", "Bevölkerung", "Plate"):
        assert text in html
    assert '"@type": "Dataset"' in html or '"@type":"Dataset"' in html
    # the same page as rendered without any cache
    cache.clear()
    assert folded(client.get(URL).content.decode()) == folded(html)


def test_download_counts_stay_live(world):
    client = fresh_client()
    client.get(URL)
    distribution = Distribution.objects.filter(page=world).order_by("sort_order")[0]
    distribution.record_download()
    distribution.record_download()
    html = client.get(URL).content.decode()
    assert re.search(r"<dd>2</dd>", html)


def test_a_publish_shows_at_once(world):
    client = fresh_client()
    client.get(URL)
    page = DatasetPage.objects.get(pk=world.pk)
    page.contact_email = "neu@example.org"
    page.save_revision().publish()
    html = client.get(URL).content.decode()
    assert "neu@example.org" in html and "daten@example.org" not in html


def test_a_preview_renders_the_draft_not_the_cached_fragment(world):
    page = DatasetPage.objects.get(pk=world.pk)
    request = get_dummy_request()
    request.is_preview = True
    assert page.get_context(request)["detail_pages"] == []
    request = get_dummy_request()
    assert page.get_context(request)["detail_pages"] == [page]
