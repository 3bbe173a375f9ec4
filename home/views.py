"""Subscribe (double opt-in), confirm and one-click unsubscribe."""

import re

from django.core import signing
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale

from home import newsletter
from home.forms import SubscriptionForm
from home.models import Subscription
from portal import ratelimit

UNSUBSCRIBE_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _locale():
    return Locale.get_active()


@require_http_methods(["GET", "POST"])
@ratelimit.throttle("newsletter", "NEWSLETTER")
def subscribe(request):
    form = SubscriptionForm(request.POST or None, locale=_locale())
    if request.method == "POST" and form.is_valid():
        newsletter.purge_unconfirmed()
        data = form.cleaned_data
        email = data["email"].strip().lower()
        with transaction.atomic():
            subscription, _created = Subscription.objects.get_or_create(
                email=email, defaults={"language": get_language()}
            )
            if not subscription.is_confirmed:
                subscription.language = get_language()
                subscription.news = "news" in data["topics"]
                subscription.announcements = "announcements" in data["topics"]
                subscription.save()
                subscription.municipalities.set(data["municipalities"])
                subscription.categories.set(data["categories"])
        newsletter.send_confirmation(subscription)
        return redirect("newsletter:sent")
    return render(
        request,
        "home/newsletter/subscribe.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


def sent(request):
    return render(request, "home/newsletter/sent.html")


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    error = None
    subscription = None
    try:
        subscription = Subscription.from_confirmation_token(token)
    except signing.SignatureExpired:
        error = _("This confirmation link has expired. Please subscribe again.")
    except (signing.BadSignature, Subscription.DoesNotExist):
        error = _(
            "This confirmation link is not valid (any more). If you unsubscribed "
            "in the meantime, please subscribe again."
        )
    if error:
        return render(
            request, "home/newsletter/confirm.html", {"error": error}, status=400
        )
    if subscription.is_confirmed:
        return render(
            request,
            "home/newsletter/confirm.html",
            {"already_confirmed": True, "subscription": subscription},
        )
    if request.method == "POST":
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
        return render(
            request,
            "home/newsletter/confirm.html",
            {"confirmed": True, "subscription": subscription},
        )
    return render(
        request, "home/newsletter/confirm.html", {"subscription": subscription}
    )


@csrf_exempt  # RFC 8058: mail clients POST without cookies; the token authenticates.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscription = None
    # tokens are URL-safe base64 (secrets.token_urlsafe); anything else, such as a
    # NUL that PostgreSQL cannot compare, is unknown without asking the database
    if UNSUBSCRIBE_TOKEN.fullmatch(token):
        subscription = Subscription.objects.filter(unsubscribe_token=token).first()
    if subscription is None:
        return render(
            request, "home/newsletter/unsubscribe.html", {"unknown": True}, status=404
        )
    if request.method == "POST":
        subscription.delete()
        return render(request, "home/newsletter/unsubscribe.html", {"done": True})
    return render(
        request, "home/newsletter/unsubscribe.html", {"subscription": subscription}
    )
