"""Human labels for technical values: "PDF, 47 KB" rather than
"application/pdf, 47,1 KB"; "Ganzzahl" rather than "integer"."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

register = template.Library()

FILE_KINDS = {
    "application/pdf": "PDF",
    "text/csv": "CSV",
    "application/json": "JSON",
    "application/geo+json": "GeoJSON",
    "application/xml": "XML",
    "text/xml": "XML",
    "text/plain": gettext_lazy("Text"),
    "text/html": gettext_lazy("Web page"),
    "application/zip": "ZIP",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/webp": "WebP",
    "image/svg+xml": "SVG",
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/rdf+xml": "RDF/XML",
    "text/turtle": "Turtle",
    "application/ld+json": "JSON-LD",
}

COLUMN_TYPES = {
    "string": gettext_lazy("Text"),
    "integer": gettext_lazy("Whole number"),
    "number": gettext_lazy("Decimal number"),
    "boolean": gettext_lazy("Yes/no"),
    "date": gettext_lazy("Date"),
    "datetime": gettext_lazy("Date and time"),
    "time": gettext_lazy("Time"),
    "object": gettext_lazy("Object"),
    "array": gettext_lazy("List"),
    "any": gettext_lazy("Mixed"),
}


@register.filter
def file_kind(value):
    """Say "PDF" for "application/pdf" or "report.pdf"; unknown types by short name."""
    if not value:
        return ""
    value = str(value).split(";")[0].strip().lower()
    if value in FILE_KINDS:
        return str(FILE_KINDS[value])
    if "/" in value:
        subtype = value.split("/", 1)[1]
        return subtype.removeprefix("x-").split("+")[0].upper()
    return value.rsplit(".", 1)[-1].upper()


@register.filter
def human_size(size):
    """Bytes as a reader says them: "47 KB", "1,2 MB" (decimal comma in German)."""
    try:
        size = int(size)
    except (TypeError, ValueError):
        return ""
    if size < 1024:
        return _("%(size)s bytes") % {"size": size}
    if size < 1024 * 1024:
        return _("%(size)s KB") % {"size": round(size / 1024)}
    if size < 1024**3:
        return _("%(size)s MB") % {"size": number_format(size / 1024**2, 1)}
    return _("%(size)s GB") % {"size": number_format(size / 1024**3, 1)}


@register.filter
def column_type(value):
    """A Table Schema type ("integer") as the reader's word ("Ganzzahl")."""
    return str(COLUMN_TYPES.get(value, value))
