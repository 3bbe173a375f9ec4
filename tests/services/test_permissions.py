"""Who may see and change an application: applicant, other users, departments."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.views import redirect_to_login
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from services.models import Application, Status
from tests import factories
from tests.security.staff import staff_with

from .factories import (
    application,
    bonfire_service,
    department_staff,
    service_page,
)
from .helpers import PDF, apply, copies, latest, submit

pytestmark = pytest.mark.django_db


def build_world():
    """A bonfire notification (Ordnungsamt) and certified copies (Bürgerbüro),
    a citizen and another one, staff of each department, and a submitted
    application for copies of someone else."""
    copies_service = service_page(title="Amtliche Beglaubigung")
    return SimpleNamespace(
        bonfire=bonfire_service(),
        copies=copies_service,
        citizen=factories.UserFactory(),
        other_citizen=factories.verified_citizen(),
        ordnungsamt=department_staff("Ordnungsamt", "Kämmerei"),
        buergerbuero=department_staff("Bürgerbüro"),
        copies_application=application(factories.UserFactory(), copies_service),
    )


world = factories.module_data(build_world)


@pytest.fixture
def submitted(client, world):
    """A submitted, free application of the Ordnungsamt by the citizen, with a
    site plan."""
    client.force_login(world.citizen)
    apply(
        client,
        world.bonfire,
        {
            "ort_des_feuers": "Dorfplatz",
            "datum": "2027-04-17",
            "verantwortliche_person": "B. Bürger",
            "telefon": "1",
            "lageplan": SimpleUploadedFile("p.pdf", PDF),
        },
    )
    created = latest(world.citizen)
    submit(client, created)
    created.refresh_from_db()
    assert created.status == Status.SUBMITTED
    client.logout()
    return created


def applicant_urls(application):
    ref = application.reference
    return [
        ("get", reverse("services:application", args=[ref])),
        ("post", reverse("services:submit", args=[ref])),
        ("post", reverse("services:delete", args=[ref])),
        ("post", reverse("services:pay", args=[ref])),
        ("get", reverse("services:file", args=[ref, application.files.get().pk])),
    ]


def admin_urls(application):
    return [
        ("get", reverse("services_admin:queue")),
        ("get", reverse("services_admin:detail", args=[application.pk])),
        ("post", reverse("services_admin:act", args=[application.pk, "start"])),
    ]


def test_applicant_sees_own_application(client, submitted):
    client.force_login(submitted.applicant)
    response = client.get(submitted.get_absolute_url())
    assert response.status_code == 200
    assert "Dorfplatz" in response.content.decode()


def test_anonymous_visitor_is_sent_to_login(client, submitted):
    for method, url in applicant_urls(submitted):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"] == redirect_to_login(url).url


def test_anonymous_visitor_is_sent_to_the_admin_login(client, submitted):
    for method, url in admin_urls(submitted):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"] == (
            redirect_to_login(url, login_url=reverse("wagtailadmin_login")).url
        )


def test_other_citizen_gets_404_everywhere(client, submitted, world):
    client.force_login(world.other_citizen)
    for method, url in applicant_urls(submitted):
        assert getattr(client, method)(url).status_code == 404, url
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_department_staff_see_the_queue_and_decide(client, submitted, world):
    client.force_login(world.ordnungsamt)
    response = client.get(reverse("services_admin:queue"))
    assert response.status_code == 200
    assert submitted.reference in response.content.decode()
    detail = reverse("services_admin:detail", args=[submitted.pk])
    assert client.get(detail).status_code == 200
    file_url = reverse(
        "services:file", args=[submitted.reference, submitted.files.get().pk]
    )
    assert client.get(file_url).status_code == 200
    client.post(reverse("services_admin:act", args=[submitted.pk, "start"]))
    client.post(
        reverse("services_admin:act", args=[submitted.pk, "reject"]), {"reason": ""}
    )
    submitted.refresh_from_db()
    assert submitted.status == Status.IN_PROGRESS  # a rejection needs a reason
    client.post(
        reverse("services_admin:act", args=[submitted.pk, "reject"]),
        {"reason": "Zu nah am Wald."},
    )
    submitted.refresh_from_db()
    assert submitted.status == Status.REJECTED
    assert submitted.rejection_reason == "Zu nah am Wald."
    assert (
        submitted.events.filter(to_status=Status.REJECTED).get().actor
        == world.ordnungsamt
    )
    # a final application accepts no further decision
    client.post(reverse("services_admin:act", args=[submitted.pk, "complete"]))
    submitted.refresh_from_db()
    assert submitted.status == Status.REJECTED


def test_queue_filters(client, submitted, world):
    client.force_login(world.ordnungsamt)
    queue = reverse("services_admin:queue")
    assert (
        submitted.reference
        in client.get(queue, {"status": "submitted"}).content.decode()
    )
    assert (
        submitted.reference
        not in client.get(queue, {"status": "completed"}).content.decode()
    )
    assert (
        submitted.reference
        in client.get(queue, {"q": submitted.reference[-5:]}).content.decode()
    )


def test_wrong_department_gets_404_and_an_empty_queue(client, submitted, world):
    client.force_login(world.buergerbuero)
    response = client.get(reverse("services_admin:queue"), {"status": "all"})
    assert response.status_code == 200
    html = response.content.decode()
    assert submitted.reference not in html
    # the Bürgerbüro sees its own applications
    assert world.copies_application.reference in html
    assert (
        client.get(reverse("services_admin:detail", args=[submitted.pk])).status_code
        == 404
    )
    for action in ("start", "complete", "reject"):
        response = client.post(
            reverse("services_admin:act", args=[submitted.pk, action]),
            {"reason": "x"},
        )
        assert response.status_code == 404
    file_url = reverse(
        "services:file", args=[submitted.reference, submitted.files.get().pk]
    )
    assert client.get(file_url).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_staff_without_the_permission_are_refused(client, submitted):
    # an editor reaches the admin but processes no applications: Wagtail sends
    # a refused admin view back to the dashboard
    client.force_login(staff_with())
    for method, url in admin_urls(submitted):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("wagtailadmin_home"), url
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_department_member_without_permission_sees_nothing(client, submitted, world):
    user = department_staff("Ordnungsamt")
    user.groups.get(name="Ordnungsamt").permissions.clear()
    client.force_login(user)
    for method, url in admin_urls(submitted):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"] == (
            redirect_to_login(url, login_url=reverse("wagtailadmin_login")).url
        )
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_drafts_are_not_in_the_queue(client, world):
    client.force_login(world.citizen)
    apply(client, world.copies, copies("1"))
    draft = latest(world.citizen)
    assert draft.status == Status.DRAFT
    client.force_login(world.buergerbuero)
    assert (
        client.get(reverse("services_admin:detail", args=[draft.pk])).status_code == 404
    )
    queue = client.get(reverse("services_admin:queue"), {"status": "all"})
    assert draft.reference not in queue.content.decode()
    assert Application.objects.filter(pk=draft.pk, status=Status.DRAFT).exists()
