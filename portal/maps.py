"""The privacy-friendly map: tiles from a configurable host, loaded after a click.

Pure functions only (the settings module imports :func:`tile_origin`). The map
itself is ``portal/includes/map.html`` with ``portal/js/map.js``: without
JavaScript, without a configured tile server or before the visitor clicks
"show map", visitors get a list with addresses and links and the browser
contacts no other host.
"""

from urllib.parse import urlsplit


def tile_origin(tile_url):
    """The origin to allow in the CSP ``img-src`` for a Leaflet tile URL template.

    ``https://{s}.tile.example.org/{z}/{x}/{y}.png`` → ``https://*.tile.example.org``.
    """
    parts = urlsplit(tile_url.replace("{s}", "subdomain"))
    host = parts.hostname or ""
    if tile_url.split("//", 1)[-1].startswith("{s}."):
        host = "*." + host.split(".", 1)[1]
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


def point_feature(latitude, longitude, **properties):
    """A GeoJSON point feature (GeoJSON orders coordinates longitude first)."""
    return {
        "type": "Feature",
        "geometry": {
            "type": "Point",
            "coordinates": [float(longitude), float(latitude)],
        },
        "properties": properties,
    }


def line_feature(points, **properties):
    """A GeoJSON line from ``[(latitude, longitude), …]``."""
    return {
        "type": "Feature",
        "geometry": {
            "type": "LineString",
            "coordinates": [[float(lon), float(lat)] for lat, lon in points],
        },
        "properties": properties,
    }


def feature_collection(features):
    return {"type": "FeatureCollection", "features": list(features)}
