"""Every role × every protected view → the expected answer.

The matrix is the executable form of the roles table in docs/security.md. A cell is
the status code the role must get; a 302 cell also names where it must lead (the login
page or the admin's start page, which Wagtail uses to refuse), so that a redirect
*into* the protected view never counts as a refusal.

The translation paths (wagtail-localize's views, the translation editor, sync,
bulk publishing, the APIs) have their own matrix, built from factories:
``tests/security/test_translation_matrix.py``.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.demo

# role -> demo username (None: an anonymous visitor)
ROLES = {
    "visitor": None,
    "citizen": "buerger",
    "verified": "buerger-verifiziert",
    "actor": "unternehmen",
    "council": "ratsmitglied",
    "editor": "redaktion",
    "reviewer": "pruefung",
    "approver": "amtsleitung",
    "administrator": "admin",
}

OK = 200
LOGIN = "login"  # 302 to the portal's or the admin's login page
REFUSED = "refused"  # 302 back to the admin start page (Wagtail's "permission denied")
FORBIDDEN = 403
NOT_FOUND = 404

CITIZENS = ["citizen", "verified", "actor", "council"]
STAFF = ["editor", "reviewer", "approver", "administrator"]


def row(visitor, citizens, **staff):
    """One matrix row: the visitor's answer, the outside users' answer, then staff."""
    cells = {"visitor": visitor, **dict.fromkeys(CITIZENS, citizens)}
    for role in STAFF:
        cells[role] = staff.get(role, staff.get("staff"))
    return cells


MATRIX = {
    # the account area: own data only, login required
    "account-home": (lambda: reverse("accounts:home"), row(LOGIN, OK, staff=OK)),
    "account-profile": (lambda: reverse("accounts:profile"), row(LOGIN, OK, staff=OK)),
    "account-data-export": (
        lambda: reverse("accounts:export"),
        row(LOGIN, OK, staff=OK),
    ),
    # staff accounts are closed by an administrator, not by their holder
    "account-delete": (
        lambda: reverse("accounts:delete"),
        row(LOGIN, OK, staff=FORBIDDEN),
    ),
    # the admin
    "admin-dashboard": (
        lambda: reverse("wagtailadmin_home"),
        row(LOGIN, LOGIN, staff=OK),
    ),
    "admin-users": (
        lambda: reverse("wagtailusers_users:index"),
        row(LOGIN, LOGIN, staff=REFUSED, administrator=OK),
    ),
    "admin-groups": (
        lambda: reverse("wagtailusers_groups:index"),
        row(LOGIN, LOGIN, staff=REFUSED, administrator=OK),
    ),
    "admin-workflows": (
        lambda: reverse("wagtailadmin_workflows:index"),
        row(LOGIN, LOGIN, staff=REFUSED, administrator=OK),
    ),
    "admin-site-settings": (
        lambda: reverse(
            "wagtailsettings:edit",
            args=["portal", "portalsettings", _default_site_id()],
        ),
        row(LOGIN, LOGIN, staff=REFUSED, administrator=OK),
    ),
    "admin-approval-report": (
        lambda: reverse("portal_approval_report"),
        row(LOGIN, LOGIN, editor=REFUSED, reviewer=OK, approver=OK, administrator=OK),
    ),
    "admin-edit-tourism-section": (
        lambda: reverse("wagtailadmin_pages:edit", args=[_section_id("tourismus")]),
        row(LOGIN, LOGIN, editor=OK, reviewer=REFUSED, approver=OK, administrator=OK),
    ),
    "admin-edit-data-section": (
        lambda: reverse("wagtailadmin_pages:edit", args=[_section_id("daten")]),
        row(
            LOGIN,
            LOGIN,
            editor=REFUSED,
            reviewer=REFUSED,
            approver=OK,
            administrator=OK,
        ),
    ),
}


# --- objects owned by one user, requested by every role ---------------------------
def _owned_entry_id():
    """A directory entry that the actor (``unternehmen``) owns, with no change
    waiting for approval (reviewers may edit what waits at their step)."""
    from accounts.permissions import objects_owned_by
    from business.models import BusinessEntryPage

    owned = objects_owned_by(_user("unternehmen"), BusinessEntryPage.objects.all())
    return next(entry.pk for entry in owned if not entry.workflow_in_progress)


def _citizens_application():
    from services.models import Application

    return Application.objects.filter(applicant=_user("buerger")).first().reference


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def _open_consultation_id():
    from consultations.models import ConsultationPage

    return ConsultationPage.objects.get(
        slug="radweg-crivitz-banzkow", locale__language_code="de"
    ).pk


OWNED = {
    # the actor's own entry: only they and staff with edit rights on it
    "business-entry-edit": (
        lambda: reverse("business:entry_edit", args=[_owned_entry_id()]),
        {
            **row(LOGIN, FORBIDDEN, editor=FORBIDDEN, reviewer=FORBIDDEN),
            "actor": OK,
            "approver": OK,
            "administrator": OK,
        },
    ),
    # a citizen's application: nobody else learns that it exists
    "service-application": (
        lambda: reverse("services:application", args=[_citizens_application()]),
        {**row(LOGIN, NOT_FOUND, staff=NOT_FOUND), "citizen": OK},
    ),
    "service-application-receipt": (
        lambda: reverse("services:receipt", args=[_citizens_application()]),
        {**row(LOGIN, NOT_FOUND, staff=NOT_FOUND), "citizen": NOT_FOUND},
    ),
    # tourism providers' own events: confirmed actors only
    "provider-events": (
        lambda: reverse("tourism:my_events"),
        {
            **row(LOGIN, FORBIDDEN, staff=FORBIDDEN),
            "actor": OK,
            "administrator": OK,
        },
    ),
    # staff work queues
    "admin-application-queue": (
        lambda: reverse("services_admin:queue"),
        row(LOGIN, LOGIN, staff=REFUSED, administrator=OK),
    ),
    "admin-consultation-moderation": (
        lambda: reverse("consultations_admin:moderation"),
        row(LOGIN, LOGIN, staff=REFUSED, administrator=OK),
    ),
    "admin-consultation-export": (
        lambda: reverse(
            "consultations_admin:export_csv", args=[_open_consultation_id()]
        ),
        row(LOGIN, LOGIN, staff=REFUSED, administrator=OK),
    ),
}
MATRIX.update(OWNED)


def _default_site_id():
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).pk


def _section_id(slug):
    from wagtail.models import Page

    return Page.objects.get(slug=slug, locale__language_code="de").pk


def _cases():
    for view, (_url, cells) in MATRIX.items():
        for role, expected in cells.items():
            yield pytest.param(view, role, expected, id=f"{view}-{role}")


@pytest.mark.django_db
@pytest.mark.parametrize("view, role, expected", list(_cases()))
def test_permission_matrix(client, demo_user, view, role, expected):
    url = MATRIX[view][0]()
    username = ROLES[role]
    if username:
        client.force_login(demo_user(username))
    response = client.get(url)
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert "login" in response["Location"], response["Location"]
    elif expected == REFUSED:
        assert response.status_code == 302, response.status_code
        assert response["Location"] in {reverse("wagtailadmin_home"), "/admin/"}, (
            response["Location"]
        )
    else:
        assert response.status_code == expected


def test_every_role_is_in_every_row():
    for view, (_url, cells) in MATRIX.items():
        assert set(cells) == set(ROLES), view
