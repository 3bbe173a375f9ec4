"""News (*Aktuelles*) and official announcements (*Amtliche Bekanntmachungen*).

Announcements are permanent public records: once published they are never
deleted or unpublished (see ``home/wagtail_hooks.py``); a repealed or corrected
announcement stays online, marked as such, with a link to the announcement
that repealed or corrected it.
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from documents.codes import display
from portal.blocks import BodyStreamBlock
from portal.mixins import PortalPageMixin
from portal.models import Municipality, PortalImage, PortalSettings
from portal.restrictions import private_q
from portal.shell import versioned_key
from portal.view_registry import call_page_view

LISTING_RENDITION = "fill-480x270"


@register_snippet
class NewsCategory(TranslatableMixin, models.Model):
    """A topic of news items (*Bauen*, *Schule*, *Feuerwehr* …); editors keep the list short."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_(
            "Used in filter and feed URLs; keep it the same in every language."
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_news_category_slug"
            )
        ]

    def __str__(self):
        return self.name


class AnnouncementKind(models.TextChoices):
    STATUTE = "statute", _("Statute")
    NOTICE = "notice", _("Public notice")
    TENDER = "tender", _("Tender")
    ELECTION = "election", _("Election")
    PLANNING = "planning", _("Land-use planning")
    BUDGET = "budget", _("Budget")
    MEETING = "meeting", _("Council meeting")
    OTHER = "other", _("Other announcement")


class AnnouncementStatus(models.TextChoices):
    CURRENT = "current", _("current")
    CORRECTED = "corrected", _("corrected")
    REPEALED = "repealed", _("repealed")


def _localized_names(model, locale):
    """``translation_key → name`` of a translatable snippet in ``locale`` (one query)."""
    return dict(
        model.objects.filter(locale=locale).values_list("translation_key", "name")
    )


class NewsIndexPage(PortalPageMixin, Page):
    """The news section (*Aktuelles*): news items and the announcement archive."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage", "home.AnnouncementIndexPage"]
    max_count_per_parent = 1
    schema_type = "CollectionPage"

    class Meta:
        verbose_name = _("news section")

    def news_items(self):
        return (
            NewsPage.objects.live()
            .exclude(private_q())
            .descendant_of(self)
            .order_by("-date", "-pk")
        )

    def load_cards(self, pks):
        """``{pk: news item}`` with what a card shows: municipality, category
        (its name in this page's language as ``category_name``), teaser image
        and its listing rendition."""
        items = (
            NewsPage.objects.filter(pk__in=pks)
            .select_related("municipality", "category")
            .prefetch_related(
                Prefetch(
                    "teaser_image",
                    queryset=PortalImage.objects.prefetch_renditions(LISTING_RENDITION),
                )
            )
            .in_bulk()
        )
        category_names = _localized_names(NewsCategory, self.locale)
        for item in items.values():
            item.category_name = (
                category_names.get(item.category.translation_key, item.category.name)
                if item.category
                else ""
            )
        return items

    def announcement_archive(self):
        """The announcement archive below this page, cached until content changes."""
        key = versioned_key("home-announcement-archive", self.pk)
        found = cache.get(key)
        if found is None:
            archive = (
                AnnouncementIndexPage.objects.live()
                .child_of(self)
                .filter(locale=self.locale)
                .first()
            )
            found = {"archive": archive}
            cache.set(key, found, 60 * 60)
        return found["archive"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # the filter form and the page of cards (home/views.py)
        context.update(call_page_view(self, "listing_context", request))
        return context


class NewsPage(PortalPageMixin, Page):
    """A news item of the administration or a municipality."""

    date = models.DateField(_("date"), default=datetime.date.today)
    category = models.ForeignKey(
        NewsCategory,
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
        help_text=_("Leave empty for news concerning the whole association."),
    )
    intro = models.TextField(
        _("teaser"),
        max_length=400,
        help_text=_("One or two sentences shown in listings, feeds and e-mails."),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel(
            [FieldPanel("date"), FieldPanel("category"), FieldPanel("municipality")]
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.FilterField("municipality"),
        index.FilterField("category"),
    ]

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []
    schema_type = "NewsArticle"
    # Its schema.org data depends on its content and the portal settings only.
    cache_json_ld = True

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        indexes = [
            # The news listing's order (newest first): the database reads the
            # first rows of a page from the index instead of sorting all news.
            models.Index(fields=["-date", "-page_ptr"], name="home_news_date_desc"),
        ]

    def get_json_ld(self, request):
        data = super().get_json_ld(request)
        data["headline"] = self.title[:110]
        data["datePublished"] = self.date.isoformat()
        publisher = _publisher(request)
        if publisher:
            data["publisher"] = publisher
            data["author"] = publisher
        if self.municipality_id:
            data["contentLocation"] = {"@type": "Place", "name": str(self.municipality)}
        if self.category_id:
            data["articleSection"] = self.category.name
        return data


def _publisher(request):
    if request is None:
        return None
    settings = PortalSettings.for_request(request)
    return {"@type": "GovernmentOrganization", "name": settings.authority_name}


class AnnouncementIndexPage(PortalPageMixin, Page):
    """The archive of official announcements, filterable by municipality, type and year."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = ["home.AnnouncementPage"]
    max_count_per_parent = 1
    schema_type = "CollectionPage"

    class Meta:
        verbose_name = _("announcement archive")

    def source_archive(self):
        """The archive whose announcements this page lists.

        Announcements are legally binding in the default language; an archive
        in another language lists them unless it has translations of its own.
        """
        if self.get_children().live().exists():
            return self
        default = (
            AnnouncementIndexPage.objects.live()
            .filter(
                translation_key=self.translation_key,
                locale__language_code=settings.LANGUAGE_CODE,
            )
            .first()
        )
        return default or self

    def cached_source_archive(self):
        """``source_archive`` kept until content changes (a fresh render of
        the archive then asks no query for it)."""
        key = versioned_key("home-announcement-source", self.pk)
        found = cache.get(key)
        if found is None:
            found = {"archive": self.source_archive()}
            cache.set(key, found, 60 * 60)
        return found["archive"]

    def announcements(self):
        return (
            AnnouncementPage.objects.live()
            .exclude(private_q())
            .child_of(self.cached_source_archive())
            .select_related("municipality", "document", "superseded_by")
            .order_by("-publication_date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # the filter form and the page of cards (home/views.py)
        context.update(call_page_view(self, "listing_context", request))
        return context


class AnnouncementPage(RoutablePageMixin, PortalPageMixin, Page):
    """An official announcement (*Amtliche Bekanntmachung*): a permanent public record."""

    kind = models.CharField(
        _("type"),
        max_length=20,
        choices=AnnouncementKind.choices,
        default=AnnouncementKind.NOTICE,
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for announcements of the association itself."),
    )
    publication_date = models.DateField(
        _("publication date"), default=datetime.date.today
    )
    reference = models.CharField(
        _("file reference"),
        max_length=80,
        blank=True,
        help_text=_("Aktenzeichen or number of the statute, if any."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_(
            "What is announced, in plain words; shown in the archive and feeds."
        ),
    )
    document = models.ForeignKey(
        "portal.PortalDocument",
        verbose_name=_("announcement document (PDF)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The signed announcement as published; it cannot be deleted."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AnnouncementStatus.choices,
        default=AnnouncementStatus.CURRENT,
    )
    superseded_by = models.ForeignKey(
        "home.AnnouncementPage",
        verbose_name=_("corrected or repealed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
        help_text=_("The announcement that corrects or repeals this one."),
    )
    status_reason = models.TextField(
        _("reason for the status"),
        blank=True,
        max_length=1000,
        help_text=_("Why the announcement was corrected or repealed."),
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name=_("full text"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel(
            [
                FieldPanel("kind"),
                FieldPanel("municipality"),
                FieldPanel("publication_date"),
            ]
        ),
        FieldPanel("reference"),
        FieldPanel("summary"),
        FieldPanel("document"),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("superseded_by"),
                FieldPanel("status_reason"),
                FieldPanel("status_changed_on"),
            ],
            heading=_("Repeal or correction"),
            help_text=_(
                "Announcements cannot be deleted or unpublished. Mark them as "
                "corrected or repealed instead."
            ),
        ),
    ]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("reference"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("municipality"),
        index.FilterField("publication_date"),
        index.FilterField("status"),
    ]

    parent_page_types = ["home.AnnouncementIndexPage"]
    subpage_types = []
    # Its schema.org data depends on its content and the portal settings only.
    cache_json_ld = True

    class Meta:
        verbose_name = _("official announcement")
        verbose_name_plural = _("official announcements")

    @property
    def schema_type(self):
        if self.kind in {AnnouncementKind.STATUTE, AnnouncementKind.PLANNING}:
            return "Legislation"
        return "Article"

    @property
    def is_superseded(self):
        return self.status != AnnouncementStatus.CURRENT

    @property
    def status_badge(self):
        return {
            AnnouncementStatus.CURRENT: "success",
            AnnouncementStatus.CORRECTED: "warning",
            AnnouncementStatus.REPEALED: "danger",
        }[self.status]

    def get_teaser_text(self):
        return super().get_teaser_text() or self.summary

    @property
    def signed_display_code(self):
        """The code of the newest signed PDF when the listing annotated it."""
        code = getattr(self, "signed_code", None)
        return display(code) if code else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # the newest signed PDF (home/views.py)
        context.update(call_page_view(self, "announcement_context", request))
        return context

    @path("")
    def main(self, request):
        return self.render(request)

    @path("pdf/")
    def signed_pdf(self, request):
        """The newest signed PDF; issued here if the worker has not yet."""
        return call_page_view(self, "signed_pdf", request)

    @path("pdf/<str:code>/")
    def signed_pdf_by_code(self, request, code):
        """One signed PDF of this announcement, also a superseded one."""
        return call_page_view(self, "signed_pdf", request, code)

    def clean(self):
        super().clean()
        errors = {}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end of validity lies before its start.")
        if self.status != AnnouncementStatus.CURRENT:
            if not self.status_reason.strip():
                errors["status_reason"] = _(
                    "Give the reason why the announcement was corrected or repealed."
                )
            if self.status == AnnouncementStatus.CORRECTED and not self.superseded_by:
                errors["superseded_by"] = _(
                    "Choose the announcement that contains the correction."
                )
            if not self.status_changed_on:
                self.status_changed_on = timezone.localdate()
        if self.superseded_by_id and self.pk and self.superseded_by_id == self.pk:
            errors["superseded_by"] = _("An announcement cannot supersede itself.")
        if errors:
            raise ValidationError(errors)

    def get_json_ld(self, request):
        data = super().get_json_ld(request)
        data["datePublished"] = self.publication_date.isoformat()
        publisher = _publisher(request)
        if publisher:
            data["publisher"] = publisher
        if self.schema_type == "Legislation":
            data["legislationType"] = self.get_kind_display()
            data["legislationDate"] = self.publication_date.isoformat()
            if self.reference:
                data["legislationIdentifier"] = self.reference
            data["legislationLegalForce"] = (
                "https://schema.org/NotInForce"
                if self.status == AnnouncementStatus.REPEALED
                else "https://schema.org/InForce"
            )
            if self.municipality_id:
                data["legislationJurisdiction"] = str(self.municipality)
        else:
            data["headline"] = self.title[:110]
            data["articleSection"] = self.get_kind_display()
        if self.valid_from:
            data["temporalCoverage"] = (
                f"{self.valid_from.isoformat()}/"
                f"{self.valid_until.isoformat() if self.valid_until else '..'}"
            )
        return data
