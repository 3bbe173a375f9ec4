from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from documents import codes


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        help_text=_(
            "13 letters and digits, printed next to the QR code, e.g. ABCD-EFGH-JKMN-P."
        ),
        max_length=64,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "characters",
            }
        ),
    )

    def clean_code(self):
        code = codes.normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _(
                    "This is not a valid verification code. Check each letter and "
                    "digit: the last one is a check character."
                )
            )
        return code


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("PDF document"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "The PDF file exactly as you received it, at most %(size)s MB."
        ) % {"size": settings.DOCUMENTS_VERIFY_MAX_UPLOAD_MB}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.DOCUMENTS_VERIFY_MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _(
                    "The file is larger than %(size)s MB: this is not one of our documents."
                )
                % {"size": settings.DOCUMENTS_VERIFY_MAX_UPLOAD_MB}
            )
        return upload
