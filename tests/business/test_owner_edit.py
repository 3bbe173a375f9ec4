"""Owners edit their entries in the front end; changes wait for approval."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import WorkflowState

from accounts.permissions import grant_owner

from .helpers import entry

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

ENTRY_URL = "/wirtschaft/verzeichnis/biohof-demen/"


def edit_url(page):
    return reverse("business:entry_edit", args=[page.pk])


def form_data(page, **changes):
    data = {
        "title": page.title,
        "intro": page.intro,
        "actor_type": page.actor_type,
        "sector": page.sector,
        "municipality": page.municipality_id,
        "street": page.street,
        "postal_code": page.postal_code,
        "city": page.city,
        "latitude": str(page.latitude),
        "longitude": str(page.longitude),
        "phone": page.phone,
        "email": page.email,
        "website": page.website,
        "description": page.description,
        "products": page.products,
        "tag_list": "bio, gemuese",
        "languages": page.languages,
        "accessibility": page.accessibility,
        "accessibility_note": "",
        "tu_opens_1": "14:00",
        "tu_closes_1": "18:00",
    }
    if page.direct_sale:
        data["direct_sale"] = "on"
    data.update(changes)
    return data


@pytest.fixture
def owner(demo_user):
    user = demo_user("unternehmen")
    grant_owner(entry("biohof-demen"), user)
    return user


def approve(page, *approvers):
    state = WorkflowState.objects.get(
        object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )
    for approver in approvers:
        state.refresh_from_db()
        state.current_task_state.approve(user=approver, comment="Geprüft.")


def test_owner_edit_is_pending_and_live_version_stays(client, owner):
    page = entry("biohof-demen")
    client.force_login(owner)
    response = client.post(
        edit_url(page), form_data(page, intro="Neu: Bio-Kisten jetzt auch montags.")
    )
    assert response.status_code == 302, response.context["form"].errors
    page.refresh_from_db()
    assert page.has_unpublished_changes
    assert page.current_workflow_state is not None
    assert page.intro != "Neu: Bio-Kisten jetzt auch montags."
    public = client.get(ENTRY_URL).content.decode()
    assert "Neu: Bio-Kisten" not in public
    # The owner sees the pending change in the form and in "Mein Konto".
    form_page = client.get(edit_url(page)).content.decode()
    assert "Neu: Bio-Kisten jetzt auch montags." in form_page
    account = client.get("/konto/").content.decode()
    assert "Biohof Demen" in account
    assert "wartet auf Freigabe" in account or "waiting for approval" in account
    assert any("Biohof Demen" in message.subject for message in mail.outbox)


def test_approval_publishes_the_change_and_tells_the_owner(client, owner, demo_user):
    page = entry("biohof-demen")
    client.force_login(owner)
    client.post(edit_url(page), form_data(page, intro="Jetzt mit Hofcafé."))
    mail.outbox.clear()
    approve(page, demo_user("pruefung"), demo_user("amtsleitung"))
    page.refresh_from_db()
    assert page.intro == "Jetzt mit Hofcafé."
    assert not page.has_unpublished_changes
    assert "Jetzt mit Hofcafé." in client.get(ENTRY_URL).content.decode()
    assert any(
        message.to == [owner.email] and ENTRY_URL in message.body
        for message in mail.outbox
    )
    hours = page.opening_hours_data()
    assert [(p.days, p.opens) for p in hours.regular] == [
        (("tu",), datetime.time(14, 0))
    ]


def test_second_change_replaces_the_pending_one(client, owner):
    page = entry("biohof-demen")
    client.force_login(owner)
    client.post(edit_url(page), form_data(page, intro="Erste Fassung."))
    client.post(edit_url(page), form_data(page, intro="Zweite Fassung."))
    states = WorkflowState.objects.filter(object_id=str(page.pk))
    assert states.filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 1
    assert states.filter(status=WorkflowState.STATUS_CANCELLED).count() == 1
    latest = entry("biohof-demen").get_latest_revision_as_object()
    assert latest.intro == "Zweite Fassung."


def test_anonymous_is_sent_to_login(client):
    response = client.get(edit_url(entry("biohof-demen")))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


@pytest.mark.parametrize("username", ["buerger", "unternehmen", "redaktion"])
def test_non_owners_get_403(client, demo_user, username):
    page = entry("biohof-demen")
    client.force_login(demo_user(username))
    assert client.get(edit_url(page)).status_code == 403
    assert client.post(edit_url(page), form_data(page)).status_code == 403
    page.refresh_from_db()
    assert not page.has_unpublished_changes


def test_owner_of_another_entry_gets_403(client, demo_user):
    user = demo_user("unternehmen")  # owns hofladen-banzkow in the demo
    client.force_login(user)
    assert client.get(edit_url(entry("hofladen-banzkow"))).status_code == 200
    assert client.get(edit_url(entry("tischlerei-plate"))).status_code == 403


def test_section_editor_may_edit(client, demo_user):
    editor = demo_user("redaktion")
    editor.groups.add(Group.objects.get(name="Redaktion Wirtschaft"))
    client.force_login(editor)
    page = entry("tischlerei-plate")
    assert client.get(edit_url(page)).status_code == 200
    response = client.post(edit_url(page), form_data(page, intro="Neue Werkstatt."))
    assert response.status_code == 302
    assert entry("tischlerei-plate").current_workflow_state is not None


def test_edit_link_shown_to_owner_only(client, owner, demo_user):
    client.force_login(owner)
    assert edit_url(entry("biohof-demen")) in client.get(ENTRY_URL).content.decode()
    client.force_login(demo_user("buerger"))
    html = client.get(ENTRY_URL).content.decode()
    assert edit_url(entry("biohof-demen")) not in html
    assert reverse("business:entry_claim", args=[entry("biohof-demen").pk]) in html


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"website": "not a url"}, "website"),
        ({"email": "kein-at-zeichen"}, "email"),
        ({"phone": "call me maybe"}, "phone"),
        ({"latitude": "123"}, "latitude"),
        ({"tu_opens_1": "14:00", "tu_closes_1": ""}, "tu_closes_1"),
        ({"tu_opens_1": "18:00", "tu_closes_1": "14:00"}, "tu_closes_1"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(client, owner, changes, field):
    page = entry("biohof-demen")
    revisions = page.revisions.count()
    client.force_login(owner)
    response = client.post(edit_url(page), form_data(page, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "error-summary" in response.content.decode()
    assert page.revisions.count() == revisions
    assert entry("biohof-demen").current_workflow_state is None


def test_overlapping_hours_are_refused(client, owner):
    page = entry("biohof-demen")
    client.force_login(owner)
    response = client.post(
        edit_url(page),
        form_data(
            page,
            tu_opens_1="09:00",
            tu_closes_1="13:00",
            tu_opens_2="12:00",
            tu_closes_2="18:00",
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert any(
        "overlap" in str(error) or "überschneiden" in str(error) for error in errors
    )
    assert entry("biohof-demen").current_workflow_state is None


def test_oversized_logo_is_refused(client, owner, settings):
    page = entry("biohof-demen")
    client.force_login(owner)
    big = SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * (3 * 1024 * 1024))
    response = client.post(edit_url(page), {**form_data(page), "logo_upload": big})
    assert response.status_code == 200
    assert "logo_upload" in response.context["form"].errors


def test_new_entry_is_not_live_until_approved(client, demo_user):
    user = demo_user("buerger")
    client.force_login(user)
    page = entry("biohof-demen")
    data = form_data(page, title="Neuer Hofladen Tramm", intro="Kartoffeln.")
    response = client.post(reverse("business:entry_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    from business.models import BusinessEntryPage

    new = BusinessEntryPage.objects.get(title="Neuer Hofladen Tramm")
    assert not new.live
    assert new.current_workflow_state is not None
    assert (
        client.get(
            new.url or "/wirtschaft/verzeichnis/neuer-hofladen-tramm/"
        ).status_code
        == 404
    )
    assert edit_url(new) in client.get("/konto/").content.decode()
