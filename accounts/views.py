"""The account area ("Mein Konto"): overview, profile, identity, privacy."""

from allauth.account import views as allauth_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import identity, saml
from accounts.forms import ProfileForm, SimulateVerificationForm
from accounts.models import IdentityLevel, IdentityVerification, VerificationMethod
from accounts.sections import collect_account_sections
from portal import ratelimit


@login_required
def account_home(request):
    return render(
        request,
        "accounts/home.html",
        {
            "sections": collect_account_sections(request),
            "identity_level": identity.get_identity_level(request.user),
            "verification": IdentityVerification.objects.filter(
                user=request.user
            ).first(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:home")
    return render(request, "accounts/profile.html", {"form": form})


def _requested_level(request):
    try:
        level = identity.as_level(request.GET.get("level") or "substantial")
    except (KeyError, ValueError):
        level = IdentityLevel.SUBSTANTIAL
    return max(level, IdentityLevel.BASIC)


@login_required
def identity_status(request):
    """Current level and the step-up offer (BundID, and the dev simulation)."""
    level = _requested_level(request)
    next_url = identity.safe_next(request, fallback="")
    current = identity.get_identity_level(request.user)
    return render(
        request,
        "accounts/identity.html",
        {
            "current_level": current,
            "current_level_label": IdentityLevel(current).label,
            "requested_level": level,
            "requested_level_label": level.label,
            "level_reached": current >= level,
            "next": next_url,
            "saml_configured": saml.is_configured(),
            "simulation_enabled": settings.PORTAL_IDENTITY_SIMULATION,
            "verification": IdentityVerification.objects.filter(
                user=request.user
            ).first(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def simulate_verification(request):
    """Development only: pretend a BundID login reached the chosen level."""
    if not settings.PORTAL_IDENTITY_SIMULATION:
        raise Http404
    form = SimulateVerificationForm(
        request.POST or None,
        initial={
            "level": _requested_level(request),
            "next": identity.safe_next(request, fallback=""),
        },
    )
    if request.method == "POST" and form.is_valid():
        IdentityVerification.objects.update_or_create(
            user=request.user,
            defaults={
                "level": form.cleaned_data["level"],
                "method": VerificationMethod.DEV_SIMULATION,
                "person_hash": None,
                "municipality_ags": "",
            },
        )
        messages.success(
            request,
            _("Simulated verification at level “%(level)s”.")
            % {"level": IdentityLevel(form.cleaned_data["level"]).label},
        )
        return redirect(identity.safe_next(request, fallback="accounts:identity"))
    return render(request, "accounts/simulate.html", {"form": form})


# Registration under the portal's one rate limiter (SIGNUP_RATE_LIMIT per
# SIGNUP_RATE_WINDOW and address; allauth's own "signup" limit is off), so it
# answers like every other throttle: the translated 429 page with Retry-After.
signup = ratelimit.throttle("signup", "SIGNUP")(allauth_views.signup)
