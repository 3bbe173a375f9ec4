from django.utils.functional import SimpleLazyObject

from portal.shell import get_shell


def shell(request):
    """``shell``: header, navigation and footer data, computed only when used."""
    return {"shell": SimpleLazyObject(lambda: get_shell(request))}
