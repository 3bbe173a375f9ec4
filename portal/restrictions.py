"""Which pages a visitor may not see: Wagtail's view restrictions, read once.

Wagtail checks a page's view restrictions (login, groups, password) when it
*serves* the page. Listings, teasers, feeds and APIs that show a page's title
and dates must leave out restricted pages themselves: Wagtail's
``PageQuerySet.public()`` does that for page querysets. ``hidden_q`` is the same
rule for querysets that reach pages through a relation (an event's dates, for
example) and, given a request, lets through the restrictions that request
passes, as Wagtail would when serving the page.

One query reads the restrictions (plus one for the user's groups when a group
restriction applies to a signed-in user), whatever the number of pages.
"""

from django.core.cache import cache
from django.db.models import Q
from wagtail.models import BaseViewRestriction, PageViewRestriction

from portal.shell import versioned_key


def _passes(restriction, request, user_groups):
    """Whether ``request`` passes ``restriction`` (Wagtail's ``accept_request``
    with the user's groups read once)."""
    user = getattr(request, "user", None)
    if restriction.restriction_type == BaseViewRestriction.GROUPS:
        if user is None or not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        allowed = {group.pk for group in restriction.groups.all()}
        return bool(allowed & user_groups())
    if restriction.restriction_type == BaseViewRestriction.LOGIN:
        return user is not None and user.is_authenticated
    if not hasattr(request, "session"):
        return False
    return restriction.accept_request(request)


def hidden_q(prefix="", request=None):
    """A ``Q`` matching the pages below a view restriction (inclusive).

    ``prefix`` is the lookup path from the queried model to the page, e.g.
    ``"event__"`` for an event's dates; use it with ``exclude()``. Without a
    ``request`` every restricted page is matched (what ``public()`` leaves
    out: for anonymous and cached answers, feeds and APIs); with one, only the
    pages whose restriction the request does not pass.
    """
    if not restricted_paths():
        return Q(pk__in=[])  # nothing is restricted: no query
    restrictions = PageViewRestriction.objects.select_related("page").only(
        "restriction_type", "password", "page__path", "page__depth"
    )
    signed_in = request is not None and getattr(request, "user", None) is not None
    signed_in = signed_in and request.user.is_authenticated
    if signed_in:
        restrictions = restrictions.prefetch_related("groups")
    groups = []

    def user_groups():
        if not groups:
            groups.append(set(request.user.groups.values_list("pk", flat=True)))
        return groups[0]

    q = Q()
    for restriction in restrictions:
        if request is not None and _passes(restriction, request, user_groups):
            continue
        page = restriction.page
        q |= Q(**{f"{prefix}path__startswith": page.path}) & Q(
            **{f"{prefix}depth__gte": page.depth}
        )
    # match nothing when nothing is hidden
    return q if q else Q(pk__in=[])


def restricted_paths():
    """``(path, depth)`` of every page with a view restriction, read once per
    content version (saving or deleting a restriction and moving a page bump
    it, ``portal.shell``)."""
    key = versioned_key("portal-restricted-paths")
    paths = cache.get(key)
    if paths is None:
        paths = list(
            PageViewRestriction.objects.values_list("page__path", "page__depth")
        )
        cache.set(key, paths, 60 * 60)
    return paths


def private_q(prefix=""):
    """Wagtail's ``PageQuerySet.private_q()`` (every page below a view
    restriction, inclusive; ``exclude()`` it for what ``public()`` keeps)
    with the restricted subtrees read once per content version
    (``restricted_paths``) instead of a query per listing and request."""
    q = Q()
    for path, depth in restricted_paths():
        q |= Q(**{f"{prefix}path__startswith": path, f"{prefix}depth__gte": depth})
    return q if q else Q(pk__in=[])
