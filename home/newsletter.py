"""Sending news and announcements to e-mail subscribers.

When a German news item or announcement is published for the first time,
:func:`notify_subscribers` runs as a background task (django-tasks). It records
a :class:`NewsletterDelivery` for the page first, so a page is never sent twice
(re-publishing after an edit sends nothing), then enqueues one
:func:`send_batch` task per ``NEWSLETTER_BATCH_SIZE`` recipients.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from wagtail.models import Page

from home.models import (
    AnnouncementPage,
    NewsletterDelivery,
    NewsPage,
    Subscription,
)
from home.models.subscriptions import confirm_max_age

logger = logging.getLogger(__name__)


def batch_size():
    return max(1, int(getattr(settings, "NEWSLETTER_BATCH_SIZE", 100)))


def absolute_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _localized_path(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def unsubscribe_url(subscription):
    return absolute_url(
        _localized_path(
            "newsletter:unsubscribe",
            subscription.language,
            token=subscription.unsubscribe_token,
        )
    )


def unsubscribe_headers(subscription):
    """RFC 2369 / RFC 8058 headers: one-click unsubscribe from the mail client."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscription)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _message(subscription, template, context, connection=None, headers=None):
    with translation.override(subscription.language):
        context = {
            **context,
            "subscription": subscription,
            "unsubscribe_url": unsubscribe_url(subscription),
        }
        subject = render_to_string(f"home/email/{template}_subject.txt", context)
        body = render_to_string(f"home/email/{template}.txt", context)
    return EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        to=[subscription.email],
        connection=connection,
        headers=headers or {},
    )


def send_confirmation(subscription):
    """The double opt-in mail (or, if already confirmed, a reminder how to leave)."""
    if subscription.is_confirmed:
        message = _message(subscription, "already_subscribed", {})
    else:
        token = subscription.make_confirmation_token()
        confirm_url = absolute_url(
            _localized_path("newsletter:confirm", subscription.language, token=token)
        )
        message = _message(
            subscription,
            "confirm",
            {
                "confirm_url": confirm_url,
                "valid_days": confirm_max_age() // (24 * 3600),
            },
        )
    message.send()


def purge_unconfirmed():
    """Delete subscriptions whose confirmation link has expired (data minimisation)."""
    cutoff = timezone.now() - datetime.timedelta(seconds=confirm_max_age())
    return Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()[0]


def subscriber_query(page):
    """``Q`` of the confirmed subscriptions that want ``page``."""
    is_announcement = isinstance(page, AnnouncementPage)
    query = Q(confirmed_at__isnull=False)
    query &= Q(announcements=True) if is_announcement else Q(news=True)
    if page.municipality_id is not None:
        query &= Q(municipalities__isnull=True) | Q(
            municipalities__slug=page.municipality.slug
        )
    if not is_announcement and page.category_id is not None:
        query &= Q(categories__isnull=True) | Q(categories__slug=page.category.slug)
    return query


def is_newsletter_page(page):
    return isinstance(page, NewsPage | AnnouncementPage) and (
        page.locale.language_code == settings.LANGUAGE_CODE
    )


@task()
def notify_subscribers(page_id):
    """Record the delivery of ``page_id`` and enqueue its batches (at most once)."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not page.live:
        return 0
    page = page.specific
    if not is_newsletter_page(page):
        return 0
    try:
        with transaction.atomic():
            delivery, created = NewsletterDelivery.objects.get_or_create(page=page)
    except IntegrityError:  # a concurrent worker got there first
        return 0
    if not created:
        return 0
    ids = list(
        Subscription.objects.filter(subscriber_query(page))
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    delivery.recipients = len(ids)
    if not ids:
        delivery.finished_at = timezone.now()
    delivery.save(update_fields=["recipients", "finished_at"])
    size = batch_size()
    for start in range(0, len(ids), size):
        send_batch.enqueue(page.pk, ids[start : start + size])
    return len(ids)


@task()
def send_batch(page_id, subscription_ids):
    """Send ``page_id`` to one batch of subscribers over one SMTP connection."""
    page = Page.objects.get(pk=page_id).specific
    subscriptions = list(
        Subscription.objects.filter(pk__in=subscription_ids, confirmed_at__isnull=False)
    )
    localized = {}
    for language, _name in settings.LANGUAGES:
        translated = (
            Page.objects.live()
            .filter(
                translation_key=page.translation_key, locale__language_code=language
            )
            .first()
        )
        localized[language] = (translated or page).specific
    kind = "announcement" if isinstance(page, AnnouncementPage) else "news"
    connection = get_connection()
    messages = []
    for subscription in subscriptions:
        target = localized.get(subscription.language, page)
        messages.append(
            _message(
                subscription,
                kind,
                {"page": target, "page_url": target.get_full_url()},
                connection=connection,
                headers=unsubscribe_headers(subscription),
            )
        )
    sent = connection.send_messages(messages) or 0
    NewsletterDelivery.objects.filter(page_id=page_id).update(sent=F("sent") + sent)
    NewsletterDelivery.objects.filter(
        page_id=page_id, sent__gte=F("recipients"), finished_at__isnull=True
    ).update(finished_at=timezone.now())
    return sent


def on_page_published(sender, instance, **kwargs):
    """``page_published`` receiver: enqueue the notification after the commit."""
    if not is_newsletter_page(instance):
        return
    if NewsletterDelivery.objects.filter(page_id=instance.pk).exists():
        return
    page_id = instance.pk
    transaction.on_commit(lambda: notify_subscribers.enqueue(page_id))
