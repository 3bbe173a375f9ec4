"""A tiny URLconf with an owner-only view, for the permission tests."""

from django.http import HttpResponse
from django.urls import include, path
from django.views.generic import DetailView

from accounts.permissions import OwnerRequiredMixin
from portal.models import Municipality


class EditMunicipality(OwnerRequiredMixin, DetailView):
    model = Municipality

    def get(self, request, *args, **kwargs):
        return HttpResponse(f"edit {self.get_object().name}")


urlpatterns = [
    path("edit/<int:pk>/", EditMunicipality.as_view()),
    path("konto/", include("allauth.urls")),
]
