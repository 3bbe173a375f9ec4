from django.urls import path
from django.utils.translation import gettext_lazy as _

from documents import views

app_name = "documents"

urlpatterns = [
    path(_("verify/"), views.verify, name="verify"),
]
