"""GPX: statistics of a known track, and refusal of bad files."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import override_settings
from django.utils import translation

from tourism import gpx


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are asserted in English, whatever an earlier test activated."""
    with translation.override("en"):
        yield


ONE_DEGREE_M = 6378137 * 2 * 3.141592653589793 / 360  # gpxpy's metres per degree


def known_track():
    """1 km due north in ten 100 m steps, up 30 m then down 10 m, with 1 m jitter."""
    elevations = [10, 20, 30, 40, 39, 40, 40, 35, 30, 30, 30]
    step = 1000 / 10 / ONE_DEGREE_M  # degrees for 100 m
    points = [
        (53.5 + i * step, 11.5, elevation) for i, elevation in enumerate(elevations)
    ]
    return gpx.build_gpx("Testtrack", points), points


def test_known_track_length_elevation_and_ends():
    document, points = known_track()
    summary = gpx.summarise(gpx.parse(document))
    assert summary.length_m == pytest.approx(1000, rel=0.005)
    assert summary.elevation_gain_m == pytest.approx(30)  # 10→40; the 39 is noise
    assert summary.elevation_loss_m == pytest.approx(10)  # 40→30
    assert summary.start == pytest.approx((53.5, 11.5))
    assert summary.end == pytest.approx((points[-1][0], 11.5))
    assert summary.point_count == 11
    # a straight line simplifies to its two ends
    assert len(summary.points) == 2


def test_a_wiggly_track_keeps_its_shape_but_fewer_points():
    points = [
        (53.5 + i * 0.001, 11.5 + (0.002 if i % 20 < 10 else 0), 20) for i in range(200)
    ]
    summary = gpx.summarise(gpx.parse(gpx.build_gpx("Zickzack", points)))
    assert 4 < len(summary.points) < 200


def test_malformed_xml_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        gpx.parse(b"<gpx><trk><trkseg><trkpt lat='53' lon='11'>")
    assert "not a readable GPX track" in error.value.messages[0]


def test_other_xml_is_refused():
    with pytest.raises(ValidationError) as error:
        gpx.parse(b"<kml><Document/></kml>")
    assert "<gpx>" in error.value.messages[0]


def test_entity_expansion_is_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><gpx>&b;</gpx>'
    )
    with pytest.raises(ValidationError) as error:
        gpx.parse(bomb)
    assert "forbidden XML entities" in error.value.messages[0]


def test_a_track_needs_two_points():
    with pytest.raises(ValidationError) as error:
        gpx.summarise(gpx.parse(gpx.build_gpx("Punkt", [(53.5, 11.5, 10)])))
    assert "fewer than two" in error.value.messages[0]


@override_settings(TOURISM_GPX_MAX_SIZE=1000)
def test_files_above_the_size_limit_are_refused_before_parsing():
    document, _points = known_track()
    upload = ContentFile(document.encode() + b" " * 2000, name="gross.gpx")
    with pytest.raises(ValidationError) as error:
        gpx.read_upload(upload)
    assert "too large" in error.value.messages[0]
