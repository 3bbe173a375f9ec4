"""A read-only mirror of a council information system (OParl 1.1).

The council system (*Ratsinformationssystem*) is the source of truth; these
models keep a copy of what the portal shows, keyed by the OParl ``id`` URL.
Objects deleted at the source stay here with ``deleted=True``; so do embedded
objects (agenda items, memberships) that a re-sync no longer finds in their parent.
Files are linked to every place they are used (:class:`FileLink`), with the role
they have there.
"""

import functools

from django.db import models
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from portal.listing import paginate
from portal.mixins import PortalPageMixin
from portal.structured_data import first_image_json_ld
from portal.view_registry import call_page_view


class OParlObject(models.Model):
    oparl_id = models.URLField(_("OParl ID"), max_length=500, unique=True)
    # Names are free text at the source (agenda item titles of several hundred
    # characters are common), so they are never cut.
    name = models.TextField(_("name"), blank=True)
    web = models.URLField(
        _("web page in the council system"), max_length=2000, blank=True
    )
    created = models.DateTimeField(_("created"), null=True, blank=True)
    modified = models.DateTimeField(_("modified"), null=True, blank=True)
    deleted = models.BooleanField(_("deleted at the source"), default=False)
    synced_at = models.DateTimeField(_("synchronised at"), auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name or self.oparl_id


class Body(OParlObject):
    short_name = models.CharField(_("short name"), max_length=200, blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    system_url = models.URLField(_("OParl system"), max_length=500, blank=True)
    lists = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("council body")
        verbose_name_plural = _("bodies")


# OParl ``organizationType`` values of parties and parliamentary groups: they
# are shown as a member's party, not as a council body of their own.
PARTY_TYPES = ("Fraktion", "Partei")


class OrganizationQuerySet(models.QuerySet):
    def shown(self, day=None):
        """Named organisations that exist at the source and have not ended by ``day``."""
        day = day or timezone.localdate()
        return (
            self.filter(deleted=False)
            .exclude(name="")
            .filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=day))
        )

    def committees(self, day=None):
        """Councils and committees (everything that is not a party or group)."""
        return self.shown(day).exclude(organization_type__in=PARTY_TYPES)

    def parties(self, day=None):
        return self.shown(day).filter(organization_type__in=PARTY_TYPES)


class Organization(OParlObject):
    body = models.ForeignKey(Body, null=True, on_delete=models.CASCADE)
    short_name = models.CharField(_("short name"), max_length=200, blank=True)
    organization_type = models.CharField(_("type"), max_length=200, blank=True)
    classification = models.CharField(_("classification"), max_length=200, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]


class Person(OParlObject):
    body = models.ForeignKey(Body, null=True, on_delete=models.CASCADE)
    family_name = models.CharField(_("family name"), max_length=200, blank=True)
    given_name = models.CharField(_("given name"), max_length=200, blank=True)
    form_of_address = models.CharField(_("form of address"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["family_name", "given_name"]

    @property
    def full_name(self):
        given_family = " ".join(filter(None, (self.given_name, self.family_name)))
        return self.name or given_family or self.oparl_id


class MembershipQuerySet(models.QuerySet):
    def current(self, day=None):
        """Memberships that exist at the source and have not ended by ``day``."""
        day = day or timezone.localdate()
        return self.filter(deleted=False).filter(
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=day)
        )


class Membership(OParlObject):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    voting_right = models.BooleanField(_("voting right"), null=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")


class Meeting(OParlObject):
    body = models.ForeignKey(Body, null=True, on_delete=models.CASCADE)
    organizations = models.ManyToManyField(Organization, related_name="meetings")
    meeting_state = models.CharField(_("state"), max_length=100, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    start = models.DateTimeField(_("start"), null=True, blank=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    # The place as one line without repeated parts, and its address parts
    # (OParl Location) for schema.org.
    location = models.TextField(_("location"), blank=True)
    location_room = models.TextField(_("room"), blank=True)
    street_address = models.TextField(_("street address"), blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    locality = models.TextField(_("locality"), blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["start"]


class Paper(OParlObject):
    body = models.ForeignKey(Body, null=True, on_delete=models.CASCADE)
    reference = models.CharField(_("paper number"), max_length=200, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    paper_type = models.CharField(_("type"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        ordering = ["-date", "reference"]


class AgendaItem(OParlObject):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items"
    )
    number = models.CharField(_("number"), max_length=50, blank=True)
    order = models.IntegerField(_("order"), default=0)
    # OParl 1.1 makes ``public`` optional and gives no default: unknown is None.
    public = models.BooleanField(_("public"), null=True, default=None)
    result = models.TextField(_("result"), blank=True)
    resolution_text = models.TextField(_("resolution"), blank=True)
    paper = models.ForeignKey(
        Paper,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["order", "number"]


class File(OParlObject):
    file_name = models.TextField(_("file name"), blank=True)
    mime_type = models.CharField(_("media type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    access_url = models.URLField(_("access URL"), max_length=2000)
    download_url = models.URLField(_("download URL"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["name"]


class FileRole(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    RESULTS = "results", _("Minutes (results)")
    VERBATIM = "verbatim", _("Verbatim minutes")
    AUXILIARY = "auxiliary", _("Attachment")
    MAIN = "main", _("Paper")
    RESOLUTION = "resolution", _("Resolution")


class FileLink(models.Model):
    """One use of a file: its owner (meeting, agenda item or paper) and its role there.

    OParl embeds files where they are used; one file may be used in several
    places and roles (the specification's example meeting uses one file as
    invitation, both protocols and attachment). ``name`` is the name the source
    gives the file in this place.
    """

    file = models.ForeignKey(File, on_delete=models.CASCADE, related_name="links")
    role = models.CharField(_("role"), max_length=20, choices=FileRole.choices)
    name = models.TextField(_("name"), blank=True)
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="file_links",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="file_links",
    )
    paper = models.ForeignKey(
        Paper,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="file_links",
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("file use")
        verbose_name_plural = _("file uses")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                name="council_filelink_one_owner",
                condition=(
                    models.Q(
                        meeting__isnull=False,
                        agenda_item__isnull=True,
                        paper__isnull=True,
                    )
                    | models.Q(
                        meeting__isnull=True,
                        agenda_item__isnull=False,
                        paper__isnull=True,
                    )
                    | models.Q(
                        meeting__isnull=True,
                        agenda_item__isnull=True,
                        paper__isnull=False,
                    )
                ),
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.display_name}"

    @property
    def display_name(self):
        return self.name or self.file.name or self.file.file_name or self.file.oparl_id

    @classmethod
    def shown(cls):
        return cls.objects.filter(file__deleted=False).select_related("file")


class SyncState(models.Model):
    """Progress of the synchronisation of one OParl list (per list URL)."""

    list_url = models.URLField(max_length=500, unique=True)
    last_synced_at = models.DateTimeField(
        null=True, blank=True, help_text="Start of the last complete run."
    )
    pending_since = models.DateTimeField(null=True, blank=True)
    resume_url = models.URLField(max_length=1000, blank=True)
    last_error = models.TextField(blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("synchronisation state")
        verbose_name_plural = _("synchronisation states")

    def __str__(self):
        return self.list_url


# How long the council page's committees and meetings are kept (they follow
# the OParl synchronisation, not the content version alone).
INDEX_PART_SECONDS = 60


class CouncilIndexPage(RoutablePageMixin, PortalPageMixin, Page):
    """The council section: meeting calendar, meetings, papers (from OParl)."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    source_name = models.CharField(
        _("name of the council information system"),
        max_length=200,
        blank=True,
        help_text=_("Shown with the links to the original documents."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("source_name"),
    ]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    schema_type = "CollectionPage"

    class Meta:
        verbose_name = _("council section")

    @staticmethod
    def meetings():
        return Meeting.objects.filter(
            deleted=False, start__isnull=False
        ).prefetch_related("organizations")

    @path("")
    def index(self, request):
        # "Now" to the minute: the committees and meetings (synchronised from
        # OParl, not page content) are rendered once per minute, language,
        # host and query string (``{% page_fragment … for 60 %}``, issue #27) and
        # looked up only when that part is rendered.
        now = timezone.now().replace(second=0, microsecond=0)
        upcoming = self.meetings().filter(start__gte=now).order_by("start")[:20]
        return self.render(
            request,
            context_overrides={
                "upcoming": upcoming,
                "past": functools.cache(
                    lambda: paginate(
                        request,
                        self.meetings().filter(start__lt=now).order_by("-start"),
                        20,
                    )
                ),
                "committee_groups": functools.cache(
                    lambda: committees_by_body(timezone.localdate(now))
                ),
                "minute": now.isoformat(),
                "council_part_seconds": INDEX_PART_SECONDS,
            },
        )

    @path("gremium/<int:pk>/", name="organization")
    def organization(self, request, pk):
        """A council or committee: its members with role and party, its meetings."""
        day = timezone.localdate()
        organization = get_object_or_404(
            Organization.objects.filter(deleted=False).exclude(
                organization_type__in=PARTY_TYPES
            ),
            pk=pk,
        )
        memberships = list(
            organization.memberships.current(day)
            .filter(person__deleted=False)
            .select_related("person")
        )
        memberships.sort(key=membership_order)
        parties = parties_of([m.person_id for m in memberships], day)
        for membership in memberships:
            membership.parties = parties.get(membership.person_id, [])
        meetings = self.meetings().filter(organizations=organization)
        now = timezone.now()
        return TemplateResponse(
            request,
            "council/organization.html",
            {
                **self.get_context(request),
                "organization": organization,
                "memberships": memberships,
                "upcoming": meetings.filter(start__gte=now).order_by("start")[:10],
                "past": meetings.filter(start__lt=now).order_by("-start")[:10],
            },
        )

    @path("mitglieder/", name="members")
    def members(self, request):
        return call_page_view(self, "members", request)

    @path("sitzung/<int:pk>/", name="meeting")
    def meeting(self, request, pk):
        meeting = get_object_or_404(Meeting.objects.filter(deleted=False), pk=pk)
        return TemplateResponse(
            request,
            "council/meeting.html",
            {
                **self.get_context(request),
                "meeting": meeting,
                "agenda_items": meeting.agenda_items.filter(deleted=False)
                .select_related("paper")
                .prefetch_related(
                    models.Prefetch(
                        "file_links", queryset=FileLink.shown(), to_attr="documents"
                    )
                ),
                "files": FileLink.shown().filter(meeting=meeting),
                "json_ld_data": self.meeting_json_ld(request, meeting),
            },
        )

    @path("vorlage/<int:pk>/", name="paper")
    def paper(self, request, pk):
        paper = get_object_or_404(Paper.objects.filter(deleted=False), pk=pk)
        return TemplateResponse(
            request,
            "council/paper.html",
            {
                **self.get_context(request),
                "paper": paper,
                "files": FileLink.shown().filter(paper=paper),
                "agenda_items": paper.agenda_items.filter(
                    deleted=False, meeting__deleted=False
                ).select_related("meeting"),
            },
        )

    def meeting_url(self, meeting, request=None):
        return self.url + self.reverse_subpage("meeting", args=[meeting.pk])

    def meeting_json_ld(self, request, meeting):
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": meeting.name,
            "startDate": meeting.start.isoformat() if meeting.start else None,
            "eventStatus": "https://schema.org/EventCancelled"
            if meeting.cancelled
            else "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "url": request.build_absolute_uri(),
            "organizer": {
                "@type": "GovernmentOrganization",
                "name": meeting.body.name
                if meeting.body and meeting.body.name
                else self.source_name or self.title,
            },
        }
        if meeting.end:
            data["endDate"] = meeting.end.isoformat()
        if meeting.location:
            data["location"] = meeting_place_json_ld(meeting)
        image = first_image_json_ld(request, self.teaser_image)
        if image:
            data["image"] = image
        return data

    def get_sitemap_urls(self, request=None):
        """The calendar, and every meeting and paper page (sub-pages of this one)."""
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if not base:
            return urls
        base = base.rstrip("/") + "/"
        urls.append({"location": base + self.reverse_subpage("members")})
        for name, queryset in (
            ("organization", Organization.objects.committees()),
            ("meeting", self.meetings()),
            ("paper", Paper.objects.filter(deleted=False)),
        ):
            for pk, modified in queryset.order_by("pk").values_list("pk", "modified"):
                entry = {"location": base + self.reverse_subpage(name, args=[pk])}
                if modified:
                    entry["lastmod"] = modified
                urls.append(entry)
        return urls


def meeting_place_json_ld(meeting):
    """schema.org ``Place`` with a ``PostalAddress`` (text when the source gives
    no address parts)."""
    address = {"@type": "PostalAddress", "addressCountry": "DE"}
    for key, value in (
        ("streetAddress", meeting.street_address),
        ("postalCode", meeting.postal_code),
        ("addressLocality", meeting.locality),
    ):
        if value:
            address[key] = value
    if len(address) == 2:
        address = meeting.location
    return {
        "@type": "Place",
        "name": meeting.location_room or meeting.location,
        "address": address,
    }


def committees_by_body(day):
    """Current councils and committees with their number of members, grouped by
    the body (municipality) they belong to; the council itself first."""
    seats = models.Q(memberships__deleted=False, memberships__person__deleted=False) & (
        models.Q(memberships__end_date__isnull=True)
        | models.Q(memberships__end_date__gte=day)
    )
    organizations = sorted(
        Organization.objects.committees(day)
        .select_related("body")
        .annotate(member_count=models.Count("memberships", filter=seats)),
        key=lambda o: (
            (o.body.name if o.body else "").casefold(),
            o.classification != "Parlament",
            o.name.casefold(),
        ),
    )
    groups = []
    for organization in organizations:
        if not groups or groups[-1]["body"] != organization.body:
            groups.append({"body": organization.body, "organizations": []})
        groups[-1]["organizations"].append(organization)
    return groups


def parties_of(person_ids, day):
    """``{person id: [party or group, …]}`` from their current memberships."""
    result = {}
    memberships = (
        Membership.objects.current(day)
        .filter(
            person_id__in=person_ids, organization__in=Organization.objects.parties(day)
        )
        .select_related("organization")
        .order_by("organization__name")
    )
    for membership in memberships:
        result.setdefault(membership.person_id, []).append(membership.organization)
    return result


def membership_order(membership):
    """Chairs first (the source's role names are German), then by name."""
    role = membership.role.casefold()
    rank = 0 if role.startswith(("vorsitz", "bürgermeister")) else 2
    if rank and ("vorsitz" in role or "bürgermeister" in role):
        rank = 1  # deputies
    person = membership.person
    return (rank, person.family_name.casefold(), person.given_name.casefold())
