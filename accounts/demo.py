"""Demo accounts: confirmed e-mail for every demo user, a verified citizen and
an actor representative (idempotent; runs after ``portal.demo``)."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from accounts.models import (
    IdentityLevel,
    IdentityVerification,
    RoleKind,
    UserRole,
    VerificationMethod,
)
from portal.demo import DEMO_PASSWORD

VERIFIED_CITIZEN = ("buerger-verifiziert", "Vera", "Voss", "vera.voss@example.org")
COUNCIL_MEMBER = ("ratsmitglied", "Rainer", "Rat", "rainer.rat@example.org")


def _confirm_email(user):
    if user.email:
        EmailAddress.objects.get_or_create(
            user=user,
            email=user.email,
            defaults={"verified": True, "primary": True},
        )


def _user(username, first, last, email):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = get_user_model()(
            username=username, first_name=first, last_name=last, email=email
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
    _confirm_email(user)
    return user


def load(demo):
    for user in demo.users.values():
        _confirm_email(user)

    username = VERIFIED_CITIZEN[0]
    verified = _user(*VERIFIED_CITIZEN)
    IdentityVerification.objects.get_or_create(
        user=verified,
        defaults={
            "level": IdentityLevel.SUBSTANTIAL,
            "method": VerificationMethod.DEV_SIMULATION,
            "municipality_ags": "13076027",  # Crivitz, demo value
        },
    )
    demo.users[username] = verified

    company = demo.users.get("unternehmen")
    if company is not None:
        role, created = UserRole.objects.get_or_create(
            user=company,
            role=RoleKind.ACTOR,
            organisation="Hofladen Banzkow",
            defaults={"municipality": demo.municipality("banzkow")},
        )
        if created or not role.is_confirmed:
            role.confirm(by=demo.users.get("admin"))

    council_member = _user(*COUNCIL_MEMBER)
    role, created = UserRole.objects.get_or_create(
        user=council_member,
        role=RoleKind.COUNCIL,
        organisation="Gemeindevertretung Crivitz",
        defaults={"municipality": demo.municipality("crivitz")},
    )
    if created or not role.is_confirmed:
        role.confirm(by=demo.users.get("admin"))
    demo.users[council_member.username] = council_member
    demo.log(
        "  accounts: demo users with confirmed e-mail, verified citizen, actor,"
        " council member"
    )
