"""Fixtures of the services tests: German URLs and the payment providers."""

import pytest
from django.utils import translation
from payments.core import PROVIDER_CACHE

from .fake_xbezahldienste import FakeXBezahldienste


@pytest.fixture(autouse=True)
def german():
    """reverse() in German: a request of an earlier test may leave English active."""
    with translation.override("de"):
        yield


@pytest.fixture
def fake_service(settings):
    """The fake XBezahldienste service, selected as payment provider."""
    with FakeXBezahldienste() as fake:
        settings.PAYMENT_VARIANTS = fake.variant_settings(timeout=1)
        settings.SERVICES_PAYMENT_VARIANT = "xbezahldienste"
        PROVIDER_CACHE.clear()  # django-payments keeps one provider per variant
        yield fake
    PROVIDER_CACHE.clear()


@pytest.fixture
def dummy_provider(settings):
    settings.SERVICES_PAYMENT_VARIANT = "dummy"
