"""One support, one ballot and one response per person under concurrent
requests (#25).

Parallel requests from threads, each with its own PostgreSQL connection, for
one person: eight supports of the same proposal, eight ballots in the same
budget, an online ballot racing a paper ballot entered by staff for the same
verified person, and eight submits of the same questionnaire. The data is built and removed by a helper thread on a
connection of its own (committed, so the request threads see it); the test's
own transaction stays untouched (a ``transaction=True`` test would flush the
site root every later test of the session relies on). The file lives outside
tests/consultations/ because that folder's autouse fixture builds the
participation section inside the test's transaction, which would hold the lock
on the home page the helper thread needs; for the same reason the clients sign in
on a connection of their own. SQLite serialises
writers, so these run on PostgreSQL only; the constraints themselves are tested
on both in tests/consultations/ (test_proposals.py, test_budgets.py and
test_concurrency.py).
"""

import threading

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from wagtail.models import Page

from consultations import budgets
from consultations.models import (
    Ballot,
    BallotChannel,
    ConsultationIndexPage,
    Participation,
    ProposalSupport,
    Response,
    Statement,
)
from tests import factories
from tests.consultations.factories import (
    budget,
    consultation,
    consultation_index,
    every_question_type,
    proposal,
    proposal_process,
    question_id,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(
        not settings.IS_POSTGRES,
        reason="parallel writers need PostgreSQL; CI runs the suite on PostgreSQL too",
    ),
]
PARALLEL = 8


def on_own_connection(function):
    """Run ``function`` in a thread with its own (autocommit) connection."""
    outcome = {}

    def run():
        from django.db import connection as thread_connection

        try:
            outcome["value"] = function()
        except Exception as error:  # noqa: BLE001 - re-raised below
            outcome["error"] = error
        finally:
            thread_connection.close()

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=600)
    assert not worker.is_alive(), "the helper thread did not finish"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def in_parallel(jobs):
    """Start ``jobs`` (callables) at the same moment, each on its own connection;
    returns their results in order."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)
    errors = []

    def run(n, job):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=30)
            results[n] = job()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=run, args=(n, job)) for n, job in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert errors == []
    return results


class World:
    """Pages and accounts committed by a helper thread, removed afterwards."""

    def __init__(self):
        self.pages = []
        self.users = []
        self.clients = []

    def logged_in_clients(self, user, count):
        """Clients signed in on a connection of their own: a login on the test's
        connection would write the session and the user's ``last_login`` in the
        test's open transaction, invisible to the request threads and holding
        the user's row lock until the test ends."""
        clients = [Client() for _ in range(count)]
        self.clients += clients

        def login():
            for client in clients:
                client.force_login(user)

        on_own_connection(login)
        return clients

    def remove(self):
        def cleanup():
            Session.objects.filter(
                session_key__in=[
                    c.cookies["sessionid"].value
                    for c in self.clients
                    if "sessionid" in c.cookies
                ]
            ).delete()
            for pk in self.pages:
                page = Page.objects.filter(pk=pk).first()
                if page is not None:
                    page.delete()
            for user in self.users:
                user.delete()

        on_own_connection(cleanup)


@pytest.fixture
def world():
    made = World()
    yield made
    made.remove()


def build(world, make):
    """Create pages with ``make`` on a committed connection; the participation
    section too, if it is not there yet (then it is removed afterwards)."""

    def setup():
        existed = ConsultationIndexPage.objects.exists()
        index = consultation_index()
        if not existed:
            world.pages += list(
                Page.objects.filter(translation_key=index.translation_key).values_list(
                    "pk", flat=True
                )
            )
        return make(index)

    return on_own_connection(setup)


def test_parallel_supports_of_one_person_end_with_one_support(world):
    def make(index):
        page = proposal_process(
            index, support_threshold=1, contact_email="amt@example.org"
        )
        world.pages.append(page.pk)
        supporter = factories.verified_citizen(person_hash="race-supporter")
        world.users.append(supporter)
        item = proposal(page, title="Ein Brunnen am Markt")
        world.users.append(item.author)
        return page, item, supporter

    page, item, supporter = build(world, make)
    url = page.url + f"{item.pk}/support/"
    clients = world.logged_in_clients(supporter, PARALLEL)
    mail.outbox.clear()

    statuses = in_parallel(
        [lambda client=client: client.post(url).status_code for client in clients]
    )

    assert statuses == [302] * PARALLEL  # the losers get a message, not a 500
    assert ProposalSupport.objects.filter(proposal=item).count() == 1
    support = ProposalSupport.objects.get(proposal=item)
    assert support.user_id == supporter.pk
    assert support.person_hash == "race-supporter"
    # the threshold of 1 was reached once: one mail to the office
    threshold_mails = [m for m in mail.outbox if "amt@example.org" in m.to]
    assert len(threshold_mails) == 1


def test_parallel_ballots_of_one_person_end_with_one_whole_ballot(world):
    def make(index):
        page = budget(
            index,
            projects=[("Bänke", 3000), ("Bäume", 4000), ("Bücherschrank", 1200)],
        )
        world.pages.append(page.pk)
        voter = factories.verified_citizen(person_hash="race-voter")
        world.users.append(voter)
        return page, voter

    page, voter = build(world, make)
    projects = list(page.projects.order_by("sort_order"))
    choices = [projects[n % 3 : n % 3 + 2] for n in range(PARALLEL)]
    url = page.url + "vote/"
    clients = world.logged_in_clients(voter, PARALLEL)

    statuses = in_parallel(
        [
            lambda client=client, chosen=chosen: (
                client.post(url, {"project": [p.pk for p in chosen]}).status_code
            )
            for client, chosen in zip(clients, choices, strict=True)
        ]
    )

    # the first ballot is stored; the others changed it (302) or were refused
    # with a message (400), none failed
    assert set(statuses) <= {302, 400}
    assert statuses.count(302) >= 1
    ballots = Ballot.objects.filter(budget=page)
    assert ballots.count() == 1
    ballot = ballots.get()
    assert ballot.user_id == voter.pk
    assert ballot.person_hash == "race-voter"
    # one request's choice, whole: never a mix of two requests
    chosen = {p.pk for p in ballot.projects.all()}
    assert chosen in [{p.pk for p in choice} for choice in choices]


def test_an_online_and_a_paper_ballot_of_one_person_at_once_end_with_one(world):
    def make(index):
        page = budget(index, projects=[("Bänke", 3000), ("Bäume", 4000)])
        world.pages.append(page.pk)
        voter = factories.verified_citizen(person_hash="race-both-channels")
        world.users.append(voter)
        return page, voter

    page, voter = build(world, make)
    projects = list(page.projects.order_by("sort_order"))
    url = page.url + "vote/"

    (client,) = world.logged_in_clients(voter, 1)

    def online():
        return client.post(url, {"project": [projects[0].pk]}).status_code

    def paper():
        try:
            budgets.save_paper_ballot(page, "race-both-channels", [projects[1]])
        except budgets.BallotRefused as refusal:
            return str(refusal)
        return "stored"

    online_status, paper_outcome = in_parallel([online, paper])

    ballots = Ballot.objects.filter(budget=page, person_hash="race-both-channels")
    assert ballots.count() == 1
    ballot = ballots.get()
    if ballot.channel == BallotChannel.PAPER:
        assert paper_outcome == "stored"
        assert online_status == 400  # "You have already voted."
        assert [p.pk for p in ballot.projects.all()] == [projects[1].pk]
    else:
        assert ballot.channel == BallotChannel.ONLINE
        assert online_status == 302
        assert paper_outcome != "stored"  # "This person has already voted."
        assert [p.pk for p in ballot.projects.all()] == [projects[0].pk]


def test_parallel_submits_of_one_person_end_with_exactly_one_response(world):
    def make(index):
        page = consultation(
            index,
            participation=Participation.ACCOUNT,
            questions=every_question_type("race-answer"),
        )
        world.pages.append(page.pk)
        person = factories.UserFactory()
        world.users.append(person)
        return page, person

    page, person = build(world, make)
    url = page.url + "answer/"
    clients = world.logged_in_clients(person, PARALLEL)

    def answers(n):
        return {
            f"q-{question_id('race-answer', 1)}": "0",
            f"q-{question_id('race-answer', 2)}": "4",
            f"q-{question_id('race-answer', 4)}": "yes",
            f"q-{question_id('race-answer', 6)}": f"Antwort {n}",
        }

    statuses = in_parallel(
        [
            lambda client=client, n=n: client.post(url, answers(n)).status_code
            for n, client in enumerate(clients)
        ]
    )

    responses = Response.objects.filter(consultation=page, user=person)
    assert responses.count() == 1
    # the first submit creates the response; the others were refused (409) or,
    # if they started after it was committed, changed it (302)
    assert set(statuses) <= {302, 409}
    assert statuses.count(302) >= 1
    assert Statement.objects.filter(response=responses.get()).count() == 1
