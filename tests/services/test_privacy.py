"""Applications in the privacy export; they go with a deleted account."""

import json

import pytest
from django.contrib.auth import get_user_model

from services.models import Application, ApplicationEvent, Payment, Status
from tests import factories
from tests.services import factories as service_factories

pytestmark = pytest.mark.django_db


def test_export_lists_own_applications_only(client):
    user = factories.UserFactory()
    page = service_factories.service_page()
    service_factories.application(user, page)
    service_factories.application(user, page, paid=True)
    service_factories.application(factories.UserFactory(), page)
    client.force_login(user)
    data = json.loads(client.post("/konto/data/").content)
    references = {entry["reference"] for entry in data["service_applications"]}
    assert references == set(
        Application.objects.filter(applicant=user).values_list("reference", flat=True)
    )
    assert references
    assert all("answers" in entry for entry in data["service_applications"])


def test_deleting_the_account_deletes_applications_and_keeps_staff_history(client):
    user = factories.verified_citizen()
    staff = factories.StaffFactory(groups=["Bürgerbüro"])
    mine = service_factories.application(user, paid=True)
    other = service_factories.application(factories.UserFactory())
    for application in (mine, other):
        ApplicationEvent.objects.create(
            application=application,
            from_status=Status.SUBMITTED,
            to_status=Status.IN_PROGRESS,
            actor=staff,
        )
    ids = list(Application.objects.filter(applicant=user).values_list("pk", flat=True))
    assert Payment.objects.filter(application__in=ids).exists()
    client.force_login(user)
    client.post("/konto/delete/", {"password": factories.PASSWORD})
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not Application.objects.filter(pk__in=ids).exists()
    assert not Payment.objects.filter(application__in=ids).exists()
    # the staff's own history entries elsewhere are untouched
    assert ApplicationEvent.objects.filter(actor=staff).exists()
    assert get_user_model().objects.filter(pk=staff.pk).exists()
