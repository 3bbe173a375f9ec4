"""Admin menu items that only users with a permission see.

Wagtail 8 shows a ``ModelViewSet``'s menu item from the model's permission
policy, but a plain ``ViewSet`` (admin views of our own that check their
permission themselves) gets a ``MenuItem`` shown to everybody, and Wagtail
offers no permission-aware ``MenuItem`` besides ``AdminOnlyMenuItem``
(superusers). This is the one such item of the portal: a viewset sets
``menu_item_class = menu_item_for("app.codename", …)``; the views still check
their permission.
"""

from wagtail.admin.menu import MenuItem


class PermissionMenuItem(MenuItem):
    """Shown to users who have any of ``permissions``."""

    permissions = ()

    def is_shown(self, request):
        return any(request.user.has_perm(name) for name in self.permissions)


def menu_item_for(*permissions):
    """A ``MenuItem`` class shown to users with any of ``permissions``."""
    if not permissions:
        raise ValueError("menu_item_for needs at least one permission")
    return type(
        "PermissionMenuItem", (PermissionMenuItem,), {"permissions": permissions}
    )
