"""Forms of the site-wide admin features."""

from django import forms
from django.utils.translation import gettext_lazy as _


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
