"""Front-end views of the services app, mounted in portal/urls.py under i18n_patterns."""

from django.conf import settings
from django.urls import path
from django.utils.translation import gettext_lazy as _

from services import views

app_name = "services"

urlpatterns = [
    path(_("applications/"), views.my_applications, name="mine"),
    path(_("applications/new/<int:page_id>/"), views.apply, name="apply"),
    path(
        _("applications/<str:reference>/"),
        views.application_detail,
        name="application",
    ),
    path(_("applications/<str:reference>/submit/"), views.submit, name="submit"),
    path(
        _("applications/<str:reference>/delete/"),
        views.delete_draft,
        name="delete",
    ),
    path(_("applications/<str:reference>/pay/"), views.pay, name="pay"),
    path(
        _("applications/<str:reference>/receipt.pdf"),
        views.receipt,
        name="receipt",
    ),
    path(
        _("applications/<str:reference>/files/<int:file_id>/"),
        views.download_file,
        name="file",
    ),
]

if settings.SERVICES_DUMMY_PAYMENT_ALLOWED:
    # the test provider's page: development and tests only
    urlpatterns.append(
        path(
            _("applications/<str:reference>/payment/<uuid:token>/"),
            views.dummy_payment,
            name="dummy_payment",
        )
    )
