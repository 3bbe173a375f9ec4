"""schema.org JSON-LD of every tourism page type."""

import datetime
import json
import re

import pytest

from tests import factories

from . import factories as tf

WARNOW = [(53.6153, 11.6031), (53.6200, 11.6200), (53.6336, 11.6597)]
LOOP = [(53.515, 11.53), (53.52, 11.56), (53.51, 11.57), (53.5151, 11.5301)]


def stages(*titles):
    return [
        ("stage", {"title": title, "distance_km": "2.5", "description": ""})
        for title in titles
    ]


def build_world():
    section = tf.tourism_section()
    today = datetime.date.today()
    tf.attraction(
        section.index,
        "heimatmuseum-crivitz",
        "Heimatstube Crivitz",
        category=tf.category("kultur"),
        municipality=tf.municipality("Crivitz"),
        latitude="53.575900",
        longitude="11.652100",
        street="Amtsstraße 8",
        postal_code="19089",
        city="Crivitz",
        free_entry=False,
        prices=[("price", {"label": "Erwachsene", "amount": "5.00", "note": ""})],
        opening_hours=[
            (
                "weekly",
                {
                    "days": ["th", "fr", "sa", "su"],
                    "opens": datetime.time(11),
                    "closes": datetime.time(16),
                },
            ),
            (
                "season",
                {
                    "name": "Sommer",
                    "starts": datetime.date(today.year, 5, 1),
                    "ends": datetime.date(today.year, 9, 30),
                    "repeats_yearly": True,
                    "hours": [
                        {
                            "days": ["tu", "we", "th", "fr", "sa", "su"],
                            "opens": datetime.time(10),
                            "closes": datetime.time(17),
                        }
                    ],
                },
            ),
        ],
        accessibility=["step_free", "accessible_toilet"],
        teaser_image=factories.ImageFactory(credit="Amt (Testgrafik)"),
    )
    tf.attraction(
        section.index,
        "strand-raben-steinfeld",
        "Strand Raben Steinfeld",
        free_entry=True,
        latitude="53.6000",
        longitude="11.5000",
    )
    for slug, kind in (
        ("pension-lewitzblick", "guesthouse"),
        ("ferienwohnung-stoerkanal", "holiday_flat"),
        ("campingplatz-pinnower-see", "campsite"),
        ("wasserwanderrastplatz-crivitz", "hostel"),
    ):
        tf.accommodation(section.index, slug, slug.title(), accommodation_type=kind)
    tf.accommodation(
        section.index,
        "heuhotel-tramm",
        "Heuhotel Tramm",
        en={"title": "Tramm hay hotel"},
        accommodation_type="farm_stay",
    )
    tf.accommodation(
        section.index,
        "hotel-am-see-raben-steinfeld",
        "Hotel am See",
        accommodation_type="hotel",
        rooms=32,
        capacity=64,
        price_range="ab 89 € pro Nacht",
        amenities=["wifi", "parking", "sauna"],
    )
    tf.calendar(section)
    tf.route(
        section.routes,
        "paddeltour-warnow",
        "Paddeltour auf der Warnow",
        tf.track_line(WARNOW),
        route_type="paddling",
        start_name="Gneven, Einsetzstelle",
        end_name="Bülow, Anleger",
        stages=stages("Gneven – Warnowbrücke", "Warnowbrücke – Bülow"),
    )
    tf.route(
        section.routes,
        "wanderung-lewitz-runde",
        "Lewitz-Runde ab Banzkow",
        tf.track_line(LOOP),
        start_name="Schleuse Banzkow",
        stages=stages("Schleuse – Aussichtsturm", "Aussichtsturm – Banzkow"),
    )
    return section


world = factories.module_data(build_world)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def json_ld(client, url):
    html = client.get(url).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, url
    return json.loads(match.group(1))


def test_attraction_is_a_tourist_attraction_with_hours_and_geo(client):
    data = json_ld(client, "/tourismus/heimatmuseum-crivitz/")
    assert data["@type"] == "TouristAttraction"
    assert data["isAccessibleForFree"] is False
    assert data["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 53.5759,
        "longitude": 11.6521,
    }
    assert data["address"]["postalCode"] == "19089"
    assert data["address"]["addressLocality"] == "Crivitz"
    specs = data["openingHoursSpecification"]
    assert specs[0]["dayOfWeek"] == [
        "https://schema.org/Thursday",
        "https://schema.org/Friday",
        "https://schema.org/Saturday",
        "https://schema.org/Sunday",
    ]
    assert any("validFrom" in spec for spec in specs)
    assert {f["name"] for f in data["amenityFeature"]} >= {"Stufenloser Zugang"}
    assert len(specs) == 2  # the regular hours and the summer season
    image = data["image"][0]
    assert image["@type"] == "ImageObject"
    assert image["license"] == "http://dcat-ap.de/def/licenses/cc-zero"
    assert image["creator"]["name"] == "Amt (Testgrafik)"


def test_free_beach_has_no_opening_hours(client):
    data = json_ld(client, "/tourismus/strand-raben-steinfeld/")
    assert data["isAccessibleForFree"] is True
    assert "openingHoursSpecification" not in data


def test_accommodation_uses_lodging_business_subtypes(client):
    expected = {
        "/tourismus/hotel-am-see-raben-steinfeld/": "Hotel",
        "/tourismus/pension-lewitzblick/": "BedAndBreakfast",
        "/tourismus/ferienwohnung-stoerkanal/": "VacationRental",
        "/tourismus/campingplatz-pinnower-see/": "Campground",
        "/tourismus/wasserwanderrastplatz-crivitz/": "Hostel",
        "/en/tourism/heuhotel-tramm/": "LodgingBusiness",
    }
    for url, schema_type in expected.items():
        assert json_ld(client, url)["@type"] == schema_type, url
    hotel = json_ld(client, "/tourismus/hotel-am-see-raben-steinfeld/")
    assert hotel["numberOfRooms"] == 32
    assert hotel["priceRange"] == "ab 89 € pro Nacht"
    assert {"Sauna", "WLAN"} <= {f["name"] for f in hotel["amenityFeature"]}


def test_event_has_status_location_offers_and_organizer(client):
    data = json_ld(client, "/tourismus/veranstaltungen/paddelkurs-leezen/")
    assert data["@type"] == "Event"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["startDate"].endswith(("+01:00", "+02:00"))
    assert data["location"]["@type"] == "Place"
    assert data["location"]["name"] == "Kanustation Leezen"
    assert data["location"]["geo"]["latitude"] == 53.6718
    assert data["offers"] == {
        "@type": "Offer",
        "price": "25.00",
        "priceCurrency": "EUR",
        "availability": "https://schema.org/InStock",
        "url": "https://anmeldung.example.org/paddelkurs",
    }
    assert data["organizer"] == {"@type": "Organization", "name": "Kanustation Leezen"}
    cancelled = json_ld(client, "/tourismus/veranstaltungen/theater-pinnow/")
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    online = json_ld(client, "/tourismus/veranstaltungen/vortrag-warnow/")
    assert online["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert online["location"] == {
        "@type": "VirtualLocation",
        "url": "https://meet.example.org/warnow",
    }
    festival = json_ld(client, "/en/tourism/events/seefest-raben-steinfeld/")
    assert len(festival["startDate"]) == 10  # an all-day event has dates only
    assert festival["inLanguage"] == "en"


def test_route_is_a_tourist_trip_with_an_itinerary(client):
    data = json_ld(client, "/tourismus/touren/paddeltour-warnow/")
    assert data["@type"] == "TouristTrip"
    items = data["itinerary"]["itemListElement"]
    assert [item["position"] for item in items] == [1, 2, 3, 4]
    assert items[0]["item"]["name"] == "Gneven, Einsetzstelle"
    assert items[-1]["item"]["name"] == "Bülow, Anleger"
    assert data["distance"].endswith(" km")
    loop = json_ld(client, "/tourismus/touren/wanderung-lewitz-runde/")
    # a round trip lists the start once
    assert loop["itinerary"]["numberOfItems"] == 3
