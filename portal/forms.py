"""Forms of the site-wide admin features, and form fields shared by the public forms."""

from django import forms
from django.utils.translation import gettext_lazy as _


def name_required_answers(fields):
    """Required fields say which answer is missing ("Enter “Name”.") instead of
    Django's "This field is required.", so the error summary alone tells the
    visitor what to do. Called by every public form made from editors' fields."""
    for field in fields:
        label = {"label": field.label}
        if isinstance(field, forms.FileField):
            message = _("Choose a file for “%(label)s”.") % label
        elif isinstance(field, forms.BooleanField):
            message = _("Tick “%(label)s”.") % label
        elif isinstance(field, forms.ChoiceField):
            message = _("Choose “%(label)s”.") % label
        else:
            message = _("Enter “%(label)s”.") % label
        field.error_messages["required"] = message


class WorkflowReasonForm(forms.Form):
    """The reason an approver gives for approving or requesting changes."""

    comment = forms.CharField(
        label=_("Reason"),
        help_text=_("Recorded in the approval report and sent to the author."),
        widget=forms.Textarea({"rows": 3}),
    )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError(_("Please give a reason."))
        return comment


def _decimal_comma(value):
    """Accept the German decimal comma: "53,57" means 53.57.

    A value with one comma and no point is read as a decimal number; anything
    else is left for the field's own parsing and error message.
    """
    if isinstance(value, str):
        value = value.strip().replace("\u2009", "").replace(" ", "")
        if value.count(",") == 1 and "." not in value:
            value = value.replace(",", ".")
    return value


class DecimalInput(forms.TextInput):
    """A text box that brings up the number keyboard on a phone and lets people
    type a comma (``type=number`` refuses "53,57" in many browsers)."""

    def __init__(self, attrs=None):
        super().__init__(
            {"inputmode": "decimal", "autocomplete": "off", **(attrs or {})}
        )


class LocalDecimalField(forms.DecimalField):
    """A decimal field for the public: "53,57" and "53.57" are both accepted."""

    widget = DecimalInput

    def to_python(self, value):
        return super().to_python(_decimal_comma(value))

    def widget_attrs(self, widget):
        # no min/max/step: they belong to type=number, not to a text box
        return {}


class LocalFloatField(forms.FloatField):
    """A float field for the public: "53,57" and "53.57" are both accepted."""

    widget = DecimalInput

    def to_python(self, value):
        return super().to_python(_decimal_comma(value))

    def widget_attrs(self, widget):
        return {}
