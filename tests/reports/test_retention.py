"""Retention: contact data of closed reports, unconfirmed reports after expiry.

"Now" is pinned (the ``pinned_clock`` fixture), so the tests do not depend
on the clock.
"""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import override_settings

from reports import retention
from reports.choices import Status
from reports.models import Report, ReportPhoto, Support
from reports.photos import clean
from tests.factories import UserFactory

from .factories import ReportFactory, png_file

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)


def closed_report(days_ago, **kwargs):
    defaults = {
        "status": Status.DONE,
        "created_at": NOW - (days_ago + 5) * DAY,
        "confirmed_at": NOW - (days_ago + 5) * DAY,
        "closed_at": NOW - days_ago * DAY,
    }
    defaults.update(kwargs)
    return ReportFactory(**defaults)


@override_settings(REPORTS_CONTACT_RETENTION_DAYS=90)
def test_contact_data_removed_after_the_retention_period(pinned_clock):
    pinned_clock.now = NOW
    user = UserFactory()
    due = closed_report(91, reporter=user, public_answer="Erledigt.")
    Support.objects.create(report=due, user=UserFactory(), created_at=NOW)
    Support.objects.create(report=due, email_hash="a" * 64, created_at=NOW)
    forwarded = closed_report(200, status=Status.FORWARDED, forwarded_to="Landkreis")
    recent = closed_report(89)
    still_open = ReportFactory(
        status=Status.IN_PROGRESS, created_at=NOW - 400 * DAY, confirmed_at=NOW
    )

    assert retention.remove_contact_data() == 2

    due.refresh_from_db()
    assert due.reporter is None
    assert due.reporter_name == "" and due.reporter_email == ""
    assert due.contact_removed_at == NOW
    assert not due.notify_reporter
    # the report and its public content stay
    assert due.public_answer == "Erledigt." and due.description
    assert not Support.objects.filter(report=due, user__isnull=False).exists()
    assert not Support.objects.filter(report=due).exclude(email_hash="").exists()
    assert Support.objects.filter(report=due).count() == 2
    forwarded.refresh_from_db()
    assert forwarded.reporter_email == "" and forwarded.contact_removed_at == NOW
    for kept in (recent, still_open):
        kept.refresh_from_db()
        assert kept.reporter_email == "melderin@example.org"
        assert kept.reporter_name == "Erika Melderin"
        assert kept.contact_removed_at is None
    # a second run finds nothing more
    assert retention.remove_contact_data() == 0


@override_settings(REPORTS_CONTACT_RETENTION_DAYS=10)
def test_retention_days_setting_is_read(pinned_clock):
    pinned_clock.now = NOW
    report = closed_report(11)
    assert list(retention.contact_due()) == [report]


@override_settings(REPORTS_CONFIRM_MAX_AGE=7 * 24 * 3600)
def test_command_deletes_expired_unconfirmed_reports_with_photos(pinned_clock):
    pinned_clock.now = NOW
    expired = ReportFactory(confirmed_at=None, created_at=NOW - 8 * DAY)
    photo = ReportPhoto(report=expired, width=1, height=1)
    photo.file.save("x.jpg", clean(png_file()).content)
    name = photo.file.name
    waiting = ReportFactory(confirmed_at=None, created_at=NOW - 6 * DAY)
    confirmed_old = ReportFactory(
        confirmed_at=NOW - 29 * DAY, created_at=NOW - 30 * DAY
    )
    due = closed_report(100)
    out = mock.MagicMock()
    call_command("report_retention", stdout=out)
    assert not Report.objects.filter(pk=expired.pk).exists()
    assert not photo.file.storage.exists(name)
    assert Report.objects.filter(pk__in=[waiting.pk, confirmed_old.pk]).count() == 2
    due.refresh_from_db()
    assert due.contact_removed_at == NOW
    written = "".join(str(call.args[0]) for call in out.write.call_args_list)
    assert "contact data removed: 1" in written
    assert "unconfirmed reports deleted: 1" in written


def test_dry_run_changes_nothing(pinned_clock):
    pinned_clock.now = NOW
    report = closed_report(100)
    out = mock.MagicMock()
    call_command("report_retention", "--dry-run", stdout=out)
    report.refresh_from_db()
    assert report.reporter_email == "melderin@example.org"
    assert "due for removal: 1" in "".join(
        str(call.args[0]) for call in out.write.call_args_list
    )
