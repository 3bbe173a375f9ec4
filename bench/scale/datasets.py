"""Benchmark data of the open data catalogue: 10,000 datasets."""

from datetime import timedelta

from django.utils import timezone

from bench.scale.pages import bulk_pages
from datasets import vocabularies as voc
from datasets.models import (
    DatasetIndexPage,
    DatasetPage,
    DataTheme,
    Distribution,
    Organisation,
)
from portal.models import Municipality

SCALE_DATASETS = 10_000
SCALE_TOPICS = [
    "Einwohner",
    "Haushalt",
    "Kitas",
    "Schulen",
    "Radwege",
    "Haltestellen",
    "Spielplätze",
    "Badestellen",
    "Wahlergebnisse",
    "Baumkataster",
    "Straßenbeleuchtung",
    "Friedhöfe",
    "Gewerbe",
    "Pegelstände",
]


def load_scale(demo, rng):
    """10,000 datasets with one distribution and a theme each (benchmark data)."""
    index = DatasetIndexPage.objects.filter(locale=demo.de).first()
    if index is None:
        return
    publishers = list(Organisation.objects.all()) or [None]
    themes = list(DataTheme.objects.all())
    licences = [voc.DataLicence.DL_BY, voc.DataLicence.DL_ZERO]
    villages = list(
        Municipality.objects.filter(locale=demo.de)
        .order_by("ags")
        .values_list("name", flat=True)
    )
    now = timezone.now()
    pages = []
    for number in range(1, SCALE_DATASETS + 1):
        topic = rng.choice(SCALE_TOPICS)
        village = rng.choice(villages)
        pages.append(
            DatasetPage(
                slug=f"datensatz-{number}",
                title=f"{topic} {village} ({number})",
                description=f"{topic} in {village}, jährlich fortgeschrieben. " * 3,
                publisher=rng.choice(publishers),
                licence=rng.choice(licences),
                contact_name="Amt Crivitz, Open-Data-Team",
                contact_email="opendata@amt-crivitz.example",
                metadata_modified=now - timedelta(days=rng.randrange(2000)),
            )
        )
    pages = bulk_pages(index, DatasetPage, pages)
    Distribution.objects.bulk_create(
        (
            Distribution(
                page_id=page.pk,
                title=f"{page.title} (Webseite)",
                external_url=f"https://daten.example/{page.slug}",
                format=voc.FileType.HTML,
                sort_order=0,
            )
            for page in pages
        ),
        batch_size=2000,
    )
    if themes:
        through = DatasetPage.themes.through
        through.objects.bulk_create(
            (
                through(datasetpage_id=page.pk, datatheme_id=rng.choice(themes).pk)
                for page in pages
            ),
            batch_size=2000,
        )
    demo.log(f"    {len(pages)} datasets")
