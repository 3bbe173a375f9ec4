"""The fq/q parser of package_search: what harvesters send, and what it refuses."""

from datetime import UTC, datetime

import pytest
from django.db.models import Q

from datasets.catalogue import public_datasets
from datasets.ckan.query import QueryError, parse_date, parse_fq, parse_q, tokenize
from tests import factories
from tests.datasets import factories as data

# The nine datasets of ``data.catalogue`` (its docstring has the table).
world = factories.module_data(data.catalogue)


def slugs(condition):
    return set(public_datasets().filter(condition).values_list("slug", flat=True))


class TestTokenizer:
    def test_dates_with_colons_stay_one_word(self):
        tokens = tokenize("metadata_modified:[2025-01-01T00:00:00Z TO *]")
        assert tokens == [
            ("word", "metadata_modified"),
            ("colon", ":"),
            ("lrange", "["),
            ("word", "2025-01-01T00:00:00Z"),
            ("to", "TO"),
            ("word", "*"),
            ("rrange", "]"),
        ]

    def test_quoted_values_and_leading_minus(self):
        assert tokenize('-tags:"Öffentliche Toiletten"') == [
            ("minus", "-"),
            ("word", "tags"),
            ("colon", ":"),
            ("quoted", "Öffentliche Toiletten"),
        ]


class TestDates:
    def test_iso_with_z(self):
        assert parse_date("2025-01-01T00:00:00Z") == datetime(2025, 1, 1, tzinfo=UTC)

    def test_naive_is_utc(self):
        assert parse_date("2025-03-04").tzinfo is not None

    def test_now_minus(self):
        assert parse_date("NOW-1DAY") < datetime.now(UTC)

    @pytest.mark.parametrize("value", ["yesterday", "2025-13-01", "NOW-1FORTNIGHT"])
    def test_invalid(self, value):
        with pytest.raises(QueryError):
            parse_date(value)


@pytest.mark.django_db
@pytest.mark.usefixtures("world")
class TestFilters:
    def test_empty_and_match_all(self):
        everything = slugs(Q())
        assert len(everything) == data.CATALOGUE_COUNT
        assert slugs(parse_fq("")) == everything
        assert slugs(parse_fq("*:*")) == everything

    def test_organization(self):
        assert slugs(parse_fq("organization:gemeinde-plate")) == {"wasserstand-plate"}

    def test_or_and_negation(self):
        either = slugs(
            parse_fq("organization:gemeinde-plate OR organization:stadt-crivitz")
        )
        assert either == {"wasserstand-plate", "ladesaeulen"}
        others = slugs(parse_fq("-organization:amt-crivitz"))
        assert others == either
        assert (
            slugs(parse_fq("organization:(gemeinde-plate OR stadt-crivitz)")) == either
        )

    def test_groups_tags_and_formats(self):
        transport = slugs(parse_fq("groups:tran"))
        assert transport == {"bushaltestellen", "ladesaeulen"}
        assert slugs(parse_fq('tags:"Schweriner See"')) == {"badewasserqualitaet"}
        geojson = slugs(parse_fq("res_format:GeoJSON"))
        assert "spielplaetze" in geojson and "kita-plaetze" not in geojson
        combined = slugs(parse_fq("groups:tran AND res_format:GEOJSON -tags:Bus"))
        assert combined == {"ladesaeulen"}

    def test_metadata_modified_ranges(self):
        since_2000 = parse_fq("metadata_modified:[2000-01-01T00:00:00Z TO *]")
        assert len(slugs(since_2000)) == data.CATALOGUE_COUNT
        assert slugs(parse_fq("metadata_modified:[NOW+1DAY TO *]")) == set()
        until_tomorrow = parse_fq("metadata_modified:[* TO NOW+1DAY]")
        assert len(slugs(until_tomorrow)) == data.CATALOGUE_COUNT

    def test_licence_by_iri_or_code(self):
        by_iri = slugs(parse_fq('license_id:"http://dcat-ap.de/def/licenses/cc-zero"'))
        assert by_iri == {"wasserstand-plate"} == slugs(parse_fq("license_id:cc-zero"))

    def test_free_text_q(self):
        assert slugs(parse_q("Badewasser")) == {"badewasserqualitaet"}
        assert slugs(parse_q("name:kita-plaetze")) == {"kita-plaetze"}
        assert len(slugs(parse_q("*:*"))) == data.CATALOGUE_COUNT


@pytest.mark.parametrize(
    "query",
    [
        "organization:",
        "organization",
        "unknown_field:x",
        "metadata_modified:[2025-01-01 TO",
        "metadata_modified:[2025-01-01 *]",
        "metadata_modified:[tomorrow TO *]",
        "tags:[a TO b]",
        "(organization:x",
        "organization:x)",
        "organization:x OR",
        "AND tags:x",
        '"unterminated',
        "tags:x \\",
        "(" * 30 + "tags:x" + ")" * 30,
        "tags:x " * 150,
        "a" * 3000,
    ],
)
def test_malformed_queries_raise_query_error(query):
    with pytest.raises(QueryError):
        parse_fq(query)
