"""Helpers for the editorial workflow tests: they drive the Wagtail admin."""

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import querydict_from_html

from home.models import StandardPage
from portal import roles
from tests.factories import StaffFactory

# The people of the editorial workflow, named and grouped as in the demo.
STAFF_GROUPS = {
    "redaktion": ["Redaktion Allgemein und Aktuelles", "Redaktion Tourismus"],
    "pruefung": [roles.REVIEWERS],
    "amtsleitung": [roles.APPROVERS],
    "admin": [],
}


def make_section(home, slug, title, en_slug, en_title):
    """A stand-in section page (feature apps bring the real ones) with translation."""
    page = home.get_children().filter(slug=slug).first()
    if page is not None:
        return page.specific
    page = StandardPage(title=title, slug=slug, locale=home.locale, intro=title)
    home.add_child(instance=page)
    page.save_revision().publish()
    translation = page.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=False
    )
    translation.title = en_title
    translation.slug = en_slug
    translation.save_revision().publish()
    return page


def make_sections(home):
    sections = {
        "tourism": make_section(home, "tourismus", "Tourismus", "tourism", "Tourism"),
        "business": make_section(
            home, "wirtschaft", "Wirtschaft", "business", "Business"
        ),
    }
    roles.setup_roles()
    return sections


def child_page(parent, slug, title, **fields):
    """A content page below ``parent``; the demo's own page if it already has one."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = StandardPage(
        title=title, slug=slug, locale=parent.locale, intro=f"{title}.", **fields
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


def workflow_staff(username):
    """The editor ``redaktion``, reviewer ``pruefung``, approver ``amtsleitung``
    or superuser ``admin``, created once with their groups; call it after
    ``setup_roles`` (:func:`make_sections`) so that the groups have their rights."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = StaffFactory(
            username=username,
            groups=STAFF_GROUPS[username],
            is_superuser=username == "admin",
        )
    return user


def user_with_groups(django_user_model, username, *group_names, **fields):
    user = django_user_model.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password="x",
        is_staff=True,
        **fields,
    )
    user.groups.add(*Group.objects.filter(name__in=group_names))
    return user


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def edit_form(client, page, **changes):
    """The page editor's form data as a browser would post it."""
    response = client.get(edit_url(page))
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data = data.copy()
    # The StreamField editor is built by JavaScript: post what it would post.
    specific = page.specific
    for field in specific._meta.get_fields():
        if isinstance(field, StreamField) and f"{field.name}-count" not in data:
            value = getattr(specific, field.name)
            block_form_data(field.stream_block, value, field.name, data)
    for key, value in changes.items():
        data[key] = value
    return data


def block_form_data(block, value, prefix, data):
    """The form fields the admin's block editor posts for ``value``."""
    if isinstance(block, blocks.StreamBlock):
        children = list(value or [])
        data[f"{prefix}-count"] = str(len(children))
        for index, child in enumerate(children):
            data[f"{prefix}-{index}-type"] = child.block_type
            data[f"{prefix}-{index}-id"] = child.id or ""
            data[f"{prefix}-{index}-deleted"] = ""
            data[f"{prefix}-{index}-order"] = str(index)
            block_form_data(child.block, child.value, f"{prefix}-{index}-value", data)
    elif isinstance(block, blocks.ListBlock):
        children = list(value.bound_blocks) if value is not None else []
        data[f"{prefix}-count"] = str(len(children))
        for index, child in enumerate(children):
            data[f"{prefix}-{index}-id"] = child.id or ""
            data[f"{prefix}-{index}-deleted"] = ""
            data[f"{prefix}-{index}-order"] = str(index)
            block_form_data(
                block.child_block, child.value, f"{prefix}-{index}-value", data
            )
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            block_form_data(child_block, value.get(name), f"{prefix}-{name}", data)
    else:
        state = block.get_form_state(value)
        if state is True:
            data[prefix] = "on"
        elif isinstance(state, list):
            data.setlist(prefix, [str(item) for item in state])
        elif state not in (None, False):
            data[prefix] = str(state)


def post_edit(client, page, action=None, **changes):
    data = edit_form(client, page, **changes)
    if action:
        data[action] = "1"
    return client.post(edit_url(page), data)


def submit(client, page, **changes):
    return post_edit(client, page, "action-submit", **changes)


def workflow_action(client, page, action, comment="", ajax=False):
    """Approve or request changes through Wagtail's workflow action view.

    With ``ajax`` the request is sent like the admin's modal sends it; the
    admin then answers a refusal with 403 instead of redirecting to the
    dashboard with "you do not have permission".
    """
    page = Page.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, action, task_state.pk],
    )
    headers = {"x-requested-with": "XMLHttpRequest"} if ajax else {}
    return client.post(url, {"comment": comment}, headers=headers)


def workflow_action_in_editor(client, page, action, comment=""):
    """Approve or request changes from the page editor's action menu."""
    data = edit_form(client, page)
    data["action-workflow-action"] = "1"
    data["workflow-action-name"] = action
    data["workflow-action-extra-data"] = json.dumps({"comment": comment})
    return client.post(edit_url(page), data)


def messages_of(response):
    return [str(message) for message in response.wsgi_request._messages]
