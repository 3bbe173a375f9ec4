"""Translations and scheduled publishing go through the approval workflow."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail_localize.models import Translation

from portal import roles
from tests import factories
from tests.portal.workflow_helpers import (
    child_page,
    edit_url,
    make_sections,
    submit,
    workflow_action,
    workflow_staff,
)

pytestmark = pytest.mark.django_db


def build_page():
    """The sections with ``setup_roles`` and the page below the tourism section,
    once for the module (each test's changes are rolled back: ``module_data``)."""
    sections = make_sections(factories.home_page())
    return child_page(sections["tourism"], "kanutour", "Kanutour auf der Warnow").pk


page_of_the_module = factories.module_data(build_page)


@pytest.fixture
def staff_user(page_of_the_module, db):
    """The workflow's people by username, after ``setup_roles`` (``build_page``)."""
    return workflow_staff


@pytest.fixture
def page(page_of_the_module, db):
    """The page, fetched afresh for each test."""
    return Page.objects.get(pk=page_of_the_module).specific


def reload(page):
    return Page.objects.get(pk=page.pk).specific


def review_and_approve(client, page, staff_user):
    client.force_login(staff_user("pruefung"))
    assert (
        workflow_action(client, page, "approve", "Fachlich geprüft.").status_code == 302
    )
    client.force_login(staff_user("amtsleitung"))
    assert workflow_action(client, page, "approve", "Freigegeben.").status_code == 302


def test_a_translation_stays_a_draft_until_approved(
    client, staff_user, page, locale_en
):
    editor = staff_user("redaktion")
    client.force_login(editor)
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [locale_en.pk]},
    )
    assert response.status_code == 302
    english = page.get_translation(locale_en)
    assert not english.live
    assert english.get_workflow().name == roles.STANDARD_WORKFLOW
    assert client.get(english.get_url() or "/en/tourism/kanutour/").status_code == 404

    # the translation editor's "publish" is refused to editors
    response = client.post(edit_url(english), {"action": "publish"})
    assert not reload(english).live

    # the translator takes the page over into the normal editor and submits it
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=locale_en
    )
    client.post(
        reverse("wagtail_localize:stop_translation", args=[translation.pk]),
        {"next": edit_url(english)},
    )
    response = submit(client, english, title="Canoe trip on the Warnow")
    assert response.status_code == 302
    english = reload(english)
    assert english.current_workflow_task.name == roles.REVIEW_TASK
    assert not english.live

    review_and_approve(client, english, staff_user)
    english = reload(english)
    assert english.live
    assert english.title == "Canoe trip on the Warnow"
    assert client.get(english.get_url()).status_code == 200


def test_approval_with_a_future_go_live_date_schedules_publishing(
    client, staff_user, page
):
    go_live = timezone.localtime() + datetime.timedelta(days=3)
    client.force_login(staff_user("redaktion"))
    submit(
        client,
        page,
        title="Kanutour ab Pfingsten",
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
    )
    review_and_approve(client, page, staff_user)

    page = reload(page)
    assert page.title == "Kanutour auf der Warnow"  # the old version stays live
    scheduled = page.scheduled_revision
    assert scheduled is not None
    assert scheduled.as_object().title == "Kanutour ab Pfingsten"
    assert abs(scheduled.approved_go_live_at - go_live) < datetime.timedelta(minutes=1)

    # nothing happens before the date…
    call_command("publish_scheduled", stdout=StringIO())
    assert reload(page).title == "Kanutour auf der Warnow"
    # …and the scheduled revision goes live once it has passed
    later = timezone.now() + datetime.timedelta(days=4)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", stdout=StringIO())
    page = reload(page)
    assert page.title == "Kanutour ab Pfingsten"
    assert page.scheduled_revision is None


def test_an_approved_expiry_date_takes_the_page_offline(client, staff_user, page):
    expiry = timezone.localtime() + datetime.timedelta(days=30)
    client.force_login(staff_user("redaktion"))
    submit(client, page, expire_at=expiry.strftime("%Y-%m-%d %H:%M"))
    review_and_approve(client, page, staff_user)
    page = reload(page)
    assert page.live and page.expire_at is not None

    later = timezone.now() + datetime.timedelta(days=31)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", stdout=StringIO())
    page = reload(page)
    assert not page.live and page.expired
