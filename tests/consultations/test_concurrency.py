"""One response per person, also when the same person submits several times at once.

The PostgreSQL test sends parallel submits from threads, each with its own
database connection, for the demo user ``buerger`` and the demo consultation
"Neuer Spielplatz in Plate". Both are committed at session start, so the
threads see them; the test cleans up what the threads committed. (A
``transaction=True`` test would flush the demo content that every later test
of the session relies on.) On SQLite, which serialises writers, the same
constraint is asserted directly.
"""

import threading

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import IntegrityError, connection, transaction
from django.test import Client

from consultations.demo import qid
from consultations.models import ConsultationPage, Response, Statement

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

on_postgres = pytest.mark.skipif(
    not settings.IS_POSTGRES,
    reason="parallel writers need PostgreSQL; CI runs the suite on PostgreSQL too",
)
PARALLEL = 8


def demo_consultation():
    return ConsultationPage.objects.get(
        slug="spielplatz-plate", locale__language_code="de"
    )


def answers(page, text):
    return {
        f"q-{qid(page.slug, 1)}": "0",
        f"q-{qid(page.slug, 2)}": "4",
        f"q-{qid(page.slug, 4)}": "yes",
        f"q-{qid(page.slug, 6)}": text,
    }


@pytest.mark.postgres
@on_postgres
def test_parallel_submits_of_one_person_end_with_exactly_one_response():
    page = demo_consultation()
    user = get_user_model().objects.get(username="buerger")
    url = page.url + "answer/"
    # each thread logs in on its own connection: a session saved in the test's
    # transaction would be invisible to the other connections
    clients = [Client() for _ in range(PARALLEL)]
    barrier = threading.Barrier(PARALLEL)
    statuses = []
    errors = []

    def submit(client, n):
        from django.db import connection as thread_connection

        try:
            client.force_login(user)
            barrier.wait(timeout=30)
            statuses.append(client.post(url, answers(page, f"Antwort {n}")).status_code)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=submit, args=(client, n))
        for n, client in enumerate(clients)
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        responses = Response.objects.filter(consultation=page, user=user)
        assert responses.count() == 1
        # the first submit creates the response; the others were refused
        # (409) or, if they started after it was committed, changed it (302)
        assert sorted(set(statuses)) <= [302, 409]
        assert statuses.count(302) >= 1
        response = responses.get()
        assert Statement.objects.filter(response=response).count() == 1
    finally:
        # what the threads committed is outside the test's transaction
        def cleanup():
            Response.objects.filter(consultation=page, user=user).delete()
            Session.objects.filter(
                session_key__in=[
                    c.cookies["sessionid"].value
                    for c in clients
                    if "sessionid" in c.cookies
                ]
            ).delete()
            from django.db import connection as thread_connection

            thread_connection.close()

        worker = threading.Thread(target=cleanup)
        worker.start()
        worker.join()


def test_the_database_refuses_a_second_response_per_account(django_user_model):
    page = demo_consultation()
    user = django_user_model.objects.create_user("twice", password="pw")
    Response.objects.create(consultation=page, user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(consultation=page, user=user)
    assert Response.objects.filter(consultation=page, user=user).count() == 1


def test_the_database_refuses_a_second_response_per_person():
    page = demo_consultation()
    Response.objects.create(consultation=page, person_hash="h" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(consultation=page, person_hash="h" * 64)
    # anonymous responses (no account, no person) are not limited by the database
    Response.objects.create(consultation=page)
    Response.objects.create(consultation=page)
    assert connection.vendor in {"sqlite", "postgresql"}
