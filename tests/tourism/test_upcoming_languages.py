"""The next dates at a place are kept per language: the German and the English
page of the same place, rendered within the same minute, each list the events
in their own language."""

import pytest

from tests.fresh_render import fresh_client

from . import factories as tf

pytestmark = pytest.mark.django_db


def test_venue_dates_in_the_language_of_the_page():
    section = tf.tourism_section()
    museum = tf.attraction(
        section.index,
        "heimatmuseum-crivitz",
        "Heimatstube Crivitz",
        en={"title": "Crivitz Heritage Room"},
    )
    tf.event(
        section.events,
        "museumsnacht",
        "Museumsnacht",
        tf.day_at(3, 19),
        en={"title": "Museum Night"},
        venue_page=museum,
    )
    client = fresh_client()
    german = client.get("/tourismus/heimatmuseum-crivitz/").content.decode()
    english = client.get("/en/tourism/heimatmuseum-crivitz/").content.decode()
    assert "Museumsnacht" in german
    assert "Museum Night" in english
    assert "Museumsnacht" not in english
