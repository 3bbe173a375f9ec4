"""Locale lookups without a query each time.

Wagtail looks up the active ``Locale`` by language code whenever a page or snippet
is localized (``Locale.get_active()``, ``.localized``), often several times per
page and once per item in a listing or feed. The table holds one row per
language and changes only when an administrator adds a language, so the rows
are kept per process and dropped when any ``Locale`` is saved or deleted.
Callers get a fresh ``Locale`` instance each time (never a shared, mutable one).
"""

from django.db.models.signals import post_delete, post_save
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale
from wagtail.models.i18n import LocaleManager

_rows = {}  # language code -> (pk, language_code)
_uncached_get_for_language = LocaleManager.get_for_language


def _get_for_language(self, language_code):
    code = get_supported_content_language_variant(language_code)
    row = _rows.get(code)
    if row is None:
        locale = _uncached_get_for_language(self, code)
        _rows[code] = row = (locale.pk, locale.language_code)
    pk, language_code = row
    locale = Locale(pk=pk, language_code=language_code)
    locale._state.adding = False
    locale._state.db = self.db
    return locale


def clear(**kwargs):
    _rows.clear()


def install():
    LocaleManager.get_for_language = _get_for_language
    post_save.connect(clear, sender=Locale, dispatch_uid="portal-locale-saved")
    post_delete.connect(clear, sender=Locale, dispatch_uid="portal-locale-deleted")
