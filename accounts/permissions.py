"""Object permissions for things outside users own (django-guardian).

The small API later apps use:

- ``grant_owner(obj, user)`` — the user may view, change and delete ``obj``;
- ``revoke_owner(obj, user)`` — takes that back;
- ``user_is_owner(user, obj)`` and ``user_can_edit(user, obj)`` — owner, or staff
  who may edit it in the admin (page permissions for pages);
- ``OwnerRequiredMixin`` — a view mixin that answers 403 to everyone else.

Staff see and revoke grants in the Wagtail admin (Settings → Object permissions).
"""

from django.contrib.auth.models import Permission
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm
from wagtail.models import Page

from portal.page_cache import forget_personal_parts

OWNER_ACTIONS = ("view", "change", "delete")


def _codenames(obj):
    opts = obj._meta
    wanted = [f"{action}_{opts.model_name}" for action in OWNER_ACTIONS]
    existing = set(
        Permission.objects.filter(
            content_type__app_label=opts.app_label, codename__in=wanted
        ).values_list("codename", flat=True)
    )
    return [codename for codename in wanted if codename in existing]


def grant_owner(obj, user):
    """Make ``user`` an owner of ``obj`` (view, change, delete)."""
    for codename in _codenames(obj):
        assign_perm(codename, user, obj)
    # An owner's edit link is a per-visitor part the page cache keeps a minute.
    forget_personal_parts(user)


def revoke_owner(obj, user):
    for codename in _codenames(obj):
        remove_perm(codename, user, obj)
    forget_personal_parts(user)


def user_is_owner(user, obj):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    codename = f"change_{obj._meta.model_name}"
    return ObjectPermissionChecker(user).has_perm(codename, obj)


def user_can_edit(user, obj):
    """Owner of ``obj``, or staff who may edit it in the admin.

    For pages that is Wagtail's page permission (the group's permissions on the
    page's section), for other objects the model's change permission.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff:
        if isinstance(obj, Page):
            if obj.permissions_for_user(user).can_edit():
                return True
        else:
            opts = obj._meta
            if user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
                return True
    return user_is_owner(user, obj)


def objects_owned_by(user, queryset):
    """The objects of ``queryset`` that ``user`` owns (for "my entries")."""
    opts = queryset.model._meta
    return get_objects_for_user(
        user,
        f"{opts.app_label}.change_{opts.model_name}",
        klass=queryset,
        with_superuser=False,
        accept_global_perms=False,
    )


class OwnerRequiredMixin:
    """For views with ``get_object()``: owners and staff editors only.

    Anonymous users are sent to the login; signed-in users who may not edit
    the object get 403 Forbidden.
    """

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not user_can_edit(self.request.user, obj):
            raise PermissionDenied
        return obj

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)
