"""Benchmark data of the tourism app: attractions, accommodation and events."""

import datetime
from decimal import Decimal

from django.utils import timezone

from bench.scale.pages import bulk_pages
from portal.models import Municipality
from tourism.demo import at
from tourism.models import (
    AccommodationPage,
    AccommodationType,
    AttractionPage,
    EventIndexPage,
    EventOccurrence,
    EventPage,
    TourismCategory,
    TourismIndexPage,
)

SCALE_EVENTS = 10_000
SCALE_ATTRACTIONS = 2_500
SCALE_ACCOMMODATIONS = 2_500
SCALE_PLACE_WORDS = [
    "See",
    "Ufer",
    "Wald",
    "Mühle",
    "Kirche",
    "Hof",
    "Garten",
    "Heide",
    "Moor",
    "Park",
    "Dorf",
    "Warnow",
    "Lewitz",
    "Aussicht",
]
SCALE_EVENT_WORDS = [
    "Markt",
    "Konzert",
    "Führung",
    "Lesung",
    "Fest",
    "Kurs",
    "Wanderung",
    "Radtour",
    "Basar",
    "Flohmarkt",
    "Theater",
]


def load_scale(demo, rng):
    """5,000 attractions and accommodation, 10,000 events (benchmark data)."""
    tourism = TourismIndexPage.objects.filter(locale=demo.de).first()
    events_index = EventIndexPage.objects.filter(locale=demo.de).first()
    if tourism is None or events_index is None:
        return
    categories = list(TourismCategory.objects.filter(locale=demo.de))
    municipalities = list(Municipality.objects.filter(locale=demo.de))
    images = [
        page.teaser_image
        for page in AttractionPage.objects.filter(locale=demo.de).exclude(
            teaser_image=None
        )
    ] or [None]

    def place_fields(number):
        municipality = rng.choice(municipalities)
        return {
            "title": f"{rng.choice(SCALE_PLACE_WORDS)} {municipality.name} {number}",
            "intro": f"Ein Ort zum Entdecken in {municipality.name}. " * 2,
            "municipality": municipality,
            "latitude": Decimal("53.55") + Decimal(rng.randrange(3000)) / 10000,
            "longitude": Decimal("11.50") + Decimal(rng.randrange(4000)) / 10000,
            "street": f"Dorfstraße {rng.randrange(1, 80)}",
            "postal_code": "19089",
            "city": municipality.name,
            "teaser_image": rng.choice(images) if number % 3 == 0 else None,
        }

    attractions = bulk_pages(
        tourism,
        AttractionPage,
        [
            AttractionPage(
                slug=f"ort-{number}",
                category=rng.choice(categories),
                free_entry=rng.random() < 0.5,
                **place_fields(number),
            )
            for number in range(1, SCALE_ATTRACTIONS + 1)
        ],
    )
    bulk_pages(
        tourism,
        AccommodationPage,
        [
            AccommodationPage(
                slug=f"unterkunft-{number}",
                accommodation_type=rng.choice(AccommodationType.values),
                capacity=rng.randrange(2, 120),
                amenities=[],
                price_range=f"ab {rng.randrange(40, 160)} € pro Nacht",
                **place_fields(number),
            )
            for number in range(1, SCALE_ACCOMMODATIONS + 1)
        ],
    )
    venues = attractions or list(AttractionPage.objects.filter(locale=demo.de)[:50])
    today = timezone.localdate()
    events = []
    for number in range(1, SCALE_EVENTS + 1):
        day = today + datetime.timedelta(days=rng.randrange(-60, 365))
        start = at(day, rng.choice((10, 14, 16, 19)))
        venue = rng.choice(venues)
        title = f"{rng.choice(SCALE_EVENT_WORDS)} in {venue.city} {number}"
        events.append(
            EventPage(
                slug=f"termin-{number}",
                title=title,
                intro=f"{title}: für alle, Eintritt siehe Aushang.",
                body=[("paragraph", f"<p>{title}</p>")],
                category=rng.choice(categories),
                municipality_id=venue.municipality_id,
                venue_page=venue,
                start=start,
                end=start + datetime.timedelta(hours=2),
                is_free=rng.random() < 0.4,
                organiser_name="Verein (Demo)",
            )
        )
    events = bulk_pages(events_index, EventPage, events)
    EventOccurrence.objects.bulk_create(
        (
            EventOccurrence(
                event_id=event.pk,
                locale_id=event.locale_id,
                start=event.start,
                end=event.end,
            )
            for event in events
        ),
        batch_size=2000,
    )
    demo.log(f"    {len(attractions)} attractions, {len(events)} events and more")
