"""Who may edit a directory entry: its owners (django-guardian object
permission, granted on the source-language page) and staff whose Wagtail page
permissions allow editing it."""

from django.conf import settings

from accounts.permissions import user_is_owner


def source_entry(entry):
    """The entry in the default language (owners are granted on that page)."""
    if entry.locale.language_code == settings.LANGUAGE_CODE:
        return entry
    return (
        type(entry)
        .objects.filter(
            translation_key=entry.translation_key,
            locale__language_code=settings.LANGUAGE_CODE,
        )
        .first()
        or entry
    )


def can_edit_entry(user, entry):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user_is_owner(user, source_entry(entry)):
        return True
    return entry.permissions_for_user(user).can_edit()
