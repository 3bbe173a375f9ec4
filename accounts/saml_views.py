"""BundID step-up: start the SAML login, receive the answer, apply it."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts import identity, saml
from accounts.models import (
    IdentityLevel,
    IdentityVerification,
    PendingVerification,
    UsedAssertion,
    VerificationMethod,
)
from portal.models import Municipality

PENDING_LIFETIME = timedelta(minutes=30)
# A BundID answer is a few kilobytes; anything much larger is not read.
MAX_SAML_RESPONSE = 256 * 1024


def _refused(request, message, status=400):
    return render(
        request, "accounts/saml_refused.html", {"message": message}, status=status
    )


@require_GET
def metadata(request):
    if not saml.is_configured():
        return HttpResponse(status=404)
    return HttpResponse(
        saml.metadata_xml(), content_type="application/samlmetadata+xml"
    )


@login_required
@require_GET
def login(request):
    """Send the signed-in user to BundID, asking for at least ``level``."""
    if not saml.is_configured():
        return _refused(
            request, _("The BundID login is not configured on this portal."), 503
        )
    try:
        level = identity.as_level(request.GET.get("level", "substantial"))
    except (KeyError, ValueError):
        level = IdentityLevel.SUBSTANTIAL
    level = min(max(level, IdentityLevel.BASIC), IdentityLevel.HIGH)
    PendingVerification.objects.filter(
        created_at__lt=timezone.now() - PENDING_LIFETIME
    ).delete()
    try:
        request_id, location = saml.authn_request(level)
    except saml.SamlRefused as refusal:
        return _refused(request, refusal.message, 503)
    PendingVerification.objects.create(
        request_id=request_id,
        user=request.user,
        requested_level=level,
        next_url=identity.safe_next(request, fallback=""),
    )
    return redirect(location)


def _municipality_ags(locality):
    if not locality:
        return ""
    municipality = Municipality.objects.filter(name__iexact=locality.strip()).first()
    return municipality.ags if municipality else ""


@csrf_exempt  # the identity provider posts cross-site; the response is signed
@require_POST
def acs(request):
    """Assertion consumer service: check the answer, remember the result."""
    if not saml.is_configured():
        return HttpResponse(status=404)
    saml_response = request.POST.get("SAMLResponse", "")
    if not saml_response or len(saml_response) > MAX_SAML_RESPONSE:
        return _refused(
            request, _("The answer of the identity provider could not be read.")
        )
    open_requests = PendingVerification.objects.filter(
        completed_at__isnull=True,
        created_at__gte=timezone.now() - PENDING_LIFETIME,
    )
    outstanding = {p.request_id: p.next_url for p in open_requests}
    try:
        result = saml.parse_response(saml_response, outstanding)
    except saml.SamlRefused as refusal:
        return _refused(request, refusal.message)
    pending = open_requests.filter(request_id=result["request_id"]).first()
    if pending is None:
        return _refused(
            request, _("This answer does not belong to a login started here.")
        )
    if result["level"] < pending.requested_level:
        pending.delete()
        return _refused(
            request,
            _(
                "The identity provider confirmed the level “%(got)s”, but this "
                "service needs at least “%(need)s”."
            )
            % {
                "got": IdentityLevel(result["level"]).label,
                "need": IdentityLevel(pending.requested_level).label,
            },
            403,
        )
    try:
        with transaction.atomic():
            UsedAssertion.objects.create(assertion_id=result["assertion_id"])
    except IntegrityError:
        return _refused(request, _("This answer was already used. Please start again."))
    pending.completed_at = timezone.now()
    pending.achieved_level = result["level"]
    pending.person_hash = result["person_hash"]
    pending.municipality_ags = _municipality_ags(result["locality"])
    pending.save()
    return redirect(
        reverse("accounts:identity_finish") + f"?request={pending.request_id}"
    )


@login_required
@require_GET
def finish(request):
    """Apply a checked answer to the account of the user who started it."""
    pending = PendingVerification.objects.filter(
        request_id=request.GET.get("request", ""),
        user=request.user,
        completed_at__isnull=False,
    ).first()
    if pending is None:
        return _refused(
            request, _("This identity verification was not started from your account.")
        )
    taken = (
        IdentityVerification.objects.filter(person_hash=pending.person_hash)
        .exclude(user=request.user)
        .exists()
    )
    if taken:
        pending.delete()
        return _refused(
            request,
            _(
                "This identity is already linked to another account of this "
                "portal. One person can verify only one account."
            ),
            409,
        )
    IdentityVerification.objects.update_or_create(
        user=request.user,
        defaults={
            "level": pending.achieved_level,
            "method": VerificationMethod.BUNDID,
            "verified_at": timezone.now(),
            "person_hash": pending.person_hash,
            "municipality_ags": pending.municipality_ags,
        },
    )
    next_url = pending.next_url
    pending.delete()
    messages.success(
        request,
        _("Your identity has been verified at level “%(level)s”.")
        % {"level": IdentityLevel(pending.achieved_level).label},
    )
    return redirect(next_url or "accounts:identity")
