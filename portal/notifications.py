"""E-mail notifications of the editorial workflows.

Wagtail sends them itself (``wagtail.admin.mail``): on submit and after each
approved step, the members of the next task's groups get "submitted" e-mails;
on final approval and on rejection, the submitter does. We extend only the
task-submission notifier, so that a four-eyes task never asks the submitter or
the author of the revision to approve their own work.
"""

from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.models import TaskState
from wagtail.signals import task_submitted

from portal.models import FourEyesApprovalTask

# Wagtail connects its notifier under this dispatch_uid; connecting ours under
# the same uid replaces it, whichever app is ready first.
WAGTAIL_TASK_SUBMITTED_UID = "group_approval_task_submitted_email_notification"


class PortalTaskSubmissionNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    def get_recipient_users(self, task_state, **kwargs):
        recipients = super().get_recipient_users(task_state, **kwargs)
        task = task_state.task.specific
        if isinstance(task, FourEyesApprovalTask):
            excluded = task.excluded_user_ids(task_state.workflow_state, task_state)
            recipients = recipients.exclude(pk__in=excluded)
        return recipients.distinct()


task_submission_notifier = PortalTaskSubmissionNotifier()


def register():
    task_submitted.disconnect(sender=TaskState, dispatch_uid=WAGTAIL_TASK_SUBMITTED_UID)
    task_submitted.connect(
        task_submission_notifier,
        sender=TaskState,
        dispatch_uid=WAGTAIL_TASK_SUBMITTED_UID,
    )
