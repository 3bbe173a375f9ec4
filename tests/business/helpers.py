"""Building business pages and filling in the owners' entry form in tests."""

from django.utils.text import slugify

from business.models import BusinessEntryPage
from tests.factories import add_page

from .factories import directory

__all__ = ["add_entry", "directory", "form_data"]


def add_entry(parent, title, **fields):
    return add_page(
        parent, BusinessEntryPage, title=title, slug=slugify(title), **fields
    )


def form_data(page, **changes):
    """The owners' entry form (``business.forms.EntryForm``) as a browser posts it
    for ``page``: its current facts, the tags "bio, gemuese" and opening hours on
    Tuesday 14–18 only; ``changes`` override fields."""
    data = {
        "title": page.title,
        "intro": page.intro,
        "actor_type": page.actor_type,
        "sector": page.sector,
        "municipality": page.municipality_id or "",
        "street": page.street,
        "postal_code": page.postal_code,
        "city": page.city,
        "latitude": "" if page.latitude is None else str(page.latitude),
        "longitude": "" if page.longitude is None else str(page.longitude),
        "phone": page.phone,
        "email": page.email,
        "website": page.website,
        "description": page.description,
        "products": page.products,
        "tag_list": "bio, gemuese",
        "languages": page.languages,
        "accessibility": page.accessibility,
        "accessibility_note": "",
        "tu_opens_1": "14:00",
        "tu_closes_1": "18:00",
    }
    if page.direct_sale:
        data["direct_sale"] = "on"
    data.update(changes)
    return data
