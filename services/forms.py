"""Forms of the services app: the application form builder and staff actions."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from portal.forms import LocalDecimalField, name_required_answers
from portal.uploads import check_content

# Accepted upload types, checked by decoding the content (portal.uploads).
UPLOAD_TYPES = ("pdf", "jpg", "jpeg", "png")
MAX_QUANTITY = 99


def validate_upload(upload):
    """Type by extension *and* content, and size; raises a translated error."""
    limit = settings.SERVICES_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); at most %(limit)s are allowed.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in UPLOAD_TYPES:
        raise ValidationError(
            _("Upload a PDF, JPEG or PNG file."), code="file_type_not_allowed"
        )
    check_content(upload, UPLOAD_TYPES)


class ServiceBaseForm(BaseForm):
    """Base of every application form; checks the quantity of a fee per unit."""

    quantity_field = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_required_answers(self.fields.values())
        quantity = self.fields.get(self.quantity_field)
        if quantity is not None and not quantity.help_text:
            quantity.help_text = _("A whole number from 1 to %(max)s.") % {
                "max": MAX_QUANTITY
            }

    def clean(self):
        cleaned_data = super().clean()
        name = self.quantity_field
        if name and name in self.fields and cleaned_data.get(name) is not None:
            value = cleaned_data[name]
            if value != value.to_integral_value() or not (1 <= value <= MAX_QUANTITY):
                self.add_error(
                    name,
                    _("Enter a whole number from 1 to %(max)s.")
                    % {"max": MAX_QUANTITY},
                )
        return cleaned_data


class ServiceFormBuilder(FormBuilder):
    """Wagtail's form builder plus a validated file upload field."""

    def create_file_field(self, field, options):
        options.pop("initial", None)
        return forms.FileField(
            validators=[validate_upload],
            widget=forms.ClearableFileInput(
                attrs={"accept": ",".join(f".{ext}" for ext in UPLOAD_TYPES)}
            ),
            **options,
        )

    def create_number_field(self, field, options):
        return LocalDecimalField(max_digits=12, decimal_places=2, **options)

    def get_form_class(self):
        return type("ServiceForm", (ServiceBaseForm,), self.formfields)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("The applicant receives this text by e-mail."),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
