"""Demo council: a sync from the shipped OParl files (the section page is data)."""

import datetime as dt
import re
import zoneinfo
from pathlib import Path

import requests
from django.conf import settings
from django.utils import timezone

from council.oparl import Client, LocalDirectoryAdapter, sync

DEMO_BASE_URL = "https://ratsinfo.amt-crivitz.example/oparl/v1/"
DEMO_DIRECTORY = Path(__file__).resolve().parent / "fixtures" / "demo_oparl"
# The day the fixture files describe: their dates are moved by the days between
# it and the day of loading, so upcoming meetings stay upcoming on any day.
FIXTURE_DAY = dt.date(2026, 11, 28)
ISO_DATE = re.compile(
    rb'"(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)?)?"'
)


class ShiftedDatesAdapter(LocalDirectoryAdapter):
    """Serves the fixture files with every date moved by ``days`` (wall time
    kept in the portal's time zone, so 19:00 stays 19:00 across a DST change)."""

    def __init__(self, base_url, directory, days):
        super().__init__(base_url, directory)
        self.delta = dt.timedelta(days=days)
        self.zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def _shift(self, match):
        day, time_part = match.group(1).decode(), match.group(2)
        if not time_part:
            return (
                b'"%s"' % (dt.date.fromisoformat(day) + self.delta).isoformat().encode()
            )
        moment = dt.datetime.fromisoformat(
            day + time_part.decode().replace("Z", "+00:00")
        )
        if moment.tzinfo is None:
            return b'"%s"' % (moment + self.delta).isoformat().encode()
        local = moment.astimezone(self.zone).replace(tzinfo=None) + self.delta
        return b'"%s"' % local.replace(tzinfo=self.zone).isoformat().encode()

    def send(self, request, **kwargs):
        response = super().send(request, **kwargs)
        if response.status_code == 200 and self.delta:
            response._content = ISO_DATE.sub(self._shift, response._content)
        return response


def demo_client(today=None):
    """An OParl client that reads the demo endpoint from the fixture files,
    with their dates moved to be relative to ``today`` (the day of loading)."""
    today = today or timezone.localdate()
    adapter = ShiftedDatesAdapter(
        DEMO_BASE_URL, DEMO_DIRECTORY, (today - FIXTURE_DAY).days
    )
    session = requests.Session()
    session.mount(DEMO_BASE_URL, adapter)
    return Client(session=session)


def load(demo):
    """The section page is data (``council/demo/pages.yaml``); the meetings are
    synced from the fixture files."""
    sync(DEMO_BASE_URL + "system", client=demo_client())
