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
_codes = {}  # pk -> language_code
_uncached_get_for_language = LocaleManager.get_for_language


def _get_for_language(self, language_code):
    code = get_supported_content_language_variant(language_code)
    row = _rows.get(code)
    if row is None:
        locale = _uncached_get_for_language(self, code)
        _rows[code] = row = (locale.pk, locale.language_code)
    pk, language_code = row
    return _fresh(pk, language_code, self.db)


def _fresh(pk, language_code, db):
    locale = Locale(pk=pk, language_code=language_code)
    locale._state.adding = False
    locale._state.db = db
    return locale


def get_by_id(pk):
    """The ``Locale`` with primary key ``pk`` (a fresh instance), read once per
    process: what ``page.locale`` would load with a query."""
    code = _codes.get(pk)
    if code is None:
        code = _codes[pk] = Locale.objects.values_list("language_code", flat=True).get(
            pk=pk
        )
    return _fresh(pk, code, Locale.objects.db)


def fill_locale(instance):
    """Give ``instance`` (a page or snippet) its ``locale`` from ``get_by_id``
    unless it has it already, so that reading it costs no query."""
    field = type(instance)._meta.get_field("locale")
    if instance.locale_id is not None and not field.is_cached(instance):
        field.set_cached_value(instance, get_by_id(instance.locale_id))


def clear(**kwargs):
    _rows.clear()
    _codes.clear()


def install():
    LocaleManager.get_for_language = _get_for_language
    post_save.connect(clear, sender=Locale, dispatch_uid="portal-locale-saved")
    post_delete.connect(clear, sender=Locale, dispatch_uid="portal-locale-deleted")
