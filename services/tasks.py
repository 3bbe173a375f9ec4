"""Background task: poll pending payments (schedule it, or run ``poll_payments``)."""

from django_tasks import task

from services.paying import poll_pending_payments


@task()
def poll_pending_payments_task():
    return poll_pending_payments()
