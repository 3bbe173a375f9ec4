"""English formats that also accept the German dates the admin's date pickers use.

The admin shows dates as 31.12.2026 in every language (``WAGTAIL_DATE_FORMAT``);
an administrator who switched the admin to English must be able to save them.
Everything not named here falls through to Django's English formats.
"""

from django.conf.locale.en import formats as django_en

DATE_INPUT_FORMATS = [*django_en.DATE_INPUT_FORMATS, "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = [*django_en.DATETIME_INPUT_FORMATS, "%d.%m.%Y %H:%M"]
