"""Abstract page behaviour shared by every page type."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.db.models.signals import post_delete, post_save
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale, PageViewRestriction

from portal import locales
from portal.fragments import page_value

# Set by portal.routing on a page whose cached route says that neither it nor an
# ancestor has a view restriction (entries go stale when a restriction changes).
UNRESTRICTED_ATTR = "_portal_unrestricted"
# Within one GET or HEAD request (``portal.routing.RouteCacheMiddleware``): the
# view restrictions of each page, by primary key, as one queryset whose rows are
# read once; Wagtail's check before serving, the route cache's entry and the
# page cache then share two queries instead of two each. Emptied when a
# restriction is saved or deleted (``forget_view_restrictions``).
_request_restrictions = ContextVar("portal_view_restrictions", default=None)


@contextmanager
def view_restrictions_memo():
    """Within the block, each page's view restrictions are read once."""
    token = _request_restrictions.set({})
    try:
        yield
    finally:
        _request_restrictions.reset(token)


def forget_view_restrictions(**kwargs):
    memo = _request_restrictions.get()
    if memo:
        memo.clear()


post_save.connect(
    forget_view_restrictions,
    sender=PageViewRestriction,
    dispatch_uid="portal-request-restrictions-saved",
)
post_delete.connect(
    forget_view_restrictions,
    sender=PageViewRestriction,
    dispatch_uid="portal-request-restrictions-deleted",
)


class PortalPageMixin(models.Model):
    """Teaser image and text, and structured data for search engines.

    Every page type of the portal inherits this (before ``Page``) so that
    listings, the home page and the search show the same teaser everywhere.
    """

    teaser_image = models.ForeignKey(
        "portal.PortalImage",
        verbose_name=_("teaser image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    teaser_text = models.TextField(
        _("teaser text"),
        blank=True,
        max_length=300,
        help_text=_("One or two sentences for listings and search results."),
    )

    promote_teaser_panels = [FieldPanel("teaser_image"), FieldPanel("teaser_text")]

    schema_type = "WebPage"
    # True for page types whose schema.org data depends on their content
    # alone (no "now", no visitor): it is then kept under the content version
    # (``portal.fragments.page_value``) instead of being built, with its image,
    # municipality and category look-ups, on every fresh render (issue #27).
    cache_json_ld = False

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """Wagtail's restrictions of this page and its ancestors; none without a
        query when the route cache knows there are none (``portal.routing``)."""
        if getattr(self, UNRESTRICTED_ATTR, False):
            return PageViewRestriction.objects.none()
        memo = _request_restrictions.get()
        if memo is None or self.pk is None:
            return super().get_view_restrictions()
        restrictions = memo.get(self.pk)
        if restrictions is None:
            restrictions = memo[self.pk] = super().get_view_restrictions()
        return restrictions

    @cached_property
    def canonical(self):
        """The page in the default language (German) – the one that counts.

        Rules, prices and dates are read from it, and what visitors submit is
        stored on it, whatever language version the request used: a
        translation that is not re-synced yet must not apply older rules.
        Returns the page itself when it is in the default language or has no
        such version.
        """
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        page = (
            type(self)
            .objects.filter(translation_key=self.translation_key, locale=default)
            .first()
        )
        return page or self

    def get_teaser_text(self):
        # Most page types have an introduction; it is the natural fallback.
        return self.teaser_text or self.search_description or getattr(self, "intro", "")

    def get_json_ld(self, request):
        """schema.org data for this page; page types extend it."""
        data = {
            "@context": "https://schema.org",
            "@type": self.schema_type,
            "name": self.title,
            "url": self.get_full_url(request),
            "inLanguage": self.locale.language_code,
        }
        description = self.get_teaser_text()
        if description:
            data["description"] = description
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        return data

    def get_context(self, request, *args, **kwargs):
        # The page's locale (schema.org data, templates) without a query.
        locales.fill_locale(self)
        context = super().get_context(request, *args, **kwargs)
        # The page itself, for templates that render parts of it as cached
        # fragments (``{% include_each "…" detail_pages as page %}``, kept like
        # a listing card under the content version); a preview renders the
        # draft, so it gets none and includes the parts directly.
        context["detail_pages"] = (
            [] if getattr(request, "is_preview", False) or self.pk is None else [self]
        )
        if self.cache_json_ld:
            context["json_ld_data"] = page_value(
                self, request, "json-ld", lambda: self.get_json_ld(request)
            )
        else:
            context["json_ld_data"] = self.get_json_ld(request)
        return context
