"""Front-end views of the business app, mounted in portal/urls.py under i18n_patterns."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "business"

urlpatterns = [
    path(_("directory-entries/new/"), views.entry_create, name="entry_create"),
    path(_("directory-entries/<int:pk>/edit/"), views.entry_edit, name="entry_edit"),
    path(
        _("directory-entries/logos/<int:pk>/"),
        views.pending_logo,
        name="pending_logo",
    ),
    path(
        _("directory-entries/<int:pk>/claim/"),
        views.entry_claim,
        name="entry_claim",
    ),
    path(
        _("projects/needs/<int:item_pk>/help/"),
        views.project_respond,
        name="project_respond",
    ),
    path(_("projects/<int:pk>/follow/"), views.project_follow, name="project_follow"),
]
