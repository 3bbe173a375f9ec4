"""The home page's slots that feature apps fill (latest news, next events, …).

An app registers a function with the Wagtail hook ``portal_home_sections``. It
receives ``(request, home_page)`` and returns a ``HomeSection`` or ``None``.
Sections are shown in ascending ``order``. The home app never imports a
feature app; adding an app never means editing the home page.
"""

from dataclasses import dataclass, field, replace

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language
from wagtail import hooks

from portal.page_cache import csrf_slot, is_shared_render
from portal.shell import versioned_key

HOOK_NAME = "portal_home_sections"
# Rendered sections are kept this long for anonymous visitors (and dropped at
# once when content changes): the next events move on with the clock.
SECTION_CACHE_SECONDS = 60


@dataclass
class HomeSection:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    more_url: str = ""
    more_label: str = ""
    html: str = ""


def collect_home_sections(request, page):
    sections = []
    for hook in hooks.get_hooks(HOOK_NAME):
        section = hook(request, page)
        if section is not None:
            sections.append(section)
    return sorted(sections, key=lambda section: section.order)


def render_home_sections(request, page):
    """The sections with their ``html`` rendered from ``template``.

    For anonymous visitors (who all see the same sections) the rendered list is
    cached per home page, language and content version, so an uncached home page
    does not pay every app's queries again. A section that used the CSRF token is
    never cached. Signed-in users get freshly rendered sections. A render for the
    shared page cache is an anonymous one (and is not counted as looking at the
    user).
    """
    user = getattr(request, "user", None)
    anonymous = is_shared_render(request) or user is None or not user.is_authenticated
    key = versioned_key("portal-home-sections", page.pk, get_language())
    if anonymous:
        sections = cache.get(key)
        if sections is not None:
            return sections
    # get_token() sets CSRF_COOKIE_NEEDS_UPDATE: cleared here so that a token
    # read by a section shows, and restored afterwards.
    token_read_before = request.META.pop("CSRF_COOKIE_NEEDS_UPDATE", False)
    try:
        sections = collect_home_sections(request, page)
        for section in sections:
            section.html = render_to_string(
                section.template, {"section": section, "page": page}, request=request
            )
    finally:
        token_read = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
        if token_read_before:
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    # A section with a form holds a token or, in a shared render, its
    # placeholder; neither may reach another render's output.
    uses_token = token_read or any(csrf_slot() in s.html for s in sections)
    if anonymous and not uses_token:
        # Only what the home page shows is kept: the sections' contexts (pages
        # with their stream fields) would be unpickled on every fresh render.
        stored = [
            replace(
                section,
                context={},
                title=str(section.title),
                more_label=str(section.more_label),
            )
            for section in sections
        ]
        cache.set(key, stored, SECTION_CACHE_SECONDS)
    return sections
