"""Benchmark data of the business directory: 5,000 entries, bulk inserted."""

import uuid
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page

from business.models import (
    ActorType,
    BusinessDirectoryPage,
    BusinessEntryPage,
    BusinessEntryTag,
)
from portal.models import Municipality

# the display names (taggit derives the URL slug from the name).
TAG_NAMES = {
    "cafe": "Café",
    "e-mobilitaet": "E-Mobilität",
    "gemuese": "Gemüse",
    "kaese": "Käse",
}


def tag_name(key):
    return TAG_NAMES.get(key, key.capitalize())


SCALE_ENTRIES = 5000
SCALE_WORDS = [
    "Hof", "Werkstatt", "Laden", "Service", "Bau", "Garten", "Café", "Verein",
    "Praxis", "Studio", "Handel", "Technik", "Pension", "Manufaktur", "Zentrum",
]  # fmt: skip
SCALE_NAMES = [
    "Albers", "Becker", "Dahl", "Ebert", "Fischer", "Gohr", "Hansen", "Ihde",
    "Jahnke", "Kröger", "Lenz", "Möller", "Nagel", "Ohm", "Pahl", "Quandt",
    "Rieck", "Schulz", "Timm", "Ulrich", "Voss", "Wendt", "Zierke",
]  # fmt: skip
SCALE_TAGS = ["regional", "bio", "handwerk", "familie", "ferien", "jugend", "energie"]


def load_scale(demo, rng, count=SCALE_ENTRIES):
    """Add ``count`` live entries below the German directory with bulk inserts.

    Pages are inserted without revisions or search index entries (run
    ``update_index`` afterwards for full-text search over them).
    """
    directory = BusinessDirectoryPage.objects.get(locale=demo.de)
    directory = BusinessDirectoryPage.objects.get(pk=directory.pk)  # fresh numchild
    municipalities = list(Municipality.objects.filter(locale=demo.de))
    content_type = ContentType.objects.get_for_model(BusinessEntryPage)
    kinds = ActorType.values
    sectors = [chr(code) for code in range(ord("A"), ord("U") + 1)]
    now = timezone.now()
    # Idempotent: only what is missing of the scale entries is added.
    count -= directory.get_children().filter(slug__startswith="skala-").count()
    if count <= 0:
        return
    start = directory.numchild
    bases, entries, tag_names = [], [], []
    for number in range(count):
        name = f"{rng.choice(SCALE_NAMES)} {rng.choice(SCALE_WORDS)} {number + 1}"
        slug = f"skala-{start + number + 1}"
        municipality = rng.choice(municipalities)
        bases.append(
            Page(
                title=name,
                draft_title=name,
                slug=slug,
                content_type=content_type,
                live=True,
                has_unpublished_changes=False,
                url_path=f"{directory.url_path}{slug}/",
                locale_id=directory.locale_id,
                translation_key=uuid.UUID(int=rng.getrandbits(128)),
                path=BusinessEntryPage._get_path(
                    directory.path, directory.depth + 1, start + number + 1
                ),
                depth=directory.depth + 1,
                numchild=0,
                first_published_at=now,
                last_published_at=now,
            )
        )
        entries.append(
            {
                "actor_type": rng.choice(kinds),
                "sector": rng.choice(sectors),
                "municipality": municipality,
                "intro": f"{name} in {municipality.name}.",
                "latitude": municipality.latitude
                + Decimal(rng.randint(-80, 80)) / 10000,
                "longitude": municipality.longitude
                + Decimal(rng.randint(-80, 80)) / 10000,
                "direct_sale": rng.random() < 0.1,
            }
        )
        tag_names.append(rng.sample(SCALE_TAGS, 2))
    with transaction.atomic():
        Page.objects.bulk_create(bases, batch_size=500)
        objects = []
        for base, fields in zip(bases, entries, strict=True):
            entry = BusinessEntryPage(
                page_ptr_id=base.pk,
                street="Dorfstraße 1",
                postal_code="19089",
                city=fields["municipality"].name,
                **fields,
            )
            objects.append(entry)
        _insert_child_rows(objects)
        tags = {
            name: Tag.objects.get_or_create(name=tag_name(name))[0]
            for name in SCALE_TAGS
        }
        BusinessEntryTag.objects.bulk_create(
            [
                BusinessEntryTag(content_object_id=base.pk, tag=tags[name])
                for base, names in zip(bases, tag_names, strict=True)
                for name in names
            ],
            batch_size=1000,
        )
        Page.objects.filter(pk=directory.pk).update(numchild=start + count)
    demo.log(f"  business: {count} scale entries")


def _insert_child_rows(objects):
    """Insert the ``business_businessentrypage`` rows of existing pages in one
    statement per batch (Django's bulk_create refuses multi-table models)."""
    opts = BusinessEntryPage._meta
    fields = list(opts.local_concrete_fields)
    quote = connection.ops.quote_name
    # Table and column names come from the model, never from input.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(opts.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = [
        [
            field.get_db_prep_save(field.pre_save(obj, add=True), connection=connection)
            for field in fields
        ]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        for offset in range(0, len(rows), 500):
            cursor.executemany(sql, rows[offset : offset + 500])
