"""The news section's page views and the newsletter: subscribe (double opt-in),
confirm and one-click unsubscribe.

The page views serve the models of ``home.models.news`` through
``portal.view_registry`` (models import neither views nor forms): the listings'
filter forms and pages of cards, and the signed PDFs of an announcement.
"""

import re

from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale

from documents.codes import normalise
from home import newsletter
from home.announcement_pdf import (
    issue_signed_pdf,
    latest_document,
    signed_documents,
    with_signed_codes,
)
from home.forms import AnnouncementFilterForm, NewsFilterForm, SubscriptionForm
from home.models import (
    AnnouncementIndexPage,
    AnnouncementPage,
    NewsIndexPage,
    Subscription,
)
from portal import ratelimit
from portal.listing import filtered_listing
from portal.shell import invalidate, versioned_key
from portal.view_registry import page_view

PAGE_SIZE = 10

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


@page_view(NewsIndexPage, "listing_context")
def news_listing_context(request, page):
    """The news items of the section, filtered by municipality and category."""
    listing = filtered_listing(
        request,
        page.news_items(),
        PAGE_SIZE,
        form_class=NewsFilterForm,
        form_kwargs={"locale": page.locale},
        load=page.load_cards,
    )
    return {
        "filter_form": listing.form,
        "page_obj": listing.page_obj,
        "cards": listing.items,
        "archive": page.announcement_archive(),
    }


def _announcement_cards(pks):
    """``{pk: announcement}`` with what a listing entry shows, the code of
    its newest signed PDF included."""
    return with_signed_codes(
        AnnouncementPage.objects.filter(pk__in=pks).select_related(
            "municipality", "document", "superseded_by"
        )
    ).in_bulk()


@page_view(AnnouncementIndexPage, "listing_context")
def announcement_listing_context(request, page):
    """The announcements of the archive, filtered by municipality, type and year."""
    items = page.announcements()
    years_key = versioned_key("home-announcement-years", page.pk)
    years = cache.get(years_key)
    if years is None:
        years = [
            day.year
            for day in items.order_by().dates("publication_date", "year", order="DESC")
        ]
        cache.set(years_key, years, 60 * 60)
    listing = filtered_listing(
        request,
        items,
        PAGE_SIZE,
        form_class=AnnouncementFilterForm,
        form_kwargs={"locale": page.locale, "years": years},
        load=_announcement_cards,
    )
    return {
        "filter_form": listing.form,
        "page_obj": listing.page_obj,
        "cards": listing.items,
    }


@page_view(AnnouncementPage, "announcement_context")
def announcement_context(request, page):
    return {"signed_document": latest_document(page)}


def _pdf_response(page, document):
    response = HttpResponse(document.read(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        False, f"{page.slug}-{document.display_code}.pdf"
    )
    return response


@page_view(AnnouncementPage, "signed_pdf")
def signed_pdf(request, page, code=None):
    """The signed PDF with ``code`` (also a superseded one) or, without a code,
    the newest, issued here if the worker has not yet."""
    if code is None:
        document = latest_document(page)
        if document is None:
            document = issue_signed_pdf(page)
            # the page and the listing show its code from now on
            invalidate()
    else:
        document = signed_documents(page).filter(code=normalise(code) or "").first()
        if document is None:
            raise Http404
    return _pdf_response(page, document)
