"""Cycling, hiking and paddling routes with an uploaded GPX track."""

import functools

from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse, Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import BodyStreamBlock, CaptionedImageBlock
from portal.maps import feature_collection, line_feature, point_feature
from portal.mixins import PortalPageMixin
from portal.structured_data import image_json_ld
from tourism import gpx as gpx_tools


class RouteType(models.TextChoices):
    CYCLING = "cycling", _("Cycling")
    HIKING = "hiking", _("Hiking")
    PADDLING = "paddling", _("Paddling")


class Difficulty(models.TextChoices):
    EASY = "easy", _("Easy")
    MODERATE = "moderate", _("Moderate")
    DIFFICULT = "difficult", _("Difficult")


# Average speeds for the duration estimate, km/h.
SPEEDS = {RouteType.CYCLING: 15, RouteType.HIKING: 4, RouteType.PADDLING: 5}


class StageBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Stage"), max_length=120)
    distance_km = blocks.DecimalBlock(
        label=_("Distance in km"), required=False, min_value=0, decimal_places=1
    )
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "site"
        label = _("Stage")


class RouteIndexPage(PortalPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    parent_page_types = ["tourism.TourismIndexPage"]
    subpage_types = ["tourism.RoutePage"]
    max_count_per_parent = 1
    schema_type = "CollectionPage"

    class Meta:
        verbose_name = _("route overview")

    def routes(self, route_type=None):
        """The live public routes below this page by title, of ``route_type``
        if it is one."""
        routes = (
            RoutePage.objects.live()
            .public()
            .child_of(self)
            .select_related("teaser_image")
            .order_by("title")
        )
        if route_type in RouteType.values:
            routes = routes.filter(route_type=route_type)
        return routes

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        route_type = request.GET.get("type")
        context.update(
            {
                # computed only when the cached listing (``{% page_fragment %}``
                # per content version and type) is rendered
                "routes": functools.cache(lambda: self.routes(route_type)),
                "route_types": RouteType.choices,
                "route_type": route_type,
            }
        )
        return context


class RoutePage(RoutablePageMixin, PortalPageMixin, Page):
    """A route; length, elevation and the map line are computed from the GPX file."""

    cache_json_ld = True  # content only (portal.fragments.page_value)

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    route_type = models.CharField(
        _("type"), max_length=20, choices=RouteType.choices, default=RouteType.CYCLING
    )
    difficulty = models.CharField(
        _("difficulty"),
        max_length=20,
        choices=Difficulty.choices,
        default=Difficulty.EASY,
    )
    gpx_file = models.FileField(
        _("GPX track"),
        upload_to="routes/gpx/",
        null=True,
        blank=True,
        help_text=_("A .gpx file (GPS Exchange Format) of at most 5 MB."),
    )
    stages = StreamField(
        [("stage", StageBlock())], verbose_name=_("stages"), blank=True
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("description"), blank=True)
    gallery = StreamField(
        [("image", CaptionedImageBlock())], verbose_name=_("gallery"), blank=True
    )
    # Computed from the GPX file in clean(); editors do not type them.
    length_m = models.FloatField(
        _("length in metres"), null=True, blank=True, editable=False
    )
    elevation_gain_m = models.FloatField(
        _("elevation gain in metres"), null=True, blank=True, editable=False
    )
    elevation_loss_m = models.FloatField(
        _("elevation loss in metres"), null=True, blank=True, editable=False
    )
    start_latitude = models.FloatField(null=True, blank=True, editable=False)
    start_longitude = models.FloatField(null=True, blank=True, editable=False)
    end_latitude = models.FloatField(null=True, blank=True, editable=False)
    end_longitude = models.FloatField(null=True, blank=True, editable=False)
    track = models.JSONField(default=list, blank=True, editable=False)
    start_name = models.CharField(_("start"), max_length=120, blank=True)
    end_name = models.CharField(_("finish"), max_length=120, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("route_type"),
                FieldPanel("difficulty"),
                FieldPanel("gpx_file"),
            ],
            heading=_("Route"),
        ),
        MultiFieldPanel(
            [FieldPanel("start_name"), FieldPanel("end_name")],
            heading=_("Start and finish"),
        ),
        FieldPanel("stages"),
        FieldPanel("body"),
        FieldPanel("gallery"),
    ]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("route_type"),
    ]
    parent_page_types = ["tourism.RouteIndexPage"]
    subpage_types = []
    schema_type = "TouristTrip"

    class Meta:
        verbose_name = _("route")
        verbose_name_plural = _("routes")

    def clean(self):
        super().clean()
        if self.gpx_file:
            try:
                data = gpx_tools.read_upload(self.gpx_file)
                self.apply_summary(gpx_tools.summarise(gpx_tools.parse(data)))
            except ValidationError as error:
                raise ValidationError({"gpx_file": error}) from error

    def apply_summary(self, summary):
        self.length_m = summary.length_m
        self.elevation_gain_m = summary.elevation_gain_m
        self.elevation_loss_m = summary.elevation_loss_m
        self.start_latitude, self.start_longitude = summary.start
        self.end_latitude, self.end_longitude = summary.end
        self.track = [list(point) for point in summary.points]

    @property
    def length_km(self):
        return round(self.length_m / 1000, 1) if self.length_m else None

    @property
    def duration_hours(self):
        if not self.length_m:
            return None
        return round(self.length_m / 1000 / SPEEDS[self.route_type], 1)

    @property
    def is_round_trip(self):
        if self.start_latitude is None:
            return False
        return (
            abs(self.start_latitude - self.end_latitude) < 0.002
            and abs(self.start_longitude - self.end_longitude) < 0.002
        )

    def geojson(self):
        features = []
        if self.track:
            features.append(line_feature(self.track, name=self.title, kind="route"))
        if self.start_latitude is not None:
            features.append(
                point_feature(
                    self.start_latitude,
                    self.start_longitude,
                    name=self.start_name or str(_("Start")),
                    kind="start",
                )
            )
            if not self.is_round_trip:
                features.append(
                    point_feature(
                        self.end_latitude,
                        self.end_longitude,
                        name=self.end_name or str(_("Finish")),
                        kind="end",
                    )
                )
        return feature_collection(features)

    def get_json_ld(self, request):
        data = super().get_json_ld(request)
        data["touristType"] = str(self.get_route_type_display())
        items = []
        if self.start_latitude is not None:
            items.append(
                {
                    "@type": "Place",
                    "name": self.start_name or str(_("Start")),
                    "geo": {
                        "@type": "GeoCoordinates",
                        "latitude": self.start_latitude,
                        "longitude": self.start_longitude,
                    },
                }
            )
        for stage in self.stages:
            items.append({"@type": "Place", "name": stage.value["title"]})
        if self.end_latitude is not None and not self.is_round_trip:
            items.append(
                {
                    "@type": "Place",
                    "name": self.end_name or str(_("Finish")),
                    "geo": {
                        "@type": "GeoCoordinates",
                        "latitude": self.end_latitude,
                        "longitude": self.end_longitude,
                    },
                }
            )
        if items:
            data["itinerary"] = {
                "@type": "ItemList",
                "numberOfItems": len(items),
                "itemListOrder": "https://schema.org/ItemListOrderAscending",
                "itemListElement": [
                    {"@type": "ListItem", "position": number, "item": item}
                    for number, item in enumerate(items, start=1)
                ],
            }
        if self.length_m:
            data["distance"] = f"{self.length_km} km"
        images = [
            image_json_ld(item.value["image"], request)
            for item in self.gallery
            if item.value.get("image")
        ]
        if images:
            data["image"] = images
        return data

    @path("gpx/", name="gpx")
    def download_gpx(self, request):
        if not self.gpx_file:
            raise Http404
        response = FileResponse(
            self.gpx_file.open("rb"),
            as_attachment=True,
            filename=f"{self.slug}.gpx",
            content_type="application/gpx+xml",
        )
        return response

    @path("geojson/", name="geojson")
    def route_geojson(self, request):
        return JsonResponse(self.geojson(), content_type="application/geo+json")
