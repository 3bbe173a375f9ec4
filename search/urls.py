from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("", views.search_view, name="search"),
    path("autocomplete/", views.autocomplete_view, name="autocomplete"),
]
