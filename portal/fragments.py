"""Rendered listing items, cached under the content version (issue #27).

A listing page renders the same cards on every fresh render (every signed-in
visit): ``{% include_each "app/includes/item.html" items as item %}`` renders the
template once per item like ``{% for item in items %}{% include ... %}{% endfor %}``,
but keeps each rendered card in the cache. All cards of one listing are read with
one ``get_many`` and the missing ones written with one ``set_many``, so a listing
costs one cache round trip instead of a template render per card.

The key holds the content version (``portal.shell.content_version``: any published
page or saved snippet makes every card stale), the template, the item's class and
primary key, the language, the host (``pageurl`` writes relative or absolute links
by site) and today's date (nothing stays cached across midnight). A card must
therefore depend on nothing else: no user, no CSRF token, no request parameter.
Items without a primary key are rendered every time.
"""

import hashlib

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from portal.shell import content_version, versioned_key

TIMEOUT = 60 * 60


def _key(version, template_name, item, context):
    request = context.get("request")
    host = request.get_host() if request is not None else ""
    raw = "|".join(
        (
            template_name,
            f"{type(item).__module__}.{type(item).__qualname__}",
            str(item.pk),
            get_language() or "",
            host,
            timezone.localdate().isoformat(),
        )
    )
    return versioned_key(
        "portal-fragment", hashlib.sha256(raw.encode()).hexdigest(), version=version
    )


def render_each(context, template, items, name):
    """The concatenated renderings of ``template`` for every item (``name`` bound to it)."""
    items = list(items)
    keyed = [getattr(item, "pk", None) is not None for item in items]
    version = content_version() if any(keyed) else None
    keys = [
        _key(version, template.origin.template_name, item, context) if has_key else None
        for item, has_key in zip(items, keyed, strict=True)
    ]
    stored = cache.get_many([key for key in keys if key]) if version else {}
    parts, missing = [], {}
    for item, key in zip(items, keys, strict=True):
        html = stored.get(key) if key else None
        if html is None:
            with context.push(**{name: item}):
                html = template.render(context)
            if key:
                missing[key] = html
        parts.append(html)
    if missing:
        cache.set_many(missing, TIMEOUT)
    return "".join(parts)
