"""Staff for the security tests: permissions, and sessions with and without the
verified second factor (django-otp's TOTP)."""

from django.contrib.auth.models import Group, Permission
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import StaffFactory


def staff_with(*permissions, groups=()):
    """A staff member holding ``app_label.codename`` permissions (and admin access)
    through a group of their own, plus the named ``groups``."""
    user = StaffFactory()
    own = Group.objects.create(name=f"perms-{user.username}")
    for dotted in ("wagtailadmin.access_admin", *permissions):
        app_label, codename = dotted.split(".")
        own.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    user.groups.add(own)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


def login_password_only(client, user):
    """Signed in with the password; a confirmed TOTP device exists, but this
    session has not entered a code."""
    TOTPDevice.objects.get_or_create(
        user=user, name="TOTP", defaults={"confirmed": True}
    )
    client.force_login(user)


def login_with_second_factor(client, user):
    """Signed in with the password and a verified TOTP code."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="TOTP", defaults={"confirmed": True}
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def second_factor_step(url):
    """Where staff without the verified code are sent: the code page, back to ``url``."""
    from urllib.parse import urlencode

    from django.urls import reverse

    return f"{reverse('accounts_otp:verify')}?{urlencode({'next': url})}"
