"""Events: the event listing page, event pages and their materialised occurrences."""

import datetime
import functools

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from portal.blocks import BodyStreamBlock
from portal.fragments import Deferred
from portal.geo import AddressMixin
from portal.mixins import PortalPageMixin
from portal.models import Municipality
from portal.restrictions import hidden_q
from portal.shell import versioned_key
from portal.structured_data import first_image_json_ld
from portal.view_registry import call_page_view
from tourism import recurrence

from .taxonomy import TourismCategory, localized_map

EVENTS_PER_PAGE = 20


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed")
    MOVED_ONLINE = "moved_online", _("Moved online")


SCHEMA_EVENT_STATUS = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    EventStatus.MOVED_ONLINE: "https://schema.org/EventMovedOnline",
}

TIME_ZONE_CHOICES = [
    ("Europe/Berlin", "Europe/Berlin"),
    ("UTC", "UTC"),
]


class EventIndexPage(PortalPageMixin, Page):
    """The event calendar: date range, category and municipality filters."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    parent_page_types = ["tourism.TourismIndexPage"]
    subpage_types = ["tourism.EventPage"]
    max_count_per_parent = 1
    schema_type = "CollectionPage"

    class Meta:
        verbose_name = _("event calendar")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # the filter form and the page of dates (tourism/views.py)
        context.update(call_page_view(self, "listing_context", request))
        return context

    def load_cards(self, pks):
        """``{pk: occurrence}``, decorated for a card in this page's language."""
        return EventOccurrence.cards(pks, self.locale)


class EventPage(PortalPageMixin, AddressMixin, Page):
    """One event, possibly recurring, at an attraction or an address."""

    intro = models.TextField(_("short description"), blank=True, max_length=600)
    body = StreamField(BodyStreamBlock(), verbose_name=_("description"), blank=True)
    category = models.ForeignKey(
        TourismCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Taken from the venue if empty."),
    )
    # When
    start = models.DateTimeField(_("start"), null=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    all_day = models.BooleanField(
        _("all day"), default=False, help_text=_("The times are ignored.")
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TIME_ZONE_CHOICES,
        default="Europe/Berlin",
    )
    recurrence_rule = models.CharField(
        _("repeats (RRULE)"),
        max_length=255,
        blank=True,
        help_text=_(
            "Optional, in iCalendar notation. Every Saturday, ten times: "
            "FREQ=WEEKLY;BYDAY=SA;COUNT=10 – first Sunday of the month until the "
            "end of 2027: FREQ=MONTHLY;BYDAY=1SU;UNTIL=20271231T230000Z."
        ),
    )
    recurrence_exceptions = models.TextField(
        _("except on"),
        blank=True,
        help_text=_("Dates without the event, one per line, e.g. 2026-12-26."),
    )
    # Where
    venue_page = models.ForeignKey(
        "tourism.AttractionPage",
        verbose_name=_("venue (attraction)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    venue_name = models.CharField(
        _("venue name"),
        max_length=200,
        blank=True,
        help_text=_("If the venue is not an attraction of this portal."),
    )
    online_url = models.URLField(_("online address"), blank=True)
    # Who, how much
    organiser_name = models.CharField(_("organiser"), max_length=200, blank=True)
    organiser_url = models.URLField(_("organiser's website"), blank=True)
    organiser_email = models.EmailField(_("organiser's e-mail"), blank=True)
    is_free = models.BooleanField(_("free of charge"), default=False)
    price = models.DecimalField(
        _("price in euros"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    price_note = models.CharField(_("price details"), max_length=200, blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
    )
    # Prepared for provider submissions (accounts and workflows issues).
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_events",
    )

    # Dates, rules and addresses are the same in every language.
    override_translatable_fields = [
        SynchronizedField(name)
        for name in (
            "recurrence_rule",
            "recurrence_exceptions",
            "street",
            "postal_code",
            "city",
        )
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("category"),
        FieldPanel("status"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
                FieldPanel("time_zone"),
                FieldPanel("recurrence_rule"),
                FieldPanel("recurrence_exceptions"),
            ],
            heading=_("Date and time"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue_page"),
                FieldPanel("venue_name"),
                *AddressMixin.address_panels,
                FieldPanel("municipality"),
                FieldPanel("online_url"),
            ],
            heading=_("Venue"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("organiser_name"),
                FieldPanel("organiser_url"),
                FieldPanel("organiser_email"),
            ],
            heading=_("Organiser"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("is_free"),
                FieldPanel("price"),
                FieldPanel("price_note"),
                FieldPanel("registration_url"),
            ],
            heading=_("Admission"),
        ),
        FieldPanel("body"),
    ]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("venue_name"),
        index.FilterField("start"),
    ]

    parent_page_types = ["tourism.EventIndexPage"]
    subpage_types = []
    schema_type = "Event"
    # kept per content version and day (portal.fragments.page_value); the next
    # date follows "now" and is put in on every render (``with_next_date``)
    cache_json_ld = True

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [
            ("submit_event", _("Can submit events as a tourism provider")),
        ]

    # --- validation ----------------------------------------------------------------------
    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.start is None:
            errors["start"] = _("Enter when the event starts.")
        if self.start and self.end and self.local_end_value() < self.local_start():
            errors["end"] = _("The end must not be before the start.")
        if not self.all_day and self.start and self.end and self.end == self.start:
            errors["end"] = _("The end must be after the start, or leave it empty.")
        try:
            exception_dates = recurrence.parse_exception_dates(
                self.recurrence_exceptions
            )
        except ValidationError as error:
            errors["recurrence_exceptions"] = error
            exception_dates = []
        if exception_dates and not self.recurrence_rule.strip():
            errors["recurrence_exceptions"] = _(
                "Exception dates only make sense for a repeating event."
            )
        if self.recurrence_rule.strip() and self.start:
            try:
                # asks the database only for a rule with both ends
                if recurrence.has_count_and_until(self.recurrence_rule) and (
                    self.recurrence_rule_is_new()
                ):
                    recurrence.check_one_end(self.recurrence_rule)
                local = recurrence.zone(self.time_zone)
                recurrence.build_rule(
                    self.recurrence_rule,
                    self.start.astimezone(local).replace(tzinfo=None),
                    local,
                )
                self.recurrence_rule = recurrence.normalise_rule(self.recurrence_rule)
            except ValidationError as error:
                errors["recurrence_rule"] = error
        if self.status != EventStatus.MOVED_ONLINE and not (
            self.venue_page_id or self.venue_name or self.street or self.city
        ):
            errors["venue_name"] = _(
                "Choose an attraction as venue or enter the venue's name and address."
            )
        if self.status == EventStatus.MOVED_ONLINE and not self.online_url:
            errors["online_url"] = _("Enter the online address of the event.")
        if self.is_free and self.price:
            errors["price"] = _("A free event has no price; clear one of them.")
        if errors:
            raise ValidationError(errors)
        if self.venue_page_id and not self.municipality_id:
            self.municipality_id = self.venue_page.municipality_id

    def recurrence_rule_is_new(self):
        """Whether the rule differs from the one stored: a rule stored with both
        COUNT and UNTIL (refused since) is kept when the page is saved again,
        by an editor or by the portal itself (a scheduled publish, an approval);
        only typing one is refused (``recurrence.check_one_end``)."""
        if self.pk is None:
            return True
        stored = (
            EventPage.objects.filter(pk=self.pk)
            .values_list("recurrence_rule", flat=True)
            .first()
        )
        return recurrence.normalise_rule(stored) != recurrence.normalise_rule(
            self.recurrence_rule
        )

    # --- time ------------------------------------------------------------------------------
    @property
    def zone(self):
        return recurrence.zone(self.time_zone or "Europe/Berlin")

    def local_start(self):
        return self.start.astimezone(self.zone)

    def local_end_value(self):
        return self.end.astimezone(self.zone)

    def effective_end(self):
        """The end of the first occurrence (all-day: the end of the last day)."""
        if self.all_day:
            last_day = (self.end or self.start).astimezone(self.zone).date()
            return datetime.datetime.combine(
                last_day + datetime.timedelta(days=1),
                datetime.time(0),
                tzinfo=self.zone,
            )
        return self.end or self.start

    def exception_dates(self):
        try:
            return recurrence.parse_exception_dates(self.recurrence_exceptions)
        except ValidationError:
            return []

    @property
    def is_recurring(self):
        return bool(self.recurrence_rule.strip())

    def occurrences(
        self,
        window_start=None,
        window_end=None,
        limit=recurrence.MAX_OCCURRENCES,
        now=None,
    ):
        """Dates of the event; series are expanded up to two years from now."""
        if self.start is None:
            return []
        start = self.start
        if self.all_day:
            start = datetime.datetime.combine(
                self.local_start().date(), datetime.time(0), tzinfo=self.zone
            )
        try:
            return recurrence.expand(
                start,
                self.effective_end(),
                self.recurrence_rule,
                self.exception_dates(),
                self.time_zone,
                window_start=window_start,
                window_end=window_end,
                limit=limit,
                horizon_from=now or timezone.now(),
            )
        except ValidationError:
            return [(start, self.effective_end())]

    def next_occurrence(self, after=None):
        upcoming = self.occurrences(window_start=after or timezone.now(), limit=50)
        return upcoming[0] if upcoming else None

    def sync_occurrences(self, now=None):
        """Rewrite the materialised occurrences (listing, home page, feed).

        Series are stored up to two years ahead of ``now``; endless series
        keep only the last year's past dates. ``manage.py roll_event_dates``
        calls this daily so that endless series never run dry.
        """
        EventOccurrence.objects.filter(event=self).delete()
        if self.start is None:
            return
        now = now or timezone.now()
        window_start = None
        if recurrence.is_open_ended(self.recurrence_rule):
            window_start = now - datetime.timedelta(days=recurrence.KEEP_PAST_DAYS)
        EventOccurrence.objects.bulk_create(
            EventOccurrence(event=self, start=start, end=end, locale_id=self.locale_id)
            for start, end in self.occurrences(window_start=window_start, now=now)
        )

    @classmethod
    def roll_forward(cls, now=None):
        """Re-materialise live series whose stored dates end within a month
        of the two-year horizon; returns how many events were rolled."""
        now = now or timezone.now()
        due = now + datetime.timedelta(
            days=recurrence.HORIZON_DAYS - recurrence.ROLL_MARGIN_DAYS
        )
        candidates = (
            cls.objects.live()
            .exclude(recurrence_rule="")
            .annotate(last_date=models.Max("dates__start"))
            .filter(models.Q(last_date__lt=due) | models.Q(last_date__isnull=True))
        )
        rolled = 0
        for event in candidates.iterator():
            last = event.last_date or now
            # Finished series (COUNT or UNTIL reached) have nothing to add.
            upcoming = event.occurrences(window_start=last, limit=3, now=now)
            if any(start > last for start, _end in upcoming):
                event.sync_occurrences(now=now)
                rolled += 1
        return rolled

    OCCURRENCE_FIELDS = frozenset(
        {
            "start",
            "end",
            "all_day",
            "time_zone",
            "recurrence_rule",
            "recurrence_exceptions",
        }
    )

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        # Saving a revision writes only bookkeeping fields: the in-memory values
        # may be an unpublished draft, which must not reach the listing.
        if self.pk and (
            update_fields is None or self.OCCURRENCE_FIELDS & set(update_fields)
        ):
            self.sync_occurrences()
        return result

    # --- display ---------------------------------------------------------------------------
    @cached_property
    def venue(self):
        """The venue in the active language (computed once per instance; feeds
        set it for many events at once, see ``tourism.ical``)."""
        return self.venue_page.localized if self.venue_page_id else None

    def venue_label(self):
        if self.venue_page_id:
            return self.venue.title
        return self.venue_name or self.city

    def location_line(self):
        venue = self.venue if self.venue_page_id else self
        return venue.address_line

    def next_date_json_ld(self):
        """``startDate`` and ``endDate`` of the next date (else the first)."""
        data = {}
        occurrence = self.next_occurrence() or (self.occurrences(limit=1) or [None])[0]
        if occurrence:
            start, end = occurrence
            if self.all_day:
                data["startDate"] = start.date().isoformat()
                data["endDate"] = (end - datetime.timedelta(days=1)).date().isoformat()
            else:
                data["startDate"] = start.isoformat()
                if end and end != start:
                    data["endDate"] = end.isoformat()
        return data

    def with_next_date(self, data):
        """The (cached) schema.org ``data`` with the next date as of now, in
        the place ``get_json_ld`` puts it (before ``eventStatus``)."""
        dated = {}
        for key, value in data.items():
            if key == "eventStatus":
                dated.update(self.next_date_json_ld())
            if key not in ("startDate", "endDate"):
                dated[key] = value
        return dated

    def get_json_ld(self, request):
        data = super().get_json_ld(request)
        data.update(self.next_date_json_ld())
        data["eventStatus"] = SCHEMA_EVENT_STATUS[self.status]
        online = self.status == EventStatus.MOVED_ONLINE
        data["eventAttendanceMode"] = (
            "https://schema.org/OnlineEventAttendanceMode"
            if online
            else "https://schema.org/OfflineEventAttendanceMode"
        )
        if online:
            data["location"] = {"@type": "VirtualLocation", "url": self.online_url}
        else:
            place_source = self.venue if self.venue_page_id else self
            location = {
                "@type": "Place",
                "name": self.venue_label() or self.title,
                "address": place_source.postal_address_json_ld(),
            }
            if self.venue_page_id:
                location["url"] = self.venue.get_full_url(request)
                geo = self.venue.geo_json_ld()
                if geo:
                    location["geo"] = geo
            data["location"] = location
        if self.is_free or self.price is not None:
            offer = {
                "@type": "Offer",
                "price": "0" if self.is_free else str(self.price),
                "priceCurrency": "EUR",
                "availability": "https://schema.org/InStock",
            }
            if self.registration_url:
                offer["url"] = self.registration_url
            data["offers"] = offer
            data["isAccessibleForFree"] = self.is_free
        if self.organiser_name:
            organiser = {"@type": "Organization", "name": self.organiser_name}
            if self.organiser_url:
                organiser["url"] = self.organiser_url
            data["organizer"] = organiser
        # Search engines want an image for every event: the event's own, its
        # venue's, its listing page's, else the portal logo.
        parent = self.get_parent()
        image = first_image_json_ld(
            request,
            self.teaser_image,
            self.venue.teaser_image if self.venue_page_id else None,
            getattr(parent.specific, "teaser_image", None) if parent else None,
        )
        if image:
            data["image"] = image
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["json_ld_data"] = self.with_next_date(context["json_ld_data"])
        # The parts that change only with the content are cached fragments
        # (``{% page_fragment %}``): venue, address, category and municipality
        # are looked up only when one of them is rendered. The dates follow
        # "now" and are rendered every time.
        context.update(
            {
                "venue": functools.cache(self.live_venue),
                "location_line": functools.cache(self.location_line),
                "category": functools.cache(
                    lambda: self.category.localized if self.category_id else None
                ),
                "municipality": functools.cache(
                    lambda: (
                        self.municipality.localized if self.municipality_id else None
                    )
                ),
                "next_dates": [
                    (
                        start,
                        end - datetime.timedelta(seconds=1) if self.all_day else end,
                    )
                    for start, end in self.occurrences(
                        window_start=timezone.now(), limit=8
                    )
                ],
            }
        )
        return context

    def live_venue(self):
        venue = self.venue
        return venue if venue is not None and venue.live else None


class EventOccurrence(models.Model):
    """One date of an event, materialised on save so listings query by date."""

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="dates")
    locale = models.ForeignKey(
        "wagtailcore.Locale", on_delete=models.CASCADE, related_name="+"
    )
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()

    class Meta:
        ordering = ["start", "event_id"]
        indexes = [
            models.Index(fields=["locale", "start"], name="tourism_occ_locale_start")
        ]
        verbose_name = _("event date")
        verbose_name_plural = _("event dates")

    def __str__(self):
        return f"{self.event_id} @ {self.start:%Y-%m-%d %H:%M}"

    @classmethod
    def listing(
        cls,
        locale,
        within=None,
        date_from=None,
        date_to=None,
        category=None,
        municipality=None,
        request=None,
        now=None,
    ):
        """Occurrences of live events, from today (or ``date_from``) onwards.

        Events below a view restriction are left out (their title, date and
        venue included); given the ``request`` of the HTML listing, those whose
        restriction the visitor passes stay in. Teasers, feeds and iCalendar
        never pass a request: they show public events only.

        A fixed number of queries whatever the number of events: the event,
        its category, municipality and venue come with ``select_related``;
        the view restrictions are read once (``portal.restrictions``).
        """
        return cls.narrow(
            cls.visible(locale, within=within, request=request),
            date_from=date_from,
            date_to=date_to,
            category=category,
            municipality=municipality,
            now=now,
        )

    @classmethod
    def visible(cls, locale, within=None, request=None):
        """Every date of the live events in ``locale`` (below ``within``) that
        the listing may show (see ``listing``), past ones included."""
        queryset = cls.objects.filter(locale=locale, event__live=True).exclude(
            hidden_q("event__", request)
        )
        if within is not None:
            queryset = queryset.filter(event__path__startswith=within.path)
        return queryset.select_related(
            "event",
            "event__category",
            "event__municipality",
            "event__venue_page",
            "event__teaser_image",
        ).order_by("start", "event_id")

    @staticmethod
    def narrow(
        queryset,
        date_from=None,
        date_to=None,
        category=None,
        municipality=None,
        now=None,
    ):
        """``queryset`` (of ``visible``) from today (or ``date_from``) onwards,
        up to ``date_to``, of a category and a municipality (slugs)."""
        now = now or timezone.now()
        zone = recurrence.zone(settings.TIME_ZONE)
        if date_from:
            # ``end`` is exclusive: an all-day event ends at the next midnight.
            queryset = queryset.filter(
                end__gt=datetime.datetime.combine(
                    date_from, datetime.time(0), tzinfo=zone
                )
            )
        else:
            queryset = queryset.filter(end__gte=now)
        if date_to:
            queryset = queryset.filter(
                start__lt=datetime.datetime.combine(
                    date_to + datetime.timedelta(days=1), datetime.time(0), tzinfo=zone
                )
            )
        if category:
            queryset = queryset.filter(event__category__slug=category)
        if municipality:
            queryset = queryset.filter(event__municipality__slug=municipality)
        return queryset

    @classmethod
    def in_range(cls, locale, date_from=None, date_to=None):
        """Dates (of live or draft events) overlapping the local days
        ``date_from`` to ``date_to`` (either may be open)."""
        zone = recurrence.zone(settings.TIME_ZONE)
        queryset = cls.objects.filter(locale=locale)
        if date_from:
            # ``end`` is exclusive (an all-day event ends at midnight).
            queryset = queryset.filter(
                end__gt=datetime.datetime.combine(
                    date_from, datetime.time(0), tzinfo=zone
                )
            )
        if date_to:
            queryset = queryset.filter(
                start__lt=datetime.datetime.combine(
                    date_to + datetime.timedelta(days=1), datetime.time(0), tzinfo=zone
                )
            )
        return queryset

    @classmethod
    def cards(cls, pks, locale):
        """``{pk: occurrence}`` of the dates ``pks``, decorated for a card
        (``tourism/includes/event_item.html``) in ``locale``."""
        occurrences = cls.objects.filter(pk__in=pks).select_related(
            "event", "event__category", "event__municipality", "event__venue_page"
        )
        return {
            occurrence.pk: occurrence
            for occurrence in cls.decorate(list(occurrences), locale)
        }

    @classmethod
    def upcoming_cards(cls, locale, limit, within=None, venue=None):
        """The next ``limit`` public dates below ``within`` (or at the place
        ``venue``, in any of its translations) as a ``Deferred`` for
        ``include_each``: their keys are cached for a minute (and until
        content changes), their cards as any card."""
        now = timezone.now().replace(second=0, microsecond=0)
        key = versioned_key(
            "tourism-upcoming",
            locale.pk,  # a venue's translations share the key's other parts
            within.pk if within is not None else "",
            venue.translation_key if venue is not None else "",
            limit,
            now.isoformat(),
        )
        pks = cache.get(key)
        if pks is None:
            listing = cls.listing(locale, within=within, now=now)
            if venue is not None:
                # The venue's events first (an index on the event's venue),
                # not every future date joined with its event and venue.
                listing = listing.filter(
                    event_id__in=EventPage.objects.filter(
                        venue_page__translation_key=venue.translation_key
                    ).values("pk")
                )
            pks = list(listing.values_list("pk", flat=True)[:limit])
            cache.set(key, pks, 60)
        return Deferred(cls, pks, lambda missing: cls.cards(missing, locale))

    @classmethod
    def upcoming(cls, locale, limit=3, within=None):
        return cls.decorate(list(cls.listing(locale, within=within)[:limit]), locale)

    @classmethod
    def decorate(cls, occurrences, locale):
        """Attach the category, municipality and venue in the visitor's language."""
        events = [occurrence.event for occurrence in occurrences]
        categories = localized_map(
            TourismCategory, [e.category for e in events], locale
        )
        municipalities = localized_map(
            Municipality, [e.municipality for e in events], locale
        )
        venues = localized_map(Page, [e.venue_page for e in events], locale)
        for occurrence in occurrences:
            event = occurrence.event
            occurrence.category = categories.get(event.category_id)
            occurrence.municipality = municipalities.get(event.municipality_id)
            venue = venues.get(event.venue_page_id)
            occurrence.venue_label = (
                venue.title if venue else (event.venue_name or event.city)
            )
            occurrence.local_start = occurrence.start.astimezone(event.zone)
            occurrence.local_end = occurrence.end.astimezone(event.zone)
            occurrence.last_day = (
                occurrence.end - datetime.timedelta(seconds=1)
            ).astimezone(event.zone)
        return occurrences
