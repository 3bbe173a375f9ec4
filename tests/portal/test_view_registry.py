"""The page view registry: routable pages call views they do not import."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from consultations.models import ConsultationPage
from council.models import CouncilIndexPage
from home.models import AnnouncementIndexPage, AnnouncementPage, NewsIndexPage
from portal import view_registry
from portal.view_registry import call_page_view, page_view
from tourism.models import EventIndexPage, TourismIndexPage


class Base:
    pass


class Child(Base):
    pass


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(view_registry, "_views", {})


def test_a_view_registered_for_a_base_type_serves_its_subtypes(registry):
    @page_view(Base, "hello")
    def hello(request, page, name):
        return f"{type(page).__name__} greets {name} ({request})"

    assert call_page_view(Child(), "hello", "req", "Anna") == "Child greets Anna (req)"


def test_an_unregistered_view_names_the_page_type(registry):
    with pytest.raises(ImproperlyConfigured, match="'missing'.*Child"):
        call_page_view(Child(), "missing", None)


def test_a_name_cannot_be_registered_twice(registry):
    page_view(Base, "twice")(lambda request, page: None)
    with pytest.raises(ImproperlyConfigured, match="twice"):
        page_view(Base, "twice")(lambda request, page: None)


@pytest.mark.parametrize(
    "model, names",
    [
        (ConsultationPage, ["answer", "results", "receipt", "consultation_context"]),
        (CouncilIndexPage, ["members"]),
        (NewsIndexPage, ["listing_context"]),
        (AnnouncementIndexPage, ["listing_context"]),
        (AnnouncementPage, ["announcement_context", "signed_pdf"]),
        (EventIndexPage, ["listing_context"]),
        (TourismIndexPage, ["listing_context", "places_geojson"]),
    ],
)
def test_apps_register_their_page_views_when_they_are_ready(model, names):
    for name in names:
        assert (model, name) in view_registry._views, name


def test_every_page_view_a_model_calls_is_registered():
    """Each ``call_page_view(self, "name")`` in a models module names a view
    that the app registers (a typo would only show when the URL is visited)."""
    import re
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings

    calls = 0
    for app in apps.get_app_configs():
        folder = Path(app.path)
        if not str(folder).startswith(str(settings.BASE_DIR)):
            continue
        for source in [*folder.glob("*models.py"), *folder.glob("models/*.py")]:
            text = source.read_text()
            classes = [
                (found.start(), found.group(1))
                for found in re.finditer(r"^class (\w+)\(", text, re.M)
            ]
            for found in re.finditer(r'call_page_view\(self, "(\w+)"', text):
                name = [n for start, n in classes if start < found.start()][-1]
                model = apps.get_model(app.label, name)
                assert any(
                    (base, found.group(1)) in view_registry._views
                    for base in model.__mro__
                ), f"{model.__name__}: {found.group(1)}"
                calls += 1
    assert calls >= 30  # consultations, business, datasets, council, home, tourism
