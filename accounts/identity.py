"""Identity levels: what a user has reached and how views require a level.

Later apps use :func:`identity_required` (function views),
:class:`IdentityLevelRequiredMixin` (class-based views) and the template filter
``has_identity_level`` (``{% load accounts_tags %}``). A user whose level is too
low is sent to the step-up page, which offers the BundID login and brings the
user back to ``next`` afterwards.
"""

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.models import IdentityLevel

LEVEL_NAMES = {choice.name.lower(): choice for choice in IdentityLevel}


def as_level(value):
    """An ``IdentityLevel`` from a level, its number or its name ("substantial")."""
    if isinstance(value, IdentityLevel):
        return value
    if isinstance(value, str) and not value.isdigit():
        return LEVEL_NAMES[value.lower()]
    return IdentityLevel(int(value))


def get_identity_level(user):
    """The highest level the user has reached (``NONE`` for anonymous users),
    computed afresh: a verification may have been added since ``user`` was read
    (``User.identity_level`` is kept for the request)."""
    if not getattr(user, "is_authenticated", False):
        return IdentityLevel.NONE
    return user.current_identity_level()


def has_identity_level(user, level):
    return get_identity_level(user) >= as_level(level)


def safe_next(request, fallback="/"):
    """The ``next`` parameter if it points to this site, else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return target
    return fallback


def step_up_url(level, next_url):
    query = urlencode({"level": as_level(level).name.lower(), "next": next_url})
    return f"{reverse('accounts:identity')}?{query}"


def _refuse(request, level):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return redirect(step_up_url(level, request.get_full_path()))


def identity_required(level):
    """Decorator: the view needs a signed-in user with at least ``level``."""
    required = as_level(level)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_identity_level(request.user, required):
                return _refuse(request, required)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class IdentityLevelRequiredMixin:
    """Class-based views: set ``required_identity_level``."""

    required_identity_level = IdentityLevel.SUBSTANTIAL

    def dispatch(self, request, *args, **kwargs):
        if not has_identity_level(request.user, self.required_identity_level):
            return _refuse(request, as_level(self.required_identity_level))
        return super().dispatch(request, *args, **kwargs)
