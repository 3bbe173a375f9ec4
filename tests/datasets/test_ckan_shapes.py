"""CKAN 2.10/2.11 response shapes (fields every CKAN answer has), without the demo."""

import pytest

from tests.datasets import factories as data

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(db, settings):
    settings.OPEN_DATA_RATE_LIMIT = 0
    return data.dataset("form-test", files=[("werte.csv", "a;b\n1;2\n")])


def action(client, name, **params):
    response = client.get(f"/api/3/action/{name}", params)
    assert response.status_code == 200, response.content
    return response.json()["result"]


def test_package_and_resource_keys_of_ckan_2_10(client, dataset):
    package = action(client, "package_show", id="form-test")
    assert "creator_user_id" in package
    resource = package["resources"][0]
    for key in ("cache_url", "cache_last_updated", "mimetype_inner"):
        assert key in resource and resource[key] is None


def test_organisation_keys(client, dataset):
    organisation = action(client, "organization_show", id="amt-test")
    assert organisation["image_display_url"] == ""
    assert organisation["num_followers"] == 0
    listed = action(client, "organization_list", all_fields="true")[0]
    assert {"image_display_url", "num_followers", "package_count"} <= set(listed)
    group = action(client, "group_show", id="gove")
    assert {"image_display_url", "num_followers"} <= set(group)


@pytest.mark.parametrize("fl", ["id,name", "id name", ["id", "name"]])
def test_fl_limits_the_fields(client, dataset, fl):
    if isinstance(fl, list):
        response = client.post(
            "/api/3/action/package_search",
            {"fl": fl},
            content_type="application/json",
        )
        results = response.json()["result"]["results"]
    else:
        results = action(client, "package_search", fl=fl)["results"]
    assert results == [{"id": str(dataset.translation_key), "name": "form-test"}]


def test_fl_picks_extras(client, dataset):
    results = action(client, "package_search", fl="name,extras_identifier")["results"]
    assert results == [
        {"name": "form-test", "extras_identifier": str(dataset.translation_key)}
    ]


def test_util_status_answers_like_ckan(client, dataset):
    response = client.get("/api/util/status")
    assert response.status_code == 200
    body = response.json()
    assert body["ckan_version"].startswith("2.")
    assert {"site_title", "site_url", "site_description", "locale_default"} <= set(body)
    assert "success" not in body  # no action envelope, as in CKAN
