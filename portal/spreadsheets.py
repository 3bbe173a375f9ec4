"""Cells of CSV and XLSX exports that a spreadsheet program does not run.

Excel, LibreOffice and Google Sheets read a cell that starts with ``=``, ``+``,
``-`` or ``@`` (also after a tab or carriage return) as a formula, which can
fetch URLs or start programs (CSV/formula injection, OWASP). Text typed by
visitors, business owners or event providers therefore gets a leading
apostrophe, which spreadsheets show as text. Numbers (``-12.5``) and phone
numbers (``+49 3863 5550``) hold no letters, so no function can be called from
them; they stay as they are, so that open data stays machine-readable.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HARMLESS = re.compile(r"[+-][0-9 ()/.,;-]*")


def safe_cell(value):
    """``value`` with a leading apostrophe if a spreadsheet would run it."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not HARMLESS.fullmatch(value)
    ):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin:
    """Wagtail's ``SpreadsheetExportMixin`` with every CSV cell through
    ``safe_cell`` (XLSX needs nothing: Wagtail stores formula-like text as text).

    Put it before the Wagtail view in the bases. The portal's own reports use it,
    and ``portal.admin_exports`` answers the URLs of Wagtail's own exports with
    subclasses that use it.
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return safe_cell(value)
        return value

    def get_heading(self, queryset, field):
        return safe_cell(super().get_heading(queryset, field))
