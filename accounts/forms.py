from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import IdentityLevel

# A user name is at most 150 characters, an e-mail address at most 254.
LOGIN_MAX_LENGTH = 254


class LoginForm(AllauthLoginForm):
    """allauth's login form with a length limit on the user name or e-mail address:
    an over-long value is refused before it reaches a database lookup (SQLite
    refuses LIKE patterns longer than 50,000 bytes with an error)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.max_length = LOGIN_MAX_LENGTH
        login.validators.append(MaxLengthValidator(LOGIN_MAX_LENGTH))
        login.widget.attrs["maxlength"] = str(LOGIN_MAX_LENGTH)


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, doing the same work for a known e-mail address.

    With ``ACCOUNT_PREVENT_ENUMERATION`` (allauth's default) a sign-up with an
    address that already has an account answers like a new one and mails the
    address ("you already have an account") instead of creating a user. What
    still told them apart was the time: a new account hashes the password (the
    slow part, about a second), a known address did not. Here it hashes the
    password too, with the same hasher, and the result is thrown away.
    """

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name"]


class SimulateVerificationForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Identity level to simulate"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (IdentityLevel.BASIC, _("basic (e.g. BundID user name and password)")),
            (IdentityLevel.SUBSTANTIAL, _("substantial (e.g. ELSTER certificate)")),
            (IdentityLevel.HIGH, _("high (e.g. Online-Ausweis, eID card)")),
        ],
        initial=IdentityLevel.SUBSTANTIAL,
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_(
            "Enter your password to confirm that you want to delete the account."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password
