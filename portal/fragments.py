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

A card that also shows something that changes with the clock at known times
(a consultation's phase) names it as its *variant*: ``Deferred(...,
variants={pk: "open"})`` adds each card's variant to its key, so the card of
the next phase is another entry, never the stale one.

``Deferred(model, pks, load)`` as the items defers loading them (issue #27): the
cards are looked up by ``model`` and primary key, and ``load(pks)`` (returning
``{pk: item}``) is called only for the keys whose card is missing, so a listing
whose cards are all cached loads no object at all (no page query, no
``select_related``, no prefetch of images and renditions). Iterating a
``Deferred`` loads every item (for anything else that lists them).
"""

import hashlib

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from portal.shell import content_version, versioned_key

TIMEOUT = 60 * 60


class Deferred:
    """The items of a listing by primary key, in order: ``load(pks)`` returns
    ``{pk: item}`` for the keys it is given (keys it leaves out are skipped).
    ``variants`` (``{pk: str}``) is added to each card's key: what the card
    shows besides its content version and day, e.g. a phase that follows the
    clock (the caller computes it for "now" before the cards are read)."""

    def __init__(self, model, pks, load, variants=None):
        self.model, self.pks, self.load = model, list(pks), load
        self.variants = variants or {}

    def __len__(self):
        return len(self.pks)

    def __iter__(self):
        found = self.load(self.pks) if self.pks else {}
        return iter([found[pk] for pk in self.pks if pk in found])


def _key(version, template_name, model, pk, context, variant=""):
    request = context.get("request")
    host = request.get_host() if request is not None else ""
    raw = "|".join(
        (
            template_name,
            f"{model.__module__}.{model.__qualname__}",
            str(pk),
            get_language() or "",
            host,
            timezone.localdate().isoformat(),
            *((variant,) if variant else ()),
        )
    )
    return versioned_key(
        "portal-fragment", hashlib.sha256(raw.encode()).hexdigest(), version=version
    )


def _render_deferred(context, template, deferred, name):
    version = content_version()
    template_name = template.origin.template_name
    variants = deferred.variants
    keys = [
        _key(version, template_name, deferred.model, pk, context, variants.get(pk, ""))
        for pk in deferred.pks
    ]
    stored = cache.get_many(keys) if keys else {}
    missing = [
        pk for pk, key in zip(deferred.pks, keys, strict=True) if key not in stored
    ]
    loaded = deferred.load(missing) if missing else {}
    parts, new = [], {}
    for pk, key in zip(deferred.pks, keys, strict=True):
        html = stored.get(key)
        if html is None:
            if pk not in loaded:
                continue
            with context.push(**{name: loaded[pk]}):
                html = new[key] = template.render(context)
        parts.append(html)
    if new:
        cache.set_many(new, TIMEOUT)
    return "".join(parts)


def render_each(context, template, items, name):
    """The concatenated renderings of ``template`` for every item (``name`` bound to it)."""
    if isinstance(items, Deferred):
        return _render_deferred(context, template, items, name)
    items = list(items)
    keyed = [getattr(item, "pk", None) is not None for item in items]
    version = content_version() if any(keyed) else None
    template_name = template.origin.template_name
    keys = [
        _key(version, template_name, type(item), item.pk, context) if has_key else None
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


def page_value(page, request, name, compute, timeout=TIMEOUT):
    """``compute()`` for ``page`` kept like a card of it (content version,
    ``name``, page, language, host and day) for at most ``timeout`` seconds:
    for what a page derives from its own content alone, such as its schema.org
    data (``PortalPageMixin``'s ``cache_json_ld``), or, with a short timeout
    and the minute in ``name``, a part that also shows data from outside the
    page content (the council's meetings, synchronised from OParl). A preview
    or an unsaved page computes it every time."""
    if page.pk is None or getattr(request, "is_preview", False):
        return compute()
    key = _key(content_version(), name, type(page), page.pk, {"request": request})
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def field_group(field):
    """``field.as_field_group()`` of a filter form (GET, no CSRF token), cached
    under the content version: a listing's filter bar renders the same selects
    for everyone who has chosen the same values. The key holds the form class,
    the field's name, id, value and choices (their labels in the active
    language); a field with errors is rendered every time."""
    if field.errors:
        return field.as_field_group()
    choices = getattr(field.field, "choices", ())
    raw = repr(
        (
            f"{type(field.form).__module__}.{type(field.form).__qualname__}",
            field.html_name,
            field.auto_id,
            get_language() or "",
            field.value(),
            [(str(value), str(label)) for value, label in choices],
        )
    )
    key = versioned_key("portal-field", hashlib.sha256(raw.encode()).hexdigest())
    html = cache.get(key)
    if html is None:
        html = field.as_field_group()
        cache.set(key, html, TIMEOUT)
    return html
