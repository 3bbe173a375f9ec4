"""Result tracking (issue #25): tracked items, their public page and detail,
status on proposal and budget pages, the milestone feed, following, the
admin and its permissions."""

import datetime

import pytest
from defusedxml import ElementTree as ET
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from accounts.privacy import collect_user_data
from consultations.models import (
    BudgetPhase,
    BudgetProject,
    ImplementationStatus,
    Milestone,
    ProposalProcessPage,
    ProposalStatus,
    TrackedItem,
    TrackedItemFollower,
)
from portal.roles import MODERATORS, PARTICIPATION_EDITORS, REVIEWERS
from tests import factories
from tests.consultations import factories as consultation_factories
from tests.consultations.factories import (
    budget,
    consultation,
    implementation_page,
    proposal,
    proposal_process,
)
from tests.consultations.helpers import DAY

PROCESS_SLUG = "ideen-umsetzung"


def build_world():
    """The implementation page (German and English) and a proposal process whose
    proposals the tracked items come from, built once for the module."""
    implementation_page()
    proposal_process(slug=PROCESS_SLUG)


world = factories.module_data(build_world)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]

ATOM = "{http://www.w3.org/2005/Atom}"


def de(message, **params):
    with translation.override("de"):
        text = translation.gettext(message)
    return text % params if params else text


def today():
    return timezone.localdate()


def the_process():
    """The module's proposal process."""
    return ProposalProcessPage.objects.get(slug=PROCESS_SLUG)


def tracked_item(milestones=(), **fields):
    """A tracked item (``consultation_factories.tracked_item``), from a new
    proposal of the module's process unless a source is given."""
    if not {"proposal", "budget_project", "consultation"} & set(fields):
        fields["proposal"] = proposal(the_process())
    return consultation_factories.tracked_item(milestones, **fields)


# --- public page and detail ---------------------------------------------------------------
def test_public_items_are_listed_and_private_ones_are_not(client):
    page = implementation_page()
    shown = tracked_item(title="Bänke am Badesee")
    hidden = tracked_item(title="Geheimer Entwurf", is_public=False)

    body = client.get(page.url).content.decode()

    assert shown.title in body
    assert hidden.title not in body
    assert client.get(page.url + f"{shown.pk}/").status_code == 200
    assert client.get(page.url + f"{hidden.pk}/").status_code == 404


def test_the_detail_shows_status_department_source_and_timeline(client):
    page = implementation_page()
    department = factories.Group.objects.create(name="Bauamt")
    item = tracked_item(
        status=ImplementationStatus.IN_PROGRESS,
        progress=40,
        department=department,
        milestones=[
            (today() - 20 * DAY, "Planung begonnen"),
            (today() - 2 * DAY, "Bagger rollen"),
        ],
    )

    body = client.get(page.url + f"{item.pk}/").content.decode()

    assert de("In progress") in body
    assert 'value="40"' in body
    assert "Bauamt" in body
    assert body.index("Planung begonnen") < body.index("Bagger rollen")
    source = item.proposal
    assert f'href="{source.process.url}{source.pk}/"' in body


def test_a_rejected_item_shows_its_reason():
    item = TrackedItem(
        title="Kneipp-Becken",
        summary="Geprüft.",
        proposal=proposal(the_process()),
        status=ImplementationStatus.REJECTED,
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "status_reason" in error.value.message_dict

    item.status_reason = "Zu teuer für den Haushalt."
    item.full_clean()


def test_an_item_needs_exactly_one_source():
    process = the_process()
    item = TrackedItem(title="Ohne Herkunft", summary="…")
    with pytest.raises(ValidationError):
        item.full_clean()
    item.proposal = proposal(process)
    item.consultation = consultation()
    with pytest.raises(ValidationError):
        item.full_clean()


def test_an_unpublished_proposal_cannot_be_tracked():
    pending = proposal(the_process(), status=ProposalStatus.PENDING)
    item = TrackedItem(title="Vorschlag", summary="…", proposal=pending)
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "proposal" in error.value.message_dict


def test_a_consultation_outcome_belongs_to_the_german_page():
    german = consultation()
    english = factories.translate(german, title="Test consultation")

    item = tracked_item(consultation=english)

    assert item.consultation_id == german.pk
    assert item.process_id == german.pk


def test_filters_by_status_municipality_and_process(client):
    page = implementation_page()
    crivitz = factories.MunicipalityFactory(name="Crivitz", slug="crivitz")
    first = proposal_process(title="Ideen A")
    second = proposal_process(title="Ideen B")
    done = tracked_item(
        title="Fertiges Projekt",
        status=ImplementationStatus.DONE,
        municipality=crivitz,
        proposal=proposal(first),
    )
    planned = tracked_item(title="Geplantes Projekt", proposal=proposal(second))

    def titles(query):
        body = client.get(page.url + query).content.decode()
        return {t for t in (done.title, planned.title) if t in body}

    assert titles("") == {done.title, planned.title}
    assert titles("?status=done") == {done.title}
    assert titles("?municipality=crivitz") == {done.title}
    assert titles(f"?process={second.pk}") == {planned.title}
    assert titles("?status=nonsense&process=x") == {done.title, planned.title}


def test_the_english_page_lists_the_same_items_in_english(client):
    implementation_page()
    item = tracked_item(status=ImplementationStatus.DONE)

    response = client.get(f"/en/participation/implementation/{item.pk}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert ">Done<" in body
    assert "Milestones" in body


def test_the_sitemap_lists_public_items():
    page = implementation_page()
    shown = tracked_item()
    hidden = tracked_item(is_public=False)

    locations = [url["location"] for url in page.get_sitemap_urls()]

    assert any(location.endswith(f"/{shown.pk}/") for location in locations)
    assert not any(location.endswith(f"/{hidden.pk}/") for location in locations)


# --- status on proposal and budget pages ----------------------------------------------------
def test_the_proposal_page_shows_its_implementation_and_links_to_it(client):
    page = implementation_page()
    item = tracked_item(status=ImplementationStatus.IN_PROGRESS)
    source = item.proposal

    body = client.get(f"{source.process.url}{source.pk}/").content.decode()

    assert de("In progress") in body
    assert f'href="{page.url}{item.pk}/"' in body


def test_a_private_item_is_not_shown_on_the_proposal_page(client):
    implementation_page()
    item = tracked_item(is_public=False, title="Interner Stand")
    source = item.proposal

    body = client.get(f"{source.process.url}{source.pk}/").content.decode()

    assert de("What became of the proposal") not in body


def test_the_budget_page_and_results_show_the_status_of_projects(client):
    page = implementation_page()
    now = timezone.now()
    decided = budget(
        projects=[("Spielplatz", 6000), ("Bänke", 3000)],
        opens_at=now - 20 * DAY,
        closes_at=now - 10 * DAY,
        results_published_at=now - 5 * DAY,
    )
    assert decided.phase == BudgetPhase.RESULTS
    project = BudgetProject.objects.get(budget=decided, title="Bänke")
    item = tracked_item(budget_project=project, status=ImplementationStatus.DONE)

    for url in (decided.url, decided.url + "results/"):
        body = client.get(url).content.decode()
        assert f'href="{page.url}{item.pk}/"' in body
        assert de("Done") in body


# --- feed --------------------------------------------------------------------------------
def test_the_feed_lists_milestones_of_public_items_only(client):
    page = implementation_page()
    tracked_item(
        title="Bänke",
        milestones=[
            (today() - 3 * DAY, "Aufgestellt"),
            (today() - 9 * DAY, "Bestellt"),
        ],
    )
    tracked_item(
        title="Geheim", is_public=False, milestones=[(today(), "Interner Schritt")]
    )

    response = client.get(page.url + "feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["Bänke: Aufgestellt", "Bänke: Bestellt"]


def test_the_feed_follows_the_filters(client):
    page = implementation_page()
    tracked_item(
        title="Fertig",
        status=ImplementationStatus.DONE,
        milestones=[(today(), "Abgeschlossen")],
    )
    tracked_item(title="Geplant", milestones=[(today(), "Beauftragt")])

    feed = ET.fromstring(client.get(page.url + "feed/?status=done").content)

    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["Fertig: Abgeschlossen"]


# --- following and notifications ------------------------------------------------------------
def test_anonymous_visitors_are_sent_to_log_in_to_follow(client):
    page = implementation_page()
    item = tracked_item()

    response = client.post(page.url + f"{item.pk}/follow/")

    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not TrackedItemFollower.objects.exists()


def test_followers_get_each_new_milestone_once(
    client, django_capture_on_commit_callbacks
):
    page = implementation_page()
    item = tracked_item()
    follower = factories.UserFactory(email="fan@example.org")
    client.force_login(follower)
    client.post(page.url + f"{item.pk}/follow/", {"action": "follow"})
    assert TrackedItemFollower.objects.filter(item=item, user=follower).exists()

    with django_capture_on_commit_callbacks(execute=True):
        Milestone.objects.create(item=item, date=today(), title="Bänke bestellt")
    with django_capture_on_commit_callbacks(execute=True):
        item.save()  # saving again sends nothing new

    assert [m.to for m in mail.outbox] == [["fan@example.org"]]
    assert "Bänke bestellt" in mail.outbox[0].body

    client.post(page.url + f"{item.pk}/follow/", {"action": "unfollow"})
    assert not TrackedItemFollower.objects.exists()


def test_milestones_of_a_private_item_are_not_sent(django_capture_on_commit_callbacks):
    item = tracked_item(is_public=False)
    TrackedItemFollower.objects.create(item=item, user=factories.UserFactory())

    with django_capture_on_commit_callbacks(execute=True):
        Milestone.objects.create(item=item, date=today(), title="Intern")

    assert mail.outbox == []
    assert Milestone.objects.get(title="Intern").notified_at is None


def test_a_private_item_cannot_be_followed(client):
    page = implementation_page()
    item = tracked_item(is_public=False)
    client.force_login(factories.UserFactory())

    response = client.post(page.url + f"{item.pk}/follow/", {"action": "follow"})

    assert response.status_code == 404
    assert not TrackedItemFollower.objects.exists()


def test_followed_items_are_in_the_data_export():
    item = tracked_item()
    user = factories.UserFactory()
    TrackedItemFollower.objects.create(item=item, user=user)

    data = collect_user_data(user)

    assert data["consultations"]["followed_items"][0]["item"] == item.title


# --- admin and permissions ----------------------------------------------------------------
# The groups and their rights: setup_roles, once per module (conftest.py).


@pytest.mark.parametrize("group", [REVIEWERS, MODERATORS])
def test_other_roles_cannot_open_the_implementation_admin(client, group):
    client.force_login(factories.StaffFactory(groups=[group]))
    for url in (reverse("tracked_items:index"), reverse("tracked_items:add")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")


def test_participation_editors_add_an_item_with_milestones(client):
    source = proposal(the_process())
    client.force_login(factories.StaffFactory(groups=[PARTICIPATION_EDITORS]))
    data = {
        "title": "Bänke am Badesee",
        "summary": "Sechs Bänke.",
        "proposal": source.pk,
        "status": ImplementationStatus.PLANNED,
        "progress": 0,
        "is_public": "on",
        "milestones-TOTAL_FORMS": 1,
        "milestones-INITIAL_FORMS": 0,
        "milestones-MIN_NUM_FORMS": 0,
        "milestones-MAX_NUM_FORMS": 1000,
        "milestones-0-date": (today() - DAY).isoformat(),
        "milestones-0-title": "Auftrag vergeben",
        "milestones-0-text": "",
        "milestones-0-ORDER": 1,
    }

    response = client.post(reverse("tracked_items:add"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    item = TrackedItem.objects.get()
    assert item.process_id == source.process_id
    assert list(item.milestones.values_list("title", flat=True)) == ["Auftrag vergeben"]


def test_the_admin_refuses_a_rejection_without_reason(client):
    source = proposal(the_process())
    client.force_login(factories.StaffFactory(groups=[PARTICIPATION_EDITORS]))
    data = {
        "title": "Kneipp-Becken",
        "summary": "Geprüft.",
        "proposal": source.pk,
        "status": ImplementationStatus.REJECTED,
        "progress": 0,
        "milestones-TOTAL_FORMS": 0,
        "milestones-INITIAL_FORMS": 0,
        "milestones-MIN_NUM_FORMS": 0,
        "milestones-MAX_NUM_FORMS": 1000,
    }

    with translation.override("de"):
        response = client.post(reverse("tracked_items:add"), data)

    assert response.status_code == 200
    assert de("Give the reason why it is not implemented.") in (
        response.content.decode()
    )
    assert not TrackedItem.objects.exists()


def test_milestone_dates_are_kept_in_order():
    item = tracked_item(
        milestones=[
            (datetime.date(2026, 5, 1), "Zweiter"),
            (datetime.date(2026, 3, 1), "Erster"),
        ]
    )
    assert [m.title for m in item.milestones.all()] == ["Erster", "Zweiter"]


def test_hostile_filter_values_are_ignored(client):
    page = implementation_page()
    tracked_item(title="Bänke am Badesee")

    for query in ("?process=%C2%B2", "?municipality=%27%3B--", "?process=1e9"):
        response = client.get(page.url + query)
        assert response.status_code == 200
        assert "Bänke am Badesee" in response.content.decode()


def test_the_participation_section_links_to_the_implementation_page(client):
    page = implementation_page()

    body = client.get(page.get_parent().url).content.decode()

    assert f'href="{page.url}"' in body
