"""The business section built by tests: the section, its directory and project
list in German and English (``/wirtschaft/verzeichnis/``,
``/wirtschaft/projekte/``), directory entries and projects with needs and
offers."""

from django.utils.text import slugify

from business.models import BusinessDirectoryPage, BusinessEntryPage, BusinessIndexPage
from business.project_models import ProjectIndexPage, ProjectItem, ProjectPage
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
    page = factories.add_page(directory(), BusinessEntryPage, title=title, **fields)
    if tags:
        page.tags.add(*tags)
        page.save_revision().publish()
    if english is not None:
        factories.translate(page, **english)
    return BusinessEntryPage.objects.get(pk=page.pk)


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
