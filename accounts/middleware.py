"""Require a second factor (TOTP) for staff: in the Wagtail admin (middleware)
and in the front-end views that staff reach through their staff rights
(``second_factor_redirect``)."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


def needs_second_factor(user):
    if not user.is_authenticated or user.is_verified():
        return False
    return user.is_staff or user.has_perm("wagtailadmin.access_admin")


def second_factor_redirect(request):
    """With ``STAFF_2FA_REQUIRED``: the redirect to the two-factor step for a
    staff member whose session has no verified second factor, else ``None``.

    Staff without a confirmed device are sent to the setup page, the others to
    the code page; both return to the page they asked for.
    """
    if not (settings.STAFF_2FA_REQUIRED and needs_second_factor(request.user)):
        return None
    from django_otp import devices_for_user

    has_device = any(devices_for_user(request.user, confirmed=True))
    target = "accounts_otp:verify" if has_device else "accounts_otp:setup"
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse(target)}?{query}")


class StaffTwoFactorMiddleware:
    """With ``STAFF_2FA_REQUIRED``, admin pages need a verified OTP session.

    Runs after django-otp's ``OTPMiddleware`` (which adds ``is_verified``).
    Front-end views that staff reach through their staff rights call
    ``second_factor_redirect`` themselves (they are open to citizens too).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._guarded(request.path):
            response = second_factor_redirect(request)
            if response is not None:
                return response
        return self.get_response(request)

    @staticmethod
    def _guarded(path):
        if not path.startswith("/admin/"):
            return False
        open_paths = (
            reverse("accounts_otp:setup"),
            reverse("accounts_otp:verify"),
            reverse("wagtailadmin_login"),
            reverse("wagtailadmin_logout"),
        )
        return not path.startswith(open_paths)
