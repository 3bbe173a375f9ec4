"""Checks of files uploaded by people outside the administration (issue #19).

A file is judged by decoding it, not by its first bytes:

- an image is opened with Pillow, its declared size is compared with a pixel
  limit *before* any pixel is decoded (a few hundred bytes can declare
  30,000 × 30,000 pixels), then its structure is verified (every chunk and
  checksum up to the end marker) and it is decoded completely, so a truncated
  or damaged image is refused;
- a PDF is parsed (pyHanko's reader, already a dependency for signing): a
  header, a cross-reference table, a trailer and a document catalogue must be
  there, and no web page markup may stand in its first kilobyte (a ``%PDF-`` +
  HTML polyglot);
- the type comes from the content. The browser's ``Content-Type`` is never
  used: ``content_type_for`` gives the type of a checked file's extension, and
  the checks set ``upload.content_type`` to the type found.

Used by consultation attachments, service application files and directory
logos; report photos and proposal images are decoded and re-encoded by
``portal.photos``.
"""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

PDF = "application/pdf"
# extension -> the content type a file of that extension must have
EXTENSION_TYPES = {
    "pdf": PDF,
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
}
# Pillow's format name -> content type and the extension stored for it
IMAGE_FORMATS = {
    "PNG": ("image/png", "png"),
    "JPEG": ("image/jpeg", "jpg"),
    "MPO": ("image/jpeg", "jpg"),  # a JPEG with a second picture (many phones)
    "WEBP": ("image/webp", "webp"),
}
# markup a browser would render as a page if it ever sniffed the file
HTML_MARKERS = (
    b"<html",
    b"<!doctype",
    b"<head",
    b"<body",
    b"<script",
    b"<iframe",
    b"<svg",
    b"<object",
    b"<embed",
)
HEAD_BYTES = 1024


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    width: int | None = None
    height: int | None = None


def max_image_pixels():
    return int(getattr(settings, "UPLOAD_MAX_IMAGE_PIXELS", 50_000_000))


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if name and "." in name else ""


def content_type_for(name):
    """The content type of a stored file, from its (checked) extension."""
    return EXTENSION_TYPES.get(extension_of(name), "application/octet-stream")


def _read(upload):
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _image_error(code):
    messages = {
        "image_unreadable": _(
            "The image could not be read completely: the file is damaged, "
            "truncated or not an image."
        ),
        "image_format": _("Only PNG, JPEG or WebP images are allowed."),
    }
    return ValidationError(messages[code], code=code)


def check_image(data, formats=frozenset(IMAGE_FORMATS), max_pixels=None):
    """Decode an image completely; returns a ``CheckedFile`` or raises a
    translated ``ValidationError`` (codes ``image_unreadable``,
    ``image_format``, ``image_too_many_pixels``)."""
    limit = max_pixels or max_image_pixels()
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb warning is an error here, not a log line
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in formats or image.format not in IMAGE_FORMATS:
                    raise _image_error("image_format")
                # the declared size, read from the header before decoding
                width, height = image.size
                if width * height > limit:
                    raise ValidationError(
                        _(
                            "The image has too many pixels (%(width)s × %(height)s); "
                            "at most %(limit)s million pixels are allowed."
                        ),
                        params={
                            "width": width,
                            "height": height,
                            "limit": limit // 1_000_000,
                        },
                        code="image_too_many_pixels",
                    )
                content_type, extension = IMAGE_FORMATS[image.format]
                # the structure: every chunk and its checksum, up to the end
                # marker (a PNG cut off after its first rows fails here) ...
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # ... and every pixel
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The image has too many pixels."), code="image_too_many_pixels"
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise _image_error("image_unreadable") from error
    return CheckedFile(content_type, extension, width, height)


def check_pdf(data):
    """Parse a PDF; returns a ``CheckedFile`` or raises a translated
    ``ValidationError`` (codes ``pdf_markup``, ``pdf_unreadable``)."""
    if not data.startswith(b"%PDF-"):
        raise ValidationError(
            _("The PDF file could not be read: it is damaged or not a real PDF."),
            code="pdf_unreadable",
        )
    head = data[:HEAD_BYTES].lower()
    if any(marker in head for marker in HTML_MARKERS):
        raise ValidationError(
            _("The PDF file contains web page code and cannot be accepted."),
            code="pdf_markup",
        )
    if b"%%EOF" not in data[-HEAD_BYTES:] or b"startxref" not in data[-HEAD_BYTES:]:
        raise ValidationError(
            _("The PDF file could not be read: it is damaged or not a real PDF."),
            code="pdf_unreadable",
        )
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if not reader.encrypted:
            reader.root["/Pages"]["/Count"]  # noqa: B018 - the catalogue must resolve
    except Exception as error:  # noqa: BLE001 - any parser failure is a refusal
        raise ValidationError(
            _("The PDF file could not be read: it is damaged or not a real PDF."),
            code="pdf_unreadable",
        ) from error
    return CheckedFile(PDF, "pdf")


def check_content(upload, extensions, *, max_pixels=None, match_extension=True):
    """Decode ``upload`` and check that it is one of the allowed types.

    ``extensions``: the allowed extensions (keys of ``EXTENSION_TYPES``). With
    ``match_extension`` the file's extension must name the type found (a PDF
    named ``.jpg`` is refused); without, the caller stores the file under
    ``CheckedFile.extension``. Sets ``upload.content_type`` to the type found.
    """
    extension = extension_of(upload.name)
    data = _read(upload)
    allowed_types = {EXTENSION_TYPES[name] for name in extensions}
    expected = EXTENSION_TYPES.get(extension) if match_extension else None
    mismatch = ValidationError(
        _("The file's content does not match its type (.%(extension)s)."),
        params={"extension": extension},
        code="file_content_mismatch",
    )
    if data.startswith(b"%PDF-"):
        if PDF not in allowed_types or expected not in (None, PDF):
            raise mismatch
        checked = check_pdf(data)
    else:
        formats = {
            name
            for name, (content_type, _extension) in IMAGE_FORMATS.items()
            if content_type in allowed_types
        }
        if not formats or expected == PDF:
            raise mismatch
        try:
            checked = check_image(data, formats, max_pixels)
        except ValidationError as error:
            if error.code == "image_format" and match_extension:
                raise mismatch from error
            raise
    if match_extension and expected != checked.content_type:
        raise mismatch
    upload.content_type = checked.content_type
    return checked
