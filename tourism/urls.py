"""Tourism providers' event submissions, mounted in portal/urls.py below the
account prefix: /konto/veranstaltungen/ and /en/account/events/."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from tourism import views

app_name = "tourism"

urlpatterns = [
    path(_("events/"), views.my_events, name="my_events"),
    path(_("events/new/"), views.submit_event, name="submit_event"),
    path(_("events/<int:page_id>/edit/"), views.edit_event, name="edit_event"),
]
