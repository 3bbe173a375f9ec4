"""``manage.py poll_payments``: ask the payment service about open payments.

XBezahldienste sends no callbacks, so run this every few minutes (cron or a
systemd timer); ``--enqueue`` hands the work to the django-tasks worker instead.
"""

from django.core.management.base import BaseCommand

from services.paying import poll_pending_payments
from services.tasks import poll_pending_payments_task


class Command(BaseCommand):
    help = "Poll the payment service for every payment that is still open."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue the background task instead of polling here.",
        )

    def handle(self, *args, **options):
        if options["enqueue"]:
            result = poll_pending_payments_task.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        counts = poll_pending_payments()
        total = sum(counts.values())
        summary = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items()))
        self.stdout.write(f"{total} open payment(s) polled. {summary}".strip())
