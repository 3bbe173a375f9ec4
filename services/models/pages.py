"""The services section: topics and service pages with an application form."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.forms.models import (
    FORM_FIELD_CHOICES,
    AbstractFormField,
    FormMixin,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.models import IdentityLevel
from portal.blocks import BodyStreamBlock
from portal.mixins import PortalPageMixin
from services.forms import ServiceFormBuilder

DESCRIPTION_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class ServiceIndexPage(PortalPageMixin, Page):
    """The services section (*Service*): topics and services."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["services.ServiceTopicPage", "services.ServicePage"]
    max_count_per_parent = 1
    schema_type = "CollectionPage"
    # Online services belong in the main navigation (docs/content.md).
    show_in_menus_default = True

    class Meta:
        verbose_name = _("services section")

    def topics(self):
        return ServiceTopicPage.objects.live().public().child_of(self).order_by("title")

    def services(self):
        return ServicePage.objects.live().public().descendant_of(self).order_by("title")


class ServiceTopicPage(PortalPageMixin, Page):
    """A topic or life situation (*Lebenslage*) grouping services."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [*Page.promote_panels, *PortalPageMixin.promote_teaser_panels]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["services.ServiceIndexPage"]
    subpage_types = ["services.ServicePage"]
    schema_type = "CollectionPage"

    class Meta:
        verbose_name = _("service topic")

    def services(self):
        return ServicePage.objects.live().public().child_of(self).order_by("title")


class FeeMode(models.TextChoices):
    NONE = "none", _("free of charge")
    FIXED = "fixed", _("fixed fee")
    PER_UNIT = "per_unit", _("fee per unit (quantity from a form field)")


FIELD_TYPE_CHOICES = (*FORM_FIELD_CHOICES, ("file", _("File upload")))


class ServiceFormField(AbstractFormField):
    """One field of a service's application form (form builder)."""

    page = ParentalKey(
        "services.ServicePage", on_delete=models.CASCADE, related_name="form_fields"
    )
    field_type = models.CharField(
        verbose_name=_("field type"), max_length=16, choices=FIELD_TYPE_CHOICES
    )
    field_type.required_on_save = True

    class Meta(AbstractFormField.Meta):
        verbose_name = _("form field")


class ServicePage(FormMixin, PortalPageMixin, Page):
    """An administrative service: the usual German description and its application.

    The application form is built by editors (form builder fields). The fee is
    fixed or the unit price times a quantity the applicant enters; the amount is
    always computed on the server (:meth:`compute_fee`).
    """

    intro = models.TextField(_("what it is"), max_length=600)
    who_may_apply = RichTextField(
        _("who may apply"), blank=True, features=DESCRIPTION_FEATURES
    )
    requirements = RichTextField(
        _("requirements"), blank=True, features=DESCRIPTION_FEATURES
    )
    documents = RichTextField(
        _("documents needed"), blank=True, features=DESCRIPTION_FEATURES
    )
    fees_text = RichTextField(_("fees"), blank=True, features=DESCRIPTION_FEATURES)
    deadlines = RichTextField(_("deadlines"), blank=True, features=DESCRIPTION_FEATURES)
    processing_time = models.CharField(_("processing time"), max_length=200, blank=True)
    legal_basis = RichTextField(
        _("legal basis"), blank=True, features=DESCRIPTION_FEATURES
    )
    responsible_office = models.CharField(
        _("responsible office"), max_length=200, blank=True
    )
    contact = models.TextField(
        _("contact"), blank=True, help_text=_("Address, phone, e-mail, opening hours.")
    )

    # --- online application ---------------------------------------------------------
    online_application = models.BooleanField(
        _("online application"),
        default=True,
        help_text=_("Offer the application form below to signed-in users."),
    )
    department = models.ForeignKey(
        Group,
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Staff in this group process the applications."),
    )
    required_identity_level = models.PositiveSmallIntegerField(
        _("identity level required"),
        choices=IdentityLevel.choices,
        default=IdentityLevel.EMAIL,
    )
    fee_mode = models.CharField(
        _("fee"), max_length=10, choices=FeeMode.choices, default=FeeMode.NONE
    )
    fee_amount = models.DecimalField(
        _("amount in EUR"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text=_("The fixed fee, or the price per unit."),
    )
    fee_quantity_field = models.CharField(
        _("quantity field"),
        max_length=255,
        blank=True,
        help_text=_(
            "For a fee per unit: the label of the number field that holds the "
            "quantity (e.g. number of copies)."
        ),
    )
    fee_purpose = models.CharField(
        _("purpose on the bank statement"),
        max_length=27,
        blank=True,
        help_text=_("Up to 27 letters, digits, spaces or hyphens."),
    )
    search_terms = models.TextField(
        _("search terms"),
        blank=True,
        help_text=_(
            "The words citizens use for this service, separated by commas (like "
            "the synonyms of a service in the federal service catalogue), e.g. "
            "“Wohnsitz anmelden, Umzug, Zuzug”. The site search finds the service "
            "by them; they are not shown on the page."
        ),
    )
    confirmation_text = models.TextField(
        _("text after submitting"),
        blank=True,
        help_text=_("Shown to the applicant once the application is submitted."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("who_may_apply"),
        FieldPanel("requirements"),
        FieldPanel("documents"),
        FieldPanel("fees_text"),
        FieldPanel("deadlines"),
        FieldPanel("processing_time"),
        FieldPanel("legal_basis"),
        FieldPanel("responsible_office"),
        FieldPanel("contact"),
    ]
    application_panels = [
        FieldPanel("online_application"),
        FieldPanel("department"),
        FieldPanel("required_identity_level"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("fee_mode"), FieldPanel("fee_amount")]),
                FieldPanel("fee_quantity_field"),
                FieldPanel("fee_purpose"),
            ],
            heading=_("Fee"),
        ),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("confirmation_text"),
    ]
    promote_panels = [
        *Page.promote_panels,
        FieldPanel("search_terms"),
        *PortalPageMixin.promote_teaser_panels,
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(application_panels, heading=_("Application")),
            ObjectList(promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("requirements"),
        index.SearchField("documents"),
        index.SearchField("responsible_office"),
        index.SearchField("search_terms", boost=2),
    ]

    parent_page_types = ["services.ServiceIndexPage", "services.ServiceTopicPage"]
    subpage_types = []
    schema_type = "GovernmentService"
    form_builder = ServiceFormBuilder
    template = "services/service_page.html"

    class Meta:
        verbose_name = _("service")

    def serve(self, request, *args, **kwargs):
        # The form is shown and handled by the application views, not here.
        return Page.serve(self, request, *args, **kwargs)

    def serve_preview(self, request, mode_name):
        return Page.serve_preview(self, request, mode_name)

    def get_context(self, request, *args, **kwargs):
        return Page.get_context(self, request, *args, **kwargs) | {
            "json_ld_data": self.get_json_ld(request),
            "rules": self.canonical,
        }

    def get_json_ld(self, request):
        data = super().get_json_ld(request)
        if self.responsible_office:
            data["provider"] = {
                "@type": "GovernmentOrganization",
                "name": self.responsible_office,
            }
        return data

    @property
    def has_fee(self):
        return self.fee_mode != FeeMode.NONE and self.fee_amount > 0

    def quantity_field_name(self, form_page=None):
        """The clean name of the quantity field (editors give its label).

        With ``form_page`` (a translation of this page whose form has the same
        fields, see :meth:`form_page_for`): the name of the field at the same
        place in that form.
        """
        wanted = self.fee_quantity_field.strip()
        fields = list(self.get_form_fields())
        for position, field in enumerate(fields):
            if wanted in {field.label, field.clean_name}:
                if form_page is not None and form_page.pk != self.pk:
                    field = list(form_page.get_form_fields())[position]
                return field.clean_name or field.get_field_clean_name()
        return ""

    # --- the language version that sets the rules --------------------------------------
    # The page in the default language (``canonical``) sets whether and how one
    # applies: online application, department, identity level and fee. A
    # translation only gives the texts, and its form only if it asks the same.
    def form_shape(self):
        return [(field.field_type, field.required) for field in self.get_form_fields()]

    def form_page_for(self, translation):
        """The page whose form an applicant fills in when they came through
        ``translation``: the translation if its form has the same fields as this
        page's (type and whether required, in order), else this page."""
        if translation.pk == self.pk or translation.form_shape() == self.form_shape():
            return translation
        return self

    def clean(self):
        super().clean()
        errors = {}
        if self.fee_mode != FeeMode.NONE and self.fee_amount <= 0:
            errors["fee_amount"] = _("Give the amount of the fee.")
        if self.fee_mode == FeeMode.PER_UNIT:
            quantity = next(
                (
                    field
                    for field in self.form_fields.all()
                    if self.fee_quantity_field.strip()
                    in {field.label, field.clean_name}
                ),
                None,
            )
            if quantity is None or quantity.field_type != "number":
                errors["fee_quantity_field"] = _(
                    "Give the label of a number field of the form."
                )
        if self.fee_purpose and not all(
            char.isalnum() or char in " -" for char in self.fee_purpose
        ):
            errors["fee_purpose"] = _("Use only letters, digits, spaces and hyphens.")
        if errors:
            raise ValidationError(errors)

    def compute_fee(self, cleaned_data, form_page=None):
        """The fee in EUR for these answers (a ``Decimal``), and the quantity.

        Call it on the page in the default language (``canonical``): its fee
        mode and price count; ``form_page`` is the page whose form was filled
        in (:meth:`form_page_for`).
        """
        if not self.has_fee:
            return Decimal("0.00"), 1
        if self.fee_mode == FeeMode.FIXED:
            return self.fee_amount, 1
        quantity = int(cleaned_data[self.quantity_field_name(form_page)])
        return (self.fee_amount * quantity).quantize(Decimal("0.01")), quantity

    def get_form_class(self):
        form_class = super().get_form_class()
        rules = self.canonical
        if rules.fee_mode == FeeMode.PER_UNIT:
            return type(
                "ServiceApplicationForm",
                (form_class,),
                {"quantity_field": rules.quantity_field_name(self)},
            )
        return form_class

    def max_upload_bytes(self):
        return settings.SERVICES_MAX_UPLOAD_MB * 1024 * 1024
