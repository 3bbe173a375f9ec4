"""Demo smoke test: the services demo shows the section's every feature."""

import pytest

from accounts.models import IdentityLevel
from services.models import Application, FeeMode, ServiceIndexPage, Status

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_demo_services():
    index = ServiceIndexPage.objects.get(locale__language_code="de")
    services = list(index.services())
    assert len(services) == 4
    assert {service.fee_mode for service in services} == set(FeeMode.values)
    assert sum(1 for service in services if service.has_fee) == 2
    assert any(
        service.required_identity_level >= IdentityLevel.SUBSTANTIAL
        for service in services
    )
    assert any(
        field.field_type == "file"
        for service in services
        for field in service.get_form_fields()
    )
    assert set(Application.objects.values_list("status", flat=True)) >= {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.AWAITING_PAYMENT,
        Status.PAID,
        Status.IN_PROGRESS,
        Status.COMPLETED,
        Status.REJECTED,
    }
