"""Applications in the privacy export; they go with a deleted account."""

import json

import pytest
from django.contrib.auth import get_user_model

from services.models import Application, ApplicationEvent, Payment

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_export_lists_own_applications_only(client, demo_user):
    user = demo_user("buerger")
    client.force_login(user)
    data = json.loads(client.post("/konto/data/").content)
    references = {entry["reference"] for entry in data["service_applications"]}
    assert references == set(
        Application.objects.filter(applicant=user).values_list("reference", flat=True)
    )
    assert references
    assert all("answers" in entry for entry in data["service_applications"])


def test_deleting_the_account_deletes_applications_and_keeps_staff_history(
    client, demo_user
):
    user = demo_user("buerger-verifiziert")
    ids = list(Application.objects.filter(applicant=user).values_list("pk", flat=True))
    assert Payment.objects.filter(application__in=ids).exists()
    client.force_login(user)
    client.post("/konto/delete/", {"password": "demo"})
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not Application.objects.filter(pk__in=ids).exists()
    assert not Payment.objects.filter(application__in=ids).exists()
    # the staff's own history entries elsewhere are untouched
    assert ApplicationEvent.objects.filter(actor=demo_user("buergerbuero")).exists()
