"""schema.org JSON-LD of every tourism page type."""

import json
import re

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


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
    image = data["image"][0]
    assert image["@type"] == "ImageObject"
    assert image["license"] == "http://dcat-ap.de/def/licenses/cc-zero"
    assert image["creator"]["name"] == "Amt (Demo-Grafik)"


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
