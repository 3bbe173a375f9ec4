"""Admin behaviour of the news section and its home page sections.

Official announcements are permanent records: once published, neither an
announcement nor a page containing one can be deleted or unpublished — by
anybody, superusers included. Editors mark them as corrected or repealed.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page

from home.models import (
    AnnouncementPage,
    NewsIndexPage,
    NewsPage,
    Subscription,
)
from portal.home_sections import HOOK_NAME, HomeSection


def published_announcements(page):
    """Announcements in ``page``'s subtree that have ever been published."""
    return AnnouncementPage.objects.descendant_of(page, inclusive=True).filter(
        first_published_at__isnull=False
    )


def _refuse(request, page, message):
    messages.error(request, message)
    target = page if isinstance(page, AnnouncementPage) else page.get_parent()
    return redirect(reverse("wagtailadmin_explore", args=[target.pk]))


@hooks.register("before_delete_page")
def refuse_deleting_announcements(request, page):
    if published_announcements(page).exists():
        return _refuse(
            request,
            page,
            _(
                "Official announcements are permanent records and cannot be "
                "deleted. Mark the announcement as corrected or repealed instead."
            ),
        )
    return None


@hooks.register("before_unpublish_page")
def refuse_unpublishing_announcements(request, page):
    if published_announcements(page).exists():
        return _refuse(
            request,
            page,
            _(
                "Official announcements are permanent records and cannot be "
                "unpublished. Mark the announcement as corrected or repealed instead."
            ),
        )
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_removal_of_announcements(request, action_type, objects, action):
    if action_type not in {"delete", "unpublish"}:
        return None
    for obj in objects:
        if isinstance(obj, Page) and published_announcements(obj).exists():
            messages.error(
                request,
                _(
                    "“%(title)s” is or contains an official announcement; "
                    "announcements cannot be deleted or unpublished."
                )
                % {"title": obj.get_admin_display_title()},
            )
            return redirect(reverse("wagtailadmin_explore", args=[obj.get_parent().pk]))
    return None


@hooks.register("construct_page_action_menu")
def hide_unpublish_for_announcements(menu_items, request, context):
    page = context.get("page")
    if page is not None and page.pk and published_announcements(page).exists():
        menu_items[:] = [
            item
            for item in menu_items
            if item.name not in {"action-unpublish", "action-delete"}
        ]


class SubscriptionViewSet(ModelViewSet):
    model = Subscription
    icon = "mail"
    menu_label = gettext_lazy("E-mail subscriptions")
    add_to_settings_menu = True
    form_fields = ["news", "announcements", "municipalities", "categories"]
    list_display = ["email", "language", "confirmed_at", "created_at"]
    list_filter = ["language", "news", "announcements"]
    search_fields = ["email"]
    inspect_view_enabled = True


@hooks.register("register_admin_viewset")
def register_subscription_viewset():
    return SubscriptionViewSet("subscriptions")


# --- home page sections --------------------------------------------------------------
def _section_root(home_page, model):
    return model.objects.live().child_of(home_page).first()


@hooks.register(HOOK_NAME)
def latest_news_section(request, home_page):
    index = _section_root(home_page, NewsIndexPage)
    if index is None:
        return None
    items = list(
        NewsPage.objects.live()
        .public()
        .descendant_of(index)
        .select_related("municipality", "category")
        .order_by("-date", "-pk")[:3]
    )
    if not items:
        return None
    return HomeSection(
        title=_("Latest news"),
        template="home/includes/home_news.html",
        context={"items": items},
        order=10,
        more_url=index.get_url(request),
        more_label=_("All news"),
    )


@hooks.register(HOOK_NAME)
def latest_announcements_section(request, home_page):
    index = _section_root(home_page, NewsIndexPage)
    archive = index.announcement_archive() if index else None
    if archive is None:
        return None
    items = list(archive.announcements()[:4])
    if not items:
        return None
    return HomeSection(
        title=_("Official announcements"),
        template="home/includes/home_announcements.html",
        context={"items": items},
        order=11,
        more_url=archive.get_url(request),
        more_label=_("All announcements"),
    )


@hooks.register("portal_search_date_filters")
def news_in_date_range(date_from, date_to, locale):
    """Site search date filter: news by date, announcements by publication date."""
    news = NewsPage.objects.filter(locale=locale)
    announcements = AnnouncementPage.objects.filter(locale=locale)
    if date_from:
        news = news.filter(date__gte=date_from)
        announcements = announcements.filter(publication_date__gte=date_from)
    if date_to:
        news = news.filter(date__lte=date_to)
        announcements = announcements.filter(publication_date__lte=date_to)
    return [news.values("pk"), announcements.values("pk")]
