"""Front-end views of the consultations app, mounted in portal/urls.py under i18n_patterns.

The consultation's own sub-pages (questionnaire, receipt, results, comments) are
routes of ``ConsultationPage``; here only what does not belong to one page.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "consultations"

urlpatterns = [
    path(_("participation/my-responses/"), views.my_responses, name="my_responses"),
    path(
        _("participation/attachments/<int:pk>/"),
        views.attachment,
        name="attachment",
    ),
]
