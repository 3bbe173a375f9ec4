"""The participation section and the portal's roles, built once per module.

Every database test of this folder starts with the section page in both
languages and the groups with their admin access and section permissions
(``setup_roles``, as a deployment runs it). Building them took about half a
second of CPU per test (most of it ``setup_roles``), more than many tests
themselves; they are built once per module instead, in a transaction held open
for the module's tests and rolled back after the last one
(``factories.module_data``): each test runs in its own savepoint inside it, so
what a test changes (groups, permissions, the section page) never reaches the
next one.
"""

import pytest
from django.db import transaction

from consultations.models import ConsultationIndexPage
from portal.roles import setup_roles

from .factories import consultation_index


def _needs_database(item):
    return item.get_closest_marker("django_db") is not None


@pytest.fixture(scope="module", autouse=True)
def _participation_section_of_the_module(request):
    """The section's primary key, built once for the module's database tests."""
    items = [item for item in request.session.items if item.module is request.module]
    if not any(_needs_database(item) for item in items):
        yield None
        return
    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    with blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            index = consultation_index()
            setup_roles()
            yield index.pk
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def participation_section(request, _participation_section_of_the_module):
    """The section page (German), fetched afresh for each database test."""
    if not _needs_database(request.node):
        yield None
        return
    request.getfixturevalue("db")
    yield ConsultationIndexPage.objects.get(pk=_participation_section_of_the_module)
