"""Owners edit their entries in the front end; changes wait for approval."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.contrib.auth.views import redirect_to_login
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import WorkflowState

from accounts.models import RoleKind
from accounts.permissions import grant_owner
from business.models import ActorType, BusinessEntryPage
from portal.roles import APPROVERS, REVIEWERS, setup_roles
from tests import factories

from .factories import complete_entry
from .helpers import form_data

ENTRY_URL = "/wirtschaft/verzeichnis/biohof-demen/"


def build_world():
    """Three entries in the directory, the editorial groups and the standard
    workflow on the business section (``setup_roles``), and the people: a
    company that owns one entry, a citizen, an editor of other sections, a
    reviewer and an approver."""
    demen = factories.translated_municipality(name="Demen", slug="demen")
    banzkow = factories.translated_municipality(name="Banzkow", slug="banzkow")
    plate = factories.translated_municipality(name="Plate", slug="plate")
    world = SimpleNamespace(
        farm=complete_entry("Biohof Demen", demen),
        shop=complete_entry("Hofladen Banzkow", banzkow),
        joinery=complete_entry(
            "Tischlerei Plate", plate, actor_type=ActorType.COMPANY, sector="C"
        ),
    )
    setup_roles()
    world.company = factories.user_with_role(
        RoleKind.ACTOR, organisation="Hofladen Banzkow"
    )
    grant_owner(world.shop, world.company)
    world.citizen = factories.UserFactory()
    world.editor = factories.StaffFactory(
        groups=["Redaktion Allgemein und Aktuelles", "Redaktion Tourismus"]
    )
    world.reviewer = factories.StaffFactory(groups=[REVIEWERS])
    world.approver = factories.StaffFactory(groups=[APPROVERS])
    return world


world = factories.module_data(build_world)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def entry(page):
    """The entry as stored now (the world's objects go stale when tests change them)."""
    return BusinessEntryPage.objects.get(pk=page.pk)


def edit_url(page):
    return reverse("business:entry_edit", args=[page.pk])


@pytest.fixture
def owner(world):
    """The company, made an owner of Biohof Demen too."""
    grant_owner(world.farm, world.company)
    return world.company


def approve(page, *approvers):
    state = WorkflowState.objects.get(
        object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )
    for approver in approvers:
        state.refresh_from_db()
        state.current_task_state.approve(user=approver, comment="Geprüft.")


def test_owner_edit_is_pending_and_live_version_stays(client, world, owner):
    page = entry(world.farm)
    client.force_login(owner)
    response = client.post(
        edit_url(page), form_data(page, intro="Neu: Bio-Kisten jetzt auch montags.")
    )
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == reverse("accounts:home")
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


def test_approval_publishes_the_change_and_tells_the_owner(client, world, owner):
    page = entry(world.farm)
    client.force_login(owner)
    client.post(edit_url(page), form_data(page, intro="Jetzt mit Hofcafé."))
    mail.outbox.clear()
    approve(page, world.reviewer, world.approver)
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


def test_second_change_replaces_the_pending_one(client, world, owner):
    page = entry(world.farm)
    client.force_login(owner)
    client.post(edit_url(page), form_data(page, intro="Erste Fassung."))
    client.post(edit_url(page), form_data(page, intro="Zweite Fassung."))
    states = WorkflowState.objects.filter(object_id=str(page.pk))
    assert states.filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 1
    assert states.filter(status=WorkflowState.STATUS_CANCELLED).count() == 1
    latest = entry(page).get_latest_revision_as_object()
    assert latest.intro == "Zweite Fassung."


def test_anonymous_is_sent_to_login(client, world):
    url = edit_url(world.farm)
    for response in (client.get(url), client.post(url, form_data(world.farm))):
        assert response.status_code == 302
        assert response["Location"] == redirect_to_login(url).url
        assert response["Location"].startswith("/konto/login/?next=")
    assert not entry(world.farm).has_unpublished_changes


@pytest.mark.parametrize(
    "person",
    [
        "citizen",
        "company",  # an owner, but of another entry
        "editor",  # staff, editing other sections
    ],
)
def test_non_owners_get_403(client, world, person):
    page = entry(world.farm)
    client.force_login(getattr(world, person))
    assert client.get(edit_url(page)).status_code == 403
    assert client.post(edit_url(page), form_data(page)).status_code == 403
    page.refresh_from_db()
    assert not page.has_unpublished_changes


def test_owner_of_another_entry_gets_403(client, world):
    client.force_login(world.company)  # owns Hofladen Banzkow
    assert client.get(edit_url(world.shop)).status_code == 200
    assert client.get(edit_url(world.joinery)).status_code == 403


def test_section_editor_may_edit(client, world):
    editor = world.editor
    editor.groups.add(Group.objects.get(name="Redaktion Wirtschaft"))
    client.force_login(editor)
    page = entry(world.joinery)
    assert client.get(edit_url(page)).status_code == 200
    response = client.post(edit_url(page), form_data(page, intro="Neue Werkstatt."))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    assert entry(page).current_workflow_state is not None


def test_edit_link_shown_to_owner_only(client, world, owner):
    page = world.farm
    client.force_login(owner)
    assert edit_url(page) in client.get(ENTRY_URL).content.decode()
    client.force_login(world.citizen)
    html = client.get(ENTRY_URL).content.decode()
    assert edit_url(page) not in html
    assert reverse("business:entry_claim", args=[page.pk]) in html


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
def test_bad_input_is_refused_and_nothing_saved(client, world, owner, changes, field):
    page = entry(world.farm)
    revisions = page.revisions.count()
    client.force_login(owner)
    response = client.post(edit_url(page), form_data(page, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "error-summary" in response.content.decode()
    assert page.revisions.count() == revisions
    assert entry(page).current_workflow_state is None


def test_overlapping_hours_are_refused(client, world, owner):
    page = entry(world.farm)
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
    assert entry(page).current_workflow_state is None


def test_oversized_logo_is_refused(client, world, owner):
    page = entry(world.farm)
    client.force_login(owner)
    big = SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * (3 * 1024 * 1024))
    response = client.post(edit_url(page), {**form_data(page), "logo_upload": big})
    assert response.status_code == 200
    assert "logo_upload" in response.context["form"].errors
    assert entry(page).current_workflow_state is None


def test_new_entry_is_not_live_until_approved(client, world):
    client.force_login(world.citizen)
    data = form_data(world.farm, title="Neuer Hofladen Tramm", intro="Kartoffeln.")
    response = client.post(reverse("business:entry_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == reverse("accounts:home")
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
