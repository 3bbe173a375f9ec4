"""Tourism providers submit their own events: form, approval workflow, object
permissions, "Mein Konto" and e-mails; every refused role."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation
from wagtail.models import WorkflowState

from accounts.models import IdentityLevel, RoleKind, UserRole
from accounts.permissions import user_is_owner
from portal import roles
from tests import factories
from tourism.models import EventOccurrence, EventPage

from . import factories as tf
from .helpers import event_index


def build_world():
    """The tourism section under the standard workflow (``setup_roles``), an
    editorial event, a reviewer, an approver and the accounts that are refused."""
    section = tf.tourism_section()
    tf.event(section.events, "dorffest", "Dorffest", tf.day_at(10, 14))
    roles.setup_roles()
    users = {
        "pruefung": factories.StaffFactory(groups=[roles.REVIEWERS]),
        "amtsleitung": factories.StaffFactory(groups=[roles.APPROVERS]),
        "buerger": factories.UserFactory(),
        "buerger-verifiziert": factories.verified_citizen(IdentityLevel.SUBSTANTIAL),
        "redaktion": factories.StaffFactory(groups=["Redaktion Tourismus"]),
        "unternehmen": factories.user_with_role(
            RoleKind.ACTOR, organisation="Hofladen Banzkow"
        ),
    }
    return {name: user.pk for name, user in users.items()}


world = factories.module_data(build_world)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]

NEW = "/konto/veranstaltungen/neu/"
MINE = "/konto/veranstaltungen/"


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


# A day five months after today: upcoming whenever the suite runs.
EVENT_DAY = timezone.localdate() + datetime.timedelta(days=150)


def form_data(**changes):
    data = {
        "title": "Kräutermarkt am Hofladen",
        "intro": "Kräuter, Tee und Beratung direkt vom Hof.",
        "status": "scheduled",
        "start": f"{EVENT_DAY}T10:00",
        "end": f"{EVENT_DAY}T14:00",
        "venue_name": "Hofladen Banzkow",
        "street": "Dorfstraße 3",
        "postal_code": "19079",
        "city": "Banzkow",
        "organiser_name": "Hofladen Banzkow",
        "price": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def account(world, django_user_model):
    """The world's account for a role, fresh from the database."""

    def get(name):
        return django_user_model.objects.get(pk=world[name])

    return get


@pytest.fixture
def provider(client, account):
    user = account("unternehmen")
    client.force_login(user)
    return user


def act(page, user, action, comment="ok"):
    page = EventPage.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, user, action, comment=comment)


def approve_fully(page, account):
    act(page, account("pruefung"), "approve", "Inhalt geprüft.")
    act(page, account("amtsleitung"), "approve", "Freigabe erteilt.")


def test_anonymous_visitors_are_sent_to_the_login(client):
    for url in (NEW, MINE):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/")


@pytest.mark.parametrize("username", ["buerger", "buerger-verifiziert", "redaktion"])
def test_accounts_without_the_provider_role_are_refused(client, account, username):
    client.force_login(account(username))
    before = EventPage.objects.count()
    for url in (NEW, MINE):
        response = client.get(url)
        assert response.status_code == 403
        assert "Nur bestätigte Tourismusanbieter" in response.content.decode()
    assert client.post(NEW, form_data()).status_code == 403
    assert EventPage.objects.count() == before


def test_an_unconfirmed_actor_role_is_refused(client, django_user_model):
    user = django_user_model.objects.create_user("neu", "neu@example.org", "x")
    UserRole.objects.create(user=user, role=RoleKind.ACTOR, organisation="Kanu")
    client.force_login(user)
    assert client.get(NEW).status_code == 403


def test_the_submit_permission_makes_a_provider(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("kanu", "kanu@example.org", "x")
    user.user_permissions.add(Permission.objects.get(codename="submit_event"))
    client.force_login(user)
    assert client.get(NEW).status_code == 200


def test_a_submission_is_a_draft_in_the_workflow_owned_by_the_provider(
    client, provider
):
    response = client.post(NEW, form_data())
    assert response.status_code == 302
    assert response["Location"] == MINE
    event = EventPage.objects.get(title="Kräutermarkt am Hofladen")
    assert not event.live
    assert event.submitted_by == provider
    assert event.get_parent().pk == event_index("de").pk
    assert user_is_owner(provider, event)
    state = event.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == provider
    # Not listed while it waits.
    assert not EventOccurrence.listing(event.locale).filter(event=event).exists()
    # The provider gets a receipt in German, the department a review request.
    provider_mail = [m for m in mail.outbox if provider.email in m.to]
    assert len(provider_mail) == 1
    assert "Kräutermarkt am Hofladen" in provider_mail[0].subject
    assert "/konto/veranstaltungen/" in provider_mail[0].body
    assert any(provider.email not in m.to for m in mail.outbox)
    page = client.get(MINE).content.decode()
    assert "Wartet auf Freigabe" in page
    assert "Kräutermarkt am Hofladen" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"end": f"{EVENT_DAY - datetime.timedelta(days=1)}T10:00"},
            "end",
            "Das Ende darf nicht vor dem Beginn liegen.",
        ),
        (
            {"repeat": "weekly", "ends": "count", "count": "3"},
            "weekdays",
            "Wochentag",
        ),
        ({"start": "morgen früh"}, "start", "gültiges Datum"),
        (
            {"venue_name": "", "street": "", "city": ""},
            "venue_name",
            "Ausflugsziel",
        ),
        ({"is_free": "on", "price": "5"}, "price", "kostenlos"),
        ({"title": ""}, "title", "Dieses Feld muss ausgefüllt werden."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_lost_or_saved(
    client, provider, changes, field, message
):
    before = EventPage.objects.count()
    response = client.post(NEW, form_data(**changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert f'href="#id_{field}' in html  # a checkbox group links to its first box
    # What the provider typed is still there.
    assert "Kräuter, Tee und Beratung direkt vom Hof." in html
    assert EventPage.objects.count() == before
    assert not mail.outbox


def test_approval_publishes_and_mails_the_provider(client, provider, account):
    client.post(NEW, form_data())
    event = EventPage.objects.get(title="Kräutermarkt am Hofladen")
    mail.outbox.clear()
    approve_fully(event, account)
    event.refresh_from_db()
    assert event.live
    assert EventOccurrence.listing(event.locale).filter(event=event).exists()
    provider_mail = [m for m in mail.outbox if provider.email in m.to]
    # One message from the portal, none of Wagtail's admin-linked ones.
    assert len(provider_mail) == 1
    assert "ist online" in provider_mail[0].subject
    assert event.get_full_url() in provider_mail[0].body
    assert "/admin/" not in provider_mail[0].body
    assert "Veröffentlicht" in client.get(MINE).content.decode()


def test_changes_requested_then_resubmitted(client, provider, account):
    client.post(NEW, form_data())
    event = EventPage.objects.get(title="Kräutermarkt am Hofladen")
    mail.outbox.clear()
    act(event, account("pruefung"), "reject", "Bitte den Eintritt angeben.")
    provider_mail = [m for m in mail.outbox if provider.email in m.to]
    assert len(provider_mail) == 1
    assert "Bitte den Eintritt angeben." in provider_mail[0].body
    page = client.get(MINE).content.decode()
    assert "Änderungen erbeten" in page
    assert "Bitte den Eintritt angeben." in page

    edit_url = f"/konto/veranstaltungen/{event.pk}/bearbeiten/"
    response = client.get(edit_url)
    assert response.status_code == 200
    assert "Bitte den Eintritt angeben." in response.content.decode()
    response = client.post(edit_url, form_data(price="3.50"))
    assert response.status_code == 302
    event = EventPage.objects.get(pk=event.pk)
    assert event.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert event.get_latest_revision_as_object().price == 3.5


def test_a_change_to_a_live_event_waits_and_the_live_version_stays(
    client, provider, account
):
    client.post(NEW, form_data())
    event = EventPage.objects.get(title="Kräutermarkt am Hofladen")
    approve_fully(event, account)
    edit_url = f"/konto/veranstaltungen/{event.pk}/bearbeiten/"
    response = client.post(edit_url, form_data(title="Kräutermarkt (verschoben)"))
    assert response.status_code == 302
    event = EventPage.objects.get(pk=event.pk)
    assert event.live and event.title == "Kräutermarkt am Hofladen"
    assert event.get_latest_revision_as_object().title == "Kräutermarkt (verschoben)"
    assert event.workflow_in_progress
    assert "Veröffentlicht; Ihre Änderung wartet" in client.get(MINE).content.decode()
    # While it waits, it cannot be changed again.
    response = client.get(edit_url)
    assert response.status_code == 302
    assert response["Location"] == MINE


def test_providers_cannot_touch_other_events(client, provider, django_user_model):
    client.post(NEW, form_data())
    event = EventPage.objects.get(title="Kräutermarkt am Hofladen")
    other = django_user_model.objects.create_user("zweiter", "z@example.org", "x")
    UserRole.objects.create(
        user=other, role=RoleKind.ACTOR, organisation="Kanu"
    ).confirm(by=provider)
    client.force_login(other)
    edit_url = f"/konto/veranstaltungen/{event.pk}/bearbeiten/"
    assert client.get(edit_url).status_code == 403
    assert client.post(edit_url, form_data(title="Übernommen")).status_code == 403
    assert "Kräutermarkt" not in client.get(MINE).content.decode()
    # Nor an editorial event of the portal.
    editorial = EventPage.objects.live().filter(submitted_by=None).first()
    assert (
        client.get(f"/konto/veranstaltungen/{editorial.pk}/bearbeiten/").status_code
        == 403
    )
    assert EventPage.objects.get(pk=event.pk).get_latest_revision_as_object().title == (
        "Kräutermarkt am Hofladen"
    )


def test_account_area_shows_the_section_to_providers_only(client, provider, account):
    client.post(NEW, form_data())
    html = client.get("/konto/").content.decode()
    assert "Meine Veranstaltungen" in html
    assert "Wartet auf Freigabe: 1" in html
    client.force_login(account("buerger"))
    assert "Meine Veranstaltungen" not in client.get("/konto/").content.decode()


def test_english_submission_goes_to_the_english_calendar(client, provider):
    with translation.override("en"):
        response = client.post(
            "/en/account/events/new/", form_data(title="Herb market")
        )
    assert response.status_code == 302
    assert response["Location"] == "/en/account/events/"
    event = EventPage.objects.get(title="Herb market")
    assert event.get_parent().pk == event_index("en").pk
    english_mail = [m for m in mail.outbox if provider.email in m.to]
    assert "We received your event" in english_mail[0].subject


def test_export_and_account_deletion(client, provider, account):
    from accounts.privacy import collect_user_data, delete_account

    client.post(NEW, form_data())
    client.post(NEW, form_data(title="Hoffest"))
    published = EventPage.objects.get(title="Hoffest")
    approve_fully(published, account)
    exported = collect_user_data(provider)["tourism_submitted_events"]
    assert {item["title"] for item in exported} == {
        "Kräutermarkt am Hofladen",
        "Hoffest",
    }
    delete_account(provider)
    # The unpublished draft went with the account, the published event stays.
    assert not EventPage.objects.filter(title="Kräutermarkt am Hofladen").exists()
    published.refresh_from_db()
    assert published.live and published.submitted_by is None
