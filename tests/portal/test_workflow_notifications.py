"""E-mails go to the next group on submit, approve and reject – and to nobody else."""

import pytest
from wagtail.models import Page

from portal import roles
from tests import factories
from tests.portal.workflow_helpers import (
    child_page,
    make_sections,
    submit,
    user_with_groups,
    workflow_action,
)

pytestmark = pytest.mark.django_db


def build_page():
    """The sections with ``setup_roles`` and the page below the tourism section,
    once for the module (each test's changes are rolled back: ``module_data``)."""
    sections = make_sections(factories.home_page())
    return child_page(sections["tourism"], "badestelle", "Badestelle Plate").pk


page_of_the_module = factories.module_data(build_page)


@pytest.fixture
def page(page_of_the_module, db):
    """The page, fetched afresh for each test."""
    return Page.objects.get(pk=page_of_the_module).specific


@pytest.fixture
def staff(page, django_user_model):
    """The editor, reviewer, approver and administrator of the tourism section."""
    users = {
        "redaktion": user_with_groups(
            django_user_model, "redaktion", "Redaktion Tourismus"
        ),
        "pruefung": user_with_groups(django_user_model, "pruefung", roles.REVIEWERS),
        "amtsleitung": user_with_groups(
            django_user_model, "amtsleitung", roles.APPROVERS
        ),
        "admin": user_with_groups(django_user_model, "admin", is_superuser=True),
    }
    return users.__getitem__


def recipients(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


def test_each_step_notifies_the_next_people(client, staff, page, mailoutbox):
    client.force_login(staff("redaktion"))
    submit(client, page, title="Badestelle Plate – Wasserqualität")
    assert recipients(mailoutbox) == ["pruefung@example.org"]
    assert "Badestelle Plate" in mailoutbox[0].subject + mailoutbox[0].body

    mailoutbox.clear()
    client.force_login(staff("pruefung"))
    workflow_action(client, page, "approve", "Fachlich korrekt.")
    assert recipients(mailoutbox) == ["amtsleitung@example.org"]

    mailoutbox.clear()
    client.force_login(staff("amtsleitung"))
    workflow_action(client, page, "approve", "Freigegeben.")
    assert recipients(mailoutbox) == ["redaktion@example.org"]


def test_rejection_sends_the_comment_to_the_submitter(client, staff, page, mailoutbox):
    client.force_login(staff("redaktion"))
    submit(client, page, title="Badestelle Plate – gesperrt")
    client.force_login(staff("pruefung"))
    workflow_action(client, page, "approve", "ok")
    mailoutbox.clear()
    client.force_login(staff("amtsleitung"))
    workflow_action(client, page, "reject", "Bitte die Sperrfrist nennen.")
    assert recipients(mailoutbox) == ["redaktion@example.org"]
    assert "Bitte die Sperrfrist nennen." in mailoutbox[0].body


def test_the_approver_is_not_asked_to_approve_their_own_submission(
    client, staff, page, mailoutbox, django_user_model
):
    user_with_groups(django_user_model, "vertretung", roles.APPROVERS)
    client.force_login(staff("amtsleitung"))
    submit(client, page, title="Von der Amtsleitung")
    client.force_login(staff("pruefung"))
    mailoutbox.clear()
    workflow_action(client, page, "approve", "ok")
    assert recipients(mailoutbox) == ["vertretung@example.org"]


def test_administrators_are_not_copied_on_every_submission(
    client, staff, page, mailoutbox
):
    client.force_login(staff("redaktion"))
    submit(client, page, title="Badestelle")
    assert "admin@example.org" not in recipients(mailoutbox)
