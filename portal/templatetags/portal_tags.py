import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Page

from portal import page_cache
from portal.fragments import TIMEOUT as FRAGMENT_TIMEOUT
from portal.fragments import field_group, page_value, render_each

register = template.Library()

# Characters that could close the script element or open a comment inside it.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """Render structured data as a ``application/ld+json`` script block, safely escaped."""
    if not data:
        return ""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(_JSON_SCRIPT_ESCAPES)),  # noqa: S308 - escaped above
    )


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language: to this page's translation, else its nearest translated
    ancestor, else the same view in the other language (for non-page views).

    Two queries whatever the depth (ancestors, their translations), once per
    request: the head and the header both show the links.
    """
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    memo_key = (page.pk if isinstance(page, Page) else None, current)
    memo = getattr(request, "_portal_language_links", None)
    if memo is not None and memo[0] == memo_key:
        return memo[1]
    translations = {}
    chain = []
    if isinstance(page, Page) and page.pk:
        chain = [page, *reversed(_ancestors(request, page))]
        for candidate in (
            Page.objects.live()
            .filter(translation_key__in=[item.translation_key for item in chain])
            .select_related("locale")
        ):
            translations[
                (candidate.translation_key, candidate.locale.language_code)
            ] = candidate
    links = []
    for code, name in settings.LANGUAGES:
        url = None
        exact = True
        for candidate in chain:
            translation = translations.get((candidate.translation_key, code))
            if translation is not None:
                url = translation.get_url(request)
                exact = candidate.pk == page.pk
                break
        if url is None and request is not None:
            url = translate_url(request.path, code)
            exact = not chain
        links.append(
            {
                "code": code,
                "name": name,
                "native_name": {"de": "Deutsch", "en": "English"}.get(code, name),
                "url": url,
                "current": code == current,
                "exact": exact,
            }
        )
    if request is not None:
        request._portal_language_links = (memo_key, links)
    return links


def _ancestors(request, page):
    """The page's ancestors below the tree root, looked up once per request."""
    memo = getattr(request, "_portal_ancestors", None)
    if memo is not None and memo[0] == page.pk:
        return memo[1]
    ancestors = list(page.get_ancestors().filter(depth__gt=1))
    if request is not None:
        request._portal_ancestors = (page.pk, ancestors)
    return ancestors


@register.simple_tag
def localized(page):
    """The page in the active language, or the page itself if not translated."""
    return page.localized if page is not None else None


@register.simple_tag(takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if not isinstance(page, Page):
        return []
    return [item for item in _ancestors(context.get("request"), page) if item.live]


@register.simple_tag
def page_numbers(page_obj, on_each_side=2, on_ends=1):
    """The page numbers a pager shows: first, last and a few around the current
    page, with ``Paginator.ELLIPSIS`` between (a fixed size whatever the number of
    pages)."""
    return page_obj.paginator.get_elided_page_range(
        page_obj.number, on_each_side=on_each_side, on_ends=on_ends
    )


@register.filter
def with_site_name(title, site_name):
    """The document title: "Page – Authority", the authority named only once.

    ``title`` is rendered (escaped) template output. A title that already names
    the authority (the home page's "Amt Crivitz – Regionalportal") is kept as it
    is; an empty one becomes the authority's name.
    """
    title = " ".join(conditional_escape(title).split())
    name = conditional_escape(site_name or "")
    if not title:
        return name
    if name and name in title:
        return mark_safe(title)  # noqa: S308 - both parts are escaped
    return mark_safe(f"{title} – {name}" if name else title)  # noqa: S308


@register.simple_tag(takes_context=True)
def personal_part(context, name, arg):
    """``{% personal_part "business-entry-owner" page.pk %}``: the part of a
    page that depends on the visitor, filled in per request so that the page
    itself is shared (``portal.page_cache.personal_part``)."""
    return page_cache.personal_part(context["request"], name, arg)


@register.filter
def cached_field_group(field):
    """``{{ form.field|cached_field_group }}``: ``as_field_group`` of a filter
    form's field, cached under the content version (``portal/fragments.py``)."""
    return field_group(field)


class IncludeEachNode(template.Node):
    def __init__(self, template_name, items, name):
        self.template_name, self.items, self.name = template_name, items, name

    def render(self, context):
        items = self.items.resolve(context) or ()
        name = self.template_name.resolve(context)
        tpl = context.template.engine.get_template(name)
        return mark_safe(render_each(context, tpl, items, self.name))  # noqa: S308


@register.tag
def include_each(parser, token):
    """``{% include_each "app/includes/card.html" items as item %}``: one cached
    rendering of the template per item (``portal/fragments.py``)."""
    bits = token.split_contents()
    if len(bits) != 5 or bits[3] != "as":
        raise template.TemplateSyntaxError(f'{bits[0]} takes "template" items as name')
    return IncludeEachNode(
        parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), bits[4]
    )


class PageFragmentNode(template.Node):
    def __init__(self, nodelist, name, page, vary, timeout):
        self.nodelist, self.name, self.page = nodelist, name, page
        self.vary, self.timeout = vary, timeout

    def render(self, context):
        name = ":".join(str(part.resolve(context)) for part in (self.name, *self.vary))
        timeout = FRAGMENT_TIMEOUT
        if self.timeout is not None:
            timeout = int(self.timeout.resolve(context))
        html = page_value(
            self.page.resolve(context),
            context.get("request"),
            f"page-fragment:{name}",
            lambda: str(self.nodelist.render(context)),
            timeout,
        )
        return mark_safe(html)  # noqa: S308


@register.tag
def page_fragment(parser, token):
    """``{% page_fragment "name" page value… [for seconds] %}…{% endpage_fragment %}``:
    the enclosed part of ``page``'s template rendered once per content version,
    page, language, host, day and the given values (a listing's query), kept
    like a card (``portal.fragments.page_value``; a preview renders it every
    time) for an hour or ``seconds``. What it encloses must depend on nothing
    else: no user, no CSRF token, no "now" finer than the day unless it is one
    of the values (a part showing data that is not page content passes the
    minute and ``for 60``). Context values it alone needs can be callables, so
    that a cached fragment never computes them."""
    bits = token.split_contents()
    timeout = None
    if len(bits) >= 5 and bits[-2] == "for":
        timeout = parser.compile_filter(bits[-1])
        bits = bits[:-2]
    if len(bits) < 3:
        raise template.TemplateSyntaxError(
            f'{bits[0]} takes "name" page [value…] [for seconds]'
        )
    nodelist = parser.parse(("endpage_fragment",))
    parser.delete_first_token()
    return PageFragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        parser.compile_filter(bits[2]),
        [parser.compile_filter(bit) for bit in bits[3:]],
        timeout,
    )
