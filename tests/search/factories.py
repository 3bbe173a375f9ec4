"""Pages, synonyms and services for the search tests (no demo content)."""

from home.models import StandardPage
from search.models import SynonymGroup
from services.models import ServiceIndexPage, ServicePage
from tests.factories import add_page, locale


def text_page(parent, title, intro="", **fields):
    """A published content page with a title and an introduction."""
    return add_page(parent, StandardPage, title=title, intro=intro, **fields)


def synonyms(terms, language_code="de"):
    """A synonym group of the language, e.g. ``synonyms("Müll, Abfall")``."""
    return SynonymGroup.objects.create(locale=locale(language_code), terms=terms)


def service_page(parent, title, intro, search_terms="", index=None):
    """A published service page (below a services section made if needed)."""
    if index is None:
        index = ServiceIndexPage.objects.filter(
            locale=parent.locale
        ).first() or add_page(parent, ServiceIndexPage, title="Service", slug="service")
    return add_page(
        index,
        ServicePage,
        title=title,
        intro=intro,
        search_terms=search_terms,
        online_application=False,
    )
