"""The test payment provider stays out of production (#23).

Production settings remove the ``dummy`` variant, do not mount its page and
refuse it by a system check; no payment is booked without the cash reference
(Kassenzeichen) of the real provider — the made-up one is for the test
provider in development only.
"""

from decimal import Decimal

import pytest
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured
from payments import PaymentStatus

from services import lifecycle
from services.checks import dummy_payment_only_where_allowed
from services.models import Application, ApplicationEvent, Payment, Status
from tests.factories import UserFactory
from tests.settings_import import import_settings, settings_environment

GOOD_KEY = "x" * 20 + "production-secret-for-tests-" + "y" * 20


def test_production_has_no_dummy_variant_and_no_dummy_page(production_process):
    # one real process under production settings (tests/production_process.py)
    assert production_process["payments"] == {
        "variants": ["xbezahldienste"],
        "allowed": False,
        "mounted": False,
        "errors": [],
    }


def test_production_refuses_to_start_with_the_dummy_variant():
    environment = settings_environment(
        drop={"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"},
        drop_prefixes=("SERVICES_",),
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="portal.example",
        SERVICES_PAYMENT_VARIANT="dummy",
    )
    message = "SERVICES_PAYMENT_VARIANT must name a real payment provider"
    with pytest.raises(ImproperlyConfigured, match=message):
        import_settings("portal.settings.production", environment)


def test_system_check_refuses_a_dummy_provider_where_not_allowed(settings):
    settings.SERVICES_DUMMY_PAYMENT_ALLOWED = False
    settings.SERVICES_PAYMENT_VARIANT = "xbezahldienste"
    settings.PAYMENT_VARIANTS = {
        "xbezahldienste": ("services.xbezahldienste.XBezahldiensteProvider", {}),
        "test": ("payments.dummy.DummyProvider", {}),
    }
    errors = dummy_payment_only_where_allowed(None)
    assert [type(e) for e in errors] == [Error]
    assert errors[0].id == "services.E001"
    settings.PAYMENT_VARIANTS = {
        "xbezahldienste": ("services.xbezahldienste.XBezahldiensteProvider", {})
    }
    assert dummy_payment_only_where_allowed(None) == []
    settings.SERVICES_DUMMY_PAYMENT_ALLOWED = True
    settings.PAYMENT_VARIANTS = {"dummy": ("payments.dummy.DummyProvider", {})}
    assert dummy_payment_only_where_allowed(None) == []


def _waiting_payment(variant, reference=""):
    application = Application.objects.create(
        service_title="Testleistung",
        applicant=UserFactory(),
        status=Status.AWAITING_PAYMENT,
        amount=Decimal("12.00"),
    )
    return Payment.objects.create(
        application=application,
        variant=variant,
        total=Decimal("12.00"),
        currency="EUR",
        status=PaymentStatus.CONFIRMED,
        transaction_reference=reference,
    )


@pytest.mark.django_db
def test_no_payment_is_booked_without_a_real_reference():
    payment = _waiting_payment("xbezahldienste")
    application = lifecycle.payment_confirmed(payment)
    application.refresh_from_db()
    assert application.status == Status.AWAITING_PAYMENT
    assert application.kassenzeichen == ""
    assert ApplicationEvent.objects.filter(
        application=application, note__contains="without a cash reference"
    ).exists()


@pytest.mark.django_db
def test_the_real_reference_is_booked():
    payment = _waiting_payment("xbezahldienste", reference="KZ-4711")
    application = lifecycle.payment_confirmed(payment)
    assert application.status == Status.PAID
    assert application.kassenzeichen == "KZ-4711"


@pytest.mark.django_db
def test_the_made_up_reference_only_for_the_test_provider_where_allowed(settings):
    settings.SERVICES_DUMMY_PAYMENT_ALLOWED = False
    refused = lifecycle.payment_confirmed(_waiting_payment("dummy"))
    assert refused.status == Status.AWAITING_PAYMENT
    settings.SERVICES_DUMMY_PAYMENT_ALLOWED = True
    booked = lifecycle.payment_confirmed(_waiting_payment("dummy"))
    assert booked.status == Status.PAID
    assert booked.kassenzeichen.startswith("KZ-")
