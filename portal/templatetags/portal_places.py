"""Template tags for places: opening hours and the click-to-load map."""

from django import template
from django.conf import settings
from django.templatetags.static import static

from portal.maps import tile_origin
from portal.opening_hours import OpeningHours

register = template.Library()


@register.inclusion_tag("portal/includes/opening_hours.html")
def opening_hours(stream, heading_level=2):
    """Status ("open now"), the next seven days, seasons and upcoming closures."""
    hours = (
        stream if isinstance(stream, OpeningHours) else OpeningHours.from_stream(stream)
    )
    return {
        "hours": hours,
        "status": hours.status() if hours else None,
        "week": hours.week() if hours else [],
        "exceptions": hours.upcoming_exceptions() if hours else [],
        "heading_level": heading_level,
    }


@register.inclusion_tag("portal/includes/map.html")
def portal_map(
    geojson_url,
    places=(),
    title="",
    map_id="map",
    alternative="",
    page_obj=None,
    places_note="",
):
    """A map that loads tiles only after a click; always with a list of places.

    ``places`` are dicts with ``name``, ``url``, ``address`` and optionally
    ``detail`` (category, type…): the list is what visitors without JavaScript
    or without consent see, and what screen reader users read.

    ``page_obj``: the listing's page when ``places`` are one page of results
    while the map (its GeoJSON) shows the places of every page; the sentence
    above the list then says so.

    ``places_note`` instead of ``places``: a sentence that says where on the
    page the same places are already given as text (a route's stages), so the
    map does not list them a second time.

    ``alternative`` makes it a map to *set* a place in a form (the report
    form's pin): the sentence says what to fill in instead of using the map. Such
    a map shows neither a list nor the GeoJSON link, and nothing at all when no
    tile server is configured.
    """
    tile_url = getattr(settings, "MAP_TILE_URL", "")
    return {
        "map_id": map_id,
        "title": title,
        "alternative": alternative,
        "places": list(places),
        "page_obj": page_obj,
        "places_note": places_note,
        "geojson_url": geojson_url,
        "tile_url": tile_url,
        "tile_host": tile_origin(tile_url).split("//", 1)[-1] if tile_url else "",
        "attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", ""),
        "leaflet_js": static("vendor/leaflet/leaflet.js"),
        "leaflet_css": static("vendor/leaflet/leaflet.css"),
    }


@register.simple_tag
def map_script():
    return static("portal/js/map.js")


@register.simple_tag
def map_tiles_configured():
    """Whether the click-to-load map can be shown at all (``MAP_TILE_URL``)."""
    return bool(getattr(settings, "MAP_TILE_URL", ""))
