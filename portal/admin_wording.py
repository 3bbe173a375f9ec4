"""Wagtail admin texts reworded in German: one verb for one action.

The editorial workflow's decision is called *freigeben* (Freigabe) everywhere;
Wagtail's German catalogue mixes in *genehmigen* and builds "In Fachprüfung und
Amtsleitung einreichen" from the workflow's name. These msgids are listed here
so that ``makemessages`` keeps them in the portal catalogue, which Django
consults before Wagtail's (``portal`` comes first in ``INSTALLED_APPS``).
See docs/content.md.
"""

from django.utils.translation import gettext_noop

WAGTAIL_WORDING = [
    gettext_noop("Submit to %(workflow_name)s"),
    gettext_noop("Resubmit to %(task_name)s"),
    gettext_noop("Approve with comment"),
    gettext_noop("Workflow: approve task"),
    gettext_noop("Group approval task"),
    gettext_noop("Group approval tasks"),
    gettext_noop("Members of the chosen Wagtail Groups can approve this task"),
    gettext_noop("Only reviewers can edit and approve the %(model_name)s"),
]
