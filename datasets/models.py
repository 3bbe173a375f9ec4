"""The open data catalogue: publishers, dataset pages and their distributions.

Vocabulary values (themes, licences, frequencies, file types, languages) are
chosen from the lists in :mod:`datasets.vocabularies`; the database stores the
vocabulary code, from which the DCAT-AP.de IRI follows.
"""

import hashlib
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    Panel,
)
from wagtail.documents import get_document_model_string
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from datasets import vocabularies as voc
from datasets.files import detect_format
from datasets.preview import Preview, preview_distribution
from portal import open_data
from portal.mixins import PortalPageMixin
from portal.shell import saves_content
from portal.view_registry import call_page_view

CHUNK_SIZE = 64 * 1024


# --- Publishers -----------------------------------------------------------------------
class Organisation(index.Indexed, models.Model):
    """A publishing organisation (dct:publisher; a CKAN organization)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Used in filter URLs and as the CKAN organization name."),
    )
    description = models.TextField(_("description"), blank=True)
    homepage = models.URLField(_("homepage"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("homepage"),
        FieldPanel("email"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("publishing organisation")
        verbose_name_plural = _("publishing organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class DataTheme(models.Model):
    """One EU data theme; the rows are the vocabulary (created by a migration)."""

    code = models.CharField(
        _("code"), max_length=8, primary_key=True, choices=voc.Theme.choices
    )

    class Meta:
        verbose_name = _("data theme")
        verbose_name_plural = _("data themes")
        ordering = ["code"]

    def __str__(self):
        return str(voc.Theme(self.code).label)

    @property
    def iri(self):
        return voc.theme_iri(self.code)


# --- Blocks -----------------------------------------------------------------------------
class DocumentationLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    url = blocks.URLBlock(label=_("Address (URL)"))

    class Meta:
        icon = "link"
        label = _("Documentation link")


# --- Pages -------------------------------------------------------------------------------
class DatasetIndexPage(PortalPageMixin, Page):
    """The data section: catalogue with search, facets and pagination."""

    intro = models.TextField(_("introduction"), blank=True, max_length=800)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["datasets.DatasetPage"]
    max_count_per_parent = 1
    schema_type = "DataCatalog"

    class Meta:
        verbose_name = _("data catalogue")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = call_page_view(self, "catalogue", request)
        return context


class DatasetPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "datasets.DatasetPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class DatasetPageForm(WagtailAdminPageForm):
    """Enforces the mandatory part of the quality checklist on publish.

    Drafts may be incomplete (Wagtail defers required fields for them); publish
    and submission for approval run full validation, and then every mandatory
    DCAT-AP.de field must be there.
    """

    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation:
            return cleaned_data
        if not (cleaned_data.get("description") or "").strip():
            self.add_error(
                "description",
                _("A description is required before the dataset is published."),
            )
        if not cleaned_data.get("publisher"):
            self.add_error(
                "publisher",
                _("Choose the publishing organisation before publishing."),
            )
        if not cleaned_data.get("licence"):
            self.add_error(
                "licence", _("Choose a licence before the dataset is published.")
            )
        if not (cleaned_data.get("contact_email") or cleaned_data.get("contact_url")):
            self.add_error(
                "contact_email",
                _("Give a contact e-mail address or a contact form URL."),
            )
        return cleaned_data


class QualityChecklistPanel(Panel):
    """Shows the editor which DCAT-AP.de fields are missing."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "datasets/admin/quality_checklist.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["checklist"] = self.instance.quality_checklist()
            context["distributions"] = [
                distribution
                for distribution in self.instance.distributions.all()
                if distribution.detected
            ]
            return context


class DatasetPage(PortalPageMixin, Page):
    """One dataset with its DCAT-AP.de metadata and its distributions."""

    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_(
            "What the data contains, where it comes from and how it is collected."
        ),
    )
    tags = ClusterTaggableManager(
        through=DatasetPageTag, blank=True, verbose_name=_("keywords")
    )
    themes = ParentalManyToManyField(
        DataTheme, blank=True, verbose_name=_("themes"), related_name="datasets"
    )
    publisher = models.ForeignKey(
        Organisation,
        verbose_name=_("publisher"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="datasets",
    )
    contact_name = models.CharField(
        _("contact name"),
        max_length=200,
        blank=True,
        help_text=_("Office or team, e.g. 'Bauamt'."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_url = models.URLField(
        _("contact form URL"),
        blank=True,
        help_text=_("Give an e-mail address, a contact form, or both."),
    )
    licence = models.CharField(
        _("licence"), max_length=40, blank=True, choices=voc.DataLicence.choices
    )
    temporal_start = models.DateField(_("covered from"), null=True, blank=True)
    temporal_end = models.DateField(_("covered until"), null=True, blank=True)
    municipalities = ParentalManyToManyField(
        "portal.Municipality",
        blank=True,
        verbose_name=_("spatial coverage"),
        related_name="datasets",
        help_text=_("The member municipalities the data is about."),
    )
    frequency = models.CharField(
        _("update frequency"),
        max_length=16,
        blank=True,
        choices=voc.Frequency.choices,
    )
    language = models.CharField(
        _("language of the data"),
        max_length=3,
        choices=voc.Language.choices,
        default=voc.Language.DEU,
    )
    landing_page = models.URLField(
        _("landing page"),
        blank=True,
        help_text=_("Leave empty: this page is the landing page."),
    )
    documentation = StreamField(
        [("link", DocumentationLinkBlock())],
        verbose_name=_("documentation links"),
        blank=True,
    )
    related_pages = StreamField(
        [("page", blocks.PageChooserBlock(label=_("Page")))],
        verbose_name=_("related pages"),
        blank=True,
    )
    metadata_modified = models.DateTimeField(
        _("metadata modified"), null=True, editable=False, db_index=True
    )
    withdrawn_at = models.DateTimeField(
        _("withdrawn on"),
        null=True,
        blank=True,
        help_text=_(
            "Set to withdraw the dataset: its page answers '410 Gone' and "
            "harvesters see it as deprecated for a while."
        ),
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    content_panels = [
        *Page.content_panels,
        QualityChecklistPanel(heading=_("Quality checklist")),
        FieldPanel("description"),
        FieldPanel("tags"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("publisher"),
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_url"),
            ],
            heading=_("Publisher and contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("licence"),
                FieldPanel("frequency"),
                FieldPanel("language"),
                FieldRowPanel(
                    [FieldPanel("temporal_start"), FieldPanel("temporal_end")]
                ),
                FieldPanel("municipalities", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Licence and coverage"),
        ),
        InlinePanel("distributions", heading=_("Distributions"), label=_("File")),
        FieldPanel("landing_page"),
        FieldPanel("documentation"),
        FieldPanel("related_pages"),
        MultiFieldPanel(
            [FieldPanel("withdrawn_at"), FieldPanel("withdrawal_reason")],
            heading=_("Withdrawal"),
        ),
    ]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("licence"),
        index.FilterField("frequency"),
    ]
    base_form_class = DatasetPageForm

    parent_page_types = ["datasets.DatasetIndexPage"]
    subpage_types = []
    schema_type = "Dataset"
    cache_json_ld = True  # content only (portal.fragments.page_value)

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        indexes = [
            # The catalogue's default order (latest change first).
            models.Index(
                fields=["-metadata_modified", "page_ptr"],
                name="datasets_modified_desc",
            ),
        ]

    # --- identity ----------------------------------------------------------------------
    @property
    def identifier(self):
        """The stable UUID of the dataset, shared by its translations."""
        return self.translation_key

    @property
    def uri(self):
        """The permanent RDF URI (never changes, whatever the slug or title)."""
        return f"{catalogue_base_uri()}/datasets/{self.identifier}"

    # --- vocabularies ------------------------------------------------------------------
    @property
    def licence_iri(self):
        return voc.licence_iri(self.licence) if self.licence else None

    @property
    def frequency_iri(self):
        return voc.frequency_iri(self.frequency) if self.frequency else None

    @property
    def language_iri(self):
        return voc.language_iri(self.language) if self.language else None

    # --- state ----------------------------------------------------------------------------
    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None and self.withdrawn_at <= timezone.now()

    @property
    def deprecation_ends(self):
        if self.withdrawn_at is None:
            return None
        return self.withdrawn_at + timedelta(days=settings.DATASET_DEPRECATION_DAYS)

    def touch(self):
        """Move ``metadata_modified`` forward (strictly, even within a clock tick)."""
        now = timezone.now()
        if self.metadata_modified and now <= self.metadata_modified:
            now = self.metadata_modified + timedelta(microseconds=1)
        self.metadata_modified = now
        return now

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        # a saved draft, a lock or a comment does not move ``metadata_modified``
        if saves_content(update_fields):
            self.touch()
            if update_fields is not None:
                kwargs["update_fields"] = [*update_fields, "metadata_modified"]
        return super().save(*args, **kwargs)

    # --- quality ----------------------------------------------------------------------------
    def quality_checklist(self):
        """(label, fulfilled, mandatory) for each DCAT-AP.de field editors fill in."""
        distributions = list(self.distributions.all())
        return [
            (_("Description"), bool(self.description.strip()), True),
            (_("Publisher"), self.publisher_id is not None, True),
            (
                _("Contact (e-mail or URL)"),
                bool(self.contact_email or self.contact_url),
                True,
            ),
            (_("Licence"), bool(self.licence), True),
            (_("At least one theme"), bool(self.themes.all()), False),
            (_("Keywords"), bool(self.tags.all()), False),
            (_("At least one distribution"), bool(distributions), False),
            (_("Update frequency"), bool(self.frequency), False),
            (_("Spatial coverage"), bool(self.municipalities.all()), False),
            (
                _("Temporal coverage"),
                bool(self.temporal_start or self.temporal_end),
                False,
            ),
        ]

    # --- serving ----------------------------------------------------------------------------
    def serve(self, request, *args, **kwargs):
        if self.is_withdrawn:
            return TemplateResponse(
                request,
                "datasets/dataset_withdrawn.html",
                self.get_context(request, *args, **kwargs),
                status=410,
            )
        return super().serve(request, *args, **kwargs)

    @cached_property
    def distribution_list(self):
        """The distributions with their download counts, read once per request
        (page body and JSON-LD) in one query."""
        return list(self.distributions.select_related("download_stats"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["distributions"] = self.distribution_list
        # The metadata (publisher, themes, keywords, places, documentation,
        # related pages: ``datasets/includes/dataset_about.html``) is a
        # fragment of the page itself, cached like a listing card under the
        # content version; its look-ups run only when it is rendered. The
        # downloads with their live counts are rendered every time. A preview
        # renders the draft.
        context["detail_pages"] = (
            [] if getattr(request, "is_preview", False) else [self]
        )
        return context

    def get_json_ld(self, request):
        data = super().get_json_ld(request)
        data["identifier"] = str(self.identifier)
        if self.description:
            data["description"] = self.description[:5000]
        keywords = [tag.name for tag in self.tags.all()]
        if keywords:
            data["keywords"] = keywords
        if self.licence_iri:
            data["license"] = self.licence_iri
        if self.publisher_id:
            data["creator"] = {"@type": "Organization", "name": self.publisher.name}
        data["distribution"] = [
            {
                "@type": "DataDownload",
                "name": distribution.title,
                "encodingFormat": distribution.media_type or None,
                "contentUrl": distribution.get_download_url(request),
            }
            for distribution in self.distribution_list
        ]
        # What the DCAT catalogue says too: dct:temporal, dct:spatial, the catalogue.
        if self.temporal_start or self.temporal_end:
            start = self.temporal_start.isoformat() if self.temporal_start else ".."
            end = self.temporal_end.isoformat() if self.temporal_end else ".."
            data["temporalCoverage"] = f"{start}/{end}"
        places = [
            {
                "@type": "Place",
                "name": municipality.name,
                "sameAs": municipality.geocoding_uri,
            }
            for municipality in self.municipalities.all()
        ]
        if places:
            data["spatialCoverage"] = places
        catalogue = self.get_parent()
        if catalogue is not None:
            data["includedInDataCatalog"] = {
                "@type": "DataCatalog",
                "name": catalogue.title,
                "url": catalogue.get_full_url(request),
            }
        return data


def catalogue_base_uri():
    return (
        getattr(settings, "DCAT_BASE_URI", "") or settings.WAGTAILADMIN_BASE_URL
    ).rstrip("/")


# --- Distributions -------------------------------------------------------------------------
class Distribution(Orderable):
    """A file or an external URL of a dataset (dcat:Distribution, a CKAN resource)."""

    page = ParentalKey(
        DatasetPage, related_name="distributions", on_delete=models.CASCADE
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    external_url = models.URLField(
        _("external URL"),
        blank=True,
        max_length=1000,
        help_text=_("Instead of a file: where the data can be downloaded."),
    )
    generator = models.CharField(
        _("generated by the portal"),
        max_length=80,
        blank=True,
        choices=open_data.generator_choices,
        help_text=_(
            "Instead of a file: data the portal keeps current itself (e.g. the "
            "citizen reports), built from the live data at each download."
        ),
    )
    format = models.CharField(
        _("format"),
        max_length=16,
        blank=True,
        choices=voc.FileType.choices,
        help_text=_("Leave empty to detect it from the uploaded file."),
    )
    licence = models.CharField(
        _("licence"),
        max_length=40,
        blank=True,
        choices=voc.DataLicence.choices,
        help_text=_("Leave empty to use the licence of the dataset."),
    )
    media_type = models.CharField(_("media type"), max_length=120, blank=True)
    byte_size = models.PositiveBigIntegerField(
        _("size in bytes"), null=True, blank=True
    )
    checksum_sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    # The Wagtail document hash the checksum above was computed for.
    source_hash = models.CharField(max_length=40, blank=True, editable=False)
    # What the preview detected in the file (encoding, delimiter, columns, errors).
    detected = models.JSONField(_("detected"), default=dict, blank=True, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    modified = models.DateTimeField(_("modified"), default=timezone.now, editable=False)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("document"), FieldPanel("external_url")]),
        FieldPanel("generator"),
        FieldRowPanel([FieldPanel("format"), FieldPanel("licence")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        # Distributions added in code (an import, a harvest, the demo) have no
        # sort order: the order they were added in, on every database.
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        sources = [
            bool(self.document_id),
            bool(self.external_url),
            bool(self.generator),
        ]
        if not any(sources):
            raise ValidationError(
                {
                    "document": _(
                        "Upload a file, give an external URL or choose data "
                        "generated by the portal."
                    )
                }
            )
        if sum(sources) > 1:
            raise ValidationError(
                {
                    "external_url": _(
                        "Give only one of: a file, an external URL, data generated "
                        "by the portal."
                    )
                }
            )

    @property
    def generated_file(self):
        """The registered generator of this distribution (or ``None``)."""
        if not self.generator:
            return None
        return open_data.generated_files().get(self.generator)

    # --- derived values -------------------------------------------------------------------
    @property
    def effective_licence(self):
        return self.licence or self.page.licence

    @property
    def licence_iri(self):
        licence = self.effective_licence
        return voc.licence_iri(licence) if licence else None

    @property
    def format_iri(self):
        return voc.file_type_iri(self.format) if self.format else None

    @property
    def media_type_iri(self):
        return voc.media_type_iri(self.media_type) if self.media_type else None

    def get_download_path(self):
        from django.urls import reverse

        return reverse("datasets:download", args=[self.pk])

    def get_download_url(self, request=None):
        path = self.get_download_path()
        if request is not None:
            return request.build_absolute_uri(path)
        return catalogue_base_uri() + path

    def get_access_url(self, request=None):
        return self.external_url or self.get_download_url(request)

    @cached_property
    def download_count(self):
        # one query, or none when loaded with select_related("download_stats")
        try:
            return self.download_stats.downloads
        except DownloadCount.DoesNotExist:
            return 0

    def record_download(self):
        """Count one download atomically (safe with many app servers)."""
        updated = DownloadCount.objects.filter(distribution_id=self.pk).update(
            downloads=F("downloads") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    DownloadCount.objects.create(distribution_id=self.pk, downloads=1)
            except IntegrityError:
                DownloadCount.objects.filter(distribution_id=self.pk).update(
                    downloads=F("downloads") + 1
                )

    def analyse_file(self):
        """Size, SHA-256, format and media type of the uploaded file, streamed."""
        document = self.document
        digest = hashlib.sha256()
        size = 0
        with document.open_file() as handle:
            head = b""
            while chunk := handle.read(CHUNK_SIZE):
                if len(head) < 8192:
                    head += chunk[: 8192 - len(head)]
                digest.update(chunk)
                size += len(chunk)
        self.byte_size = size
        self.checksum_sha256 = digest.hexdigest()
        self.source_hash = document.file_hash or ""
        detected = detect_format(document.file.name, head)
        if not self.format and detected:
            self.format = detected
        self.media_type = voc.MEDIA_TYPES.get(self.format, "") if self.format else ""
        self.detect()

    def detect(self):
        """Remember what the preview finds, so that editors see it in the admin."""
        preview = preview_distribution(self)
        if preview is None:
            self.detected = {}
            return
        self.detected = {
            "kind": preview.kind,
            "encoding": preview.encoding,
            "delimiter": preview.delimiter,
            "columns": preview.columns,
            "error": preview.error,
        }

    def get_preview(self):
        """The preview table, cached by checksum (the file's content)."""
        if not self.document_id:
            return None
        # v2: typed columns of JSON and Excel (object, array, any, datetime)
        key = f"dataset-preview:v2:{self.checksum_sha256}:{self.format}"
        cached = cache.get(key)
        if cached is not None:
            return Preview(**cached) if cached else None
        preview = preview_distribution(self)
        cache.set(key, preview.as_dict() if preview else {}, 60 * 60 * 24)
        return preview

    def save(self, *args, **kwargs):
        if self.document_id:
            document = self.document
            if not document.file_hash:
                document._set_document_file_metadata()
                document.save(update_fields=["file_hash", "file_size"])
            if (
                not self.checksum_sha256
                or self.source_hash != (document.file_hash or "")
                or not self.media_type
            ):
                self.analyse_file()
        else:
            # External and generated data change without the portal's editors:
            # no size or checksum that would soon be wrong.
            self.byte_size = None
            self.checksum_sha256 = ""
            self.source_hash = ""
            generated = self.generated_file
            if generated is not None:
                self.format = generated.format
            if self.format:
                self.media_type = voc.MEDIA_TYPES.get(self.format, "")
        self.modified = timezone.now()
        super().save(*args, **kwargs)
        # Every change of a distribution is a change of its dataset.
        page = DatasetPage.objects.filter(pk=self.page_id).only("metadata_modified")
        page = page.first()
        if page is not None:
            DatasetPage.objects.filter(pk=page.pk).update(
                metadata_modified=page.touch()
            )


class DownloadCount(models.Model):
    """Anonymous downloads of one distribution.

    Kept apart from :class:`Distribution` so that publishing a revision (which
    rewrites the distributions from the revision) never resets the counter.
    """

    distribution = models.OneToOneField(
        Distribution,
        on_delete=models.CASCADE,
        related_name="download_stats",
        primary_key=True,
    )
    downloads = models.PositiveBigIntegerField(_("downloads"), default=0)

    class Meta:
        verbose_name = _("download count")

    def __str__(self):
        return f"{self.distribution_id}: {self.downloads}"
