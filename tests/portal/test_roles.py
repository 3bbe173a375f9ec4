"""Groups, section permissions and workflow assignment by ``setup_roles`` (no
demo data)."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import models
from django.test import override_settings
from django.test.utils import isolate_apps
from django.urls import reverse
from wagtail.models import (
    DraftStateMixin,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    LockableMixin,
    Page,
    RevisionMixin,
    Site,
    Workflow,
    WorkflowContentType,
    WorkflowMixin,
    WorkflowPage,
    WorkflowTask,
)

from portal import roles
from portal.models import FourEyesApprovalTask
from tests import factories
from tests.portal.workflow_helpers import (
    child_page,
    edit_url,
    make_section,
    make_sections,
    user_with_groups,
)

pytestmark = pytest.mark.django_db


def build_sections():
    """The two stand-in sections and ``setup_roles``: the section pages' keys."""
    home = Site.objects.get(is_default_site=True).root_page.specific
    return {key: page.pk for key, page in make_sections(home).items()}


# once for the tests of TestWithSections (factories.module_data), not per test
sections_of_the_class = factories.module_data(build_sections, scope="class")


@pytest.fixture
def sections(sections_of_the_class, db):
    """The section pages, fetched afresh for each test."""
    return {
        key: Page.objects.get(pk=pk).specific
        for key, pk in sections_of_the_class.items()
    }


def snapshot():
    return {
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "group_permissions": sorted(
            Group.objects.values_list("name", "permissions__codename")
        ),
        "page_permissions": sorted(
            GroupPagePermission.objects.values_list(
                "group__name", "page_id", "permission__codename"
            )
        ),
        "collection_permissions": sorted(
            GroupCollectionPermission.objects.values_list(
                "group__name", "permission__codename"
            )
        ),
        "workflows": sorted(Workflow.objects.values_list("name", "active")),
        "workflow_tasks": sorted(
            WorkflowTask.objects.values_list(
                "workflow__name", "task__name", "sort_order"
            )
        ),
        "workflow_pages": sorted(
            WorkflowPage.objects.values_list("page_id", "workflow__name")
        ),
    }


def test_setup_roles_reports_missing_sections(home, settings):
    settings.PORTAL_SECTIONS = {**settings.PORTAL_SECTIONS, "ghost": "gibt-es-nicht"}
    output = StringIO()
    call_command("setup_roles", stdout=output)
    assert "Section 'ghost' skipped" in output.getvalue()


@override_settings(PORTAL_WORKFLOW_SNIPPET_MODELS=["portal.Municipality"])
def test_setup_roles_refuses_a_snippet_model_without_workflow_support(home):
    with pytest.raises(ImproperlyConfigured):
        call_command("setup_roles", stdout=StringIO())


def test_the_four_eyes_task_is_registered_for_the_admin():
    from wagtail.workflows import get_task_types

    assert FourEyesApprovalTask in get_task_types()


def test_wagtail_sample_groups_and_workflow_are_retired(django_user_model):
    # Wagtail's migrations made them (unless setup_roles already retired them).
    kept, _ = Group.objects.get_or_create(name="Editors")
    kept.user_set.add(django_user_model.objects.create_user("legacy-editor"))
    Group.objects.get_or_create(name="Moderators")
    default, _ = Workflow.objects.update_or_create(
        name="Moderators approval", defaults={"active": True}
    )

    report = roles.setup_roles()

    assert Group.objects.filter(name="Editors").exists()  # has a member
    assert not Group.objects.filter(name="Moderators").exists()
    default.refresh_from_db()
    assert not default.active
    assert any("Moderators" in line for line in report.messages)


@override_settings(
    PORTAL_GROUP_MODEL_PERMISSIONS={"Redaktion Gartenbau": ["reports.view_category"]}
)
def test_setup_roles_refuses_permissions_for_an_unknown_group(home):
    with pytest.raises(ImproperlyConfigured, match="Redaktion Gartenbau"):
        roles.setup_roles()
    assert not Group.objects.filter(name="Redaktion Gartenbau").exists()


class TestWithSections:
    """The tests on the two stand-in sections and the roles (``sections``), built
    once for the class; the tests outside it see a site without roles."""

    def test_setup_roles_is_idempotent(self, sections):
        before = snapshot()
        output = StringIO()
        call_command("setup_roles", stdout=output)
        call_command("setup_roles", stdout=StringIO())
        assert snapshot() == before
        assert "up to date" in output.getvalue()
        for name in [*roles.EDITOR_GROUPS, "Fachamt", "Moderation", "Amtsleitung"]:
            assert name in before["groups"]
        assert ("Fachprüfung und Amtsleitung", roles.REVIEW_TASK, 0) in before[
            "workflow_tasks"
        ]
        assert ("Fachprüfung und Amtsleitung", roles.APPROVAL_TASK, 1) in before[
            "workflow_tasks"
        ]
        assert ("Eilverfahren", roles.APPROVAL_TASK, 0) in before["workflow_tasks"]

    def test_a_section_configured_later_is_picked_up(
        self, home, sections, client, django_user_model, settings
    ):
        editor = user_with_groups(
            django_user_model, "datenredaktion", "Redaktion Offene Daten"
        )
        general = Group.objects.get(name="Redaktion Allgemein und Aktuelles")
        data = make_section(home, "daten", "Offene Daten", "data", "Open data")
        # while "data" is not a configured section, its page is a general page
        configured = dict(settings.PORTAL_SECTIONS)
        settings.PORTAL_SECTIONS = {
            key: slug for key, slug in configured.items() if key != "data"
        }
        call_command("setup_roles", stdout=StringIO())
        assert GroupPagePermission.objects.filter(group=general, page=data).exists()
        client.force_login(editor)
        assert client.get(edit_url(data)).status_code == 302  # refused

        settings.PORTAL_SECTIONS = configured
        call_command("setup_roles", stdout=StringIO())
        assert client.get(edit_url(data)).status_code == 200
        assert not GroupPagePermission.objects.filter(group=general, page=data).exists()
        assert (
            WorkflowPage.objects.get(page=data).workflow.name == roles.STANDARD_WORKFLOW
        )

    def test_workflows_cover_both_language_trees(self, home, sections, locale_en):
        tourism = sections["tourism"]
        tourism_en = tourism.get_translation(locale_en)
        for page in [home, home.get_translation(locale_en), tourism, tourism_en]:
            assert (
                WorkflowPage.objects.get(page=page).workflow.name
                == roles.STANDARD_WORKFLOW
            )
        deep = child_page(tourism_en, "cycling", "Cycling")
        assert deep.get_workflow().name == roles.STANDARD_WORKFLOW

    def test_section_editor_gets_403_outside_their_section(
        self, client, django_user_model, sections
    ):
        tourism_editor = user_with_groups(
            django_user_model, "touristik", "Redaktion Tourismus"
        )
        client.force_login(tourism_editor)
        tourism_page = child_page(
            sections["tourism"], "baden", "Baden im Schweriner See"
        )
        business_page = child_page(
            sections["business"], "gewerbe", "Gewerbegebiet Crivitz"
        )
        assert client.get(edit_url(tourism_page)).status_code == 200
        ajax = {"x-requested-with": "XMLHttpRequest"}
        assert client.get(edit_url(business_page), headers=ajax).status_code == 403
        assert client.post(edit_url(business_page), {}, headers=ajax).status_code == 403
        response = client.get(edit_url(business_page))
        assert response.status_code == 302 and response.url == reverse(
            "wagtailadmin_home"
        )
        # nor may they add pages to another section
        add = reverse(
            "wagtailadmin_pages:add",
            args=["home", "standardpage", sections["business"].pk],
        )
        assert client.get(add, headers=ajax).status_code == 403

    def test_general_editor_edits_content_pages_but_not_sections(
        self, client, django_user_model, home, sections
    ):
        general_editor = user_with_groups(
            django_user_model, "allgemein", "Redaktion Allgemein und Aktuelles"
        )
        client.force_login(general_editor)
        about = child_page(home, "amt", "Amt & Gemeinden")
        roles.setup_roles()  # a content page added later is the general editors' too
        ajax = {"x-requested-with": "XMLHttpRequest"}
        assert client.get(edit_url(about)).status_code == 200
        assert (
            client.get(edit_url(sections["tourism"]), headers=ajax).status_code == 403
        )
        assert client.get(edit_url(home), headers=ajax).status_code == 403

    def test_no_group_may_publish_but_administrators(self, sections):
        publishers = set(
            GroupPagePermission.objects.filter(
                permission__codename="publish_page",
                group__name__in=snapshot()["groups"],
            ).values_list("group__name", flat=True)
        )
        assert publishers <= {
            "Administration",
            "Moderators",
        }  # Moderators: Wagtail's own
        assert "Administration" in publishers

    def test_urgent_path_is_assigned(self, home, sections):
        news = make_section(home, "aktuelles", "Aktuelles", "news", "News")
        announcements = child_page(
            news, "bekanntmachungen", "Amtliche Bekanntmachungen"
        )
        roles.setup_roles()
        assert announcements.get_workflow().name == roles.URGENT_WORKFLOW
        assert [task.name for task in announcements.get_workflow().tasks] == [
            roles.APPROVAL_TASK
        ]
        assert news.get_workflow().name == roles.STANDARD_WORKFLOW

    def test_snippet_models_get_the_standard_workflow(self, sections):
        # An isolated registry: the stand-in model must not leak into other tests.
        with isolate_apps("portal"):

            class ApprovalSnippet(
                WorkflowMixin,
                DraftStateMixin,
                LockableMixin,
                RevisionMixin,
                models.Model,
            ):
                """Stands in for the directory entries and events of later apps."""

                title = models.CharField(max_length=100)

                class Meta:
                    app_label = "portal"

                def __str__(self):
                    return self.title

            workflow = Workflow.objects.get(name=roles.STANDARD_WORKFLOW)
            assigned = roles.assign_workflow_to_snippets(workflow, [ApprovalSnippet])
            assert assigned == [ApprovalSnippet]
            assert ApprovalSnippet.get_default_workflow() == workflow
            assert [task.specific.__class__ for task in workflow.tasks] == [
                GroupApprovalTask,
                FourEyesApprovalTask,
            ]

    def test_snippet_models_are_assigned_by_setting(self, sections):
        workflow = Workflow.objects.get(name=roles.STANDARD_WORKFLOW)
        assert roles.assign_workflow_to_snippets(workflow, []) == []
        with pytest.raises(ImproperlyConfigured, match="WorkflowMixin"):
            roles.assign_workflow_to_snippets(workflow, ["portal.Municipality"])
        assert not WorkflowContentType.objects.exists()

    def test_app_model_permissions_from_settings_reach_the_editor_group(self, sections):
        group = Group.objects.get(name="Redaktion Wirtschaft")
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert {"view_entryclaim", "change_entryclaim"} <= codenames
        assert "delete_entryclaim" not in codenames

    def test_app_model_permissions_reach_moderators_and_administrators(self, sections):
        # The setting is the one place: consultations declare no groups of their own.
        moderators = Group.objects.get(name=roles.MODERATORS)
        administrators = Group.objects.get(name=roles.ADMINISTRATORS)
        assert moderators.permissions.filter(codename="moderate_statement").exists()
        assert not moderators.permissions.filter(codename="view_personal_data").exists()
        assert administrators.permissions.filter(codename="view_personal_data").exists()

    def test_a_hand_given_permission_survives_setup_roles(self, sections):
        group = Group.objects.get(name=roles.REVIEWERS)
        extra = Permission.objects.get(codename="view_entryclaim")
        group.permissions.add(extra)

        roles.setup_roles()

        assert group.permissions.filter(pk=extra.pk).exists()
