"""The open data files of citizen reports (CSV and GeoJSON), without personal data.

Registered with the catalogue through the hook ``portal_open_data_files``
(``reports/wagtail_hooks.py``, see :mod:`portal.open_data`). They hold the
released, confirmed reports without merged duplicates, and only these columns:
number, category code and name, status, municipality (name and official key),
a coarse position (coordinates rounded to ``COARSE_DECIMALS`` places, about
100 m) and the dates of receipt, first public answer and completion. The text,
the place, the photos, the answers and everything about the reporter stay out:
a description or a street and house number can name a person.
"""

import csv
import io
import json

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.open_data import GeneratedFile
from reports.choices import Status
from reports.models import Report

COARSE_DECIMALS = 3
COLUMNS = [
    "id",
    "category",
    "category_name",
    "status",
    "municipality",
    "municipality_key",
    "latitude",
    "longitude",
    "created",
    "first_answer",
    "done",
]


def _reports():
    return (
        Report.objects.public()
        .filter(merged_into__isnull=True)
        .order_by("pk")
        .values_list(
            "pk",
            "category__slug",
            "category__name",
            "status",
            "municipality__name",
            "municipality__ags",
            "latitude",
            "longitude",
            "created_at",
            "first_answer_at",
            "closed_at",
        )
    )


def _when(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def _coarse(value):
    return round(float(value), COARSE_DECIMALS) if value is not None else None


def rows():
    """One dict per report, with exactly ``COLUMNS``."""
    for (
        pk,
        category,
        category_name,
        status,
        municipality,
        municipality_key,
        latitude,
        longitude,
        created,
        answered,
        closed,
    ) in _reports().iterator(chunk_size=2000):
        yield {
            "id": pk,
            "category": category,
            "category_name": category_name,
            "status": status,
            "municipality": municipality,
            "municipality_key": municipality_key,
            "latitude": _coarse(latitude),
            "longitude": _coarse(longitude),
            "created": _when(created),
            "first_answer": _when(answered),
            "done": _when(closed) if status == Status.DONE else "",
        }


def build_csv():
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows():
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buffer.getvalue().encode("utf-8")


def build_geojson():
    features = []
    for row in rows():
        if row["latitude"] is None or row["longitude"] is None:
            continue
        properties = {
            k: v for k, v in row.items() if k not in ("latitude", "longitude")
        }
        features.append(
            {
                "type": "Feature",
                "id": row["id"],
                "geometry": {
                    "type": "Point",
                    "coordinates": [row["longitude"], row["latitude"]],
                },
                "properties": properties,
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()


def version():
    """Changes whenever a public row may have changed (one aggregate query)."""
    stamp = Report.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
    return f"{stamp['count']}:{stamp['latest']}"


def generated_files():
    return [
        GeneratedFile(
            key="reports-csv",
            label=_("Citizen reports (CSV)"),
            format="CSV",
            media_type="text/csv",
            filename="maengelmeldungen.csv",
            build=build_csv,
            version=version,
        ),
        GeneratedFile(
            key="reports-geojson",
            label=_("Citizen reports (GeoJSON)"),
            format="GEOJSON",
            media_type="application/geo+json",
            filename="maengelmeldungen.geojson",
            build=build_geojson,
            version=version,
        ),
    ]
