"""Rules of result tracking: which items are public, where they are shown,
who is told of a new milestone."""

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from .models import ImplementationPage, Milestone, TrackedItem, TrackedItemFollower
from .services import _mail


def public_items():
    return TrackedItem.objects.filter(is_public=True).select_related(
        "municipality", "department", "process"
    )


def implementation_page(locale=None):
    """The live implementation page in ``locale`` (the active one by default),
    else the one in the default language."""
    locale = locale or Locale.get_active()
    pages = ImplementationPage.objects.live().public()
    return pages.filter(locale=locale).first() or pages.first()


def item_url(item, request=None, page=None):
    page = page or implementation_page()
    if page is None:
        return ""
    return f"{page.get_url(request)}{item.pk}/"


def localized(page, locale=None):
    """``page`` in the active language where it is translated and live."""
    locale = locale or Locale.get_active()
    if page is None or page.locale_id == locale.pk:
        return page
    translation = (
        Page.objects.live().filter(translation_key=page.translation_key, locale=locale)
    ).first()
    return translation or page


def with_milestones(items):
    return items.prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.select_related("image"))
    )


def public_items_of(field, ids):
    """``{source id: item}`` of the public items made from the proposals,
    budget projects or consultations with ``ids`` (one query)."""
    items = public_items().filter(**{f"{field}__in": ids})
    return {getattr(item, f"{field}_id"): item for item in items}


# --- following and notifications -----------------------------------------------------
def follow(item, user):
    TrackedItemFollower.objects.get_or_create(item=item, user=user)


def unfollow(item, user):
    TrackedItemFollower.objects.filter(item=item, user=user).delete()


def is_following(item, user):
    return (
        user.is_authenticated
        and TrackedItemFollower.objects.filter(item=item, user=user).exists()
    )


def notify_milestones(item_id):
    """E-mail the followers of a public item about milestones not yet told
    (each milestone once; the rows are locked so that two saves send once)."""
    with transaction.atomic():
        item = TrackedItem.objects.filter(pk=item_id, is_public=True).first()
        if item is None:
            return 0
        milestones = list(
            Milestone.objects.select_for_update()
            .filter(item=item, notified_at__isnull=True)
            .order_by("date", "pk")
        )
        if not milestones:
            return 0
        Milestone.objects.filter(pk__in=[m.pk for m in milestones]).update(
            notified_at=timezone.now()
        )
    page = implementation_page(Locale.get_default())
    url = f"{page.get_full_url()}{item.pk}/" if page else ""
    sent = 0
    followers = TrackedItemFollower.objects.filter(item=item).select_related("user")
    for follower in followers.iterator():
        _mail(
            follower.user,
            _("News on “%(title)s”") % {"title": item.title},
            "consultations/email/milestone.txt",
            {"item": item, "milestones": milestones, "url": url},
        )
        sent += 1
    return sent
