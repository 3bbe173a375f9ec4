"""The staff screen for paper ballots of participatory budgets (#25): who may
open it, identifying the person by account or identity card, the voting rules,
and one ballot per person across the online and the paper channel."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import budgets
from consultations.models import Ballot, BallotChannel, VotingRule
from portal.roles import ADMINISTRATORS, PARTICIPATION_EDITORS
from tests import factories
from tests.consultations.factories import budget
from tests.consultations.helpers import DAY, de
from tests.consultations.helpers import project_ids as ids

pytestmark = pytest.mark.django_db

URL = "/admin/consultations/paper-ballots/"
PROJECTS = [("Spielplatz", 6000), ("Bänke", 3000), ("Brunnen", 5000)]
CARD = {
    "identified_by": "id_card",
    "family_name": "Musterfrau",
    "given_names": "Erika",
    "date_of_birth": "1964-08-12",
    "place_of_birth": "Schwerin",
    "checked": "on",
}


@pytest.fixture
def staff(participation_section):
    return factories.StaffFactory(groups=[PARTICIPATION_EDITORS])


def test_the_screen_is_in_the_admin_menu_and_lists_open_budgets(client, staff):
    page = budget(projects=PROJECTS, title="Bürgerbudget Plate")
    budget(projects=PROJECTS, title="Noch nicht offen", opens_at=timezone.now() + DAY)
    client.force_login(staff)

    assert reverse("paper_ballots:index") == URL
    assert URL in client.get("/admin/").content.decode()
    body = client.get(URL).content.decode()
    assert "Bürgerbudget Plate" in body
    assert "Noch nicht offen" not in body
    body = client.get(URL, {"budget": page.pk}).content.decode()
    assert "Spielplatz" in body and 'name="family_name"' in body


def test_staff_enter_a_paper_ballot_identified_by_the_identity_card(client, staff):
    page = budget(projects=PROJECTS)
    client.force_login(staff)

    response = client.post(
        URL, {"budget": page.pk, "projects": ids(page, "Spielplatz", "Bänke"), **CARD}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?budget={page.pk}"
    ballot = Ballot.objects.get(budget=page)
    assert ballot.channel == BallotChannel.PAPER
    assert ballot.user is None
    assert sorted(p.title for p in ballot.projects.all()) == ["Bänke", "Spielplatz"]
    # the pseudonym of the card data, never the data themselves
    assert ballot.person_hash == budgets.id_data_person_hash(
        "Musterfrau", "Erika", datetime.date(1964, 8, 12), "Schwerin"
    )
    assert "Musterfrau" not in ballot.person_hash
    assert budgets.tally(page)["paper"] == 1


def test_the_same_card_typed_differently_is_the_same_person(client, staff):
    page = budget(projects=PROJECTS)
    client.force_login(staff)
    client.post(URL, {"budget": page.pk, "projects": ids(page, "Bänke"), **CARD})

    response = client.post(
        URL,
        {
            "budget": page.pk,
            "projects": ids(page, "Brunnen"),
            **CARD,
            "family_name": " MUSTERFRAU ",
            "place_of_birth": "schwerin",
        },
    )

    assert response.status_code == 400
    assert de("This person has already voted.") in response.content.decode()
    ballot = Ballot.objects.get(budget=page)
    assert [p.title for p in ballot.projects.all()] == ["Bänke"]


def test_a_person_who_voted_online_is_refused_on_paper(client, staff):
    page = budget(projects=PROJECTS)
    voter = factories.verified_citizen(person_hash="a" * 64, username="erika")
    budgets.save_ballot(page, voter, list(page.projects.filter(title="Bänke")))
    client.force_login(staff)

    response = client.post(
        URL,
        {
            "budget": page.pk,
            "identified_by": "account",
            "account": "ERIKA",
            "projects": ids(page, "Brunnen"),
            "checked": "on",
        },
    )

    assert response.status_code == 400
    assert de("This person has already voted.") in response.content.decode()
    ballot = Ballot.objects.get(budget=page)
    assert ballot.channel == BallotChannel.ONLINE
    assert [p.title for p in ballot.projects.all()] == ["Bänke"]


def test_a_paper_ballot_by_account_stops_the_online_vote(client, staff):
    page = budget(projects=PROJECTS)
    voter = factories.verified_citizen(person_hash="b" * 64)
    client.force_login(staff)

    response = client.post(
        URL,
        {
            "budget": page.pk,
            "identified_by": "account",
            "account": voter.email,
            "projects": ids(page, "Brunnen"),
            "checked": "on",
        },
    )

    assert response.status_code == 302
    assert Ballot.objects.get(budget=page).person_hash == "b" * 64
    client.force_login(voter)
    response = client.post(page.url + "vote/", {"project": ids(page, "Bänke")})
    assert response.status_code == 400
    assert de("You have already voted.") in response.content.decode()
    assert Ballot.objects.filter(budget=page).count() == 1


def test_an_account_without_bundid_identity_is_refused(client, staff):
    page = budget(projects=PROJECTS)
    citizen = factories.UserFactory()
    client.force_login(staff)

    for name, message in [
        (
            citizen.username,
            "This account has no identity verified with BundID. "
            "Identify the person with their identity card instead.",
        ),
        ("niemand", "No account has this user name or e-mail address."),
        ("", "Enter the user name or e-mail address."),
    ]:
        response = client.post(
            URL,
            {
                "budget": page.pk,
                "identified_by": "account",
                "account": name,
                "checked": "on",
            },
        )
        assert response.status_code == 400
        assert de(message) in response.content.decode()
    assert not Ballot.objects.exists()


def test_missing_card_data_and_the_check_are_named(client, staff):
    page = budget(projects=PROJECTS)
    client.force_login(staff)

    response = client.post(
        URL, {"budget": page.pk, "identified_by": "id_card", "family_name": "X"}
    )

    body = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Enter the given names.",
        "Enter the date of birth.",
        "Enter the place of birth.",
    ):
        assert de(message) in body
    assert 'href="#id_given_names"' in body  # the error summary links the field
    assert not Ballot.objects.exists()


def test_a_paper_ballot_over_the_budget_is_refused(client, staff):
    page = budget(projects=PROJECTS)
    client.force_login(staff)

    response = client.post(
        URL,
        {"budget": page.pk, "projects": ids(page, "Spielplatz", "Brunnen"), **CARD},
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert (
        de(
            "Your choice costs %(total)s euros, more than the budget of "
            "%(budget)s euros. Please remove a project.",
            total="11.000",
            budget="10.000",
        )
        in body
    )
    assert "checked" in body.split('name="projects"')[1]  # the ticks are kept
    assert not Ballot.objects.exists()


def test_an_approval_ballot_over_the_number_of_choices_is_refused(client, staff):
    page = budget(projects=PROJECTS, voting_rule=VotingRule.APPROVAL, max_choices=2)
    client.force_login(staff)

    response = client.post(
        URL,
        {
            "budget": page.pk,
            "projects": ids(page, "Spielplatz", "Bänke", "Brunnen"),
            **CARD,
        },
    )

    assert response.status_code == 400
    assert de("Please choose at most %(count)s projects.", count=2) in (
        response.content.decode()
    )
    assert not Ballot.objects.exists()


def test_a_budget_with_published_results_takes_no_paper_ballots(client, staff):
    now = timezone.now()
    page = budget(
        projects=PROJECTS,
        opens_at=now - 20 * DAY,
        closes_at=now - 10 * DAY,
        results_published_at=now - 5 * DAY,
    )
    client.force_login(staff)

    response = client.post(URL, {"budget": page.pk, **CARD})

    assert response.status_code == 400
    assert not Ballot.objects.exists()


def test_administrators_may_enter_paper_ballots(client, participation_section):
    page = budget(projects=PROJECTS)
    client.force_login(factories.StaffFactory(groups=[ADMINISTRATORS]))

    response = client.post(URL, {"budget": page.pk, **CARD})

    assert response.status_code == 302
    assert Ballot.objects.filter(budget=page, channel=BallotChannel.PAPER).exists()


@pytest.mark.parametrize("role", ["anonymous", "citizen", "editor", "moderator"])
def test_others_cannot_open_the_screen_or_enter_a_ballot(client, role):
    page = budget(projects=PROJECTS)
    users = {
        "citizen": lambda: factories.verified_citizen(person_hash="c" * 64),
        "editor": lambda: factories.StaffFactory(groups=["Redaktion Tourismus"]),
        "moderator": lambda: factories.StaffFactory(groups=["Moderation"]),
    }
    if role != "anonymous":
        client.force_login(users[role]())

    shown = client.get(URL)
    posted = client.post(URL, {"budget": page.pk, **CARD})

    expected = (
        "/admin/" if role in ("editor", "moderator") else f"/admin/login/?next={URL}"
    )
    assert (shown.status_code, shown["Location"]) == (302, expected)
    assert posted.status_code == 302
    assert not Ballot.objects.exists()
    if role in ("editor", "moderator"):
        assert URL not in client.get("/admin/").content.decode()
