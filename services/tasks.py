"""Background tasks: poll pending payments (schedule it, or run ``poll_payments``);
the receipt task lives in ``services.receipt``."""

from django_tasks import task

from services.paying import poll_pending_payments


@task()
def poll_pending_payments_task():
    return poll_pending_payments()
