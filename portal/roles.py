"""Roles, permissions and workflows of the editorial process.

``manage.py setup_roles`` calls :func:`setup_roles`; production runs it after
every deployment, ``load_demo`` runs it after the demo pages exist. Every step
is idempotent and *synchronises*: re-running it picks up section pages that
were added since (feature apps create their section pages later) and removes
page permissions that no longer match the section layout.

The page tree is read through ``settings.PORTAL_SECTIONS`` (section key → slug
of the section page below the home page), so this module knows no feature app.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Site,
    Workflow,
    WorkflowContentType,
    WorkflowMixin,
    WorkflowPage,
    WorkflowTask,
)

from portal.models import FourEyesApprovalTask

GENERAL = "general"

# The labels of the section keys (the report's section filter shows them).
SECTION_LABELS = {
    GENERAL: _("General pages"),
    "news": _("News and announcements"),
    "tourism": _("Tourism"),
    "business": _("Business"),
    "participation": _("Participation"),
    "data": _("Open data"),
    "services": _("Services"),
}

PARTICIPATION_EDITORS = "Redaktion Beteiligung"

# Editor groups and the sections whose subtrees they edit.
EDITOR_GROUPS = {
    "Redaktion Allgemein und Aktuelles": [GENERAL, "news"],
    "Redaktion Tourismus": ["tourism"],
    "Redaktion Wirtschaft": ["business"],
    PARTICIPATION_EDITORS: ["participation"],
    "Redaktion Offene Daten": ["data"],
    "Redaktion Service": ["services"],
}
REVIEWERS = "Fachamt"
MODERATORS = "Moderation"
APPROVERS = "Amtsleitung"
ADMINISTRATORS = "Administration"
# Every group ``setup_roles`` gives permissions to; the demo data may name only
# these and the departments it declares (``portal.demo_loader``).
ROLE_GROUPS = (*EDITOR_GROUPS, REVIEWERS, MODERATORS, APPROVERS, ADMINISTRATORS)

REVIEW_TASK = "Fachprüfung"
APPROVAL_TASK = "Freigabe durch die Amtsleitung"
STANDARD_WORKFLOW = "Fachprüfung und Amtsleitung"
URGENT_WORKFLOW = "Eilverfahren"

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]
APPROVER_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]
ADMIN_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "bulk_delete_page",
    "lock_page",
    "publish_page",
    "unlock_page",
]
MEDIA_EDIT = ["add", "change", "choose"]
MEDIA_CHOOSE = ["choose"]
ADMIN_MODEL_PERMISSIONS = [
    "accounts.add_user",
    "accounts.change_user",
    "accounts.delete_user",
    "accounts.view_user",
    "auth.add_group",
    "auth.change_group",
    "auth.delete_group",
    "auth.view_group",
    "wagtailcore.add_workflow",
    "wagtailcore.change_workflow",
    "wagtailcore.delete_workflow",
    "wagtailcore.add_task",
    "wagtailcore.change_task",
    "wagtailcore.delete_task",
    "wagtailcore.add_site",
    "wagtailcore.change_site",
    "wagtailcore.add_locale",
    "wagtailcore.change_locale",
    "wagtailredirects.add_redirect",
    "wagtailredirects.change_redirect",
    "wagtailredirects.delete_redirect",
    "portal.change_portalsettings",
]


@dataclass
class Report:
    """What :func:`setup_roles` did, for the command's output."""

    messages: list = field(default_factory=list)

    def note(self, message):
        self.messages.append(str(message))


# --- reading the page tree ---------------------------------------------------------------
def home_pages():
    """The site's home page followed by its translations."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None or site.root_page.is_root():
        return []
    home = site.root_page
    return [home, *home.get_translations().order_by("locale__language_code")]


def section_roots(report=None):
    """Section key → section pages (German first, then translations).

    The general section maps to every child of the home pages that is not a
    section page (content pages, legal pages); the home page itself is edited
    by administrators only.
    """
    homes = home_pages()
    if not homes:
        return {}
    home = homes[0]
    roots = {}
    section_keys = set()
    for key, slug in getattr(settings, "PORTAL_SECTIONS", {}).items():
        page = home.get_children().filter(slug=slug).first()
        if page is None:
            if report is not None:
                report.note(
                    f"Section '{key}' skipped: no page '/{slug}/' below the home page."
                )
            continue
        roots[key] = [page, *page.get_translations().order_by("locale__language_code")]
        section_keys.add(page.translation_key)
    general = []
    for version in homes:
        general.extend(
            child
            for child in version.get_children().order_by("path")
            if child.translation_key not in section_keys
        )
    roots[GENERAL] = general
    return roots


def section_paths():
    """(tree path, section key) pairs, longest path first, for :func:`section_of`."""
    pairs = [
        (page.path, key)
        for key, pages in section_roots().items()
        for page in pages
        if key != GENERAL
    ]
    pairs.extend((home.path, GENERAL) for home in home_pages())
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def section_of(page, paths):
    for path, key in paths:
        if page.path.startswith(path):
            return key
    return None


def section_label(key):
    return SECTION_LABELS.get(key, key) if key else ""


# --- permissions ------------------------------------------------------------------------------
# While setup_roles runs: every permission, read in one query (it looks up about
# 140 of them, one query each before). A name missing here is asked of the
# database as before, so a missing permission still raises DoesNotExist.
_known_permissions = None


def _read_permissions():
    by_name, by_type = {}, {}
    for permission in Permission.objects.select_related("content_type"):
        name = (permission.content_type.app_label, permission.codename)
        by_name[name] = None if name in by_name else permission  # None: ambiguous
        by_type[(permission.content_type_id, permission.codename)] = permission
    return by_name, by_type


def _permission(dotted):
    app_label, codename = dotted.split(".")
    if _known_permissions and _known_permissions[0].get((app_label, codename)):
        return _known_permissions[0][(app_label, codename)]
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(codename):
    return _permission(f"wagtailcore.{codename}")


def _permission_of_type(content_type, codename):
    if _known_permissions and (content_type.pk, codename) in _known_permissions[1]:
        return _known_permissions[1][(content_type.pk, codename)]
    return Permission.objects.get(content_type=content_type, codename=codename)


def _group(name, report):
    group, created = Group.objects.get_or_create(name=name)
    if created:
        report.note(f"Group '{name}' created.")
    return group


def sync_page_permissions(group, pages, codenames):
    """Give ``group`` exactly ``codenames`` on ``pages`` (and nothing elsewhere)."""
    permissions = [_page_permission(codename) for codename in codenames]
    wanted = {(page.pk, permission.pk) for page in pages for permission in permissions}
    existing = {
        (row.page_id, row.permission_id): row
        for row in GroupPagePermission.objects.filter(group=group)
    }
    for key, row in existing.items():
        if key not in wanted:
            row.delete()
    for page_id, permission_id in wanted - set(existing):
        GroupPagePermission.objects.create(
            group=group, page_id=page_id, permission_id=permission_id
        )


def sync_collection_permissions(group, image_actions, document_actions):
    root = Collection.get_first_root_node()
    wanted = set()
    for model, actions in (
        (get_image_model(), image_actions),
        (get_document_model(), document_actions),
    ):
        content_type = ContentType.objects.get_for_model(model)
        for action in actions:
            base_name = "image" if model is get_image_model() else "document"
            codename = (
                f"choose_{base_name}"
                if action == "choose"
                else f"{action}_{model._meta.model_name}"
            )
            wanted.add(_permission_of_type(content_type, codename).pk)
    GroupCollectionPermission.objects.filter(group=group).exclude(
        collection=root, permission_id__in=wanted
    ).delete()
    existing = set(
        GroupCollectionPermission.objects.filter(
            group=group, collection=root
        ).values_list("permission_id", flat=True)
    )
    for permission_id in sorted(wanted - existing):
        GroupCollectionPermission.objects.create(
            group=group, collection=root, permission_id=permission_id
        )


def add_model_permissions(group, dotted_names):
    group.permissions.add(*[_permission(name) for name in dotted_names])


def grant_app_permissions(groups):
    """Give the portal's groups the feature apps' model permissions listed in
    ``settings.PORTAL_GROUP_MODEL_PERMISSIONS`` (group name → "app.codename").
    A group name that is not one of the portal's groups is a configuration
    error, not a new group."""
    wanted = getattr(settings, "PORTAL_GROUP_MODEL_PERMISSIONS", {})
    by_name = {group.name: group for group in groups}
    unknown = sorted(set(wanted) - set(by_name))
    if unknown:
        raise ImproperlyConfigured(
            "PORTAL_GROUP_MODEL_PERMISSIONS names groups the portal does not "
            f"have: {', '.join(unknown)}"
        )
    for name, dotted_names in wanted.items():
        add_model_permissions(by_name[name], dotted_names)


# --- workflows -------------------------------------------------------------------------------------
def _task(model, name, groups, report):
    task = model.objects.filter(name=name).first()
    if task is None:
        task = model.objects.create(name=name)
        report.note(f"Task '{name}' created.")
    if not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.set(groups)
    return task


def _workflow(name, tasks, report):
    workflow = Workflow.objects.filter(name=name).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=name)
        report.note(f"Workflow '{name}' created.")
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    current = list(workflow.workflow_tasks.order_by("sort_order"))
    if [row.task_id for row in current] != [task.pk for task in tasks]:
        WorkflowTask.objects.filter(workflow=workflow).delete()
        for order, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    return workflow


def assign_workflow(workflow, pages):
    for page in pages:
        WorkflowPage.objects.update_or_create(
            page=page, defaults={"workflow": workflow}
        )


def assign_workflow_to_snippets(workflow, model_labels=None):
    """Put every listed snippet model under ``workflow`` (``WorkflowContentType``).

    ``model_labels`` defaults to ``settings.PORTAL_WORKFLOW_SNIPPET_MODELS``;
    a later app adds its model there ("business.DirectoryEntry") and re-runs
    ``setup_roles``. Models (labels or classes) must use Wagtail's
    ``WorkflowMixin``.
    """
    if model_labels is None:
        model_labels = getattr(settings, "PORTAL_WORKFLOW_SNIPPET_MODELS", [])
    assigned = []
    for label in model_labels:
        model = label if isinstance(label, type) else apps.get_model(label)
        if not issubclass(model, WorkflowMixin):
            raise ImproperlyConfigured(
                f"{label} is listed in PORTAL_WORKFLOW_SNIPPET_MODELS but does not "
                "use wagtail.models.WorkflowMixin."
            )
        content_type = ContentType.objects.get_for_model(model)
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
        assigned.append(model)
    return assigned


def urgent_pages(report):
    pages = []
    homes = home_pages()
    if not homes:
        return pages
    for path in getattr(settings, "PORTAL_URGENT_WORKFLOW_PATHS", []):
        page = homes[0]
        for slug in path.strip("/").split("/"):
            page = page.get_children().filter(slug=slug).first() if page else None
        if page is None:
            report.note(f"Urgent path skipped: no page '/{path.strip('/')}/'.")
            continue
        pages.extend([page, *page.get_translations()])
    return pages


# --- the whole setup ---------------------------------------------------------------------------
# Created by Wagtail's own migrations; our roles replace them.
WAGTAIL_DEFAULT_GROUPS = ["Editors", "Moderators"]
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"


def retire_wagtail_defaults(report):
    """Remove Wagtail's sample groups and workflow so that only our roles apply.

    A default group that has members is kept (someone uses it on purpose).
    """
    for name in WAGTAIL_DEFAULT_GROUPS:
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        if group.user_set.exists():
            report.note(f"Wagtail's group '{name}' has members and was kept.")
        else:
            group.delete()
            report.note(f"Removed Wagtail's unused group '{name}'.")
    for workflow in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW, active=True):
        workflow.deactivate()
        report.note(f"Deactivated Wagtail's workflow '{WAGTAIL_DEFAULT_WORKFLOW}'.")


@transaction.atomic
def setup_roles():
    global _known_permissions
    _known_permissions = _read_permissions()
    try:
        return _setup_roles()
    finally:
        _known_permissions = None


def _setup_roles():
    report = Report()
    retire_wagtail_defaults(report)
    access_admin = "wagtailadmin.access_admin"
    roots = section_roots(report)
    homes = home_pages()
    if not homes:
        report.note("No site with a home page yet: page permissions skipped.")

    editor_groups = []
    for name, keys in EDITOR_GROUPS.items():
        group = _group(name, report)
        pages = [page for key in keys for page in roots.get(key, [])]
        sync_page_permissions(group, pages, EDITOR_PAGE_PERMISSIONS)
        sync_collection_permissions(group, MEDIA_EDIT, MEDIA_EDIT)
        add_model_permissions(
            group,
            [access_admin, "wagtail_localize.submit_translation"],
        )
        editor_groups.append(group)

    reviewers = _group(REVIEWERS, report)
    sync_page_permissions(reviewers, [], [])
    sync_collection_permissions(reviewers, MEDIA_CHOOSE, MEDIA_CHOOSE)
    add_model_permissions(reviewers, [access_admin, "portal.view_approval_report"])

    moderators = _group(MODERATORS, report)
    sync_collection_permissions(moderators, [], [])
    add_model_permissions(moderators, [access_admin])

    approvers = _group(APPROVERS, report)
    sync_page_permissions(approvers, homes, APPROVER_PAGE_PERMISSIONS)
    sync_collection_permissions(approvers, MEDIA_EDIT, MEDIA_EDIT)
    add_model_permissions(
        approvers,
        [
            access_admin,
            "portal.view_approval_report",
            "wagtail_localize.submit_translation",
        ],
    )

    administrators = _group(ADMINISTRATORS, report)
    sync_page_permissions(administrators, homes, ADMIN_PAGE_PERMISSIONS)
    sync_collection_permissions(
        administrators, ["add", "change", "delete", "choose"], MEDIA_EDIT + ["delete"]
    )
    add_model_permissions(
        administrators,
        [
            access_admin,
            "portal.view_approval_report",
            "wagtail_localize.submit_translation",
            *ADMIN_MODEL_PERMISSIONS,
        ],
    )

    grant_app_permissions(
        [*editor_groups, reviewers, moderators, approvers, administrators]
    )

    review = _task(GroupApprovalTask, REVIEW_TASK, [reviewers], report)
    approval = _task(FourEyesApprovalTask, APPROVAL_TASK, [approvers], report)
    standard = _workflow(STANDARD_WORKFLOW, [review, approval], report)
    urgent = _workflow(URGENT_WORKFLOW, [approval], report)

    # The standard path covers both language trees and, explicitly, every
    # section root and its translations; the urgent path its listed pages.
    assign_workflow(standard, homes)
    assign_workflow(
        standard,
        [page for key, pages in roots.items() if key != GENERAL for page in pages],
    )
    assign_workflow(urgent, urgent_pages(report))
    for model in assign_workflow_to_snippets(standard):
        report.note(f"Snippets {model._meta.label} use '{STANDARD_WORKFLOW}'.")

    found = sorted(key for key in roots if key != GENERAL)
    report.note(f"Sections with their own subtree: {', '.join(found) or 'none'}.")
    return report
