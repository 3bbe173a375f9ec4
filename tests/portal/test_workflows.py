"""The editorial workflow, driven through the Wagtail admin as people use it."""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from wagtail.models import Page, TaskState, WorkflowState

from portal import roles
from tests import factories
from tests.portal.workflow_helpers import (
    child_page,
    edit_form,
    edit_url,
    make_section,
    make_sections,
    messages_of,
    post_edit,
    submit,
    user_with_groups,
    workflow_action,
    workflow_action_in_editor,
    workflow_staff,
)

pytestmark = pytest.mark.django_db


def build_world():
    """The sections with ``setup_roles`` and the page the workflows run on, once
    for the module (each test's changes are rolled back: ``module_data``)."""
    sections = make_sections(factories.home_page())
    page = child_page(sections["tourism"], "radweg", "Radweg an der Warnow")
    return SimpleNamespace(
        sections={key: section.pk for key, section in sections.items()},
        page=page.pk,
    )


world = factories.module_data(build_world)


@pytest.fixture
def sections(world):
    return {key: Page.objects.get(pk=pk).specific for key, pk in world.sections.items()}


@pytest.fixture
def staff_user(sections):
    """The workflow's people by username, after ``setup_roles`` (``sections``)."""
    return workflow_staff


@pytest.fixture
def page(world):
    return Page.objects.get(pk=world.page).specific


@pytest.fixture
def editor(staff_user):
    return staff_user("redaktion")


@pytest.fixture
def reviewer(staff_user):
    return staff_user("pruefung")


@pytest.fixture
def approver(staff_user):
    return staff_user("amtsleitung")


def reload(page):
    return Page.objects.get(pk=page.pk).specific


def test_editor_cannot_publish_directly(client, editor, page):
    client.force_login(editor)
    response = post_edit(client, page, "action-publish", title="Radweg (neu)")
    assert response.status_code == 302
    page = reload(page)
    assert page.title == "Radweg an der Warnow"  # live version unchanged
    assert page.get_latest_revision().as_object().title == "Radweg (neu)"
    assert page.has_unpublished_changes
    assert not page.permissions_for_user(editor).can_publish()


def test_submit_review_and_approval_publish_the_page(
    client, editor, reviewer, approver, page
):
    client.force_login(editor)
    response = submit(client, page, title="Radweg an der Warnow – neue Etappe")
    assert response.status_code == 302
    page = reload(page)
    state = page.current_workflow_state
    assert state.workflow.name == roles.STANDARD_WORKFLOW
    assert state.requested_by == editor
    assert page.current_workflow_task.name == roles.REVIEW_TASK
    assert page.title == "Radweg an der Warnow"

    client.force_login(reviewer)
    assert client.get(edit_url(page)).status_code == 200
    response = workflow_action(client, page, "approve", "Fachlich richtig.")
    assert response.status_code == 302
    page = reload(page)
    assert page.current_workflow_task.name == roles.APPROVAL_TASK
    assert page.title == "Radweg an der Warnow"  # not live before the final approval

    client.force_login(approver)
    response = workflow_action(client, page, "approve", "Freigegeben.")
    assert response.status_code == 302
    page = reload(page)
    assert page.live
    assert page.title == "Radweg an der Warnow – neue Etappe"
    assert not page.has_unpublished_changes
    assert WorkflowState.objects.get(pk=state.pk).status == "approved"
    decisions = TaskState.objects.filter(workflow_state=state).order_by("started_at")
    assert [(d.finished_by, d.comment) for d in decisions] == [
        (reviewer, "Fachlich richtig."),
        (approver, "Freigegeben."),
    ]


def test_approval_from_the_editor_action_menu(client, editor, reviewer, approver, page):
    client.force_login(editor)
    submit(client, page, title="Radweg – Sperrung")
    client.force_login(reviewer)
    workflow_action_in_editor(client, page, "approve", "Passt.")
    client.force_login(approver)
    response = workflow_action_in_editor(client, page, "approve", "Einverstanden.")
    assert response.status_code == 302
    assert reload(page).title == "Radweg – Sperrung"


def test_approval_needs_a_reason(client, editor, reviewer, approver, page):
    client.force_login(editor)
    submit(client, page, title="Ohne Begründung")
    client.force_login(reviewer)
    workflow_action(client, page, "approve", "ok")
    client.force_login(approver)
    response = workflow_action_in_editor(client, page, "approve", "  ")
    assert response.status_code == 302
    shown = " ".join(messages_of(response)).lower()
    assert "begründen sie die freigabe" in shown or "reason" in shown
    workflow_action(client, page, "approve", "")
    page = reload(page)
    assert page.current_workflow_task.name == roles.APPROVAL_TASK
    assert page.title == "Radweg an der Warnow"


def test_approver_cannot_approve_what_they_submitted(client, reviewer, approver, page):
    client.force_login(approver)
    submit(client, page, title="Von der Amtsleitung geschrieben")
    client.force_login(reviewer)
    workflow_action(client, page, "approve", "Fachlich ok.")

    client.force_login(approver)
    response = client.get(edit_url(page))
    assert "four-eyes" in response.content.decode() or "Vier-Augen" in (
        response.content.decode()
    )
    response = workflow_action_in_editor(client, page, "approve", "Selbst freigegeben")
    assert response.status_code == 302
    assert any("submitted" in m or "eingereicht" in m for m in messages_of(response))
    assert (
        workflow_action(client, page, "approve", "Selbst", ajax=True).status_code == 403
    )
    page = reload(page)
    assert page.title == "Radweg an der Warnow"
    assert page.current_workflow_task.name == roles.APPROVAL_TASK

    # another member of the approvers may approve it
    deputy = user_with_groups(approver.__class__, "stellvertretung", roles.APPROVERS)
    client.force_login(deputy)
    assert workflow_action(client, page, "approve", "Vertretung").status_code == 302
    assert reload(page).title == "Von der Amtsleitung geschrieben"


def test_approver_cannot_approve_a_revision_they_edited(
    client, editor, reviewer, approver, page
):
    client.force_login(editor)
    submit(client, page, title="Entwurf der Redaktion")
    client.force_login(reviewer)
    workflow_action(client, page, "approve", "ok")

    client.force_login(approver)
    response = post_edit(client, page, None, title="Von der Amtsleitung geändert")
    assert response.status_code == 302
    response = workflow_action_in_editor(client, page, "approve", "Geändert und frei")
    assert any("edited" in m or "bearbeitet" in m for m in messages_of(response))
    page = reload(page)
    assert page.title == "Radweg an der Warnow"
    assert page.current_workflow_task.name == roles.APPROVAL_TASK
    assert page.get_latest_revision().user == approver


def test_reject_returns_the_page_with_the_comment(
    client, editor, reviewer, approver, page
):
    client.force_login(editor)
    submit(client, page, title="Radweg mit Tippfehlr")
    client.force_login(reviewer)
    workflow_action(client, page, "approve", "ok")
    client.force_login(approver)
    response = workflow_action(client, page, "reject", "Bitte den Tippfehler beheben.")
    assert response.status_code == 302
    page = reload(page)
    state = page.workflow_states.order_by("-created_at").first()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "Bitte den Tippfehler beheben."
    assert page.title == "Radweg an der Warnow"

    client.force_login(editor)
    history = client.get(
        reverse("wagtailadmin_pages:workflow_history_detail", args=[page.pk, state.pk])
    )
    assert "Bitte den Tippfehler beheben." in history.content.decode()
    # the editor fixes it and resubmits: the workflow resumes at the approval
    submit(client, page, title="Radweg ohne Tippfehler")
    page = reload(page)
    assert page.current_workflow_state.pk == state.pk
    assert page.current_workflow_task.name == roles.APPROVAL_TASK


def test_reviewer_may_request_changes(client, editor, reviewer, page):
    client.force_login(editor)
    submit(client, page, title="Zu früh")
    client.force_login(reviewer)
    workflow_action(client, page, "reject", "Quelle fehlt.")
    state = reload(page).workflow_states.order_by("-created_at").first()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "Quelle fehlt."


def test_reviewer_cannot_approve_the_administrative_step(
    client, editor, reviewer, page
):
    client.force_login(editor)
    submit(client, page, title="Zweimal Fachamt?")
    client.force_login(reviewer)
    workflow_action(client, page, "approve", "ok")
    assert (
        workflow_action(client, page, "approve", "nochmal", ajax=True).status_code
        == 403
    )
    assert reload(page).title == "Radweg an der Warnow"


def test_editor_cannot_approve(client, editor, page):
    client.force_login(editor)
    submit(client, page, title="Selbst geprüft")
    assert (
        workflow_action(client, page, "approve", "passt", ajax=True).status_code == 403
    )
    response = workflow_action(client, page, "approve", "passt")
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert reload(page).current_workflow_task.name == roles.REVIEW_TASK


def test_urgent_path_needs_one_approver_other_than_the_author(
    client, home, sections, editor, approver, django_user_model
):
    news = make_section(home, "aktuelles", "Aktuelles", "news", "News")
    announcements = child_page(news, "bekanntmachungen", "Amtliche Bekanntmachungen")
    roles.setup_roles()
    notice = child_page(announcements, "wahl", "Bekanntmachung zur Wahl")

    client.force_login(editor)
    submit(client, notice, title="Bekanntmachung zur Bürgermeisterwahl")
    notice = reload(notice)
    assert notice.current_workflow_state.workflow.name == roles.URGENT_WORKFLOW
    assert notice.current_workflow_task.name == roles.APPROVAL_TASK

    client.force_login(approver)
    assert workflow_action(client, notice, "approve", "Frist 12.12.").status_code == 302
    assert reload(notice).title == "Bekanntmachung zur Bürgermeisterwahl"

    # the head of administration writing an announcement needs a deputy to approve
    client.force_login(approver)
    submit(client, notice, title="Berichtigung der Bekanntmachung")
    assert workflow_action(client, notice, "approve", "x", ajax=True).status_code == 403
    deputy = user_with_groups(django_user_model, "vertretung2", roles.APPROVERS)
    client.force_login(deputy)
    assert workflow_action(client, notice, "approve", "Vertretung").status_code == 302
    assert reload(notice).title == "Berichtigung der Bekanntmachung"


def test_approving_from_the_editor_approves_the_submitted_version(
    client, editor, reviewer, approver, page
):
    client.force_login(editor)
    submit(client, page, title="Eingereichte Fassung")
    client.force_login(reviewer)
    workflow_action(client, page, "approve", "ok")
    client.force_login(approver)
    data_title = "Unbemerkt geänderte Fassung"
    data = edit_form(client, page, title=data_title)
    data["action-workflow-action"] = "1"
    data["workflow-action-name"] = "approve"
    data["workflow-action-extra-data"] = '{"comment": "Frei."}'
    response = client.post(edit_url(page), data)
    assert response.status_code == 302
    page = reload(page)
    assert page.title == "Eingereichte Fassung"
    assert page.get_latest_revision().user == editor
