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
