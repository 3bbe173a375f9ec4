"""Open311 GeoReport v2 at /open311/v2/ (language-neutral; see reports.open311).

``fmt`` is ``json`` or ``xml``; the views answer any other with 404.
"""

from django.urls import path

from reports import open311

app_name = "open311"

urlpatterns = [
    path("discovery.<str:fmt>", open311.discovery, name="discovery"),
    path("services.<str:fmt>", open311.service_list, name="services"),
    path("services/<str:code>.<str:fmt>", open311.service_definition, name="service"),
    path("requests.<str:fmt>", open311.requests_view, name="requests"),
    path("requests/<int:pk>.<str:fmt>", open311.request_detail, name="request"),
]
