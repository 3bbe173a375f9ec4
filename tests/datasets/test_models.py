"""Distributions (checksums, formats, downloads), metadata_modified, withdrawal."""

import hashlib
import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from datasets import vocabularies as voc
from datasets.files import detect_format
from datasets.models import DatasetPage, Distribution
from tests.datasets import factories as data

pytestmark = pytest.mark.django_db

CSV = "Ort;Einwohner\r\nCrivitz;4900\r\nPlate;3300\r\n".encode("cp1252")


class TestDistributionFiles:
    def test_size_checksum_format_and_media_type_are_computed(self, make_dataset):
        big = b"a;b\r\n" + b"1;2\r\n" * 40_000  # several read chunks
        dataset = make_dataset("pruefsummen", files=[("gross.csv", big)])
        distribution = dataset.distributions.get()
        assert distribution.byte_size == len(big)
        assert distribution.checksum_sha256 == hashlib.sha256(big).hexdigest()
        assert distribution.format == voc.FileType.CSV
        assert distribution.media_type == "text/csv"

    def test_replacing_the_file_recomputes(self, make_dataset, make_document):
        dataset = make_dataset("ersetzen", files=[("alt.csv", CSV)])
        distribution = dataset.distributions.get()
        old = distribution.checksum_sha256
        replacement = make_document(b'{"type": "FeatureCollection"}', "neu.json")
        distribution.document = replacement
        distribution.format = ""
        distribution.save()
        assert distribution.checksum_sha256 != old
        assert distribution.format == voc.FileType.GEOJSON
        assert distribution.media_type == "application/geo+json"

    @pytest.mark.parametrize(
        ("name", "head", "expected"),
        [
            ("daten.csv", b"a;b\n1;2", "CSV"),
            ("daten.txt", b"%PDF-1.7", "PDF"),
            ("export", b'{"type":"FeatureCollection","features":[]}', "GEOJSON"),
            ("data.json", b'[{"a": 1}]', "JSON"),
            ("tabelle.xlsx", b"PK\x03\x04rest", "XLSX"),
            ("archiv.bin", b"PK\x03\x04rest", "ZIP"),
            ("liste.xml", b"<?xml version='1.0'?><a/>", "XML"),
            ("unbekannt.xyz", b"\x00\x01", ""),
        ],
    )
    def test_detect_format(self, name, head, expected):
        assert detect_format(name, head) == expected

    def test_external_url_needs_no_file(self):
        distribution = Distribution(title="Extern", external_url="https://example.org/")
        distribution.clean()
        empty = Distribution(title="Leer")
        with (
            translation.override("en"),
            pytest.raises(ValidationError, match="give an external URL"),
        ):
            empty.clean()

    def test_licence_is_inherited_unless_overridden(self, make_dataset):
        dataset = make_dataset("lizenz", files=[("a.csv", CSV)])
        distribution = dataset.distributions.get()
        assert distribution.licence_iri == voc.licence_iri(voc.DataLicence.DL_BY)
        distribution.licence = voc.DataLicence.CC_ZERO
        assert distribution.licence_iri.endswith("/cc-zero")


class TestDownloads:
    def test_download_serves_the_file_and_counts(self, client, make_dataset):
        dataset = make_dataset("herunterladen", files=[("zahlen.csv", CSV)])
        distribution = dataset.distributions.get()
        for expected in (1, 2):
            response = client.get(distribution.get_download_path())
            assert response.status_code == 200
            assert b"".join(response.streaming_content) == CSV
            assert response["Content-Type"] == "text/csv"
            assert (
                Distribution.objects.get(pk=distribution.pk).download_count == expected
            )

    def test_publishing_again_keeps_the_counter(self, client, make_dataset):
        dataset = make_dataset("zaehler", files=[("zahlen.csv", CSV)])
        distribution = dataset.distributions.get()
        client.get(distribution.get_download_path())
        dataset.title = "Zähler neu"
        dataset.save_revision().publish()
        assert Distribution.objects.get(pk=distribution.pk).download_count == 1

    def test_external_distribution_redirects(self, client, make_dataset):
        dataset = make_dataset("extern")
        distribution = Distribution(
            page=dataset, title="Portal", external_url="https://example.org/daten"
        )
        distribution.save()
        response = client.get(distribution.get_download_path())
        assert response.status_code == 302
        assert response["Location"] == "https://example.org/daten"

    def test_unpublished_dataset_files_are_not_served(self, client, make_dataset):
        dataset = make_dataset("entwurf", files=[("zahlen.csv", CSV)])
        distribution = dataset.distributions.get()
        dataset.unpublish()
        assert client.get(distribution.get_download_path()).status_code == 404


class TestMetadataModified:
    def test_grows_with_every_change(self, make_dataset):
        dataset = make_dataset("zeitstempel", files=[("a.csv", CSV)])
        first = dataset.metadata_modified
        dataset.description = "Neu beschrieben."
        dataset.save_revision().publish()
        dataset.refresh_from_db()
        second = dataset.metadata_modified
        assert second > first
        distribution = dataset.distributions.get()
        distribution.title = "Umbenannt"
        distribution.save()
        dataset.refresh_from_db()
        assert dataset.metadata_modified > second

    def test_a_draft_does_not_change_the_published_timestamp(self, make_dataset):
        dataset = make_dataset("entwurfsstand")
        published = DatasetPage.objects.get(pk=dataset.pk).metadata_modified
        dataset.title = "Nur ein Entwurf"
        dataset.save_revision()
        assert DatasetPage.objects.get(pk=dataset.pk).metadata_modified == published

    def test_api_reports_it(self, client, make_dataset):
        dataset = make_dataset("api-zeitstempel")
        before = client.get(
            "/api/3/action/package_show", {"id": "api-zeitstempel"}
        ).json()["result"]["metadata_modified"]
        dataset.notes = "x"
        dataset.description = "Geändert."
        dataset.save_revision().publish()
        after = client.get(
            "/api/3/action/package_show", {"id": "api-zeitstempel"}
        ).json()["result"]["metadata_modified"]
        assert after > before


class TestWithdrawal:
    def test_withdrawn_dataset_answers_410_and_stays_deprecated(
        self, client, make_dataset, settings
    ):
        dataset = make_dataset("zurueckgezogen", files=[("a.csv", CSV)])
        dataset.withdrawn_at = timezone.now() - timedelta(days=1)
        dataset.withdrawal_reason = "Die Erhebung wurde eingestellt."
        dataset.save_revision().publish()
        response = client.get(dataset.url)
        assert response.status_code == 410
        assert "Die Erhebung wurde eingestellt." in response.content.decode()
        distribution = dataset.distributions.get()
        assert client.get(distribution.get_download_path()).status_code == 410
        assert client.get(f"/datasets/{dataset.identifier}").status_code == 410
        # still in the machine interfaces, marked as deprecated …
        package = client.get(
            "/api/3/action/package_show", {"id": "zurueckgezogen"}
        ).json()["result"]
        extras = {item["key"]: item["value"] for item in package["extras"]}
        assert extras["deprecated"] == "true"
        assert "owl:deprecated true" in client.get("/catalog.ttl").content.decode()
        # … but no longer in the catalogue page people browse
        index = dataset.get_parent()
        assert "zurueckgezogen" not in client.get(index.url).content.decode()
        # after the deprecation period it is gone everywhere
        settings.DATASET_DEPRECATION_DAYS = 0
        response = client.get("/api/3/action/package_show", {"id": "zurueckgezogen"})
        assert response.status_code == 404

    def test_json_ld(self, client, make_dataset):
        geojson = b'{"type": "FeatureCollection", "features": []}'
        dataset = make_dataset(
            "spielplaetze", files=[("spielplaetze.geojson", geojson)]
        )
        response = client.get(dataset.url)
        assert response.status_code == 200
        content = response.content.decode()
        start = content.index('<script type="application/ld+json">') + 35
        data = json.loads(content[start : content.index("</script>", start)])
        assert data["@type"] == "Dataset"
        assert data["distribution"][0]["encodingFormat"] == "application/geo+json"


def test_distributions_added_in_code_keep_the_order_they_were_added_in():
    """No sort order (an import, a harvest): the order of adding, also after a
    row was updated (PostgreSQL may then return it last)."""
    dataset = data.dataset(
        "reihenfolge",
        files=[("a.csv", "x\n1\n"), ("b.csv", "y\n2\n"), ("c.csv", "z\n3\n")],
    )
    other = data.dataset("anderer")
    first = Distribution.objects.filter(title="a.csv", page=dataset)
    # moved away and back: new row versions (PostgreSQL: at the end of the table)
    first.update(page=other)
    Distribution.objects.filter(title="a.csv", page=other).update(page=dataset)
    titles = [
        d.title for d in DatasetPage.objects.get(pk=dataset.pk).distributions.all()
    ]
    assert titles == ["a.csv", "b.csv", "c.csv"]
