"""The news section, news items, categories and official announcements."""

import datetime

from django.utils import timezone

from home.models import (
    AnnouncementIndexPage,
    AnnouncementKind,
    AnnouncementPage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
)
from tests.factories import add_page, locale, translate


def news_section(home, english=True):
    """``(news, archive)``: the news section and its announcement archive below
    the home page, with their English translations unless ``english=False``."""
    news = add_page(home, NewsIndexPage, title="Aktuelles", slug="aktuelles")
    archive = add_page(
        news, AnnouncementIndexPage, title="Bekanntmachungen", slug="bekanntmachungen"
    )
    if english:
        translate(news, title="News", slug="news")
        translate(archive, title="Announcements", slug="announcements")
    return news, archive


def category(name, slug, name_en=None):
    """A news category in German and (given ``name_en``) English."""
    german = NewsCategory.objects.create(name=name, slug=slug, locale=locale("de"))
    if name_en:
        english = german.copy_for_translation(locale("en"))
        english.name = name_en
        english.save()
    return german


def news_item(news, days_ago=0, **fields):
    """A published news item ``days_ago`` days old in ``news``'s section."""
    fields.setdefault(
        "intro", f"Worum es bei {fields.get('title', 'der Nachricht')} geht."
    )
    fields.setdefault("date", timezone.localdate() - datetime.timedelta(days=days_ago))
    return add_page(news, NewsPage, **fields)


def announcement(archive, days_ago=0, **fields):
    """A published official announcement ``days_ago`` days old."""
    fields.setdefault("kind", AnnouncementKind.NOTICE)
    fields.setdefault("summary", f"Bekanntgemacht wird: {fields.get('title', '')}.")
    fields.setdefault(
        "publication_date", timezone.localdate() - datetime.timedelta(days=days_ago)
    )
    return add_page(archive, AnnouncementPage, **fields)
