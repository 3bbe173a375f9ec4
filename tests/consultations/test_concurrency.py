"""One response per person: the database refuses a second response of one
account or one verified person to a consultation, on SQLite and PostgreSQL.

Parallel submits of one person (threads, each with its own PostgreSQL
connection, on data committed by a helper thread) are tested in
tests/concurrency/test_participation_races.py: this folder's autouse fixture
builds the participation section inside the test's transaction, which the
request threads could not see.
"""

import pytest
from django.db import IntegrityError, connection, transaction

from consultations.models import Response
from tests import factories

from .factories import consultation

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_second_response_per_account():
    page = consultation()
    user = factories.UserFactory()
    Response.objects.create(consultation=page, user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(consultation=page, user=user)
    assert Response.objects.filter(consultation=page, user=user).count() == 1


def test_the_database_refuses_a_second_response_per_person():
    page = consultation()
    Response.objects.create(consultation=page, person_hash="h" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(consultation=page, person_hash="h" * 64)
    # anonymous responses (no account, no person) are not limited by the database
    Response.objects.create(consultation=page)
    Response.objects.create(consultation=page)
    assert Response.objects.filter(consultation=page, person_hash=None).count() == 2
    assert connection.vendor in {"sqlite", "postgresql"}
