"""Hostile values in every field of every public and signed-in form.

Each form is fetched as a browser would, its fields are read from the HTML (so a
new field is swept without changing this file), every field a person types into
gets the hostile value, and the form is sent. The answer is never a 500 and never
shows the markup unescaped. When the form refuses (the page is shown again), it
says why in German and nothing is saved: the row counts of every model a form
writes stay the same. NUL characters and 100,000-character values are always
refused.

The people who sign in and the consultations are made once for the module, on
top of the sweeps' shared world, and each form page is fetched and read once for
the module (``open_form``): its fields are the same for every hostile value (no
form of the portal carries a per-render token other than the CSRF token, which
the test client does not check), so only the POSTs are repeated.
"""

from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, Revision

from accounts.models import RoleKind
from accounts.permissions import grant_owner
from business.models import EntryClaim
from business.project_models import ProjectResponse
from consultations.models import (
    ModerationMode,
    Participation,
    Response,
    Statement,
    StatementFlag,
)
from home.models.subscriptions import Subscription
from portal.models import PortalImage
from services.models import Application
from services.models.applications import ApplicationFile
from tests import factories
from tests.consultations.helpers import make_consultation
from tests.world import world_data

from .hostile import PAYLOADS, assert_no_raw_markup

# a directory entry, a project, a service, the event calendar and the roles: the
# shared ``world`` fixture (tests/world.py, built once for all the sweeps)
pytestmark = pytest.mark.django_db

COUNTED = [
    Page,
    Revision,
    PortalImage,
    EntryClaim,
    ProjectResponse,
    Response,
    Statement,
    StatementFlag,
    Application,
    ApplicationFile,
    Subscription,
    get_user_model(),
]
TYPED = {
    "text",
    "textarea",
    "email",
    "url",
    "tel",
    "search",
    "number",
    "date",
    "time",
    "datetime-local",
    "password",
}
# how the German pages say that a form was refused
REFUSAL_MARKERS = ('role="alert"', 'aria-invalid="true"', "kern-alert--danger")


class _FormParser(HTMLParser):
    """The POST forms of a page: action and fields (name, type, value)."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": []}
            self.forms.append(self._form)
        if self._form is None or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                kind = f"unchecked-{kind}"
            if attrs.get("tabindex") == "-1" and kind == "text":
                kind = "honeypot"  # hidden from people, left empty by them
            self._form["fields"].append([attrs["name"], kind, attrs.get("value", "")])
        elif tag == "textarea":
            self._textarea = [attrs["name"], "textarea", ""]
            self._form["fields"].append(self._textarea)
        elif tag == "select":
            self._select = [attrs["name"], "select", None]
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[2] is None and value or "selected" in attrs:
                self._select[2] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[2] += data


def main_form(html, action=None):
    """The form with ``action``, else the page's biggest POST form."""
    parser = _FormParser()
    parser.feed(html)
    forms = [
        form
        for form in parser.forms
        if not any(name == "language" for name, _kind, _value in form["fields"])
    ]
    if action:
        return next(form for form in forms if form["action"] == action)
    return max(forms, key=lambda form: len(form["fields"]))


def hostile_data(form, value):
    """The form as a browser sends it, with ``value`` in every typed field."""
    data, radios = [], set()
    for name, kind, default in form["fields"]:
        if kind == "file" or kind == "unchecked-checkbox" or kind == "submit":
            continue
        if kind == "unchecked-radio":
            if name in radios:
                continue
            kind, default = "radio", default
        if kind == "radio":
            radios.add(name)
        if kind in TYPED:
            data.append((name, value))
        elif kind == "honeypot":
            data.append((name, ""))
        else:
            data.append((name, default or ""))
    return data


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def encode(data, raw=None):
    """URL-encode the data; ``raw`` (already percent-encoded) replaces every typed value."""
    parts = []
    for name, value in data:
        encoded = raw if raw is not None and value == "\x01raw" else quote(value)
        parts.append(f"{quote(name)}={encoded}")
    return "&".join(parts)


# --- the forms ------------------------------------------------------------------------
# Each returns (who signs in, or None; the page with the form[, the form's action]),
# from the module's ``people`` and the shared world.


def _actor():
    """A confirmed representative of a business (may offer events)."""
    return factories.user_with_role(RoleKind.ACTOR)


def _consultation(comments=False):
    return make_consultation(
        participation=Participation.ANYONE,
        allow_comments=comments,
        moderation=ModerationMode.POST,
    )


def build_people(world):
    """Who fills in the forms, and the consultations, once for the module; and
    the forms read from their pages (``open_form``)."""
    owner = _actor()
    grant_owner(world.business.entry, owner)
    return SimpleNamespace(
        citizen=factories.UserFactory(),
        actor=_actor(),
        owner=owner,
        consultation=_consultation(),
        commented=_consultation(comments=True),
        forms={},
    )


people = world_data(build_people)


def _form_newsletter(world, people):
    return None, reverse("newsletter:subscribe")


def _form_signup(world, people):
    return None, reverse("account_signup")


def _form_login(world, people):
    return None, reverse("account_login")


def _form_password_reset(world, people):
    return None, reverse("account_reset_password")


def _form_profile(world, people):
    return people.citizen, reverse("accounts:profile")


def _form_entry_new(world, people):
    return people.actor, reverse("business:entry_create")


def _form_entry_edit(world, people):
    entry = world.business.entry
    return people.owner, reverse("business:entry_edit", args=[entry.pk])


def _form_entry_claim(world, people):
    entry = world.business.entry
    return people.citizen, reverse("business:entry_claim", args=[entry.pk])


def _form_project_help(world, people):
    item = world.business.project.items.get()
    return (
        people.citizen,
        world.business.project.url,
        reverse("business:project_respond", args=[item.pk]),
    )


def _form_event(world, people):
    return people.actor, reverse("tourism:submit_event")


def _form_consultation_answer(world, people):
    return None, people.consultation.url + "answer/"


def _form_consultation_comment(world, people):
    return None, people.commented.url + "comment/"


def _form_service_application(world, people):
    return people.citizen, reverse("services:apply", args=[world.services.service.pk])


FORMS = {
    "newsletter": _form_newsletter,
    "signup": _form_signup,
    "login": _form_login,
    "password-reset": _form_password_reset,
    "profile": _form_profile,
    "entry-new": _form_entry_new,
    "entry-edit": _form_entry_edit,
    "entry-claim": _form_entry_claim,
    "project-help": _form_project_help,
    "event-submission": _form_event,
    "consultation-answer": _form_consultation_answer,
    "consultation-comment": _form_consultation_comment,
    "service-application": _form_service_application,
}
# Invalid UTF-8 is decoded with replacement characters (U+FFFD), which are text.
ALWAYS_REFUSED = {"nul"}
SWEPT = [name for name in PAYLOADS if name != "long"] + ["invalid-utf8"]
LONG = PAYLOADS["long"]
# every field people type text into (passwords are hashed, never stored or searched)
LIMITED = {"text", "textarea", "email", "url", "tel", "search"}


@pytest.fixture
def no_limits(world):
    with (
        override_settings(
            CONSULTATION_RATE_LIMIT=0,
            SIGNUP_RATE_LIMIT=0,
            ACCOUNT_RATE_LIMITS={"login": False, "signup": False},
        ),
        translation.override("de"),
    ):
        yield


def open_form(client, world, people, form_name):
    """Sign in as the form's person; the form as read from its page, fetched on
    the module's first use."""
    user, url, *action = FORMS[form_name](world, people)
    if user:
        client.force_login(user)
    if form_name not in people.forms:
        page = client.get(url)
        assert page.status_code == 200, (url, page.status_code)
        form = main_form(page.content.decode(), *action)
        people.forms[form_name] = form, form["action"] or url
    return people.forms[form_name]


def send(client, action, body, before, where, always_refused):
    """POST ``body``; no 500, no raw markup; a refusal says why and saves nothing.
    Returns the response when the form refused, else None."""
    response = client.post(
        action, body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code < 500, where
    assert_no_raw_markup(response.content, where)
    follow = None
    if response.status_code == 302:
        follow = client.get(response["Location"])
        assert follow.status_code < 500, where
        assert_no_raw_markup(follow.content, where)
    # A form refuses by showing itself again, or (small forms inside a page) by
    # leading back to the page with an error message.
    refused = follow is None or "kern-alert--danger" in follow.content.decode()
    if always_refused:
        assert refused, f"{where} was accepted"
    if not refused:
        return None
    assert response.status_code in (200, 302, 400), where
    html = (follow or response).content.decode()
    assert any(marker in html for marker in REFUSAL_MARKERS), where
    assert counts() == before, where
    return response


@pytest.mark.parametrize("payload", SWEPT)
@pytest.mark.parametrize("form_name", FORMS)
def test_hostile_values_in_every_field(
    client, world, people, no_limits, form_name, payload
):
    form, action = open_form(client, world, people, form_name)
    if payload == "invalid-utf8":
        body = encode(hostile_data(form, "\x01raw"), raw="%ff%fe%ed%a0%80")
    else:
        body = encode(hostile_data(form, PAYLOADS[payload]))
    where = f"{form_name} ({action}) with {payload}"
    send(client, action, body, counts(), where, payload in ALWAYS_REFUSED)


@pytest.mark.parametrize("form_name", FORMS)
def test_every_typed_field_has_a_length_limit(
    client, world, people, no_limits, form_name
):
    """100,000 characters in one field: that field is refused, with its own message."""
    form, action = open_form(client, world, people, form_name)
    defaults = hostile_data(form, "")
    typed = [name for name, kind, _v in form["fields"] if kind in LIMITED]
    assert typed, form_name
    for name in typed:
        data = [(key, LONG if key == name else value) for key, value in defaults]
        where = f"{form_name}: {name}"
        response = send(client, action, encode(data), counts(), where, True)
        if response.status_code == 200 and response.context:
            errors = response.context["form"].errors
            assert name in errors, f"{where} has no length limit"


def test_the_sweep_reads_the_fields_of_a_form(client, world, people, no_limits):
    """The HTML form reader finds the typed fields (a sweep over no field proves
    nothing)."""
    form, _action = open_form(client, world, people, "entry-new")
    names = {name for name, value in hostile_data(form, "X") if value == "X"}
    assert {"title", "intro", "street", "phone", "email", "website"} <= names
    assert "mo_opens_1" in names  # the opening hours grid
