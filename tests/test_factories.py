"""The shared factories build what they promise (every other test relies on them)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry
from wagtail.signals import page_published, published

from accounts.identity import get_identity_level
from accounts.models import IdentityLevel
from home.models import (
    AnnouncementIndexPage,
    AnnouncementKind,
    AnnouncementPage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)
from tests import factories

pytestmark = pytest.mark.django_db


def test_session_starts_with_only_the_home_page_in_both_languages(home, home_en):
    assert home.live and home_en.live
    assert home.get_children().count() == 0
    assert home_en.url == "/en/"


def test_user_factory_makes_a_citizen_who_can_log_in(client):
    user = factories.UserFactory(groups=["Fachamt"])
    assert user.emailaddress_set.get().verified
    assert Group.objects.get(name="Fachamt") in user.groups.all()
    assert client.login(username=user.username, password=factories.PASSWORD)


def test_verified_citizen_has_the_level():
    user = factories.verified_citizen(level=IdentityLevel.HIGH)
    assert get_identity_level(user) == IdentityLevel.HIGH


def test_add_page_publishes_and_translate_copies(client, home):
    page = factories.add_page(home, StandardPage, title="Über uns", slug="ueber-uns")
    assert client.get("/ueber-uns/").status_code == 200
    draft = factories.add_page(home, StandardPage, title="Entwurf", live=False)
    assert client.get(draft.url).status_code == 404
    english = factories.translate(page, title="About us", slug="about-us")
    assert client.get("/en/about-us/").status_code == 200
    assert english.translation_key == page.translation_key


def test_municipality_translation_and_image():
    municipality = factories.translated_municipality(name="Plate")
    assert municipality.get_translations().get().name == "Plate"
    image = factories.ImageFactory()
    assert image.file.width == 64


# --- add_page and translate publish as Wagtail's revision.publish() does ------------


def _wagtail_add_page(parent, model, live=True, **fields):
    """``add_page`` through Wagtail's plain path: validating revision, publish."""
    page = model(locale=parent.locale, live=live, **fields)
    parent.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
        page.refresh_from_db()
    return page


def _wagtail_translate(page, publish=True, **fields):
    """``translate`` through Wagtail's plain path."""
    translation = page.copy_for_translation(factories.locale("en"), copy_parents=False)
    for name, value in fields.items():
        setattr(translation, name, value)
    revision = translation.save_revision()
    if publish:
        revision.publish()
    return translation


def _build_pages(home, image, add_page, translate):
    """Several page types live and as drafts, translations renamed or not."""
    news = add_page(home, NewsIndexPage, title="Aktuelles", slug="aktuelles")
    translate(news, title="News", slug="news")
    item = add_page(
        news,
        NewsPage,
        title="Neu",
        slug="neu",
        date=datetime.date(2026, 5, 1),
        intro="Kurz",
    )
    translate(item)  # the same title: no rename
    archive = add_page(
        news, AnnouncementIndexPage, title="Bekanntmachungen", slug="bekannt"
    )
    add_page(
        archive,
        AnnouncementPage,
        title="Satzung",
        slug="satzung",
        kind=AnnouncementKind.NOTICE,
        summary="Die Satzung",
        publication_date=datetime.date(2026, 5, 2),
    )
    about = add_page(
        home, StandardPage, title="Über uns", slug="ueber-uns", teaser_image=image
    )
    translate(about, title="About us", slug="about-us", intro="Who we are")
    draft = add_page(home, StandardPage, title="Entwurf", slug="entwurf", live=False)
    translate(draft, publish=False, title="Draft")


def _snapshot(events):
    """The rows the build left (pages, revisions, log entries, reference and
    search index) and the signals it sent, ids replaced by what they name
    (a page by its tree path, a revision by its page's path and its number)."""
    pages = list(Page.objects.order_by("path").specific())
    page_key = {page.pk: page.path for page in pages}
    translation_keys = {}
    revision_key = {}
    revisions = Revision.page_revisions.order_by("created_at", "pk")
    for revision in revisions:
        path = page_key[int(revision.object_id)]
        count = sum(1 for key in revision_key.values() if key[0] == path)
        revision_key[revision.pk] = (path, count)

    def named(key, value):
        if key in ("pk", "id", "page_ptr", "page_ptr_id", "page_id", "object_id"):
            return page_key.get(int(value), value) if value is not None else None
        if key.removesuffix("_id") in ("latest_revision", "live_revision", "revision"):
            return revision_key.get(value, value)
        if key == "translation_key":
            return translation_keys.setdefault(str(value), len(translation_keys))
        if key == "uuid":
            return None
        if isinstance(value, dict):
            return {k: named(k, v) for k, v in value.items()}
        if isinstance(value, list):
            return [named("", v) for v in value]
        return value

    def row(values):  # without its own id: the order or the path names it
        return {key: named(key, value) for key, value in values.items() if key != "id"}

    return {
        "pages": [
            row({f.attname: getattr(p, f.attname) for f in p._meta.concrete_fields})
            for p in pages
        ],
        "revisions": [
            row({**r, "content": row(r["content"])}) for r in revisions.values()
        ],
        "log entries": [
            row(entry) for entry in PageLogEntry.objects.order_by("pk").values()
        ],
        "references": sorted(
            (row(entry) for entry in ReferenceIndex.objects.values()),
            key=lambda entry: sorted(map(str, entry.values())),
        ),
        # without the title norm: the mean title length of the index when the
        # entry was written, which depends on when each page was indexed
        # (``indexed_once`` indexes at the end of the factory), not on publishing
        "search index": sorted(
            (row(entry) for entry in _without_title_norm(IndexEntry)),
            key=lambda entry: sorted(map(str, entry.values())),
        ),
        "signals": [row(event) for event in events],
        "on commit": [
            getattr(callback, "__qualname__", repr(callback))
            for _, callback, _ in connection.run_on_commit
        ],
    }


def _without_title_norm(model):
    names = [f.attname for f in model._meta.concrete_fields if f.name != "title_norm"]
    return model.objects.values(*names)


def _built(home, image, add_page, translate):
    """What ``_build_pages`` leaves with these two helpers (rolled back after)."""
    events = []

    def record(signal_name):
        def receiver(sender, instance, revision, **kwargs):
            events.append(
                {
                    "signal": signal_name,
                    "sender": sender.__name__,
                    "instance": type(instance).__name__,
                    "page_id": instance.pk,
                    "revision_id": revision.pk,
                    **{
                        f.attname: getattr(instance, f.attname)
                        for f in instance._meta.concrete_fields
                    },
                }
            )

        return receiver

    receivers = {
        page_published: record("page_published"),
        published: record("published"),
    }
    for signal, receiver in receivers.items():
        signal.connect(receiver)
    try:
        with transaction.atomic():
            _build_pages(home, image, add_page, translate)
            snapshot = _snapshot(events)
            transaction.set_rollback(True)
    finally:
        for signal, receiver in receivers.items():
            signal.disconnect(receiver)
    return snapshot


def test_add_page_and_translate_leave_what_wagtails_publish_leaves(home, pinned_clock):
    """Rows, signals and commit callbacks the same (every timestamp too: the
    clock stands still), so no step of Wagtail's publish is missing."""
    image = factories.ImageFactory()
    wagtail = _built(home, image, _wagtail_add_page, _wagtail_translate)
    ours = _built(home, image, factories.add_page, factories.translate)
    assert len(wagtail["signals"]) == 16  # 8 pages published, two signals each
    assert wagtail["references"] and wagtail["on commit"]
    for part, rows in wagtail.items():
        assert ours[part] == rows, part
