"""The staff queue: release (pre-moderation), status changes, department isolation."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation

from reports.choices import EventKind, Moderation, Status
from reports.models import ReportEvent
from tests.factories import StaffFactory

from .factories import ReportFactory

pytestmark = pytest.mark.django_db

STAFF_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("reports", "process_report"),
    ("reports", "view_report"),
    ("reports", "change_report"),
]


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def department(name):
    group = Group.objects.create(name=name)
    for app_label, codename in STAFF_PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return group


@pytest.fixture
def bauhof():
    return department("Bauhof")


@pytest.fixture
def ordnungsamt():
    return department("Ordnungsamt")


def edit_data(report, **overrides):
    data = {
        "status": report.status,
        "forwarded_to": report.forwarded_to,
        "public_answer": report.public_answer,
        "moderation": report.moderation,
        "public_description": report.public_description,
        "assignee": "",
        "merged_into": "",
        "internal_note": "",
    }
    data.update(overrides)
    return data


def test_release_makes_the_report_public(client, bauhof):
    report = ReportFactory(
        department=bauhof, moderation=Moderation.PENDING, released_at=None
    )
    assert client.get(report.get_absolute_url()).status_code == 404
    staff = StaffFactory(groups=["Bauhof"])
    client.force_login(staff)
    url = reverse("citizen_reports:edit", args=[report.pk])
    response = client.post(
        url,
        edit_data(
            report,
            moderation=Moderation.RELEASED,
            public_description="Laterne dunkel.",
            internal_note="Schon dem Elektriker gemeldet.",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report.refresh_from_db()
    assert report.released_at is not None
    client.logout()
    body = client.get(report.get_absolute_url()).content.decode()
    assert "Laterne dunkel." in body
    assert "Schon dem Elektriker" not in body
    kinds = set(report.events.values_list("kind", flat=True))
    assert {EventKind.RELEASED, EventKind.EDIT, EventKind.NOTE} <= kinds
    assert not ReportEvent.objects.get(kind=EventKind.NOTE).public


def test_staff_of_another_department_cannot_open_the_report(
    client, bauhof, ordnungsamt
):
    report = ReportFactory(department=bauhof)
    other = StaffFactory(groups=["Ordnungsamt"])
    client.force_login(other)
    assert (
        client.get(reverse("citizen_reports:edit", args=[report.pk])).status_code == 404
    )
    listing = client.get(reverse("citizen_reports:index"))
    assert listing.status_code == 200
    assert reverse("citizen_reports:edit", args=[report.pk]) not in (
        listing.content.decode()
    )


def test_status_change_records_history_and_timestamps(client, bauhof):
    report = ReportFactory(department=bauhof)
    client.force_login(StaffFactory(groups=["Bauhof"]))
    client.post(
        reverse("citizen_reports:edit", args=[report.pk]),
        edit_data(report, status=Status.DONE, public_answer="Repariert."),
    )
    report.refresh_from_db()
    assert report.status == Status.DONE
    assert report.closed_at is not None
    assert report.first_answer_at is not None
    event = report.events.get(kind=EventKind.STATUS)
    assert (event.from_status, event.to_status, event.public) == (
        Status.RECEIVED,
        Status.DONE,
        True,
    )
