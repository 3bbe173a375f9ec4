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


def _confirm_email(user):
    if user.email:
        EmailAddress.objects.get_or_create(
            user=user,
            email=user.email,
            defaults={"verified": True, "primary": True},
        )


def load(demo):
    User = get_user_model()
    for user in demo.users.values():
        _confirm_email(user)

    username, first, last, email = VERIFIED_CITIZEN
    verified = User.objects.filter(username=username).first()
    if verified is None:
        verified = User(
            username=username, first_name=first, last_name=last, email=email
        )
        verified.set_password(DEMO_PASSWORD)
        verified.save()
    _confirm_email(verified)
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
    demo.log("  accounts: demo users with confirmed e-mail, verified citizen, actor")
