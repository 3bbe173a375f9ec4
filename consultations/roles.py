"""Model permissions of the consultations app for the portal's groups.

``portal.roles.setup_roles`` knows page permissions only; this adds the
app's own permissions to the groups (created if missing, same names) after
every ``migrate``. Additive: it never removes a permission an admin gave.
"""

from django.contrib.auth.models import Group, Permission

from portal.roles import ADMINISTRATORS, MODERATORS

PARTICIPATION_EDITORS = "Redaktion Beteiligung"

GROUP_PERMISSIONS = {
    MODERATORS: [
        "moderate_statement",
        "view_statement",
        "change_statement",
        "view_proposal",
        "change_proposal",
    ],
    PARTICIPATION_EDITORS: [
        "view_trackeditem",
        "add_trackeditem",
        "change_trackeditem",
        "delete_trackeditem",
        "view_budgetproject",
        "add_budgetproject",
        "change_budgetproject",
        "delete_budgetproject",
        "add_ballot",
        "view_statement",
        "add_statement",
        "change_statement",
        "export_response",
        "view_interim_results",
        "view_proposal",
        "change_proposal",
    ],
    ADMINISTRATORS: [
        "view_trackeditem",
        "add_trackeditem",
        "change_trackeditem",
        "delete_trackeditem",
        "view_budgetproject",
        "add_budgetproject",
        "change_budgetproject",
        "delete_budgetproject",
        "add_ballot",
        "view_statement",
        "add_statement",
        "change_statement",
        "delete_statement",
        "moderate_statement",
        "export_response",
        "view_personal_data",
        "view_interim_results",
        "view_proposal",
        "change_proposal",
        "delete_proposal",
    ],
}


def grant_permissions(app_config=None, using="default", **kwargs):
    if app_config is not None:
        # our post_migrate receiver may run before auth's (app order): make sure
        # the permissions exist (idempotent)
        from django.contrib.auth.management import create_permissions

        create_permissions(app_config, verbosity=0, using=using)
    permissions = {
        p.codename: p
        for p in Permission.objects.using(using).filter(
            content_type__app_label="consultations"
        )
    }
    if not permissions:
        return
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(*[permissions[c] for c in codenames if c in permissions])
