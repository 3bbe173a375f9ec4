"""Put tasks back in the queue whose worker died while running them.

django-tasks-db marks a task RUNNING when a worker claims it. A worker that is
stopped normally (SIGTERM, ``systemctl stop``) finishes its task first; one that
is killed (power loss, out of memory, SIGKILL) leaves it RUNNING for ever. This
command, run every few minutes by ``portal-requeue-stale-tasks.timer``, resets
such tasks to READY so that another worker runs them again. Portal tasks are
written to be safe to run twice (see docs/reliability.md).
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = "Re-queue background tasks that have been running for too long."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=30,
            help="minutes a task may run before it counts as lost (default 30)",
        )

    def handle(self, *args, older_than, **options):
        cutoff = timezone.now() - datetime.timedelta(minutes=older_than)
        count = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff
        ).update(status=TaskResultStatus.READY, started_at=None)
        self.stdout.write(f"{count} stale task(s) re-queued")
