"""Tourism models, one module per family, re-exported here."""

from .events import (
    EventIndexPage,
    EventOccurrence,
    EventPage,
    EventStatus,
)
from .places import (
    AccommodationPage,
    AccommodationType,
    Amenity,
    AttractionPage,
    TourismIndexPage,
)
from .routes import Difficulty, RouteIndexPage, RoutePage, RouteType
from .taxonomy import TourismCategory

__all__ = [
    "AccommodationPage",
    "AccommodationType",
    "Amenity",
    "AttractionPage",
    "Difficulty",
    "EventIndexPage",
    "EventOccurrence",
    "EventPage",
    "EventStatus",
    "RouteIndexPage",
    "RoutePage",
    "RouteType",
    "TourismCategory",
    "TourismIndexPage",
]
