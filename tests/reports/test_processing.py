"""Staff processing: notifications on each public change, internal notes per
department, duplicates by distance, "me too" and merging."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from reports import services
from reports.choices import EventKind, Moderation, Status
from reports.models import Report, Support
from tests.factories import StaffFactory, UserFactory

from .factories import CategoryFactory, ReportFactory
from .test_admin import department, edit_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


@pytest.fixture
def bauhof():
    return department("Bauhof")


def save(client, report, **changes):
    response = client.post(
        reverse("citizen_reports:edit", args=[report.pk]), edit_data(report, **changes)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    report.refresh_from_db()
    return report


@pytest.mark.parametrize(
    "status", [Status.IN_PROGRESS, Status.DONE, Status.FORWARDED, Status.REJECTED]
)
def test_each_status_change_notifies_the_reporter(client, bauhof, status):
    report = ReportFactory(department=bauhof, language="de")
    client.force_login(StaffFactory(groups=["Bauhof"]))
    mail.outbox.clear()
    save(
        client,
        report,
        status=status,
        forwarded_to="Landkreis, Straßenbauamt" if status == Status.FORWARDED else "",
        public_answer=f"Antwort zu {status}",
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["melderin@example.org"]
    assert str(report.pk) in message.subject
    assert str(Status(status).label) in message.subject
    assert f"Antwort zu {status}" in message.body
    assert report.get_absolute_url() in message.body
    assert report.events.filter(kind=EventKind.STATUS, to_status=status).exists()


def test_internal_note_alone_sends_no_mail(client, bauhof):
    report = ReportFactory(department=bauhof)
    client.force_login(StaffFactory(groups=["Bauhof"]))
    mail.outbox.clear()
    save(client, report, internal_note="Bauhof fährt Donnerstag vorbei.")
    assert mail.outbox == []


def test_release_notifies_the_account_holder(client, bauhof):
    user = UserFactory(email="konto@example.org")
    report = ReportFactory(
        department=bauhof,
        moderation=Moderation.PENDING,
        reporter=user,
        reporter_email="",
    )
    client.force_login(StaffFactory(groups=["Bauhof"]))
    mail.outbox.clear()
    save(client, report, moderation=Moderation.RELEASED)
    assert [m.to for m in mail.outbox] == [["konto@example.org"]]


def test_internal_notes_only_for_the_own_department(client, bauhof):
    department("Ordnungsamt")
    report = ReportFactory(department=bauhof)
    own = StaffFactory(groups=["Bauhof"])
    client.force_login(own)
    save(client, report, internal_note="Vertraulich: Anwohner Meier beschwert sich.")
    inspect = reverse("citizen_reports:inspect", args=[report.pk])
    body = client.get(inspect).content.decode()
    assert "Vertraulich: Anwohner Meier" in body
    assert "melderin@example.org" in body  # the department sees the contact
    client.force_login(StaffFactory(groups=["Ordnungsamt"]))
    assert client.get(inspect).status_code == 404
    edit = reverse("citizen_reports:edit", args=[report.pk])
    assert client.get(edit).status_code == 404
    listing = client.get(reverse("citizen_reports:index")).content.decode()
    assert "Vertraulich" not in listing
    client.logout()
    assert "Vertraulich" not in client.get(report.get_absolute_url()).content.decode()


def test_department_is_told_about_a_new_confirmed_report(client, bauhof):
    StaffFactory(groups=["Bauhof"], email="bauhof@amt.example")
    category = CategoryFactory(default_department=bauhof)
    report = ReportFactory(
        category=category, department=bauhof, confirmed_at=None, reporter_email="a@b.de"
    )
    mail.outbox.clear()
    services.confirm(report)
    assert [m.to for m in mail.outbox] == [["bauhof@amt.example"]]


# --- duplicates ---------------------------------------------------------------------


def offset(metres_north):
    """A latitude ``metres_north`` north of the test centre."""
    return (Decimal("53.576000") + Decimal(metres_north) / Decimal(111320)).quantize(
        Decimal("0.000001")
    )


def test_nearby_open_reports_by_distance():
    category = CategoryFactory()
    near = ReportFactory(category=category, latitude=offset(30))
    ReportFactory(category=category, latitude=offset(80))  # too far
    ReportFactory(latitude=offset(10))  # another category
    ReportFactory(category=category, latitude=offset(5), status=Status.DONE)  # closed
    ReportFactory(
        category=category, latitude=offset(5), moderation=Moderation.PENDING
    )  # not public
    found = services.nearby_open_reports(
        category, Decimal("53.576000"), Decimal("11.650700")
    )
    assert [report for report, _metres in found] == [near]
    assert 25 < found[0][1] < 35


def test_form_suggests_nearby_reports_before_submitting(client):
    category = CategoryFactory(name="Straßenbeleuchtung")
    near = ReportFactory(category=category, latitude=offset(20))
    municipality = near.municipality
    data = {
        "category": category.pk,
        "municipality": municipality.slug,
        "place": "Am Markt",
        "latitude": "53.576000",
        "longitude": "11.650700",
        "description": "Laterne aus.",
        "email": "neu@example.org",
    }
    response = client.post(reverse("reports:new"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Wurde das schon gemeldet?" in body
    assert reverse("reports:support", args=[near.pk]) in body
    assert 'name="new_anyway"' in body
    assert Report.objects.count() == 1
    # sent anyway: a new report
    response = client.post(reverse("reports:new"), {**data, "new_anyway": "on"})
    assert response.status_code == 302
    assert Report.objects.count() == 2


def test_me_too_signed_in_counts_once(client):
    report = ReportFactory()
    client.force_login(UserFactory())
    url = reverse("reports:support", args=[report.pk])
    client.post(url)
    client.post(url)
    report.refresh_from_db()
    assert report.supporters == 1
    assert Support.objects.count() == 1


def test_me_too_by_email_after_confirmation(client):
    report = ReportFactory()
    url = reverse("reports:support", args=[report.pk])
    response = client.post(url, {"email": "Nachbar@example.org", "website": ""})
    assert response.status_code == 200
    link = re.search(r"http://testserver(/\S+)", mail.outbox[-1].body).group(1)
    report.refresh_from_db()
    assert report.supporters == 0
    client.post(link)
    client.post(link)
    report.refresh_from_db()
    assert report.supporters == 1


def test_staff_merge_duplicates(client, bauhof):
    category = CategoryFactory()
    main = ReportFactory(category=category, department=bauhof, supporters=2)
    duplicate = ReportFactory(
        category=category, department=bauhof, reporter_email="zweite@example.org"
    )
    client.force_login(StaffFactory(groups=["Bauhof"]))
    mail.outbox.clear()
    save(client, duplicate, merged_into=main.pk)
    main.refresh_from_db()
    assert duplicate.merged_into == main
    assert main.supporters == 3
    assert duplicate.events.filter(kind=EventKind.MERGED, public=True).exists()
    assert [m.to for m in mail.outbox] == [["zweite@example.org"]]
    listing = client.get(reverse("reports:list")).content.decode()
    assert duplicate.get_absolute_url() not in listing
    detail = client.get(duplicate.get_absolute_url()).content.decode()
    assert reverse("reports:detail", args=[main.pk]) in detail
