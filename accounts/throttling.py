"""django-axes integration: one lockout key for the portal and the admin login.

The portal login (allauth) authenticates with ``username`` or ``email``; the
Wagtail admin login with ``username``. Both count against the same account.
"""

from django.contrib.auth import get_user_model


def get_login_username(request, credentials):
    credentials = credentials or {}
    login = (
        credentials.get("username")
        or credentials.get("email")
        or request.POST.get("login")
        or request.POST.get("username")
        or ""
    ).strip()
    if "@" in login:
        user = get_user_model().objects.filter(email__iexact=login).first()
        if user is not None:
            return user.username
    return login.lower()
