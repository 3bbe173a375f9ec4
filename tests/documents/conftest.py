import pytest
from django.core.cache import cache

from documents.pdf import Content


@pytest.fixture
def content():
    return Content(
        title="Zahlungsbestätigung",
        rows=[("Leistung", "Anwohnerparkausweis"), ("Betrag", "30,00 EUR")],
        sections=[("Hinweise", ["Bitte bewahren Sie diese Bestätigung auf."])],
    )


@pytest.fixture
def issue_one(site, content):
    from documents.issuing import issue

    def make(**kwargs):
        kwargs.setdefault("kind", "test")
        kwargs.setdefault("content", content)
        kwargs.setdefault("office", "Ordnungsamt")
        kwargs.setdefault("public_title", "Zahlungsbestätigung")
        return issue(**kwargs)

    return make


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()
