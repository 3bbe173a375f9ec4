"""Keep repeating events listed: store the dates of series two years ahead.

Run once a day (cron job or systemd timer, like ``publish_scheduled``).
"""

from django.core.management.base import BaseCommand

from tourism.models import EventPage


class Command(BaseCommand):
    help = (
        "Materialise the dates of live repeating events up to two years ahead "
        "(run daily)."
    )

    def handle(self, *args, **options):
        rolled = EventPage.roll_forward()
        self.stdout.write(f"Rolled {rolled} repeating event(s) forward.")
