"""The catalogue page: search, facets with correct counts, sorting, pagination."""

import re

import pytest
from django.core.cache import cache
from django.core.paginator import Paginator

from datasets.catalogue import PAGE_SIZE, CatalogueSearch
from datasets.models import DatasetPage
from tests import factories
from tests.datasets import factories as data

# The nine datasets of ``data.catalogue`` (its docstring has the table).
world = factories.module_data(data.catalogue)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def search(data_index, **params):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in params.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return CatalogueSearch(query, parent=data_index).run()


def facet(result, name):
    for item in result["facets"]:
        if item.name == name:
            return {value.value: value.count for value in item.values}
    return {}


class TestFacets:
    def test_counts_over_everything(self, data_index):
        result = search(data_index)
        assert result["count"] == data.CATALOGUE_COUNT == 9
        assert facet(result, "organisation") == {
            "amt-crivitz": 7,
            "gemeinde-plate": 1,
            "stadt-crivitz": 1,
        }
        assert facet(result, "theme")["ENVI"] == 3
        assert facet(result, "format") == {"CSV": 5, "GEOJSON": 4, "XLSX": 1}
        assert facet(result, "municipality") == {"crivitz": 2, "plate": 5}
        assert facet(result, "licence")["dl-zero-de/2.0"] == 4

    def test_counts_follow_the_filters(self, data_index):
        result = search(data_index, theme="TRAN")
        assert result["count"] == 2
        assert facet(result, "theme") == {"TRAN": 2, "ENER": 1}
        assert facet(result, "organisation") == {"amt-crivitz": 1, "stadt-crivitz": 1}
        narrowed = search(data_index, theme="TRAN", organisation="stadt-crivitz")
        assert narrowed["count"] == 1
        assert facet(narrowed, "format") == {"GEOJSON": 1}

    def test_counts_are_distinct_across_joins(self, data_index):
        # A dataset with two CSV files, five keywords and two places counts once.
        result = search(data_index, format="CSV", municipality="plate")
        assert result["count"] == 4
        assert facet(result, "format")["CSV"] == result["count"]

    def test_values_within_one_facet_are_alternatives(self, data_index):
        result = search(data_index, frequency=["WEEKLY", "QUARTERLY"])
        slugs = {page.slug for page in result["page"].object_list}
        assert slugs == {"wasserstand-plate", "abfuhrtermine"}

    def test_keyword_facet(self, data_index):
        result = search(data_index, keyword="Geodaten")
        assert result["count"] == 4


class TestSearchAndSort:
    def test_text_search_ranks_title_matches_first(self, data_index):
        result = search(data_index, q="Badewasser")
        slugs = [page.slug for page in result["page"].object_list]
        assert slugs == ["badewasserqualitaet"]
        toilets = search(data_index, q="toiletten barrierefreiheit")
        assert [p.slug for p in toilets["page"].object_list] == [
            "oeffentliche-toiletten"
        ]

    def test_relevance_puts_title_hits_before_description_hits(
        self, data_index, make_dataset
    ):
        make_dataset("aaa", title="Sonstiges", description="Auch über Spielplätze.")
        result = search(data_index, q="Spielplätze")
        slugs = [page.slug for page in result["page"].object_list]
        assert slugs == ["spielplaetze", "aaa"]

    def test_sort_by_title_and_modified(self, data_index, make_dataset):
        for title in ["Zeta", "Alpha", "Mitte"]:
            make_dataset(title.lower(), title=title, description="Sortierprobe")
        result = search(data_index, q="Sortierprobe", sort="title")
        titles = [page.title for page in result["page"].object_list]
        assert titles == ["Alpha", "Mitte", "Zeta"]
        by_date = search(data_index, sort="modified")["page"].object_list
        stamps = [page.metadata_modified for page in by_date]
        assert stamps == sorted(stamps, reverse=True)

    def test_bad_parameters_fall_back(self, data_index):
        result = search(data_index, sort="evil", page="abc")
        assert result["sort"] == "modified" and result["page"].number == 1


class TestPage:
    def test_renders_without_javascript_as_get_form(self, client, data_index):
        response = client.get(data_index.url, {"theme": "ENVI", "q": "See"})
        assert response.status_code == 200
        html = response.content.decode()
        assert '<form class="filter-bar catalogue-search" method="get"' in html
        assert "Badewasserqualität" in html
        assert re.search(r'name="theme" value="ENVI"\s+checked', html)
        assert 'for="filter-q"' in html
        assert '<input type="hidden" name="theme" value="ENVI"' in html  # kept
        assert 'class="filter-bar__reset"' in html

    def test_dataset_page_and_english_translation(self, client):
        # the data section and the population dataset are translated
        html = client.get("/daten/einwohner-nach-gemeinden/").content.decode()
        assert "Einwohner nach Gemeinden" in html
        assert "/datasets/download/" in html
        english = client.get("/en/data/population-by-municipality/")
        assert english.status_code == 200
        assert "Population by municipality" in english.content.decode()
        assert client.get("/en/data/").status_code == 200

    def test_home_section_lists_new_datasets(self, client, home):
        html = client.get(home.url).content.decode()
        assert "/daten/" in html
        assert "Wasserstand am Pegel Plate" in html


def build_a_page_more():
    """``PAGE_SIZE`` datasets more ("Zeile 00" to "Zeile 19"): with the nine of
    the catalogue two pages, the second (the last by title) ending with them."""
    publisher = data.organisation("amt-crivitz", name="Amt Crivitz")
    for number in range(PAGE_SIZE):
        data.dataset(
            f"zeile-{number:02d}", title=f"Zeile {number:02d}", publisher=publisher
        )


# built once for the class's tests (the other tests see the nine alone)
a_page_more = factories.module_data(build_a_page_more, scope="class")


@pytest.mark.usefixtures("a_page_more")
class TestPages:
    def test_pagination(self, client, data_index):
        response = client.get(data_index.url, {"page": "2", "sort": "title"})
        html = response.content.decode()
        assert 'aria-current="page">2<' in html
        total = DatasetPage.objects.live().child_of(data_index).count()
        assert Paginator(range(total), PAGE_SIZE).num_pages == 2
        # the one pager: the sort is kept, the first page has no page parameter
        assert 'href="?sort=title" rel="prev"' in html
        # past the end: the last page
        html = client.get(data_index.url, {"page": "99", "sort": "title"})
        assert 'aria-current="page">2<' in html.content.decode()

    def test_deep_page_is_marked_and_an_edit_shows_after_publish(
        self, client, data_index
    ):
        total = DatasetPage.objects.live().child_of(data_index).count()
        last = str(Paginator(range(total), PAGE_SIZE).num_pages)
        assert last != "1"
        client.cookies["sessionid"] = "signed-in"  # past the page cache
        for _ in range(2):
            response = client.get(data_index.url, {"page": last, "sort": "title"})
            html = response.content.decode()
            assert f'aria-current="page">{last}<' in html
            assert f"Zeile {PAGE_SIZE - 1:02d}" in html
        page = DatasetPage.objects.get(slug=f"zeile-{PAGE_SIZE - 1:02d}")
        page.title = "Zeile geändert"
        page.save_revision().publish()
        response = client.get(data_index.url, {"page": last, "sort": "title"})
        html = response.content.decode()
        assert "Zeile geändert" in html
        assert f"Zeile {PAGE_SIZE - 1:02d}" not in html


class TestCachedListing:
    def test_filter_column_is_rendered_once_until_content_changes(
        self, client, data_index, make_dataset, monkeypatch
    ):
        """The facets' column comes from the cache on later fresh renders (no
        facet computed), is the same HTML as the uncached one, follows the
        filters and the language, and a publish shows at once."""
        client.cookies["sessionid"] = "signed-in"  # past the page cache
        computed = []
        compute = CatalogueSearch.compute_facets

        def counting(self, queryset):
            computed.append(self.filter_key())
            return compute(self, queryset)

        monkeypatch.setattr(CatalogueSearch, "compute_facets", counting)

        def column(params):
            html = client.get(data_index.url, params).content.decode()
            return html[html.index("<aside") : html.index("</aside>")]

        first = column({"theme": "ENVI"})
        assert re.search(r'name="theme" value="ENVI"\s+checked', first)
        assert column({"theme": "ENVI"}) == first
        assert len(computed) == 1
        # other filters: their own column
        other = column({"theme": "TRAN"})
        assert other != first and len(computed) == 2
        assert not re.search(r'name="theme" value="ENVI"\s+checked', other)
        # the same HTML as rendered without the cache
        cache.clear()
        assert column({"theme": "ENVI"}) == first
        # a publish changes the counts at once
        make_dataset("neu-umwelt", title="Neu", themes=("ENVI",))
        counts = re.findall(
            r'facet-theme-\d+">[^<]*<span class="facet__count">\((\d+)', first
        )
        after = column({"theme": "ENVI"})
        assert (
            re.findall(
                r'facet-theme-\d+">[^<]*<span class="facet__count">\((\d+)', after
            )
            != counts
        )
        assert "Neu" in client.get(data_index.url, {"theme": "ENVI"}).content.decode()
