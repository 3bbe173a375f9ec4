"""The CKAN API as real harvesters call it, with their own request patterns.

The requests below follow the clients' sources (read, not copied):

* ckanext-harvest ``CKANHarvester`` (ckanext/harvest/harvesters/ckanharvester.py):
  ``GET /api/3/action/package_search`` with ``rows=100``, ``start=0, 100, ...``,
  ``sort=id asc`` and, when filters or an earlier successful job exist, one ``fq``
  made of its terms joined by spaces: ``organization:a OR organization:b``,
  ``-organization:c``, ``groups:x OR groups:y`` and, incrementally,
  ``metadata_modified:[<gather_started - 1 h, isoformat>Z TO *]``. It pages until
  a page comes back empty, fails if two pages are byte-identical and drops ids it
  has already seen.
* uData's CKAN backend (udata_ckan/harvesters.py): ``GET /api/util/status``,
  ``package_list`` or ``package_search?q=<key:value AND -key:value>&rows=1000``,
  then ``package_show?id=<name>``; every answer is checked against its voluptuous
  schema (see ``test_ckan_shapes.py``).
"""

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest

from tests import factories
from tests.datasets import factories as data

pytestmark = pytest.mark.django_db

SEARCH = "/api/3/action/package_search"


class PagingBroken(AssertionError):
    pass


def harvest_gather(client, fq_terms=(), rows="100"):
    """The package dicts a ckanext-harvest gather stage collects, and its URLs."""
    params = {"rows": rows, "start": "0", "sort": "id asc"}
    if fq_terms:
        params["fq"] = " ".join(fq_terms)
    seen, found, urls, previous = set(), [], [], None
    while True:
        url = f"{SEARCH}?{urlencode(params)}"
        urls.append(url)
        response = client.get(url)
        assert response.status_code == 200, response.content
        if previous is not None and response.content == previous:
            raise PagingBroken(url)
        previous = response.content
        page = json.loads(response.content)["result"]["results"]
        fresh = [package for package in page if package["id"] not in seen]
        seen |= {package["id"] for package in page}
        found.extend(fresh)
        if not fresh:
            break
        params["start"] = str(int(params["start"]) + int(params["rows"]))
    return found, urls


def since(gather_started):
    """The incremental term ckanext-harvest adds after a successful job."""
    return (
        f"metadata_modified:[{(gather_started - timedelta(hours=1)).isoformat()}Z TO *]"
    )


def build_catalogue():
    amt = data.organisation("amt-nord")
    stadt = data.organisation("stadt-sued")
    dorf = data.organisation("gemeinde-west")
    pages = []
    for number in range(7):
        publisher = (amt, stadt, dorf)[number % 3]
        theme = ("ENVI", "GOVE", "TRAN")[number % 3]
        pages.append(
            data.dataset(f"daten-{number}", publisher=publisher, themes=(theme,))
        )
    return pages


# Built once per test class that uses it (each test in a savepoint of it): the
# uData harvest below must not see it (its datasets have no files).
catalogue = factories.module_data(build_catalogue, scope="class")


def ids(pages):
    return sorted(str(page.translation_key) for page in pages)


class TestCkanextHarvestGather:
    def test_full_harvest_in_one_page(self, client, catalogue):
        found, urls = harvest_gather(client)
        assert [p["id"] for p in found] == ids(catalogue)
        assert len(urls) == 2  # one page with everything, then an empty one

    @pytest.mark.parametrize("rows", ["1", "2", "3", "100"])
    def test_full_harvest_page_by_page(self, client, catalogue, rows):
        found, urls = harvest_gather(client, rows=rows)
        assert [p["id"] for p in found] == ids(catalogue)
        assert len(urls) == -(-len(catalogue) // int(rows)) + 1

    def test_pages_are_disjoint_and_ordered_by_id(self, client, catalogue):
        first = client.get(SEARCH, {"rows": 3, "start": 0, "sort": "id asc"}).json()
        second = client.get(SEARCH, {"rows": 3, "start": 3, "sort": "id asc"}).json()
        page_ids = [p["id"] for p in first["result"]["results"]] + [
            p["id"] for p in second["result"]["results"]
        ]
        assert page_ids == ids(catalogue)[:6]
        assert first["result"]["count"] == len(catalogue)

    def test_organisation_include_filter(self, client, catalogue):
        found, _urls = harvest_gather(
            client, ["organization:amt-nord OR organization:stadt-sued"]
        )
        expected = [p for p in catalogue if p.publisher.slug != "gemeinde-west"]
        assert [p["id"] for p in found] == ids(expected)

    def test_organisation_exclude_filter(self, client, catalogue):
        found, _urls = harvest_gather(
            client, ["-organization:amt-nord", "-organization:stadt-sued"]
        )
        expected = [p for p in catalogue if p.publisher.slug == "gemeinde-west"]
        assert [p["id"] for p in found] == ids(expected)

    def test_organisation_and_group_filters_together(self, client, catalogue):
        found, _urls = harvest_gather(
            client,
            [
                "organization:amt-nord OR organization:stadt-sued",
                "groups:envi OR groups:tran",
            ],
        )
        expected = [
            p
            for p in catalogue
            if p.publisher.slug != "gemeinde-west"
            and {t.code for t in p.themes.all()} & {"ENVI", "TRAN"}
        ]
        assert expected and [p["id"] for p in found] == ids(expected)

    @pytest.mark.parametrize("microseconds", [0, 123456])
    def test_incremental_harvest(self, client, catalogue, microseconds):
        last_job = datetime(2026, 3, 1, 12, 0, 0, microseconds)  # naive UTC
        old, changed = catalogue[:4], catalogue[4:]
        for page in old:
            data.set_modified(page, datetime(2026, 2, 1, tzinfo=UTC))
        for page in changed:
            data.set_modified(page, datetime(2026, 3, 1, 11, 30, tzinfo=UTC))
        found, urls = harvest_gather(client, [since(last_job)], rows="2")
        assert [p["id"] for p in found] == ids(changed)
        assert "fq=metadata_modified%3A%5B2026-03-01T11%3A00%3A00" in urls[0]

    def test_incremental_with_organisation_filter(self, client, catalogue):
        for page in catalogue:
            data.set_modified(page, datetime(2026, 2, 1, tzinfo=UTC))
        recent = [p for p in catalogue if p.publisher.slug == "amt-nord"][:1]
        data.set_modified(recent[0], datetime(2026, 3, 2, tzinfo=UTC))
        other = [p for p in catalogue if p.publisher.slug == "stadt-sued"][0]
        data.set_modified(other, datetime(2026, 3, 2, tzinfo=UTC))
        found, _urls = harvest_gather(
            client,
            [
                "organization:amt-nord OR organization:gemeinde-west",
                since(datetime(2026, 3, 1)),
            ],
        )
        assert [p["id"] for p in found] == ids(recent)

    def test_nothing_changed_is_an_empty_result(self, client, catalogue):
        for page in catalogue:
            data.set_modified(page, datetime(2026, 2, 1, tzinfo=UTC))
        found, urls = harvest_gather(client, [since(datetime(2026, 3, 1))])
        assert found == [] and len(urls) == 1

    def test_a_dataset_added_while_paging_is_not_counted_twice(self, client, catalogue):
        params = {"rows": "3", "start": "0", "sort": "id asc"}
        first = client.get(SEARCH, params).json()["result"]["results"]
        data.dataset("neu-waehrend-der-ernte")
        seen = {p["id"] for p in first}
        collected = list(first)
        start = 3
        while True:
            params["start"] = str(start)
            page = client.get(SEARCH, params).json()["result"]["results"]
            if not page:
                break
            collected.extend(p for p in page if p["id"] not in seen)
            seen |= {p["id"] for p in page}
            start += 3
        assert len({p["id"] for p in collected}) == len(collected)
        assert set(ids(catalogue)) <= seen


SORTS = [
    "id asc",
    "id desc",
    "name",
    "name asc",
    "name desc",
    "title_string asc",
    "title_string desc",
    "metadata_modified desc",
    "metadata_modified asc",
    "metadata_created",
    "metadata_created desc",
    "score desc, metadata_modified desc",
    "score desc, name asc",
    "organization asc, name desc",
    "metadata_modified desc,id asc",
    "  name   DESC ",
    "views_recent desc",
]


class TestSort:
    @pytest.mark.parametrize("sort", SORTS)
    def test_every_ckan_sort_is_accepted(self, client, catalogue, sort):
        response = client.get(SEARCH, {"sort": sort, "rows": 100})
        assert response.status_code == 200, response.content
        body = response.json()["result"]
        assert body["count"] == len(catalogue)
        assert sorted(p["id"] for p in body["results"]) == ids(catalogue)

    @pytest.mark.parametrize(
        ("sort", "key", "reverse"),
        [
            ("id asc", "id", False),
            ("id desc", "id", True),
            ("name", "name", False),
            ("name desc", "name", True),
            ("title_string asc", "title", False),
            ("title_string desc", "title", True),
            ("metadata_modified desc", "metadata_modified", True),
            ("metadata_created", "metadata_created", False),
        ],
    )
    def test_order(self, client, catalogue, sort, key, reverse):
        for number, page in enumerate(catalogue):
            data.set_modified(page, datetime(2026, 1, 1 + (number * 5) % 7, tzinfo=UTC))
        results = client.get(SEARCH, {"sort": sort, "rows": 100}).json()["result"]
        values = [p[key] for p in results["results"]]
        assert values == sorted(values, reverse=reverse)

    def test_several_fields(self, client, catalogue):
        for page in catalogue:
            data.set_modified(page, datetime(2026, 1, 1, tzinfo=UTC))
        data.set_modified(catalogue[3], datetime(2026, 2, 1, tzinfo=UTC))
        results = client.get(
            SEARCH, {"sort": "metadata_modified desc, name desc", "rows": 100}
        ).json()["result"]["results"]
        names = [p["name"] for p in results]
        assert names[0] == "daten-3"
        assert names[1:] == sorted(names[1:], reverse=True)

    @pytest.mark.parametrize("sort", ["popularity desc", "name sideways", "id asc x"])
    def test_unknown_sort_is_a_search_query_error(self, client, catalogue, sort):
        response = client.get(SEARCH, {"sort": sort})
        assert response.status_code == 400
        assert response.json()["error"]["__type"] == "Search Query Error"


class TestUdataCalls:
    def test_package_search_with_filters_as_q(self, client, catalogue):
        response = client.get(
            SEARCH,
            {"q": "organization:amt-nord AND -tags:Nichts", "rows": 1000},
            headers={"content-type": "application/json"},
        )
        assert response.status_code == 200
        names = [r["name"] for r in response.json()["result"]["results"]]
        assert sorted(names) == sorted(
            p.slug for p in catalogue if p.publisher.slug == "amt-nord"
        )

    def test_package_list_then_package_show(self, client, catalogue):
        names = client.get("/api/3/action/package_list").json()["result"]
        assert names == sorted(p.slug for p in catalogue)
        for name in names:
            body = client.get("/api/3/action/package_show", {"id": name}).json()
            assert body["success"] is True and body["result"]["name"] == name


def udata_violations(package):
    """What uData's CKAN backend (udata_ckan/schemas/ckan.py, a voluptuous
    schema with ``required=True``) refuses in a ``package_show`` result: every
    key it names must be present (tag ``vocabulary_id``, ``display_name``,
    ``state`` and the package's ``revision_id`` and ``extras`` are optional),
    with the type it accepts."""
    text, optional_text = str, (str, type(None))
    rules = {
        "package": (
            package,
            {
                **dict.fromkeys(["id", "name", "title", "license_id"], text),
                **dict.fromkeys(["metadata_created", "metadata_modified"], text),
                **dict.fromkeys(["notes", "license_title", "author"], optional_text),
                **dict.fromkeys(["maintainer", "state"], optional_text),
                **dict.fromkeys(["author_email", "maintainer_email"], optional_text),
                "tags": list,
                "resources": list,
                "private": bool,
                "organization": (dict, type(None)),
            },
        ),
    }
    for number, resource in enumerate(package.get("resources") or []):
        rules[f"resource {number}"] = (
            resource,
            {
                **dict.fromkeys(["id", "format", "created", "url"], text),
                **dict.fromkeys(["mimetype", "hash", "last_modified"], optional_text),
                "description": optional_text,
                "name": optional_text,
                "position": int,
                "size": (int, type(None)),
                "resource_type": optional_text,
            },
        )
    for number, tag in enumerate(package.get("tags") or []):
        rules[f"tag {number}"] = (tag, {"id": text, "name": text})
    if package.get("organization"):
        rules["organization"] = (
            package["organization"],
            {
                **dict.fromkeys(["id", "description", "created", "title"], text),
                **dict.fromkeys(["name", "revision_timestamp", "state"], text),
                **dict.fromkeys(["image_url", "revision_id"], text),
                "is_organization": bool,
            },
        )
    problems = []
    for where, (value, keys) in rules.items():
        for key, types in keys.items():
            if key not in value:
                problems.append(f"{where}: {key} missing")
            elif not isinstance(value[key], types):
                problems.append(f"{where}: {key} is {value[key]!r}")
    if package.get("type") != "dataset":
        problems.append("package: type is not 'dataset'")
    organization = package.get("organization") or {}
    if organization and (
        organization.get("type") != "organization"
        or organization.get("approval_status") != "approved"
    ):
        problems.append("organization: type/approval_status")
    return problems


class TestUdataHarvest:
    """uData's CKAN backend as its source runs it: ``GET /api/util/status``,
    ``package_list`` (no filters), then ``package_show?id=<name>`` for each,
    always with ``content-type: application/json``; each result must pass its
    schema and have at least one resource (else it is skipped)."""

    HEADERS = {"content-type": "application/json"}

    def test_every_package_passes_the_schema(self, client):
        data.dataset(
            "udata-dateien",
            files=[("werte.csv", "a;b\n1;2\n"), ("notiz.bin", b"\x00\x01\x02")],
        )
        data.dataset("udata-ohne-format", files=[("liesmich", "Text ohne Endung")])
        status = client.get("/api/util/status", headers=self.HEADERS)
        assert status.status_code == 200 and "ckan_version" in status.json()
        names = client.get("/api/3/action/package_list", headers=self.HEADERS).json()
        assert names["success"] is True
        formats = []
        for name in names["result"]:
            response = client.get(
                "/api/3/action/package_show", {"id": name}, headers=self.HEADERS
            )
            assert response["content-type"].split(";")[0] == "application/json"
            package = response.json()["result"]
            assert udata_violations(package) == [], name
            assert package["resources"], name
            formats += [resource["format"] for resource in package["resources"]]
        assert "CSV" in formats and "" in formats  # unknown is "", never null

    def test_the_check_catches_a_null_format(self, client):
        data.dataset("udata-kaputt", files=[("werte.csv", "a;b\n1;2\n")])
        package = client.get(
            "/api/3/action/package_show", {"id": "udata-kaputt"}
        ).json()["result"]
        package["resources"][0]["format"] = None
        del package["organization"]["revision_id"]
        assert udata_violations(package) == [
            "resource 0: format is None",
            "organization: revision_id missing",
        ]
