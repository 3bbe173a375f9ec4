"""The area of the Amt and distances: pure functions on WGS 84 coordinates.

The area is either a configured GeoJSON polygon (``REPORTS_AREA_GEOJSON``, a
file with a Polygon, MultiPolygon, Feature or FeatureCollection) or, without one,
everything within ``REPORTS_AREA_RADIUS_KM`` of a member municipality's centre.
"""

import functools
import json
import math
from pathlib import Path

from django.conf import settings

EARTH_RADIUS_M = 6_371_000


def distance_m(lat1, lon1, lat2, lon2):
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    dphi = phi2 - phi1
    dlambda = math.radians(float(lon2) - float(lon1))
    a = (
        math.sin(dphi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def bounding_box(lat, lon, radius_m):
    """(min_lat, max_lat, min_lon, max_lon) around a point: a cheap SQL pre-filter."""
    dlat = radius_m / 111_320
    dlon = radius_m / (111_320 * max(math.cos(math.radians(float(lat))), 0.01))
    return float(lat) - dlat, float(lat) + dlat, float(lon) - dlon, float(lon) + dlon


def _ring_contains(ring, lon, lat):
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _polygon_contains(rings, lon, lat):
    if not rings or not _ring_contains(rings[0], lon, lat):
        return False
    return not any(_ring_contains(hole, lon, lat) for hole in rings[1:])


def polygons_of(geojson):
    """The polygons (lists of rings) of a GeoJSON object."""
    kind = geojson.get("type")
    if kind == "FeatureCollection":
        return [p for f in geojson.get("features", []) for p in polygons_of(f)]
    if kind == "Feature":
        return polygons_of(geojson.get("geometry") or {})
    if kind == "Polygon":
        return [geojson["coordinates"]]
    if kind == "MultiPolygon":
        return list(geojson["coordinates"])
    return []


@functools.cache
def _configured_polygons(path):
    return polygons_of(json.loads(Path(path).read_text(encoding="utf-8")))


def area_polygons():
    path = getattr(settings, "REPORTS_AREA_GEOJSON", "")
    return _configured_polygons(path) if path else None


def in_area(lat, lon, municipalities):
    """Whether the point lies in the Amt's area.

    ``municipalities`` are the member municipalities (with coordinates), used when
    no polygon is configured.
    """
    lat, lon = float(lat), float(lon)
    polygons = area_polygons()
    if polygons is not None:
        return any(_polygon_contains(rings, lon, lat) for rings in polygons)
    radius = float(getattr(settings, "REPORTS_AREA_RADIUS_KM", 5)) * 1000
    return any(
        distance_m(lat, lon, m.latitude, m.longitude) <= radius for m in municipalities
    )


def nearest(lat, lon, municipalities):
    """The municipality whose centre is nearest to the point."""
    return min(
        municipalities,
        key=lambda m: distance_m(lat, lon, m.latitude, m.longitude),
        default=None,
    )
