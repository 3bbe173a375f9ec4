"""Admin shape of the accounts app and its own sections of "Mein Konto"."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from accounts.sections import AccountSection


@hooks.register("portal_account_sections")
def core_account_sections(request):
    return [
        AccountSection(
            _("Profile"),
            reverse("accounts:profile"),
            _("Your name, e-mail addresses and password."),
            order=10,
        ),
        AccountSection(
            _("Verified identity"),
            reverse("accounts:identity"),
            _("Prove your identity with BundID for services that need it."),
            order=20,
        ),
        AccountSection(
            _("My data"),
            reverse("accounts:export"),
            _("Download everything the portal stores about you."),
            order=900,
        ),
        AccountSection(
            _("Delete account"),
            reverse("accounts:delete"),
            _("Remove your account and personal data."),
            order=910,
        ),
    ]


# --- Admin: object permission grants and roles -------------------------------------

from django import forms  # noqa: E402
from django.utils import timezone  # noqa: E402
from guardian.models import UserObjectPermission  # noqa: E402
from wagtail.admin.forms import WagtailAdminModelForm  # noqa: E402
from wagtail.admin.ui.tables import Column, DateColumn  # noqa: E402
from wagtail.admin.views import generic  # noqa: E402
from wagtail.admin.viewsets.base import ViewSetGroup  # noqa: E402
from wagtail.admin.viewsets.model import ModelViewSet  # noqa: E402
from wagtail.permission_policies import ModelPermissionPolicy  # noqa: E402
from wagtail.permissions import register_permission_policy  # noqa: E402

from accounts.models import IdentityVerification, UserRole  # noqa: E402


class GrantPermissionPolicy(ModelPermissionPolicy):
    """Grants are made by the apps (``grant_owner``); staff only see and revoke."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "copy"}:
            return False
        if action in {"view", "delete"}:
            return user.has_perm("guardian.delete_userobjectpermission")
        return super().user_has_permission(user, action)


register_permission_policy(
    UserObjectPermission, GrantPermissionPolicy(UserObjectPermission)
)


class GrantViewSet(ModelViewSet):
    model = UserObjectPermission
    icon = "lock"
    menu_label = _("Object permissions")
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = [
        Column("user", label=_("user")),
        Column("permission", label=_("permission")),
        Column("content_type", label=_("type")),
        Column("content_object", label=_("object")),
    ]
    list_filter = ["content_type", "permission"]
    search_fields = ["user__username", "user__email", "object_pk"]
    form_fields = ["user", "permission", "content_type", "object_pk"]


class UserRoleForm(WagtailAdminModelForm):
    confirmed = forms.BooleanField(
        label=_("confirmed"),
        required=False,
        help_text=_("Staff confirm a role after checking it (e.g. a council mandate)."),
    )

    class Meta:
        model = UserRole
        fields = ["user", "role", "municipality", "organisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmed"].initial = self.instance.is_confirmed


class ConfirmingMixin:
    def save_instance(self):
        instance = self.form.save(commit=False)
        confirmed = self.form.cleaned_data.get("confirmed")
        if confirmed and not instance.is_confirmed:
            instance.confirmed_by = self.request.user
            instance.confirmed_at = timezone.now()
        elif not confirmed:
            instance.confirmed_by = None
            instance.confirmed_at = None
        instance.save()
        return instance


class UserRoleCreateView(ConfirmingMixin, generic.CreateView):
    pass


class UserRoleEditView(ConfirmingMixin, generic.EditView):
    pass


class UserRoleViewSet(ModelViewSet):
    model = UserRole
    icon = "group"
    menu_label = _("Roles")
    add_view_class = UserRoleCreateView
    edit_view_class = UserRoleEditView
    copy_view_enabled = False
    list_display = [
        "user",
        "role",
        "organisation",
        "municipality",
        DateColumn("confirmed_at", label=_("confirmed at")),
        "confirmed_by",
    ]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "organisation"]

    def get_form_class(self, for_update=False):
        return UserRoleForm


class IdentityVerificationViewSet(ModelViewSet):
    model = IdentityVerification
    icon = "success"
    menu_label = _("Identity verifications")
    copy_view_enabled = False
    list_display = ["user", "level", "method", DateColumn("verified_at")]
    list_filter = ["level", "method"]
    search_fields = ["user__username", "user__email"]
    form_fields = ["level", "method", "municipality_ags"]


class AccountsViewSetGroup(ViewSetGroup):
    menu_label = _("Accounts")
    menu_icon = "user"
    menu_order = 650
    items = (UserRoleViewSet, IdentityVerificationViewSet, GrantViewSet)


@hooks.register("register_admin_viewset")
def register_accounts_viewsets():
    return AccountsViewSetGroup()
