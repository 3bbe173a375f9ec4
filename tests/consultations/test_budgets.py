"""Participatory budgets (issue #25): valid ballots per rule, one ballot per
person across channels, the tally and the winners, phases and rules."""

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from accounts.models import IdentityLevel
from accounts.privacy import delete_account
from consultations import budgets
from consultations.models import (
    Ballot,
    BallotChannel,
    BudgetProject,
    Participation,
    VotingRule,
)
from tests import factories
from tests.consultations.factories import budget
from tests.consultations.helpers import DAY, de
from tests.consultations.helpers import project_ids as ids

pytestmark = pytest.mark.django_db

PROJECTS = [("Spielplatz", 6000), ("Bänke", 3000), ("Brunnen", 5000), ("Bäume", 1000)]


def projects(page, *titles):
    return [BudgetProject.objects.get(budget=page, title=t) for t in titles]


# --- voting ------------------------------------------------------------------------------
def test_a_knapsack_ballot_within_the_budget_is_stored(client):
    page = budget(projects=PROJECTS)
    voter = factories.UserFactory()
    client.force_login(voter)

    response = client.post(
        page.url + "vote/",
        {"project": ids(page, "Spielplatz", "Bänke"), "action": "vote"},
    )

    assert response.status_code == 302
    ballot = Ballot.objects.get(user=voter)
    assert sorted(p.title for p in ballot.projects.all()) == ["Bänke", "Spielplatz"]


def test_a_ballot_over_the_budget_is_refused_and_the_choice_kept(client):
    page = budget(projects=PROJECTS)
    client.force_login(factories.UserFactory())

    response = client.post(
        page.url + "vote/",
        {"project": ids(page, "Spielplatz", "Brunnen"), "action": "vote"},
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "11.000" in body and "10.000" in body
    assert body.count("checked") == 2  # the ticked projects stay ticked
    assert not Ballot.objects.exists()


def test_the_total_is_recalculated_without_javascript(client):
    page = budget(projects=PROJECTS)
    client.force_login(factories.UserFactory())

    response = client.post(
        page.url + "vote/",
        {"project": ids(page, "Bänke", "Bäume"), "action": "recalculate"},
    )

    assert response.status_code == 200
    assert "4.000" in response.content.decode()
    assert not Ballot.objects.exists()


def test_approval_voting_allows_at_most_n_projects():
    page = budget(projects=PROJECTS, voting_rule=VotingRule.APPROVAL, max_choices=2)
    voter = factories.UserFactory()

    with pytest.raises(budgets.BallotRefused):
        budgets.save_ballot(page, voter, projects(page, "Spielplatz", "Bänke", "Bäume"))
    budgets.save_ballot(page, voter, projects(page, "Spielplatz", "Brunnen"))
    assert Ballot.objects.get().projects.count() == 2  # cost is no limit here


def test_an_empty_ballot_is_a_valid_ballot():
    page = budget(projects=PROJECTS)
    budgets.save_ballot(page, factories.UserFactory(), [])
    assert Ballot.objects.get().projects.count() == 0


def test_a_vote_can_be_changed_until_the_end_and_stays_one_ballot():
    page = budget(projects=PROJECTS)
    voter = factories.UserFactory()
    budgets.save_ballot(page, voter, projects(page, "Spielplatz"))

    budgets.save_ballot(page, voter, projects(page, "Bänke", "Bäume"))

    ballot = Ballot.objects.get()
    assert sorted(p.title for p in ballot.projects.all()) == ["Bänke", "Bäume"]


def test_one_ballot_per_verified_person_across_accounts():
    page = budget(projects=PROJECTS)
    first = factories.verified_citizen(person_hash="a" * 64)
    budgets.save_ballot(page, first, projects(page, "Bänke"))
    first.identity_verification.delete()
    second = factories.verified_citizen(person_hash="a" * 64)

    with pytest.raises(budgets.BallotRefused):
        budgets.save_ballot(page, second, projects(page, "Brunnen"))
    assert Ballot.objects.count() == 1
    assert Ballot.objects.get().projects.get().title == "Bänke"  # the first vote kept


def test_account_deletion_does_not_give_a_second_ballot(rf):
    page = budget(projects=PROJECTS)
    citizen = factories.verified_citizen(person_hash="b" * 64)
    budgets.save_ballot(page, citizen, projects(page, "Bänke"))
    delete_account(citizen)
    newcomer = factories.verified_citizen(person_hash="b" * 64)
    request = rf.get("/")
    request.user = newcomer

    assert not budgets.vote_eligibility(request, page, "/").allowed
    assert Ballot.objects.count() == 1


def test_a_paper_ballot_and_an_online_ballot_of_one_person_do_not_both_count():
    page = budget(projects=PROJECTS)
    online = factories.verified_citizen(person_hash="c" * 64)
    budgets.save_ballot(page, online, projects(page, "Bänke"))

    with pytest.raises(budgets.BallotRefused):
        budgets.save_paper_ballot(page, "c" * 64, projects(page, "Brunnen"))
    paper = budgets.save_paper_ballot(page, "d" * 64, projects(page, "Brunnen"))
    assert paper.channel == BallotChannel.PAPER
    later_online = factories.verified_citizen(person_hash="d" * 64)
    with pytest.raises(budgets.BallotRefused):
        budgets.save_ballot(page, later_online, projects(page, "Bäume"))
    assert Ballot.objects.count() == 2


def test_voting_outside_the_phase_is_refused(client):
    now = timezone.now()
    page = budget(projects=PROJECTS, opens_at=now - 10 * DAY, closes_at=now - DAY)
    client.force_login(factories.UserFactory())

    response = client.post(
        page.url + "vote/", {"project": ids(page, "Bänke"), "action": "vote"}
    )

    assert response.status_code == 403
    assert de("The vote is closed.") in response.content.decode()
    assert not Ballot.objects.exists()


def test_voting_without_the_required_level_is_refused(client):
    page = budget(
        projects=PROJECTS,
        participation=Participation.IDENTITY,
        min_identity_level=IdentityLevel.SUBSTANTIAL,
    )
    client.force_login(factories.UserFactory())

    response = client.post(
        page.url + "vote/", {"project": ids(page, "Bänke"), "action": "vote"}
    )

    assert response.status_code == 403
    assert not Ballot.objects.exists()


# --- the tally ---------------------------------------------------------------------------
def _vote(page, *titles):
    budgets.save_ballot(page, factories.UserFactory(), projects(page, *titles))


def test_winners_are_taken_greedily_by_votes_within_the_budget():
    page = budget(projects=PROJECTS)  # 10,000 €
    for _ in range(3):
        _vote(page, "Spielplatz", "Bänke")  # 6,000 + 3,000
    for _ in range(2):
        _vote(page, "Brunnen", "Bäume")  # 5,000 + 1,000

    result = budgets.tally(page)

    order = [(p.title, p.votes, p.wins) for p in result["projects"]]
    # Spielplatz and Bänke (3 votes) fit: 9,000; Brunnen (5,000) does not fit any
    # more and is skipped; Bäume (1,000) still fits.
    assert order == [
        ("Bänke", 3, True),
        ("Spielplatz", 3, True),
        ("Bäume", 2, True),
        ("Brunnen", 2, False),
    ]
    assert result["spent"] == 10000
    assert result["ballots"] == 5


def test_a_project_costing_more_than_the_budget_never_wins():
    page = budget(projects=[("Sporthalle", 50000), ("Bänke", 3000)])
    budgets.save_paper_ballot(page, "e" * 64, [])  # counts as a ballot
    BudgetProject.objects.filter(title="Sporthalle").get().ballots.add(
        Ballot.objects.get()
    )

    result = budgets.tally(page)

    assert [(p.title, p.wins) for p in result["projects"]] == [
        ("Sporthalle", False),
        ("Bänke", False),  # no votes: not funded
    ]


def test_ties_are_broken_by_the_lower_cost():
    page = budget(projects=[("Teuer", 4000), ("Billig", 2000)], total_amount=5000)
    _vote(page, "Teuer")
    _vote(page, "Billig")

    result = budgets.tally(page)

    assert [(p.title, p.wins) for p in result["projects"]] == [
        ("Billig", True),
        ("Teuer", False),
    ]


def test_results_are_public_only_once_published_and_show_no_voter(client):
    now = timezone.now()
    page = budget(projects=PROJECTS, opens_at=now - 10 * DAY, closes_at=now - 2 * DAY)
    voter = factories.UserFactory(last_name="Wählerin")
    Ballot.objects.create(budget=page, user=voter).projects.set(projects(page, "Bänke"))
    assert client.get(page.url + "results/").status_code == 404

    page.results_published_at = now - DAY
    page.save_revision().publish()
    body = client.get(page.url + "results/").content.decode()

    assert "Bänke" in body
    assert voter.email not in body and "Wählerin" not in body


def test_results_chart_draws_labels_and_values_as_text_beside_a_table(client):
    now = timezone.now()
    page = budget(
        projects=PROJECTS,
        opens_at=now - 10 * DAY,
        closes_at=now - 2 * DAY,
        results_published_at=now - DAY,
    )
    for chosen in (("Bänke", "Bäume"), ("Bänke",), ("Bänke", "Spielplatz")):
        ballot = Ballot.objects.create(budget=page, user=factories.UserFactory())
        ballot.projects.set(projects(page, *chosen))

    html = BeautifulSoup(client.get(page.url + "results/").content, "html.parser")

    chart = html.select_one("figure.result-chart ul.bar-chart")
    assert chart["aria-hidden"] == "true"  # the table says the same
    assert html.select("svg text") == []  # no SVG text that shrinks on a phone
    rows = chart.select(".bar-chart__row")
    assert [
        (
            row.select_one(".bar-chart__label").get_text(),
            row.select_one(".bar-chart__value").get_text(),
            row.select_one("rect")["width"],
        )
        for row in rows
    ] == [
        ("Bänke", "3", "100.0"),
        ("Bäume", "1", "33.3"),
        ("Spielplatz", "1", "33.3"),
        ("Brunnen", "0", "0.0"),
    ]
    region = html.select_one("figure.result-chart .table-wrap")
    assert region["role"] == "region" and region["tabindex"] == "0"
    assert region["aria-label"] == de("Votes per project")
    assert [
        [cell.get_text() for cell in row.select("th, td")][:3]
        for row in region.select("tbody tr")
    ] == [
        ["Bänke", "3.000\xa0€", "3"],
        ["Bäume", "1.000\xa0€", "1"],
        ["Spielplatz", "6.000\xa0€", "1"],
        ["Brunnen", "5.000\xa0€", "0"],
    ]


def test_the_vote_buttons_stand_in_one_button_group(client):
    page = budget(projects=PROJECTS)
    client.force_login(factories.UserFactory())

    html = BeautifulSoup(client.get(page.url + "vote/").content, "html.parser")

    group = html.select_one("form[data-budget] .kern-btn-wrapper")
    assert [button["value"] for button in group.select("button")] == [
        "recalculate",
        "vote",
    ]


# --- export of the result -----------------------------------------------------------------
def _decided(**fields):
    now = timezone.now()
    page = budget(
        projects=[("=HYPERLINK(1)", 6000), ("Bänke", 3000)],
        opens_at=now - 20 * DAY,
        closes_at=now - 10 * DAY,
        results_published_at=now - 5 * DAY,
        **fields,
    )
    voter = factories.UserFactory()
    ballot = Ballot.objects.create(budget=page, user=voter)
    ballot.projects.set(projects(page, "Bänke"))
    return page, voter


def test_the_result_is_exported_as_csv_without_voters(client):
    page, voter = _decided()

    response = client.get(page.url + "results/csv/")

    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    lines = text.strip().splitlines()
    assert lines[0] == "project,cost_eur,votes,funded"
    assert lines[1] == "Bänke,3000,1,True"
    assert "'=HYPERLINK(1)" in text  # a formula is never a formula
    assert voter.username not in text and voter.email not in text


def test_the_result_is_exported_as_xlsx(client):
    from io import BytesIO

    from openpyxl import load_workbook

    page, _voter = _decided()

    response = client.get(page.url + "results/xlsx/")

    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("project", "cost_eur", "votes", "funded")
    assert rows[1] == ("Bänke", 3000, 1, True)


def test_there_is_no_export_before_the_results_are_published(client):
    page = budget(projects=PROJECTS)

    assert client.get(page.url + "results/csv/").status_code == 404
    assert client.get(page.url + "results/xlsx/").status_code == 404
