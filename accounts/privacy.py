"""Privacy: what the portal stores about a user, and deleting an account.

Export: every app that stores personal data registers a function with the
Wagtail hook ``portal_user_data``. It receives ``(user)`` and returns
``(key, data)`` with JSON-serialisable ``data`` (or ``None``); the export
contains one entry per key.

Deletion: before an account is deleted, the signal :data:`account_deleting`
is sent with ``user`` and ``pseudonym``. The rule for content the user
authored is: **published contributions stay, pseudonymised** — a receiver
detaches them from the user (foreign keys ``on_delete=SET_NULL`` or an
explicit update) and shows ``pseudonym`` ("deleted user") as the author.
Unpublished drafts and private data (applications in progress, follows,
subscriptions) are deleted with the account (``on_delete=CASCADE``).
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermission
from wagtail import hooks

from accounts.models import IdentityLevel, IdentityVerification

DATA_HOOK = "portal_user_data"

# Sent before the user row is deleted: receivers pseudonymise published content.
account_deleting = Signal()

PSEUDONYM = _("deleted user")


def _iso(value):
    return value.isoformat() if value else None


def core_user_data(user):
    data = {
        "account": {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "is_staff": user.is_staff,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "identity_verification": None,
        "roles": [
            {
                "role": role.role,
                "organisation": role.organisation,
                "municipality": role.municipality.name if role.municipality else None,
                "confirmed_at": _iso(role.confirmed_at),
                "requested_at": _iso(role.created_at),
            }
            for role in user.portal_roles.select_related("municipality")
        ],
        "object_permissions": [
            {
                "permission": perm.permission.codename,
                "content_type": f"{perm.content_type.app_label}.{perm.content_type.model}",
                "object_id": perm.object_pk,
                "object": str(perm.content_object) if perm.content_object else None,
            }
            for perm in UserObjectPermission.objects.filter(user=user).select_related(
                "permission", "content_type"
            )
        ],
        "groups": [group.name for group in user.groups.all()],
    }
    verification = IdentityVerification.objects.filter(user=user).first()
    if verification is not None:
        data["identity_verification"] = {
            "level": IdentityLevel(verification.level).name.lower(),
            "level_label": str(verification.get_level_display()),
            "method": verification.method,
            "verified_at": _iso(verification.verified_at),
            "person_pseudonym_hash": verification.person_hash,
            "municipality_ags": verification.municipality_ags,
        }
    return data


def collect_user_data(user):
    """Everything the portal stores about ``user``, as a JSON-ready dict."""
    data = {"exported_at": timezone.now().isoformat(), **core_user_data(user)}
    for hook in hooks.get_hooks(DATA_HOOK):
        result = hook(user)
        if result is not None:
            key, value = result
            data[key] = value
    return data


def delete_account(user):
    """Delete ``user`` after letting apps pseudonymise published content."""
    with transaction.atomic():
        account_deleting.send(
            sender=get_user_model(), user=user, pseudonym=str(PSEUDONYM)
        )
        user.delete()
