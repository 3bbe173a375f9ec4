"""Where staff land in the admin and what it says (#20): no "no access" after
approving, a dashboard panel with the editor's sections, no Gravatar, German
dates and one verb ("freigeben") for the workflow's decision."""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from portal import roles
from tests import factories
from tests.portal.workflow_helpers import (
    child_page,
    edit_url,
    make_sections,
    submit,
    user_with_groups,
    workflow_action_in_editor,
)

pytestmark = pytest.mark.django_db

NO_ACCESS = "keinen Zugang"


def build_page():
    """The sections with ``setup_roles`` and the page below the tourism section,
    once for the module (each test's changes are rolled back: ``module_data``)."""
    sections = make_sections(factories.home_page())
    return child_page(sections["tourism"], "radweg", "Radweg an der Warnow").pk


page_of_the_module = factories.module_data(build_page)


@pytest.fixture
def page(page_of_the_module, db):
    """The page, fetched afresh for each test."""
    return Page.objects.get(pk=page_of_the_module).specific


@pytest.fixture
def editor(django_user_model):
    return user_with_groups(django_user_model, "ed", "Redaktion Tourismus")


@pytest.fixture
def reviewer(django_user_model):
    return user_with_groups(django_user_model, "rev", "Fachamt")


def test_reviewer_lands_on_the_dashboard_after_approving(
    client, page, editor, reviewer
):
    client.force_login(editor)
    submit(client, page, title="Radweg – neue Etappe")
    client.force_login(reviewer)
    response = workflow_action_in_editor(client, page, "approve", "Fachlich richtig.")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    followed = client.get(response["Location"])
    assert followed.status_code == 200
    html = followed.content.decode()
    assert NO_ACCESS not in html
    page.refresh_from_db()
    assert page.current_workflow_task.name == roles.APPROVAL_TASK


def test_editor_still_returns_to_the_explorer_after_saving(client, page, editor):
    client.force_login(editor)
    response = submit(client, page, title="Radweg – neue Etappe")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtailadmin_explore", args=[page.get_parent().pk]
    )


def test_dashboard_lists_the_editors_sections(client, page, editor, locale_en):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Meine Bereiche" in html
    tourism = page.get_parent()
    assert reverse("wagtailadmin_explore", args=[tourism.pk]) in html
    english = tourism.get_translation(locale_en)
    assert reverse("wagtailadmin_explore", args=[english.pk]) in html


def test_reviewer_dashboard_has_no_sections_panel(client, page, reviewer):
    client.force_login(reviewer)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Meine Bereiche" not in html
    assert "Wartet auf meine Freigabe" in html or "Waiting for my approval" in html


def test_no_gravatar(client, page, editor):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "gravatar" not in html.lower()


def test_submit_button_uses_the_one_verb(client, page, editor):
    client.force_login(editor)
    html = client.get(edit_url(page)).content.decode()
    assert "Zur Freigabe einreichen (Fachprüfung und Amtsleitung)" in html
    assert "In Fachprüfung und Amtsleitung einreichen" not in html


@pytest.mark.parametrize(
    "msgid",
    [
        "Approve with comment",
        "Workflow: approve task",
        "Group approval task",
        "Members of the chosen Wagtail Groups can approve this task",
    ],
)
def test_no_genehmigen_in_the_admin(msgid):
    with translation.override("de"):
        text = translation.gettext(msgid)
    assert "genehmig" not in text.lower()
    assert "freigeb" in text.lower() or "freigabe" in text.lower()


@pytest.mark.parametrize("language", ["de", "en"])
def test_admin_dates_are_german_and_accepted_in_both_languages(language):
    from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

    with translation.override(language):
        date = datetime.date(2030, 12, 31)
        assert AdminDateInput().format_value(date) == "31.12.2030"
        moment = datetime.datetime(2030, 12, 31, 14, 30)
        assert AdminDateTimeInput().format_value(moment) == "31.12.2030 14:30"
        assert forms.DateField().clean("31.12.2030") == date
        assert forms.DateTimeField().clean("31.12.2030 14:30").date() == date
