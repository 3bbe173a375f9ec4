"""The tourism section page, attractions and accommodation."""

import functools
import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Lower
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from portal.blocks import BodyStreamBlock, CaptionedImageBlock
from portal.fields import AccessibilityFeature, MultipleChoiceJSONField
from portal.fragments import Deferred
from portal.geo import AddressMixin, CoordinatesMixin, location_panel, place_json_ld
from portal.maps import feature_collection, point_feature
from portal.mixins import PortalPageMixin
from portal.models import Municipality, PortalImage
from portal.opening_hours import OpeningHours, OpeningHoursBlock
from portal.restrictions import private_q
from portal.shell import versioned_key
from portal.structured_data import image_json_ld
from portal.view_registry import call_page_view

from .events import EventIndexPage, EventOccurrence
from .routes import RouteIndexPage
from .taxonomy import TourismCategory, localized_map

PLACES_PER_PAGE = 24
LISTING_RENDITION = "fill-480x270"


class PriceBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("For whom"), max_length=80)
    amount = blocks.DecimalBlock(
        label=_("Price in euros"), min_value=0, decimal_places=2
    )
    note = blocks.CharBlock(label=_("Note"), max_length=120, required=False)

    class Meta:
        icon = "tag"
        label = _("Price")


class TourismPlacePage(PortalPageMixin, AddressMixin, CoordinatesMixin, Page):
    """What attractions and accommodation share: where, how to reach, accessibility."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(BodyStreamBlock(), verbose_name=_("description"), blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    accessibility = MultipleChoiceJSONField(
        _("accessibility"), choices_list=AccessibilityFeature.choices
    )
    accessibility_note = models.TextField(
        _("more about accessibility"),
        blank=True,
        max_length=600,
        help_text=_("E.g. door widths, gravel paths, steps at the jetty."),
    )
    gallery = StreamField(
        [("image", CaptionedImageBlock())],
        verbose_name=_("gallery"),
        blank=True,
        help_text=_("Credit and licence are taken from each image."),
    )
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Show on the tourism start page.")
    )

    # Facts that are the same in every language: copied, not sent to translators.
    override_translatable_fields = [
        SynchronizedField(name) for name in ("street", "postal_code", "city", "phone")
    ]

    contact_panels = [
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")],
            heading=_("Contact"),
        )
    ]
    accessibility_panels = [
        MultiFieldPanel(
            [FieldPanel("accessibility"), FieldPanel("accessibility_note")],
            heading=_("Accessibility"),
        )
    ]
    promote_panels = [
        *Page.promote_panels,
        *PortalPageMixin.promote_teaser_panels,
        FieldPanel("featured"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("city"),
        index.FilterField("municipality"),
    ]

    # Address, images, opening hours: the same until the content changes.
    cache_json_ld = True

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = self.clean_coordinates()
        if errors:
            raise ValidationError(errors)

    def accessibility_labels(self):
        return self._meta.get_field("accessibility").labels_for(self.accessibility)

    def opening_hours_data(self):
        return OpeningHours()

    def get_json_ld(self, request):
        data = super().get_json_ld(request)
        data.update(place_json_ld(self))
        images = [
            image_json_ld(item.value["image"], request)
            for item in self.gallery
            if item.value.get("image")
        ]
        if not images and self.teaser_image:
            images = [image_json_ld(self.teaser_image, request)]
        if images:
            data["image"] = images
        features = [
            {"@type": "LocationFeatureSpecification", "name": str(label), "value": True}
            for label in self.accessibility_labels()
        ]
        if features:
            data["amenityFeature"] = features
        if self.municipality_id:
            data["containedInPlace"] = {
                "@type": "AdministrativeArea",
                "name": self.municipality.name,
            }
        return data

    def map_feature(self, request=None, detail=""):
        return point_feature(
            self.latitude,
            self.longitude,
            name=self.title,
            url=self.get_url(request),
            address=self.address_line,
            detail=detail,
            kind=self._meta.model_name,
        )

    def localized_municipality(self):
        if not self.municipality_id:
            return None
        return localized_map(Municipality, [self.municipality], self.locale)[
            self.municipality_id
        ]

    def geojson_url(self, request):
        index_page = self.get_parent().specific
        if not isinstance(index_page, TourismIndexPage):
            return ""
        return (
            index_page.get_url(request)
            + index_page.reverse_subpage("places_geojson")
            + f"?page_id={self.pk}"
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # What only the page's fragments use (tourism/includes/place_*.html,
        # cached under the content version like listing cards) is looked up
        # when a fragment is rendered, not on every fresh render: the
        # municipality in the visitor's language and the map's GeoJSON
        # address (the parent page). A preview renders the draft.
        context["detail_pages"] = (
            [] if getattr(request, "is_preview", False) else [self]
        )
        context["municipality"] = functools.cache(self.localized_municipality)
        context["geojson_url"] = functools.cache(
            functools.partial(self.geojson_url, request)
        )
        context["map_places"] = [
            {"name": self.title, "address": self.address_line, "url": ""}
        ]
        return context


class AttractionPage(TourismPlacePage):
    """A point of interest: museum, church, lake beach, viewpoint, nature reserve."""

    category = models.ForeignKey(
        TourismCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opening_hours = StreamField(
        OpeningHoursBlock(),
        verbose_name=_("opening hours"),
        blank=True,
        help_text=_("Leave empty for places that are always open (beaches, trails)."),
    )
    free_entry = models.BooleanField(_("free entry"), default=False)
    prices = StreamField(
        [("price", PriceBlock())], verbose_name=_("prices"), blank=True
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("category"),
        FieldPanel("municipality"),
        location_panel(),
        FieldPanel("opening_hours"),
        MultiFieldPanel(
            [FieldPanel("free_entry"), FieldPanel("prices")],
            heading=_("Admission"),
        ),
        *TourismPlacePage.accessibility_panels,
        *TourismPlacePage.contact_panels,
        FieldPanel("body"),
        FieldPanel("gallery"),
    ]

    parent_page_types = ["tourism.TourismIndexPage"]
    subpage_types = []
    schema_type = "TouristAttraction"

    class Meta:
        verbose_name = _("attraction")
        verbose_name_plural = _("attractions")

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors.update(error.update_error_dict({}))
        if self.free_entry and self.prices:
            errors["prices"] = _(
                "An attraction with free entry has no prices; remove them or untick "
                "'free entry'."
            )
        if errors:
            raise ValidationError(errors)

    def opening_hours_data(self):
        return OpeningHours.from_stream(self.opening_hours)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["upcoming_events"] = EventOccurrence.upcoming_cards(
            self.locale, limit=4, venue=self
        )
        return context

    def get_json_ld(self, request):
        data = super().get_json_ld(request)
        data["isAccessibleForFree"] = self.free_entry
        specs = self.opening_hours_data().to_schema()
        if specs:
            data["openingHoursSpecification"] = specs
        if self.category_id:
            data["touristType"] = self.category.localized.name
        return data


class AccommodationType(models.TextChoices):
    HOTEL = "hotel", _("Hotel")
    GUESTHOUSE = "guesthouse", _("Guesthouse / B&B")
    HOLIDAY_FLAT = "holiday_flat", _("Holiday flat or house")
    CAMPSITE = "campsite", _("Campsite")
    HOSTEL = "hostel", _("Hostel")
    FARM_STAY = "farm_stay", _("Farm stay")


SCHEMA_LODGING_TYPES = {
    AccommodationType.HOTEL: "Hotel",
    AccommodationType.GUESTHOUSE: "BedAndBreakfast",
    AccommodationType.HOLIDAY_FLAT: "VacationRental",
    AccommodationType.CAMPSITE: "Campground",
    AccommodationType.HOSTEL: "Hostel",
    AccommodationType.FARM_STAY: "LodgingBusiness",
}


class Amenity(models.TextChoices):
    WIFI = "wifi", _("Wi-Fi")
    PARKING = "parking", _("Parking")
    BREAKFAST = "breakfast", _("Breakfast")
    RESTAURANT = "restaurant", _("Restaurant")
    BICYCLE_STORAGE = "bicycle_storage", _("Lockable bicycle storage")
    BICYCLE_RENTAL = "bicycle_rental", _("Bicycle rental")
    BOAT_RENTAL = "boat_rental", _("Boat or canoe rental")
    CHARGING = "charging", _("Charging point for electric cars")
    KITCHEN = "kitchen", _("Kitchen")
    LAKE_ACCESS = "lake_access", _("Access to the lake")
    SAUNA = "sauna", _("Sauna")
    PLAYGROUND = "playground", _("Playground")


class AccommodationPage(TourismPlacePage):
    """A place to stay: hotel, guesthouse, holiday flat, campsite."""

    accommodation_type = models.CharField(
        _("type"),
        max_length=20,
        choices=AccommodationType.choices,
        default=AccommodationType.GUESTHOUSE,
    )
    capacity = models.PositiveIntegerField(_("beds or pitches"), null=True, blank=True)
    rooms = models.PositiveIntegerField(_("rooms or units"), null=True, blank=True)
    pets_allowed = models.BooleanField(_("pets allowed"), default=False)
    amenities = MultipleChoiceJSONField(_("amenities"), choices_list=Amenity.choices)
    price_range = models.CharField(
        _("price range"),
        max_length=60,
        blank=True,
        help_text=_("E.g. 'from 65 € per night'."),
    )
    booking_url = models.URLField(_("booking link"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("accommodation_type"),
        FieldPanel("municipality"),
        location_panel(),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldPanel("rooms"),
                FieldPanel("price_range"),
                FieldPanel("pets_allowed"),
                FieldPanel("amenities"),
                FieldPanel("booking_url"),
            ],
            heading=_("Stay"),
        ),
        *TourismPlacePage.accessibility_panels,
        *TourismPlacePage.contact_panels,
        FieldPanel("body"),
        FieldPanel("gallery"),
    ]

    parent_page_types = ["tourism.TourismIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodation")

    @property
    def schema_type(self):
        return SCHEMA_LODGING_TYPES.get(self.accommodation_type, "LodgingBusiness")

    def amenity_labels(self):
        return self._meta.get_field("amenities").labels_for(self.amenities)

    def get_json_ld(self, request):
        data = super().get_json_ld(request)
        features = [
            {"@type": "LocationFeatureSpecification", "name": str(label), "value": True}
            for label in self.amenity_labels()
        ]
        if features:
            data["amenityFeature"] = [*data.get("amenityFeature", []), *features]
        if self.rooms:
            data["numberOfRooms"] = self.rooms
        if self.capacity:
            data["maximumAttendeeCapacity"] = self.capacity
        if self.price_range:
            data["priceRange"] = self.price_range
        data["petsAllowed"] = self.pets_allowed
        if self.booking_url:
            data["potentialAction"] = {
                "@type": "ReserveAction",
                "target": self.booking_url,
            }
        return data


class TourismIndexPage(RoutablePageMixin, PortalPageMixin, Page):
    """The tourism section: categories, featured places, map and upcoming events."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "tourism.AttractionPage",
        "tourism.AccommodationPage",
        "tourism.EventIndexPage",
        "tourism.RouteIndexPage",
    ]
    max_count_per_parent = 1
    schema_type = "CollectionPage"

    class Meta:
        verbose_name = _("tourism section")

    # --- queries -------------------------------------------------------------------
    def places(self, kind=None, category=None, municipality=None):
        """Live attractions and accommodation below this page, filtered by slugs."""
        models_ = {"attraction": [AttractionPage], "accommodation": [AccommodationPage]}
        results = []
        for model in models_.get(kind, [AttractionPage, AccommodationPage]):
            queryset = (
                model.objects.live()
                .public()
                .descendant_of(self)
                .select_related("municipality", "teaser_image")
                .order_by("title")
            )
            if municipality:
                queryset = queryset.filter(municipality__slug=municipality)
            if category:
                if model is not AttractionPage:
                    if category in AccommodationType.values:
                        queryset = queryset.filter(accommodation_type=category)
                    else:
                        continue
                else:
                    queryset = queryset.filter(category__slug=category)
            elif model is AttractionPage:
                queryset = queryset.select_related("category")
            results.extend(queryset)
        return sorted(results, key=lambda page: page.title.lower())

    def places_base(self):
        """The live places below this page that everyone may see (pages of
        either type, unordered): what the listing filters."""
        queryset = getattr(self, "_places_base", None)
        if queryset is None:
            # .public() looks the view restrictions up at once: do it once.
            queryset = self._places_base = (
                Page.objects.live()
                .exclude(private_q())
                .descendant_of(self)
                .type(AttractionPage, AccommodationPage)
            )
        return queryset

    @staticmethod
    def place_rows(queryset, kind=None, category=None, municipality=None):
        """``(pk, content type id)`` of the places in ``queryset`` (from
        ``places_base``) in title order, filtered by slugs like ``places``:
        ``kind`` attraction or accommodation (another value filters nothing),
        ``category`` a category's slug or an accommodation type."""
        if kind == "attraction":
            queryset = queryset.type(AttractionPage)
        elif kind == "accommodation":
            queryset = queryset.type(AccommodationPage)
        if municipality:
            queryset = queryset.filter(
                Q(attractionpage__municipality__slug=municipality)
                | Q(accommodationpage__municipality__slug=municipality)
            )
        if category:
            if category in AccommodationType.values:
                queryset = queryset.filter(
                    accommodationpage__accommodation_type=category
                )
            else:
                queryset = queryset.filter(attractionpage__category__slug=category)
        return queryset.order_by(Lower("title"), "pk").values_list(
            "pk", "content_type_id"
        )

    def place_ids(self, kind=None, category=None, municipality=None):
        """Ids of the live places below this page in title order, filtered like
        ``places``; counted and sliced by the database (listing pages)."""
        return self.place_rows(
            self.places_base(), kind=kind, category=category, municipality=municipality
        )

    def place_entries(self, request, rows, images=False):
        """Listing entries for the places ``rows`` (``(pk, content type id)`` from
        ``place_ids``, in that order): one query per place type shown; with
        ``images``, teaser images and (one query) their listing renditions."""
        rows = list(rows)
        ids = [pk for pk, _content_type in rows]
        content_types = {content_type for _pk, content_type in rows}
        pages = {}
        for model, related in (
            (AttractionPage, ("municipality", "category")),
            (AccommodationPage, ("municipality",)),
        ):
            if ContentType.objects.get_for_model(model).pk not in content_types:
                continue
            queryset = model.objects.filter(pk__in=ids).select_related(*related)
            if images:
                queryset = queryset.select_related("teaser_image").prefetch_related(
                    Prefetch(
                        "teaser_image__renditions",
                        queryset=PortalImage.get_rendition_model().objects.filter(
                            filter_spec=LISTING_RENDITION
                        ),
                        to_attr="prefetched_renditions",
                    )
                )
            pages.update((page.pk, page) for page in queryset)
        places = [pages[pk] for pk in ids]  # may repeat: listed and featured
        categories, municipalities = self.localized_lookups(places)
        return [
            {
                "page": page,
                "url": page.get_url(request),
                "name": page.title,
                "address": page.address_line,
                "detail": self.place_detail(page, categories, municipalities),
            }
            for page in places
        ]

    def featured_rows(self):
        """``(pk, content type id)`` of up to six featured places, cached until
        content changes."""
        key = versioned_key("tourism-featured", self.pk)
        rows = cache.get(key)
        if rows is None:
            rows = list(
                self.place_ids().filter(
                    Q(attractionpage__featured=True)
                    | Q(accommodationpage__featured=True)
                )[:6]
            )
            cache.set(key, rows, 60 * 60)
        return rows

    def cached_entries(self, request, rows):
        """``place_entries`` without images (and without the page object) for
        the listing ``rows``, cached per content version, language and host:
        the cards and the map's list of places read the same entries."""
        rows = list(rows)
        key = versioned_key(
            "tourism-entries",
            self.pk,
            get_language(),
            request.get_host(),
            hashlib.sha256(repr(rows).encode()).hexdigest(),
        )
        entries = cache.get(key)
        if entries is None:
            entries = [
                {name: value for name, value in entry.items() if name != "page"}
                for entry in self.place_entries(request, rows)
            ]
            cache.set(key, entries, 60 * 60)
        return entries

    def categories(self):
        used = (
            AttractionPage.objects.live()
            .descendant_of(self)
            .exclude(category=None)
            .order_by()
            .values("category__translation_key")
        )
        return TourismCategory.objects.filter(
            locale=self.locale, translation_key__in=used
        )

    def filter_choices(self):
        """Categories and municipalities of the filter form, kept in the cache
        until content changes (they change with snippets and places only)."""
        key = versioned_key("tourism-filter-choices", self.pk)
        choices = cache.get(key)
        if choices is None:
            choices = {
                "categories": list(self.categories()),
                "municipality_choices": list(self.municipalities()),
            }
            cache.set(key, choices, 60 * 60)
        return choices

    def municipalities(self):
        return Municipality.objects.filter(locale=self.locale)

    def subsections(self):
        """The event calendar and the routes below this page, kept in the cache
        until content changes (publishing or moving a page bumps the version)."""
        key = versioned_key("tourism-subsections", self.pk)
        found = cache.get(key)
        if found is None:
            found = {
                "event_index": EventIndexPage.objects.live().child_of(self).first(),
                "route_index": RouteIndexPage.objects.live().child_of(self).first(),
            }
            cache.set(key, found, 60 * 60)
        return found

    def place_detail(self, page, categories, municipalities):
        parts = []
        if isinstance(page, AttractionPage) and page.category_id:
            parts.append(categories[page.category_id].name)
        elif isinstance(page, AccommodationPage):
            parts.append(str(page.get_accommodation_type_display()))
        if page.municipality_id:
            parts.append(municipalities[page.municipality_id].name)
        return " · ".join(parts)

    def localized_lookups(self, pages):
        categories = localized_map(
            TourismCategory,
            [getattr(page, "category", None) for page in pages],
            self.locale,
        )
        municipalities = localized_map(
            Municipality, [page.municipality for page in pages], self.locale
        )
        return categories, municipalities

    def featured_cards(self, request):
        """Up to six featured places as cards (``tourism/includes/place_card.html``,
        cached per place): only the places whose card is not cached are loaded."""
        featured_rows = dict(self.featured_rows())
        return Deferred(
            Page,
            featured_rows,
            lambda pks: {
                entry["page"].pk: entry
                for entry in self.place_entries(
                    request,
                    [(pk, featured_rows[pk]) for pk in pks],
                    images=True,
                )
            },
        )

    def places_geojson_response(self, request, filters, page_id=None):
        """GeoJSON of the places below this page filtered by ``filters``
        (``kind``, ``category``, ``municipality`` as for ``places``) and, given
        ``page_id``, of that place only."""
        places = [page for page in self.places(**filters) if page.has_coordinates]
        if page_id:
            places = [page for page in places if str(page.pk) == page_id]
        categories, municipalities = self.localized_lookups(places)
        collection = feature_collection(
            page.map_feature(
                request, self.place_detail(page, categories, municipalities)
            )
            for page in places
        )
        response = JsonResponse(collection, content_type="application/geo+json")
        response["Access-Control-Allow-Origin"] = "*"
        return response

    # --- views -----------------------------------------------------------------------
    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The page's parts that change only with the content and the query
        # string are cached fragments (``{% page_fragment %}``): the filter
        # form, the page of places, the highlights and the subsections are
        # callables, computed only when a fragment is rendered (tourism/views.py:
        # models import no forms). The upcoming dates change with "now".
        filtered = call_page_view(self, "listing_filtered", request)
        context.update(
            {
                "listing": functools.cache(
                    lambda: call_page_view(self, "listing_context", request)
                ),
                "filtered": filtered,
                "featured": None
                if filtered
                else functools.cache(lambda: self.featured_cards(request)),
                "upcoming": EventOccurrence.upcoming_cards(
                    self.locale, limit=4, within=self
                ),
                "subsections": functools.cache(self.subsections),
                "now": timezone.now(),
            }
        )
        return context

    @path("geojson/", name="places_geojson")
    def places_geojson(self, request):
        """GeoJSON of the places below this page; ``type``, ``category``,
        ``municipality`` (read by the listing's filter form) and ``page_id``
        filter it."""
        return call_page_view(self, "places_geojson", request)
