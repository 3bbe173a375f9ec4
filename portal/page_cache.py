"""Cache rendered pages once for everybody; drop them all when content changes.

Only Wagtail page responses are stored (through the ``on_serve_page`` hook,
after Wagtail's own view-restriction check), and only renders made *as an
anonymous visitor*: the stored body never holds anybody's personal data. The
key contains the host and the full path, which includes the language prefix,
so languages stay apart.

The per-visitor parts of a page are not in the stored body but marked by
placeholders (``personal_parts`` context processor): the CSRF token of every
form and the Django messages. Whoever gets the page, anonymous or signed in,
gets the stored body with *their* token and *their* messages filled in
(``_personalise``): a string replacement, cheap next to a render. So a page
with a form is cached too, and the POST of that form passes the CSRF check.

Parts of a page that depend on the visitor (an owner's edit link, a follow
button) are ``{% personal_part %}`` placeholders too (``personal_part``): the
page never looks at the user and is shared by everyone; anonymous visitors get
the parts filled in once when the page is stored, signed-in visitors their own
from a per-user cache entry (``_fill_parts``).

Who is served from the cache:

- requests without any cookie: every stored page (the anonymous cache; only
  these responses can also be kept by Varnish, see deploy/varnish.vcl);
- anonymous visitors with cookies and signed-in visitors: pages whose render
  did not look at the user (``_SharedRenderUser`` notes any look). A page that
  did (a "my answer" state, an "edit" link for owners, listings that include
  restricted pages the user may see) is rendered afresh for each signed-in
  visitor; so are pages with a view restriction. A page whose render read the
  session is stored only from a request without cookies (an empty session) and
  served only to those;
- never: editors and other users with admin access (their Wagtail user bar
  is personal; ``_is_editor``, kept 60 s per user), previews, requests with an
  ``Authorization`` header or with ``Cache-Control: no-cache`` (a hard reload,
  ``make bench``'s fresh renders).

A render that set a cookie, changed the session, queued a message, varies by
cookie, is private, or called ``get_token`` itself is never stored. When the
shared render is refused (Http404, PermissionDenied) or cannot be stored, a
``NOBODY`` entry under the key spares the next signed-in visitors a shared
render that would be thrown away; a storable cookieless render replaces it.

Every published, unpublished, moved or deleted page, every saved snippet or
setting bumps one version number (``portal.shell``), which makes every cached
page and the cached site shell stale at once.

``PageCacheMiddleware`` answers a repeated request from the cache before URL
routing, so an anonymous hit costs no database query and a signed-in hit only
reads the session. It only finds what the hook stored, i.e. pages Wagtail
served publicly under the current content version; a changed view restriction
bumps the version too.

``cache_anonymous_response`` applies the cookieless rules to a function view
whose output is the same for every anonymous visitor (feeds such as
``/events.ics``); with ``shared=True`` the rules of pages (the site search).
"""

import functools
import hashlib
import re

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.cache import cc_delim_re, patch_cache_control
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail import hooks

from portal.shell import versioned_key

HIT_HEADER = "X-Portal-Cache"
# Response headers worth replaying from the cache; security headers are added
# afresh by the middleware on every response.
STORED_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "Link",
    "Last-Modified",
    # whether a search matched (search.views), for its statistics
    "X-Portal-Search-Matches",
)
# Who may be served a stored entry (its third element).
COOKIELESS = "cookieless"  # only requests without cookies (function views)
ANONYMOUS = "anonymous"  # visitors who are not signed in (the page looked at the user)
EVERYONE = "everyone"  # everybody but editors
# Kept when a shared render was of no use to signed-in visitors (refused as
# anonymous, or not storable): they get their own render without trying again.
NOBODY = "nobody"
# Editors keep their user bar; whether a user is one is kept this long.
EDITOR_CHECK_SECONDS = 60
MESSAGES_TEMPLATE = "portal/includes/messages.html"
SHARED_RENDER_ATTR = "portal_shared_render"
# Apps register their per-visitor parts under this hook (``personal_part``).
PERSONAL_PARTS_HOOK = "register_personal_parts"
# A signed-in visitor's rendered parts are kept this long (and until the
# content changes, or ``forget_personal_parts``), and at most this many.
PERSONAL_PART_SECONDS = 60
PERSONAL_PARTS_KEPT = 200


@functools.cache
def _slot(name):
    """A placeholder nobody can type into content: derived from SECRET_KEY."""
    return salted_hmac("portal.page_cache", name).hexdigest()[:32]


def csrf_slot():
    return _slot("csrf")


def messages_slot():
    return f"<!--portal-messages-{_slot('messages')}-->"


@functools.cache
def _part_pattern():
    return re.compile(
        rb"<!--portal-part-" + _slot("part").encode() + rb":([a-z0-9_-]+):(\d+)-->"
    )


def is_shared_render(request):
    """True while a page is rendered for the shared cache (as anonymous)."""
    return getattr(request, SHARED_RENDER_ATTR, False)


def _timeout():
    return getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 300)


def _candidate(request):
    """A request the page cache may answer or fill, whoever sends it."""
    return (
        _timeout() > 0
        and request.method in ("GET", "HEAD")
        and not getattr(request, "is_preview", False)
        and "Authorization" not in request.headers
        and "no-cache" not in request.headers.get("Cache-Control", "").lower()
    )


def _cacheable_request(request):
    return _candidate(request) and not request.COOKIES


def _signed_in(request):
    """Whether the session names a user (not checked further: a stale session
    only means that the visitor is treated as signed in, which is safe)."""
    session = getattr(request, "session", None)
    return session is not None and SESSION_KEY in session


def _is_editor(request):
    """Whether the signed-in user has admin access (and so a user bar)."""
    key = f"portal-editor:{request.session[SESSION_KEY]}"
    editor = cache.get(key)
    if editor is None:
        user = request.user
        editor = bool(
            user.is_authenticated
            and (user.is_staff or user.has_perm("wagtailadmin.access_admin"))
        )
        cache.set(key, editor, EDITOR_CHECK_SECONDS)
    return editor


def _may_read(request, audience):
    """Whether ``request`` may be answered with an entry for ``audience``."""
    if audience == NOBODY:
        return False
    if not request.COOKIES:
        return True
    if audience == COOKIELESS:
        return False
    if not _signed_in(request):
        return True
    return audience == EVERYONE and not _is_editor(request)


def _request_state(request):
    """What a render may change that makes its output personal. ``get_token``
    sets ``CSRF_COOKIE_NEEDS_UPDATE`` (Django 4.1+); ``serve_from_cache``
    clears it before a shared render, so a token read during it shows."""
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return (
        bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE")),
        bool(session is not None and session.modified),
        len(getattr(messages, "_queued_messages", None) or ()),
    )


def _personal_request_state(request):
    """True if rendering touched per-visitor state the middleware adds afterwards:
    a CSRF token (its cookie is set later), a changed session or queued messages."""
    return _request_state(request) != (False, False, 0)


def _cacheable_response(page, response, request=None, state_before=None):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request is not None:
        if state_before is None:
            if _personal_request_state(request):
                return False
        elif _request_state(request) != state_before:
            return False
    if page is not None and not getattr(page, "cache_for_anonymous", True):
        return False
    vary = {
        value.strip().lower() for value in cc_delim_re.split(response.get("Vary", ""))
    }
    if "cookie" in vary:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return "private" not in cache_control and "no-store" not in cache_control


def cache_key(request, prefix="portal-page"):
    raw = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return versioned_key(prefix, digest)


def _part_renderers():
    renderers = {}
    for hook in hooks.get_hooks(PERSONAL_PARTS_HOOK):
        renderers.update(hook())
    return renderers


def render_part(template_name, context):
    """A part's HTML for ``template_name``: a form in it gets the token
    placeholder (filled in per request like the page's own forms)."""
    return render_to_string(template_name, {**context, "csrf_token": csrf_slot()})


def personal_part(request, name, arg):
    """``{% personal_part name arg %}``: the part of a page that depends on the
    visitor (an owner's edit link, a follow button), so that the rest of the
    page can be shared.

    ``name`` is registered by an app under ``PERSONAL_PARTS_HOOK``: a hook
    returning ``{name: renderer}``, where ``renderer(request, user, arg)``
    (``arg`` an integer, usually a primary key) returns the part's HTML for
    ``user``, with ``render_part``. In a shared render the tag leaves a
    placeholder (it never looks at the user); ``_fill_parts`` renders the part
    for whoever gets the page. In the visitor's own render it is the part."""
    renderer = _part_renderers()[name]
    arg = int(arg)
    if is_shared_render(request):
        return mark_safe(f"<!--portal-part-{_slot('part')}:{name}:{arg}-->")  # noqa: S308 - name is registered, arg an int
    html = renderer(request, request.user, arg)
    return mark_safe(html.replace(csrf_slot(), get_token(request)) if html else "")  # noqa: S308 - rendered by a template


def _parts_key(request):
    return versioned_key("portal-parts", request.session[SESSION_KEY])


def forget_personal_parts(user):
    """Drop ``user``'s rendered parts (after following a project, being made
    an entry's owner): their next page shows the new state."""
    if user is not None and user.pk is not None:
        cache.delete(versioned_key("portal-parts", user._meta.pk.value_to_string(user)))


def _fill_parts(request, content, user=None):
    """Replace the part placeholders in ``content`` with the parts for the
    signed-in visitor of ``request`` (``user=None``) or for ``user``
    (an anonymous user when the shared body is stored). A signed-in
    visitor's parts are kept per user for ``PERSONAL_PART_SECONDS``."""
    found = {}
    for match in _part_pattern().finditer(content):
        found.setdefault(match.group(0), (match.group(1).decode(), int(match.group(2))))
    if not found:
        return content
    renderers = _part_renderers()
    kept, changed = {}, False
    if user is None:
        key = _parts_key(request)
        kept = cache.get(key) or {}
    for marker, (name, arg) in found.items():
        renderer = renderers.get(name)
        if renderer is None:
            html = ""
        elif user is not None:
            html = renderer(request, user, arg)
        else:
            local = f"{name}:{arg}:{get_language()}:{request.path}"
            html = kept.get(local)
            if html is None:
                html = kept[local] = renderer(request, request.user, arg)
                changed = True
        content = content.replace(marker, html.encode())
    if changed:
        if len(kept) > PERSONAL_PARTS_KEPT:
            kept = {local: kept[local] for local in list(kept)[-len(found) :]}
        cache.set(key, kept, PERSONAL_PART_SECONDS)
    return content


def _personalise(request, response, parts=None):
    """Fill the visitor's parts, CSRF token and messages into a shared body.

    ``parts`` is the body with the placeholders of the per-visitor parts
    (``response.content`` has them filled for anonymous visitors)."""
    content = response.content
    if parts is not None and request.COOKIES and _signed_in(request):
        content = _fill_parts(request, parts)
    personal = bool(request.COOKIES)
    token_slot = csrf_slot().encode()
    if token_slot in content:
        content = content.replace(token_slot, get_token(request).encode())
        personal = True
    slot = messages_slot().encode()
    if slot in content:
        html = ""
        if request.COOKIES:  # without a cookie there is no message to show
            messages = get_messages(request)
            html = render_to_string(MESSAGES_TEMPLATE, {"messages": messages})
        content = content.replace(slot, html.encode())
    response.content = content
    if personal:
        patch_cache_control(response, private=True)
    return response


def _replay(request, stored):
    headers, content, _audience, *rest = stored
    response = HttpResponse(content, headers=headers)
    response[HIT_HEADER] = "hit"
    return _personalise(request, response, rest[0] if rest else None)


def _store(request, response, key=None, audience=COOKIELESS, parts=None):
    headers = {name: response[name] for name in STORED_HEADERS if name in response}
    cache.set(
        key or cache_key(request),
        (headers, response.content, audience, parts),
        _timeout(),
    )
    response[HIT_HEADER] = "miss"


class PageCacheMiddleware:
    """Serve stored pages before routing: no query on an anonymous hit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _candidate(request):
            stored = cache.get(cache_key(request))
            if stored is not None and _may_read(request, stored[2]):
                return _replay(request, stored)
        return self.get_response(request)


def cache_anonymous_response(view=None, *, behind_view=False, shared=False):
    """Cache a view's response for requests without cookies under the page
    cache rules.

    ``behind_view=True`` keeps the stored responses out of the middleware's
    reach, for a view that must run on every request and caches only part of
    its work (the search page counts every search).

    ``shared=True`` treats the view like a Wagtail page: it is rendered as
    anonymous with placeholders for the CSRF token and messages, and the body
    is served to everyone the render allows (signed-in visitors too, unless it
    looked at the user or read the session; never editors), each with their
    own token and messages. For views whose output is the same for everybody
    (the site search)."""
    prefix = "portal-partial" if behind_view else "portal-page"

    def decorator(view):
        def serve(_page, request, args, kwargs):
            return view(request, *args, **kwargs)

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if shared:
                if not _candidate(request):
                    return view(request, *args, **kwargs)
                key = cache_key(request, prefix)
                return _serve_shared(serve, None, request, args, kwargs, key)
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            key = cache_key(request, prefix)
            stored = cache.get(key)
            if stored is not None:
                return _replay(request, stored)
            response = view(request, *args, **kwargs)
            if _cacheable_response(None, response, request):
                _store(request, response, key)
            return response

        return wrapper

    return decorator(view) if view is not None else decorator


class _SharedRenderUser(AnonymousUser):
    """The user a shared render sees: anonymous, and it notes whether the page
    looked at it (then the page may differ for a signed-in visitor).

    Attribute reads pass ``__getattribute__``; ``str()``, ``==``, ``hash()``
    and ``int()`` look their method up on the class, so they note it too."""

    looked = False

    def __getattribute__(self, name):
        if name != "looked" and not name.startswith("__"):
            object.__setattr__(self, "looked", True)
        return super().__getattribute__(name)

    def _look(self):
        object.__setattr__(self, "looked", True)

    def __str__(self):
        self._look()
        return super().__str__()

    def __eq__(self, other):
        self._look()
        return super().__eq__(other)

    def __hash__(self):
        self._look()
        return super().__hash__()

    def __int__(self):
        self._look()
        return super().__int__()


def _render_shared(serve, page, request, serve_args, serve_kwargs):
    """Serve ``page`` as an anonymous visitor sees it, with placeholders for
    the personal parts; returns the response and who may share it: everyone,
    anonymous visitors (the page looked at the user) or requests without
    cookies (the page read the session)."""
    had_user = hasattr(request, "user")
    real_user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    accessed = session is not None and session.accessed
    if session is not None:
        session.accessed = False
    viewer = _SharedRenderUser()
    request.user = viewer
    setattr(request, SHARED_RENDER_ATTR, True)
    try:
        response = serve(page, request, serve_args, serve_kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
    finally:
        delattr(request, SHARED_RENDER_ATTR)
        if had_user:
            request.user = real_user
        else:
            del request.user
    read_session = session is not None and session.accessed
    if session is not None:
        session.accessed = accessed or read_session
    if read_session:
        return response, COOKIELESS
    return response, ANONYMOUS if viewer.looked else EVERYONE


def _queued_messages(request):
    storage = getattr(request, "_messages", None)
    return list(getattr(storage, "_queued_messages", None) or ())


def _restore_messages(request, queued):
    """Drop the messages a discarded render queued."""
    storage = getattr(request, "_messages", None)
    if storage is not None and hasattr(storage, "_queued_messages"):
        storage._queued_messages = list(queued)


def _refuse_signed_in(request, key):
    """Note that the shared render of this URL is of no use to signed-in
    visitors, unless an entry is stored meanwhile (``add`` keeps it)."""
    cache.add(key, ({}, b"", NOBODY), _timeout())


@hooks.register("on_serve_page", order=100)
def serve_from_cache(serve):
    def inner(page, request, serve_args, serve_kwargs):
        if not _candidate(request):
            return serve(page, request, serve_args, serve_kwargs)
        return _serve_shared(
            serve, page, request, serve_args, serve_kwargs, cache_key(request)
        )

    return inner


def _serve_shared(serve, page, request, serve_args, serve_kwargs, key):
    """Answer ``request`` from the shared body under ``key``, or render it
    (``serve(page, request, serve_args, serve_kwargs)``) as anonymous, store it
    and personalise it; ``page`` is ``None`` for a function view
    (``cache_anonymous_response(shared=True)``)."""
    stored = cache.get(key)
    if stored is not None and _may_read(request, stored[2]):
        return _replay(request, stored)
    signed_in = bool(request.COOKIES) and _signed_in(request)
    if (signed_in and _is_editor(request)) or (
        request.COOKIES and page is not None and page.get_view_restrictions().exists()
    ):
        return serve(page, request, serve_args, serve_kwargs)
    if stored is not None and signed_in:
        # The stored render is not for this visitor (the page looked at the
        # user or read the session, or nothing could be shared): a shared
        # render would only repeat it.
        return serve(page, request, serve_args, serve_kwargs)
    queued = _queued_messages(request)
    # A token read during the shared render must show in its state, even
    # if one was read before it; the flag is restored afterwards.
    token_read_before = request.META.pop("CSRF_COOKIE_NEEDS_UPDATE", False)
    state_before = _request_state(request)
    try:
        response, audience = _render_shared(
            serve, page, request, serve_args, serve_kwargs
        )
        stored_ok = _cacheable_response(page, response, request, state_before)
    except (Http404, PermissionDenied):
        if not signed_in:
            raise
        # Refused as anonymous (a receipt or a download only its owner may
        # see raises Http404): this visitor's own render decides.
        _restore_messages(request, queued)
        _refuse_signed_in(request, key)
        return serve(page, request, serve_args, serve_kwargs)
    finally:
        if token_read_before:
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    if audience == COOKIELESS and request.COOKIES:
        # It read this visitor's session (a receipt, a passed password):
        # theirs alone, kept for nobody.
        stored_ok = False
    parts = None
    if not response.streaming and _part_pattern().search(response.content):
        # Per-visitor parts: the body keeps their placeholders for
        # signed-in visitors; anonymous ones get them filled in now.
        parts = response.content
        response.content = _fill_parts(request, parts, AnonymousUser())
    if stored_ok:
        _store(request, response, key, audience, parts)
    elif signed_in:
        _refuse_signed_in(request, key)
    if signed_in and (audience != EVERYONE or not stored_ok):
        # The anonymous render is not this visitor's page: render theirs,
        # without the messages the anonymous render queued ("please sign in").
        _restore_messages(request, queued)
        return serve(page, request, serve_args, serve_kwargs)
    if response.streaming:
        return response
    return _personalise(request, response, parts)
