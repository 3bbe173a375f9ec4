"""Language-neutral machine endpoints of the open data catalogue."""

from django.urls import path, re_path

from datasets import views
from datasets.ckan import views as ckan

app_name = "datasets"

urlpatterns = [
    path("api/3", ckan.version, name="ckan_version"),
    path("api/3/", ckan.version),
    path("api/3/action/<str:name>", ckan.action, name="ckan_action"),
    path("api/action/<str:name>", ckan.action),
    path("api/util/status", ckan.util_status, name="ckan_util_status"),
    re_path(r"^catalog\.(?P<fmt>ttl|rdf|jsonld)$", views.catalogue, name="catalogue"),
    path("datasets/<uuid:identifier>", views.dataset_by_identifier, name="dataset"),
    path("datasets/download/<int:pk>/", views.download, name="download"),
    path(
        "datasets/<uuid:identifier>/datapackage.json",
        views.datapackage,
        name="datapackage",
    ),
]
