"""Every role × every protected view → the expected answer.

The matrix is the executable form of the roles table in docs/security.md. A cell is
the status code the role must get; a 302 cell also names where it must lead (the login
page or the admin's start page, which Wagtail uses to refuse), so that a redirect
*into* the protected view never counts as a refusal.

The world is the sweeps' shared one (``tests/world.py``); on top of it, once for
the module: one person per role, with the groups the administration gives them,
an entry the actor owns and an application of the citizen.

The translation paths (wagtail-localize's views, the translation editor, sync,
bulk publishing, the APIs) have their own matrix, built from factories:
``tests/security/test_translation_matrix.py``.
"""

from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Site

from accounts.models import RoleKind
from accounts.permissions import grant_owner
from tests import factories
from tests.services.factories import application
from tests.world import world_data

# role -> the groups of a staff member in that role (see docs/workflows.md)
STAFF_GROUPS = {
    "editor": ["Redaktion Allgemein und Aktuelles", "Redaktion Tourismus"],
    "reviewer": ["Fachamt"],
    "approver": ["Amtsleitung"],
}


def build_people(world):
    """One person per role (``None``: an anonymous visitor) in the shared world,
    and the world with the citizen's application (a copy: the shared world's
    attributes stay as they are)."""
    municipality = factories.MunicipalityFactory()
    people = {
        "visitor": None,
        "citizen": factories.UserFactory(),
        "verified": factories.verified_citizen(),
        "actor": factories.user_with_role(RoleKind.ACTOR),
        "council": factories.council_member(municipality),
        "administrator": factories.StaffFactory(is_superuser=True),
    }
    for role, names in STAFF_GROUPS.items():
        people[role] = factories.StaffFactory()
        people[role].groups.add(*Group.objects.filter(name__in=names))
        assert people[role].groups.count() == len(names), role
    grant_owner(world.business.entry, people["actor"])
    world = SimpleNamespace(
        **vars(world),
        application=application(people["citizen"], page=world.services.service),
    )
    return SimpleNamespace(world=world, people=people)


data = world_data(build_people)

ROLES = [
    "visitor",
    "citizen",
    "verified",
    "actor",
    "council",
    "editor",
    "reviewer",
    "approver",
    "administrator",
]

OK = 200
LOGIN = "login"  # 302 to the portal's or the admin's login page, back to the view
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
    "account-home": (lambda world: reverse("accounts:home"), row(LOGIN, OK, staff=OK)),
    "account-profile": (
        lambda world: reverse("accounts:profile"),
        row(LOGIN, OK, staff=OK),
    ),
    "account-data-export": (
        lambda world: reverse("accounts:export"),
        row(LOGIN, OK, staff=OK),
    ),
    # staff accounts are closed by an administrator, not by their holder
    "account-delete": (
        lambda world: reverse("accounts:delete"),
        row(LOGIN, OK, staff=FORBIDDEN),
    ),
    # the admin
    "admin-dashboard": (
        lambda world: reverse("wagtailadmin_home"),
        row(LOGIN, LOGIN, staff=OK),
    ),
    "admin-users": (
        lambda world: reverse("wagtailusers_users:index"),
        row(LOGIN, LOGIN, staff=REFUSED, administrator=OK),
    ),
    "admin-groups": (
        lambda world: reverse("wagtailusers_groups:index"),
        row(LOGIN, LOGIN, staff=REFUSED, administrator=OK),
    ),
    "admin-workflows": (
        lambda world: reverse("wagtailadmin_workflows:index"),
        row(LOGIN, LOGIN, staff=REFUSED, administrator=OK),
    ),
    "admin-site-settings": (
        lambda world: reverse(
            "wagtailsettings:edit",
            args=["portal", "portalsettings", _default_site_id()],
        ),
        row(LOGIN, LOGIN, staff=REFUSED, administrator=OK),
    ),
    "admin-approval-report": (
        lambda world: reverse("portal_approval_report"),
        row(LOGIN, LOGIN, editor=REFUSED, reviewer=OK, approver=OK, administrator=OK),
    ),
    "admin-edit-tourism-section": (
        lambda world: reverse(
            "wagtailadmin_pages:edit", args=[world.tourism.section.index.pk]
        ),
        row(LOGIN, LOGIN, editor=OK, reviewer=REFUSED, approver=OK, administrator=OK),
    ),
    "admin-edit-data-section": (
        lambda world: reverse("wagtailadmin_pages:edit", args=[world.data.index.pk]),
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
OWNED = {
    # the actor's own entry: only they and staff with edit rights on it
    "business-entry-edit": (
        lambda world: reverse("business:entry_edit", args=[world.business.entry.pk]),
        {
            **row(LOGIN, FORBIDDEN, editor=FORBIDDEN, reviewer=FORBIDDEN),
            "actor": OK,
            "approver": OK,
            "administrator": OK,
        },
    ),
    # a citizen's application: nobody else learns that it exists
    "service-application": (
        lambda world: reverse(
            "services:application", args=[world.application.reference]
        ),
        {**row(LOGIN, NOT_FOUND, staff=NOT_FOUND), "citizen": OK},
    ),
    "service-application-receipt": (
        lambda world: reverse("services:receipt", args=[world.application.reference]),
        {**row(LOGIN, NOT_FOUND, staff=NOT_FOUND), "citizen": NOT_FOUND},
    ),
    # tourism providers' own events: confirmed actors only
    "provider-events": (
        lambda world: reverse("tourism:my_events"),
        {
            **row(LOGIN, FORBIDDEN, staff=FORBIDDEN),
            "actor": OK,
            "administrator": OK,
        },
    ),
    # staff work queues
    "admin-application-queue": (
        lambda world: reverse("services_admin:queue"),
        row(LOGIN, LOGIN, staff=REFUSED, administrator=OK),
    ),
    "admin-consultation-moderation": (
        lambda world: reverse("consultations_admin:moderation"),
        row(LOGIN, LOGIN, staff=REFUSED, administrator=OK),
    ),
    "admin-consultation-export": (
        lambda world: reverse(
            "consultations_admin:export_csv", args=[world.consultations.consultation.pk]
        ),
        row(LOGIN, LOGIN, staff=REFUSED, administrator=OK),
    ),
}
MATRIX.update(OWNED)


def login_pages():
    return {reverse("account_login"), reverse("wagtailadmin_login")}


def _default_site_id():
    return Site.objects.get(is_default_site=True).pk


def _cases():
    for view, (_url, cells) in MATRIX.items():
        for role, expected in cells.items():
            yield pytest.param(view, role, expected, id=f"{view}-{role}")


@pytest.mark.django_db
@pytest.mark.parametrize("view, role, expected", list(_cases()))
def test_permission_matrix(client, data, view, role, expected):
    url = MATRIX[view][0](data.world)
    user = data.people[role]
    if user:
        client.force_login(user)
    response = client.get(url)
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        location = urlsplit(response["Location"])
        assert location.path in login_pages(), response["Location"]
        assert parse_qs(location.query)["next"] == [url], response["Location"]
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
