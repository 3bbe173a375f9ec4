from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe

from portal import page_cache
from portal.shell import get_shell


def shell(request):
    """``shell``: header, navigation and footer data, computed only when used."""
    return {"shell": SimpleLazyObject(lambda: get_shell(request))}


def personal_parts(request):
    """In a render for the shared page cache: placeholders instead of the
    visitor's CSRF token and messages (``portal.page_cache`` fills them in for
    each visitor), and no user bar."""
    if not page_cache.is_shared_render(request):
        return {}
    return {
        "csrf_token": page_cache.csrf_slot(),
        "messages": (),
        "portal_messages_slot": mark_safe(page_cache.messages_slot()),  # noqa: S308 - a fixed comment
        "portal_shared_render": True,
    }
