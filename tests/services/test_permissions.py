"""Who may see and change an application: applicant, other users, departments."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from services.models import Application, Status

from .helpers import apply, copies, latest, submit

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


@pytest.fixture
def submitted(client, service, demo_user):
    """A submitted, free application of the Ordnungsamt by ``buerger``."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .helpers import PDF

    user = demo_user("buerger")
    client.force_login(user)
    apply(
        client,
        service("osterfeuer-anzeigen"),
        {
            "ort_des_feuers": "Dorfplatz",
            "datum": "2027-04-17",
            "verantwortliche_person": "B. Bürger",
            "telefon": "1",
            "lageplan": SimpleUploadedFile("p.pdf", PDF),
        },
    )
    application = latest(user)
    submit(client, application)
    application.refresh_from_db()
    client.logout()
    return application


def applicant_urls(application):
    ref = application.reference
    return [
        ("get", reverse("services:application", args=[ref])),
        ("post", reverse("services:submit", args=[ref])),
        ("post", reverse("services:delete", args=[ref])),
        ("post", reverse("services:pay", args=[ref])),
        ("get", reverse("services:file", args=[ref, application.files.get().pk])),
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
        assert "/konto/login/" in response["Location"]


def test_other_citizen_gets_404_everywhere(client, submitted, demo_user):
    client.force_login(demo_user("buerger-verifiziert"))
    for method, url in applicant_urls(submitted):
        assert getattr(client, method)(url).status_code == 404, url
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_department_staff_see_the_queue_and_decide(client, submitted, demo_user):
    client.force_login(demo_user("ordnungsamt"))
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
    assert submitted.events.filter(to_status=Status.REJECTED).get().actor == (
        demo_user("ordnungsamt")
    )
    # a final application accepts no further decision
    response = client.post(
        reverse("services_admin:act", args=[submitted.pk, "complete"]), follow=True
    )
    submitted.refresh_from_db()
    assert submitted.status == Status.REJECTED


def test_queue_filters(client, submitted, demo_user):
    client.force_login(demo_user("ordnungsamt"))
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


def test_wrong_department_gets_404_and_an_empty_queue(client, submitted, demo_user):
    staff = demo_user("buergerbuero")
    client.force_login(staff)
    response = client.get(reverse("services_admin:queue"), {"status": "all"})
    assert response.status_code == 200
    assert submitted.reference not in response.content.decode()
    # the Bürgerbüro sees its own applications
    assert "Amtliche Beglaubigung" in response.content.decode()
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


def test_staff_without_the_permission_are_refused(client, submitted, demo_user):
    # an editor reaches the admin but processes no applications
    client.force_login(demo_user("redaktion"))
    for url in (
        reverse("services_admin:queue"),
        reverse("services_admin:detail", args=[submitted.pk]),
        reverse("services_admin:act", args=[submitted.pk, "start"]),
    ):
        response = client.post(url) if url.endswith("start/") else client.get(url)
        # Wagtail answers a refused admin view with a redirect to the dashboard
        assert response.status_code in {302, 403}, url
        if response.status_code == 302:
            assert response["Location"] == "/admin/"
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_department_member_without_permission_sees_nothing(
    client, submitted, demo_user
):
    user = demo_user("unternehmen")
    user.groups.add(Group.objects.get(name="Ordnungsamt"))
    user.groups.get(name="Ordnungsamt").permissions.clear()
    client.force_login(user)
    assert client.get(reverse("services_admin:queue")).status_code in {302, 403}


def test_drafts_are_not_in_the_queue(client, service, demo_user):
    user = demo_user("buerger")
    client.force_login(user)
    apply(client, service("beglaubigung"), copies("1"))
    draft = latest(user)
    client.force_login(demo_user("buergerbuero"))
    assert (
        client.get(reverse("services_admin:detail", args=[draft.pk])).status_code == 404
    )
    assert Application.objects.filter(pk=draft.pk, status=Status.DRAFT).exists()
