"""Open data: the published entries of the directory as CSV, JSON and GeoJSON.

Only live, public entries; only facts about organisations (no owner, no
account data). Filters of the directory page apply.
"""

import csv
import json

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse

from portal.maps import feature_collection, point_feature
from portal.spreadsheets import safe_cell
from portal.view_registry import page_view

from .directory import DirectoryQuery
from .models import BusinessDirectoryPage, entry_listing_queryset

COLUMNS = [
    "id",
    "name",
    "url",
    "type",
    "sector",
    "municipality",
    "street",
    "postal_code",
    "city",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "tags",
    "products",
    "languages",
    "accessibility",
    "direct_sale",
    "opening_hours",
    "last_published_at",
]


def _rows(directory, request, readable=False):
    """One dict per entry; ``readable`` gives the opening hours in words
    ("Mo–Fr 8:00–16:00") instead of schema.org objects (the CSV)."""
    queryset = entry_listing_queryset(DirectoryQuery(directory, request).queryset())
    for entry in queryset.iterator(chunk_size=500):
        yield {
            "id": entry.translation_key.hex,
            "name": entry.title,
            "url": entry.get_full_url(request),
            "type": entry.actor_type,
            "sector": entry.sector,
            "municipality": entry.municipality.ags if entry.municipality_id else "",
            "street": entry.street,
            "postal_code": entry.postal_code,
            "city": entry.city,
            "latitude": float(entry.latitude) if entry.has_coordinates else None,
            "longitude": float(entry.longitude) if entry.has_coordinates else None,
            "phone": entry.phone,
            "email": entry.email,
            "website": entry.website,
            "tags": sorted(tag.name for tag in entry.tags.all()),
            "products": entry.product_list(),
            "languages": list(entry.languages or []),
            "accessibility": list(entry.accessibility or []),
            "direct_sale": entry.direct_sale,
            "opening_hours": entry.opening_hours_data().as_text()
            if readable
            else entry.opening_hours_data().to_schema(),
            "last_published_at": entry.last_published_at.isoformat()
            if entry.last_published_at
            else None,
        }


class _Echo:
    def write(self, value):
        return value


@page_view(BusinessDirectoryPage, "csv_response")
def csv_response(request, directory):
    """Semicolon-separated UTF-8 with a byte order mark, as German Excel opens
    it (like the open data downloads); lists joined with commas."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")

    def lines():
        yield "\ufeff"  # Excel opens UTF-8 correctly with a BOM
        yield writer.writerow(COLUMNS)
        for row in _rows(directory, request, readable=True):
            values = []
            for column in COLUMNS:
                value = row[column]
                if isinstance(value, list):
                    value = ", ".join(str(item) for item in value)
                elif value is None:
                    value = ""
                values.append(safe_cell(value))
            yield writer.writerow(values)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="verzeichnis.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@page_view(BusinessDirectoryPage, "json_response")
def json_response(request, directory):
    data = {
        "name": directory.title,
        "url": directory.get_full_url(request),
        "language": directory.locale.language_code,
        "columns": COLUMNS,
        "entries": list(_rows(directory, request)),
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@page_view(BusinessDirectoryPage, "geojson_response")
def geojson_response(request, directory):
    queryset = (
        DirectoryQuery(directory, request)
        .queryset()
        .exclude(latitude=None)
        .exclude(longitude=None)
        .defer_streamfields()
    )
    page_id = request.GET.get("page_id", "")
    if page_id.isdigit():
        queryset = queryset.filter(pk=int(page_id))
    features = (
        point_feature(
            entry.latitude,
            entry.longitude,
            name=entry.title,
            url=entry.get_url(request),
            address=entry.address_line,
            detail=str(entry.get_actor_type_display()),
            kind="business",
        )
        for entry in queryset.iterator(chunk_size=1000)
    )
    response = JsonResponse(
        feature_collection(features), content_type="application/geo+json"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
