"""TOTP setup and verification for staff (django-otp)."""

import base64

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.identity import safe_next


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def __init__(self, *args, device=None, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if self.device is None or not self.device.verify_token(token):
            raise forms.ValidationError(_("The code is not correct. Please try again."))
        return token


def _admin_next(request):
    """Back to the page that asked for the second factor: an admin page or a
    front-end view staff reach through their staff rights (this site only)."""
    target = safe_next(request, fallback="/admin/")
    return (
        target if target.startswith("/") and not target.startswith("//") else "/admin/"
    )


@login_required(login_url="wagtailadmin_login")
@require_http_methods(["GET", "POST"])
def setup(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is not None:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(reverse("accounts_otp:verify") + query)
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "TOTP"}
    )
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        return redirect(_admin_next(request))
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_data_uri": segno.make(device.config_url).svg_data_uri(scale=5),
            "secret": base64.b32encode(device.bin_key).decode(),
            "next": _admin_next(request),
        },
    )


@login_required(login_url="wagtailadmin_login")
@require_http_methods(["GET", "POST"])
def verify(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(reverse("accounts_otp:setup") + query)
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(_admin_next(request))
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": _admin_next(request)},
    )
