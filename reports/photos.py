"""Photos of reports: checked, resized and stripped of all metadata by the
portal's photo check (:mod:`portal.photos`), which proposal images use too."""

from portal.photos import (
    ALLOWED_FORMATS,
    CleanPhoto,
    PhotoError,
    clean,
    gps_position,
    max_bytes,
    max_pixels,
)

__all__ = [
    "ALLOWED_FORMATS",
    "CleanPhoto",
    "PhotoError",
    "clean",
    "gps_position",
    "max_bytes",
    "max_pixels",
]
