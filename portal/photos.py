"""Photos uploaded by citizens (reports, proposal images): decoded with Pillow,
resized, stored without any metadata.

Only the pixels survive: the image is decoded, turned upright by its EXIF
orientation, copied into a fresh image (no EXIF, GPS, XMP, IPTC, ICC profile or
comments) and re-encoded as JPEG. Before stripping, the GPS position can be read
if the reporter asked to use it as the report's location.
"""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "MPO"}
GPS_IFD = 0x8825


class PhotoError(Exception):
    """A file that is refused; the message is shown to the reporter."""


@dataclass
class CleanPhoto:
    content: ContentFile
    width: int
    height: int
    gps: tuple | None = None


def max_bytes():
    return int(getattr(settings, "REPORTS_MAX_UPLOAD_MB", 10)) * 1024 * 1024


def max_pixels():
    return int(getattr(settings, "REPORTS_MAX_IMAGE_PIXELS", 40_000_000))


def _to_degrees(value, ref):
    degrees, minutes, seconds = (float(part) for part in value)
    result = degrees + minutes / 60 + seconds / 3600
    return -result if ref in ("S", "W") else result


def gps_position(image):
    """(latitude, longitude) from the EXIF GPS tags, or None."""
    try:
        gps = image.getexif().get_ifd(GPS_IFD)
        if not gps or 2 not in gps or 4 not in gps:
            return None
        return (
            _to_degrees(gps[2], gps.get(1, "N")),
            _to_degrees(gps[4], gps.get(3, "E")),
        )
    except (ValueError, TypeError, ZeroDivisionError, KeyError, AttributeError):
        return None


def clean(upload):
    """Decode, check, resize and strip an uploaded file; raises ``PhotoError``."""
    if upload.size > max_bytes():
        raise PhotoError(
            _("The photo %(name)s is larger than %(size)s MB.")
            % {"name": upload.name, "size": max_bytes() // (1024 * 1024)}
        )
    data = upload.read()
    not_an_image = PhotoError(
        _("The file %(name)s is not a photo (JPEG, PNG or WebP).")
        % {"name": upload.name}
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ALLOWED_FORMATS:
                raise not_an_image
            if image.width * image.height > max_pixels():
                raise PhotoError(
                    _("The photo %(name)s has too many pixels.") % {"name": upload.name}
                )
            gps = gps_position(image)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise PhotoError(
            _("The photo %(name)s has too many pixels.") % {"name": upload.name}
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise not_an_image from error
    image = ImageOps.exif_transpose(image)
    image = image.convert("RGB")
    limit = int(getattr(settings, "REPORTS_PHOTO_MAX_SIDE", 1600))
    image.thumbnail((limit, limit), Image.Resampling.LANCZOS)
    # A fresh image holds the pixels only: no info dict, no EXIF, no ICC profile.
    pixels = Image.new("RGB", image.size)
    pixels.paste(image)
    buffer = io.BytesIO()
    pixels.save(buffer, format="JPEG", quality=85, optimize=True)
    return CleanPhoto(
        content=ContentFile(buffer.getvalue(), name="photo.jpg"),
        width=pixels.width,
        height=pixels.height,
        gps=gps,
    )
