"""The site shell (header, navigation, footer) as cached data.

The shell is the same on every page of a site and language, so it is computed
once and kept in the cache until content or settings change. Rendering a page
then costs no query for navigation, footer links or the authority's contact.
"""

import hashlib
import re
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import get_language
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.models.pages import COMMENTS_RELATION_NAME
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.models import PortalSettings

VERSION_KEY = "portal-content-version"
# Longer key parts are hashed (``versioned_key``): what is left for the prefix,
# the version and the cache's own key prefix stays well under memcached's 250.
MAX_READABLE_PARTS = 150
_UNSAFE_IN_KEY = re.compile(r"[\x00-\x20\x7f]")
TIMEOUT = 60 * 60
# The content version read once per request (``ContentVersionMiddleware``): a
# one-item list, empty until the first read, emptied again by ``invalidate``.
_request_version = ContextVar("portal_content_version", default=None)


@dataclass
class Link:
    label: str
    url: str
    path: str = ""


@dataclass
class Shell:
    authority_name: str = "Regionalportal"
    tagline: str = ""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    opening_hours: str = ""
    logo_url: str = ""
    logo_width: int = 0
    logo_height: int = 0
    home_url: str = "/"
    menu: list[Link] = field(default_factory=list)
    legal_links: list[Link] = field(default_factory=list)
    easy_language: Link | None = None
    sign_language: Link | None = None


def content_version():
    """A number that grows whenever public content changes (see ``invalidate``).

    Within a request (``ContentVersionMiddleware``) it is read from the cache
    once and remembered: a page's cache keys (page cache, route, shell,
    fragments, counts) then cost one cache round trip for the version instead
    of one each. A change made by the request itself (``invalidate``) is seen
    at once; another process's change from the next request on."""
    memo = _request_version.get()
    if memo:
        return memo[0]
    version = cache.get_or_set(VERSION_KEY, 1, None)
    if memo is not None:
        memo.append(version)
    return version


def versioned_key(prefix, *parts, version=None):
    """A cache key that goes stale with every content change: the one way to
    build one (``prefix:version:part:part``); ``parts`` are joined with ``:``.

    Parts longer than ``MAX_READABLE_PARTS`` characters together, or with a
    character memcached refuses in a key (spaces, control characters), are
    replaced by their SHA-256: a path from the address bar can be thousands of
    characters long, and memcached takes keys of at most 250 bytes (Django
    adds its key prefix and cache version in front).

    ``version`` is the content version read beforehand, for callers that build
    many keys at once and read the version once (``portal.fragments``)."""
    if version is None:
        version = content_version()
    tail = ":".join(map(str, parts))
    if len(tail.encode()) > MAX_READABLE_PARTS or _UNSAFE_IN_KEY.search(tail):
        tail = "sha256-" + hashlib.sha256(tail.encode()).hexdigest()
    return ":".join([prefix, str(version), tail]) if parts else f"{prefix}:{version}"


def invalidate(**kwargs):
    """Make every cached shell and page stale (all sites, all languages)."""
    memo = _request_version.get()
    if memo:
        memo.clear()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


class ContentVersionMiddleware:
    """Read the content version at most once per request (``content_version``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_version.set([])
        try:
            return self.get_response(request)
        finally:
            _request_version.reset(token)


def _localized_link(label, page, request, localized):
    if page is None:
        return None
    target = localized[page.pk]
    url = target.get_url(request)
    return Link(str(label), url, target.path) if url else None


LINKED_PAGE_FIELDS = (
    "imprint_page",
    "privacy_page",
    "accessibility_page",
    "easy_language_page",
    "sign_language_page",
    "contact_page",
)


def _load_linked_pages(settings_):
    """The settings' linked pages (footer, easy-to-read, sign language) with one
    query instead of one per link."""
    links = [PortalSettings._meta.get_field(name) for name in LINKED_PAGE_FIELDS]
    wanted = [
        link
        for link in links
        if not link.is_cached(settings_) and getattr(settings_, link.attname)
    ]
    if not wanted:
        return
    pages = Page.objects.in_bulk({getattr(settings_, link.attname) for link in wanted})
    for link in wanted:
        page = pages.get(getattr(settings_, link.attname))
        if page is not None:
            link.set_cached_value(settings_, page)


def _localized(pages):
    """``page.localized`` of each of ``pages`` by primary key (Wagtail's rule:
    the live translation in the active language, else the page itself), with
    one query for all the translations instead of one per page."""
    pages = [page for page in pages if page is not None]
    found = {page.pk: page for page in pages}
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return found
    try:
        locale = Locale.get_active()
    except (LookupError, Locale.DoesNotExist):
        return found
    foreign = {page.translation_key for page in pages if page.locale_id != locale.id}
    if not foreign:
        return found
    translations = {
        page.translation_key: page
        for page in Page.objects.filter(translation_key__in=foreign, locale=locale)
    }
    for page in pages:
        translation = translations.get(page.translation_key)
        if page.locale_id != locale.id and translation is not None and translation.live:
            found[page.pk] = translation
    return found


def localized_root(site, request):
    """``site.root_page.localized``, looked up once per request and language
    (the shell and the route cache's entry both need it)."""
    key = (site.pk, get_language())
    memo = getattr(request, "_portal_localized_root", None)
    if memo is not None and memo[0] == key:
        return memo[1]
    root = site.root_page.localized
    if request is not None:
        request._portal_localized_root = (key, root)
    return root


def build_shell(site, request):
    # Shared with the templates' ``settings`` (one query for both).
    settings_ = PortalSettings.for_request(request)
    _load_linked_pages(settings_)
    root = localized_root(site, request)
    shell = Shell(
        authority_name=settings_.authority_name,
        tagline=settings_.tagline,
        street=settings_.street,
        postal_code=settings_.postal_code,
        city=settings_.city,
        phone=settings_.phone,
        email=settings_.email,
        opening_hours=settings_.opening_hours,
        home_url=root.get_url(request) or "/",
    )
    if settings_.logo is not None:
        rendition = settings_.logo.get_rendition("height-64")
        shell.logo_url = rendition.url
        shell.logo_width, shell.logo_height = rendition.width, rendition.height
    for page in root.get_children().live().in_menu().public():
        url = page.get_url(request)
        if url:
            shell.menu.append(Link(page.title, url, page.path))
    legal = settings_.legal_links()
    localized = _localized(
        [page for _label, page in legal]
        + [settings_.easy_language_page, settings_.sign_language_page]
    )
    for label, page in legal:
        link = _localized_link(label, page, request, localized)
        if link:
            shell.legal_links.append(link)
    shell.easy_language = _localized_link(
        "", settings_.easy_language_page, request, localized
    )
    shell.sign_language = _localized_link(
        "", settings_.sign_language_page, request, localized
    )
    return shell


def get_shell(request):
    site = Site.find_for_request(request)
    if site is None:
        return Shell()
    key = versioned_key("portal-shell", site.pk, get_language())
    shell = cache.get(key)
    if shell is None:
        shell = build_shell(site, request)
        cache.set(key, shell, TIMEOUT)
    return shell


# Anything that changes menus, legal links or contact data drops the cached shells.
page_published.connect(invalidate, dispatch_uid="portal-shell-published")
page_unpublished.connect(invalidate, dispatch_uid="portal-shell-unpublished")
post_page_move.connect(invalidate, dispatch_uid="portal-shell-moved")


@receiver(
    post_save, sender=PageViewRestriction, dispatch_uid="portal-restriction-saved"
)
@receiver(
    post_delete, sender=PageViewRestriction, dispatch_uid="portal-restriction-deleted"
)
@receiver(post_delete, sender=Page, dispatch_uid="portal-shell-page-deleted")
@receiver(post_save, sender=PortalSettings, dispatch_uid="portal-shell-settings")
@receiver(post_save, sender=Site, dispatch_uid="portal-shell-site")
@receiver(post_delete, sender=Site, dispatch_uid="portal-shell-site-deleted")
def _invalidate_on_save(sender, **kwargs):
    invalidate()


@receiver(post_save, dispatch_uid="portal-content-snippet-saved")
@receiver(post_delete, dispatch_uid="portal-content-snippet-deleted")
def _invalidate_on_snippet_change(sender, **kwargs):
    """Pages show snippets (municipalities, categories…): any change makes them stale.

    Connected for every model, because snippets registered through viewsets are
    known only once all apps are ready; the check is a set lookup.
    """
    from wagtail.snippets.models import get_snippet_models

    if sender in get_snippet_models():
        invalidate()
    elif (
        isinstance(kwargs.get("instance"), Page)
        and kwargs["instance"].live
        and (kwargs.get("created") or _changes_live_content(kwargs))
    ):
        # A page created live without the publish signal (``add_child`` in an
        # import): listings and their cached counts change too. A live page
        # saved outside publishing (a script, a move of its row's columns):
        # the route cache keeps page rows (``portal.routing``).
        invalidate()


# Columns Wagtail saves on its own when a draft is saved, a page locked or a
# comment added; the live page does not show them (nor does a harvester see them,
# ``datasets.models.DatasetPage.save``).
BOOKKEEPING_FIELDS = frozenset(
    {
        COMMENTS_RELATION_NAME,
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def saves_content(update_fields):
    """Whether a save with ``update_fields`` (``None``: every field) writes
    more than ``BOOKKEEPING_FIELDS``."""
    return update_fields is None or not set(update_fields) <= BOOKKEEPING_FIELDS


def _changes_live_content(kwargs):
    return saves_content(kwargs.get("update_fields"))
