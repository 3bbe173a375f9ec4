"""The CKAN-compatible API, through Django's client and through ckanapi."""

import json

import ckanapi
import pytest

from tests import factories
from tests.datasets import factories as data

PACKAGE_KEYS = {
    "id", "name", "title", "notes", "type", "state", "private", "license_id",
    "license_title", "license_url", "isopen", "metadata_created",
    "metadata_modified", "author", "author_email", "maintainer", "maintainer_email",
    "url", "version", "owner_org", "organization", "tags", "groups", "extras",
    "resources", "num_resources", "num_tags",
}  # fmt: skip
RESOURCE_KEYS = {
    "id", "package_id", "url", "name", "description", "format", "mimetype", "size",
    "hash", "created", "last_modified", "metadata_modified", "position", "state",
    "datastore_active",
}  # fmt: skip

# The nine datasets of ``data.catalogue`` (its docstring has the table).
world = factories.module_data(data.catalogue)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def call(client, action, **params):
    return client.get(f"/api/3/action/{action}", params)


class TestEnvelopeAndErrors:
    def test_version(self, client):
        assert client.get("/api/3").json() == {"version": 3}

    def test_status_show(self, client):
        body = call(client, "status_show").json()
        assert body["success"] is True
        assert body["help"].startswith("http://testserver/api/3/action/help_show")
        assert body["result"]["ckan_version"].startswith("2.")

    def test_both_routes(self, client):
        first = client.get("/api/action/package_list").json()["result"]
        assert first == client.get("/api/3/action/package_list").json()["result"]
        assert first == sorted(first) and len(first) == data.CATALOGUE_COUNT

    def test_unknown_action_is_400(self, client):
        response = call(client, "package_create")
        assert response.status_code == 400
        assert response.json()["success"] is False

    def test_not_found_is_404(self, client):
        response = call(client, "package_show", id="gibt-es-nicht")
        assert response.status_code == 404
        assert response.json()["error"]["__type"] == "Not Found Error"

    def test_missing_id_is_validation_error(self, client):
        response = call(client, "package_show")
        assert response.status_code == 409
        assert response.json()["error"] == {
            "__type": "Validation Error",
            "id": ["Missing value"],
        }

    @pytest.mark.parametrize(
        "params",
        [{"rows": "viele"}, {"rows": "-1"}, {"start": "x"}, {"facet.limit": "-5"}],
    )
    def test_bad_numbers_are_validation_errors(self, client, params):
        response = call(client, "package_search", **params)
        assert response.status_code == 409
        assert response.json()["error"]["__type"] == "Validation Error"

    @pytest.mark.parametrize(
        "params",
        [
            {"fq": "metadata_modified:[gestern TO *]"},
            {"fq": "organization:(a OR"},
            {"fq": "nonsense:x"},
            {"sort": "popularity desc"},
            {"sort": "name sideways"},
            {"facet.field": '["organization", "colour"]'},
        ],
    )
    def test_malformed_search_is_search_query_error(self, client, params):
        response = call(client, "package_search", **params)
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["__type"] == "Search Query Error"
        assert error["message"]

    def test_broken_json_post(self, client):
        response = client.post(
            "/api/3/action/package_search", "{nope", content_type="application/json"
        )
        assert response.status_code == 400
        assert "JSON" in response.json()["error"]["message"]

    def test_rows_are_capped_at_1000(self, client):
        result = call(client, "package_search", rows="99999").json()["result"]
        assert result["count"] == len(result["results"]) == data.CATALOGUE_COUNT

    def test_write_methods_refused(self, client):
        assert client.delete("/api/3/action/package_list").status_code == 405


class TestPackages:
    def test_package_show_has_every_key(self, client):
        result = call(client, "package_show", id="einwohner-nach-gemeinden").json()[
            "result"
        ]
        assert set(result) >= PACKAGE_KEYS
        assert result["type"] == "dataset" and result["state"] == "active"
        assert result["license_id"] == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
        assert result["num_resources"] == 2 == len(result["resources"])
        for resource in result["resources"]:
            assert set(resource) >= RESOURCE_KEYS
            assert resource["url"].startswith("http://testserver/datasets/download/")
            assert len(resource["hash"]) == 64
        extras = {item["key"]: item["value"] for item in result["extras"]}
        assert json.loads(extras["contributorID"])[0].startswith(
            "http://dcat-ap.de/def/contributors/"
        )
        assert json.loads(extras["politicalGeocodingURI"]) == [
            "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/13076027",
            "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/13076113",
        ]
        # the same dataset by its stable id
        again = call(client, "package_show", id=result["id"]).json()["result"]
        assert again["name"] == "einwohner-nach-gemeinden"

    def test_unknown_values_are_null_not_missing(self, client, make_dataset):
        make_dataset("minimal", themes=(), tags=(), frequency="", licence="")
        result = call(client, "package_show", id="minimal").json()["result"]
        assert result["license_id"] is None and result["version"] is None
        assert result["resources"] == [] and result["num_resources"] == 0

    def test_post_json(self, client):
        response = client.post(
            "/api/3/action/package_search",
            {"fq": "groups:envi", "rows": 2, "sort": "name asc"},
            content_type="application/json",
        )
        result = response.json()["result"]
        assert result["count"] == 3
        assert [p["name"] for p in result["results"]] == [
            "abfuhrtermine",
            "badewasserqualitaet",
        ]

    def test_facets(self, client):
        result = call(
            client,
            "package_search",
            rows="0",
            **{
                "facet.field": '["organization", "groups", "res_format"]',
                "facet.limit": "3",
            },
        ).json()["result"]
        assert result["results"] == []
        assert result["facets"]["organization"] == {
            "amt-crivitz": 7,
            "gemeinde-plate": 1,
            "stadt-crivitz": 1,
        }
        assert len(result["facets"]["groups"]) == 3
        items = result["search_facets"]["res_format"]["items"]
        assert items[0] == {"name": "CSV", "display_name": "CSV", "count": 5}

    def test_facet_counts_follow_the_filter(self, client):
        result = call(
            client,
            "package_search",
            fq="groups:tran",
            **{"facet.field": '["res_format"]'},
        ).json()["result"]
        assert result["facets"]["res_format"] == {"GEOJSON": 2}

    def test_sort_by_metadata_modified(self, client):
        results = call(
            client, "package_search", sort="metadata_modified desc", rows="15"
        ).json()["result"]["results"]
        stamps = [package["metadata_modified"] for package in results]
        assert stamps == sorted(stamps, reverse=True)

    def test_current_package_list_with_resources(self, client):
        result = call(client, "current_package_list_with_resources", limit="3").json()
        assert len(result["result"]) == 3
        assert all(set(package) >= PACKAGE_KEYS for package in result["result"])

    def test_resource_show(self, client):
        package = call(client, "package_show", id="kita-plaetze").json()["result"]
        resource = package["resources"][0]
        result = call(client, "resource_show", id=resource["id"]).json()["result"]
        assert result == resource
        assert call(client, "resource_show", id="999999").status_code == 404


class TestOrganisationsGroupsTags:
    def test_organization_list(self, client):
        assert call(client, "organization_list").json()["result"] == [
            "amt-crivitz",
            "gemeinde-plate",
            "stadt-crivitz",
        ]
        full = call(client, "organization_list", all_fields="true").json()["result"]
        assert {org["name"]: org["package_count"] for org in full} == {
            "amt-crivitz": 7,
            "gemeinde-plate": 1,
            "stadt-crivitz": 1,
        }

    def test_organization_show(self, client):
        result = call(client, "organization_show", id="gemeinde-plate").json()
        assert result["result"]["title"] == "Gemeinde Plate"
        assert call(client, "organization_show", id="x").status_code == 404

    def test_groups_are_themes(self, client):
        names = call(client, "group_list").json()["result"]
        assert "envi" in names and len(names) == 13
        result = call(client, "group_show", id="envi").json()["result"]
        assert result["package_count"] == 3
        assert call(client, "group_show", id="nope").status_code == 404

    def test_tag_list_and_license_list(self, client):
        tags = call(client, "tag_list").json()["result"]
        # sorted by the database's collation; umlauts sort differently per backend
        assert "Badewasser" in tags and len(tags) == len(set(tags))
        licences = call(client, "license_list").json()["result"]
        ids = {licence["id"] for licence in licences}
        assert "http://dcat-ap.de/def/licenses/dl-zero-de/2.0" in ids


class TestWithCkanapi:
    """ckanapi, the client harvesters use, with its own requests (``ckan_portal``)."""

    def test_list_show_search_and_page_until_empty(self, ckan_portal, request):
        portal = ckan_portal(user_agent="portal-tests")
        request.addfinalizer(portal.close)
        names = portal.action.package_list()
        assert len(names) == data.CATALOGUE_COUNT
        package = portal.action.package_show(id=names[0])
        assert package["name"] == names[0]

        seen = []
        start = 0
        while True:
            page = portal.action.package_search(
                fq="metadata_modified:[2000-01-01T00:00:00Z TO *]",
                rows=4,
                start=start,
                sort="metadata_modified desc",
            )
            if not page["results"]:
                break
            seen.extend(package["name"] for package in page["results"])
            start += 4
        assert sorted(seen) == sorted(names)

        amt = portal.action.package_search(fq="-organization:amt-crivitz")
        assert amt["count"] == 2
        assert portal.action.organization_list(all_fields=True)[0]["package_count"]

    def test_get_only_client(self, ckan_portal, request):
        portal = ckan_portal(get_only=True)
        request.addfinalizer(portal.close)
        result = portal.action.package_search(
            q="Spielplatz", fq="res_format:GEOJSON", rows=5
        )
        assert [package["name"] for package in result["results"]] == ["spielplaetze"]

    def test_errors_map_to_ckanapi_exceptions(self, ckan_portal, request):
        portal = ckan_portal()
        request.addfinalizer(portal.close)
        with pytest.raises(ckanapi.NotFound):
            portal.action.package_show(id="gibt-es-nicht")
        with pytest.raises(ckanapi.ValidationError):
            portal.action.package_search(rows="alle")
        with pytest.raises(ckanapi.SearchQueryError):
            portal.action.package_search(fq="metadata_modified:[morgen TO *]")
