"""Reading uploaded GPX tracks: validation, statistics and a simplified line."""

import io
from dataclasses import dataclass

import gpxpy
import gpxpy.gpx
from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

DEFAULT_MAX_SIZE = 5 * 1024 * 1024
SIMPLIFY_TOLERANCE_M = 15  # Ramer–Douglas–Peucker tolerance for the map line
ELEVATION_NOISE_M = 2  # ignore up-and-down jitter below this when summing


def max_size():
    return getattr(settings, "TOURISM_GPX_MAX_SIZE", DEFAULT_MAX_SIZE)


@dataclass
class TrackSummary:
    length_m: float
    elevation_gain_m: float | None
    elevation_loss_m: float | None
    start: tuple
    end: tuple
    points: list  # simplified [(lat, lon), …]
    point_count: int


def read_upload(file):
    """The bytes of an uploaded or stored file, refusing files above the limit."""
    limit = max_size()
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("The GPX file is too large (%(size)s); at most %(limit)s are allowed."),
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    file.seek(0)
    data = file.read(limit + 1)
    file.seek(0)
    if len(data) > limit:
        raise ValidationError(
            _("The GPX file is too large; at most %(limit)s are allowed."),
            params={"limit": filesizeformat(limit)},
        )
    return data


def parse(data):
    """Parse GPX bytes; ``ValidationError`` with a message editors understand."""
    if isinstance(data, str):
        data = data.encode()
    not_gpx = _("This file is not a readable GPX track: %(reason)s")
    try:
        # defusedxml refuses entity expansion and external references first.
        root = SafeElementTree.fromstring(data)
    except DefusedXmlException as error:
        raise ValidationError(
            not_gpx, params={"reason": _("it contains forbidden XML entities")}
        ) from error
    except SafeElementTree.ParseError as error:
        raise ValidationError(not_gpx, params={"reason": str(error)}) from error
    if not root.tag.endswith("gpx"):
        raise ValidationError(
            not_gpx, params={"reason": _("the root element is not <gpx>")}
        )
    try:
        gpx = gpxpy.parse(io.StringIO(data.decode("utf-8", errors="replace")))
    except (gpxpy.gpx.GPXException, ValueError) as error:
        raise ValidationError(not_gpx, params={"reason": str(error)}) from error
    return gpx


def summarise(gpx):
    """Length, elevation gain/loss, start/end and a simplified line of a GPX."""
    points = []
    for track in gpx.tracks:
        for segment in track.segments:
            points.extend(segment.points)
    if not points:
        for route in gpx.routes:
            points.extend(route.points)
    if len(points) < 2:
        raise ValidationError(
            _(
                "The GPX file contains fewer than two track points; export the track again."
            )
        )
    length = 0.0
    for track in gpx.tracks:
        length += track.length_2d()
    if not length and gpx.routes:
        length = sum(
            a.distance_2d(b) or 0 for a, b in zip(points, points[1:], strict=False)
        )
    gain = loss = None
    elevations = [point.elevation for point in points if point.elevation is not None]
    if len(elevations) >= 2:
        gain = loss = 0.0
        reference = elevations[0]
        for elevation in elevations[1:]:
            delta = elevation - reference
            if abs(delta) >= ELEVATION_NOISE_M:
                if delta > 0:
                    gain += delta
                else:
                    loss -= delta
                reference = elevation
    simplified = _simplify(points)
    return TrackSummary(
        length_m=round(length, 1),
        elevation_gain_m=round(gain, 1) if gain is not None else None,
        elevation_loss_m=round(loss, 1) if loss is not None else None,
        start=(points[0].latitude, points[0].longitude),
        end=(points[-1].latitude, points[-1].longitude),
        points=[(round(p.latitude, 6), round(p.longitude, 6)) for p in simplified],
        point_count=len(points),
    )


def _simplify(points):
    """Ramer–Douglas–Peucker on a copy (gpxpy's ``simplify`` changes in place)."""
    copy = gpxpy.gpx.GPX()
    track = gpxpy.gpx.GPXTrack()
    segment = gpxpy.gpx.GPXTrackSegment(
        [gpxpy.gpx.GPXTrackPoint(p.latitude, p.longitude, p.elevation) for p in points]
    )
    track.segments.append(segment)
    copy.tracks.append(track)
    copy.simplify(max_distance=SIMPLIFY_TOLERANCE_M)
    return copy.tracks[0].segments[0].points


def build_gpx(name, points, description=""):
    """A GPX 1.1 document from ``[(lat, lon, elevation), …]`` (demo and tests)."""
    gpx = gpxpy.gpx.GPX()
    gpx.creator = "Regionalportal"
    track = gpxpy.gpx.GPXTrack(name=name, description=description or None)
    segment = gpxpy.gpx.GPXTrackSegment()
    for lat, lon, elevation in points:
        segment.points.append(gpxpy.gpx.GPXTrackPoint(lat, lon, elevation=elevation))
    track.segments.append(segment)
    gpx.tracks.append(track)
    return gpx.to_xml(version="1.1")
