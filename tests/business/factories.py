"""The business section built by tests: the section, its directory and project
list in German and English (``/wirtschaft/verzeichnis/``,
``/wirtschaft/projekte/``), directory entries and projects with needs and
offers."""

import datetime

from django.utils.text import slugify

from business.models import (
    ActorType,
    BusinessDirectoryPage,
    BusinessEntryPage,
    BusinessIndexPage,
)
from business.project_models import ProjectIndexPage, ProjectItem, ProjectPage
from portal.indexing import indexed_once
from tests import factories


def _section_page(parent, model, title, slug, title_en, slug_en):
    """The one ``model`` below ``parent`` (created with its English translation
    the first time)."""
    existing = model.objects.child_of(parent).first()
    if existing is not None:
        return existing
    page = factories.add_page(parent, model, title=title, slug=slug)
    factories.translate(page, title=title_en, slug=slug_en)
    return page


def business_index():
    return _section_page(
        factories.home_page(),
        BusinessIndexPage,
        "Wirtschaft",
        "wirtschaft",
        "Business",
        "business",
    )


def directory():
    return _section_page(
        business_index(),
        BusinessDirectoryPage,
        "Verzeichnis",
        "verzeichnis",
        "Directory",
        "directory",
    )


def project_index():
    return _section_page(
        business_index(),
        ProjectIndexPage,
        "Projekte",
        "projekte",
        "Projects",
        "projects",
    )


def entry(title="Tischlerei Möller", english=None, tags=(), **fields):
    """A live directory entry (a company unless ``actor_type`` says otherwise)
    with ``tags`` (names); ``english``: the fields of its live English
    translation."""
    fields.setdefault("slug", slugify(title))
    fields.setdefault("intro", f"{title} stellt sich vor.")
    with indexed_once(BusinessEntryPage):
        page = factories.add_page(directory(), BusinessEntryPage, title=title, **fields)
        if tags:
            page.tags.add(*tags)
            # validated in full by ``add_page``; tags are no field of it
            page.save_revision(clean=False).publish()
        if english is not None:
            factories.translate(page, **english)
    return BusinessEntryPage.objects.get(pk=page.pk)


def weekly(days, opens, closes):
    """A weekly opening period (``days``: keys such as ``"tu"``; hours as ints)."""
    return (
        "weekly",
        {
            "days": list(days),
            "opens": datetime.time(opens),
            "closes": datetime.time(closes),
        },
    )


def complete_entry(title, municipality, **fields):
    """A live farm shop with every fact the owners' form shows: address and
    coordinates in ``municipality``, contact, products, languages, step-free
    access and opening hours (Tuesday and Friday 14–18, Saturday 9–13)."""
    slug = fields.setdefault("slug", slugify(title))
    values = {
        "actor_type": ActorType.FARM,
        "sector": "A",
        "intro": f"{title}: Gemüse in der Kiste, Hofladen am Freitag.",
        "description": f"{title}. Wir freuen uns auf Ihren Besuch.",
        "products": "Bio\nGemüse\nAbokiste",
        "municipality": municipality,
        "street": "Feldweg 3",
        "postal_code": "19089",
        "city": municipality.name,
        "latitude": "53.639200",
        "longitude": "11.776200",
        "phone": "03863 5618",
        "email": f"kontakt@{slug}.example",
        "website": f"https://{slug}.example",
        "opening_hours": [weekly(["tu", "fr"], 14, 18), weekly(["sa"], 9, 13)],
        "languages": ["de", "en"],
        "accessibility": ["step_free"],
        "direct_sale": True,
    }
    values.update(fields)
    return entry(title, **values)


def project(title="Regionalmarkt", items=(), english=None, **fields):
    """A live project with ``items``: ``(kind, title)`` pairs (``ItemKind``)."""
    fields.setdefault("slug", slugify(title))
    fields.setdefault("intro", f"Worum es bei {title} geht.")
    fields.setdefault("contact_email", "wirtschaft@testamt.example")
    fields["items"] = [
        ProjectItem(kind=kind, title=item_title, sort_order=position)
        for position, (kind, item_title) in enumerate(items)
    ]
    page = factories.add_page(project_index(), ProjectPage, title=title, **fields)
    if english is not None:
        factories.translate(page, **english)
    return ProjectPage.objects.get(pk=page.pk)
