"""A compact portal with one live page of every page type, for the sweeps.

The security and reliability sweeps (headers, hostile query strings, every
public page answering) need one page of every kind an editor can create, in
German and English, not the whole demo. ``build()`` makes that world from the
app factories; ``creatable_page_types()`` is the set the sweeps compare against,
so that a new page type without a page here fails them.

Tests get it from the ``world`` fixture (``tests/conftest.py``): one world shared
by every module that asks for it, built once per run of such modules (see
``SharedWorld``). A module that needs more on top builds it with ``world_data``.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, get_page_models

from business.models import (
    BusinessDirectoryPage,
    BusinessEntryPage,
    BusinessIndexPage,
)
from business.project_models import ProjectIndexPage, ProjectItem, ProjectPage
from home.models import AccessibilityStatementPage, StandardPage
from portal.models import PortalSettings
from portal.roles import setup_roles
from tests import factories
from tests.consultations import factories as consultations
from tests.council.factories import MeetingFactory, council_section
from tests.datasets import factories as datasets
from tests.home.factories import announcement, news_item, news_section
from tests.services import factories as services
from tests.tourism import factories as tourism


def creatable_page_types():
    """Every page type an editor can create (Wagtail's ``Page`` itself is not)."""
    return {model for model in get_page_models() if model.is_creatable}


def public_pages():
    """Every live, public page below the root, specific, in tree order."""
    return list(
        Page.objects.live().public().filter(depth__gt=1).specific().order_by("path")
    )


def one_page_per_type():
    """URL of one live page per (page type, language)."""
    urls = {}
    for page in public_pages():
        urls.setdefault((type(page).__name__, page.locale_id), page.url)
    return sorted(urls.values())


def _both(parent, model, slug, en_slug, title, en_title, **fields):
    page = factories.add_page(parent, model, slug=slug, title=title, **fields)
    factories.translate(page, slug=en_slug, title=en_title)
    return page


def _legal_pages(home):
    imprint = _both(home, StandardPage, "impressum", "imprint", "Impressum", "Imprint")
    privacy = _both(
        home, StandardPage, "datenschutz", "privacy", "Datenschutz", "Privacy"
    )
    accessibility = _both(
        home,
        AccessibilityStatementPage,
        "barrierefreiheit",
        "accessibility",
        "Erklärung zur Barrierefreiheit",
        "Accessibility statement",
    )
    _both(
        imprint,
        StandardPage,
        "verantwortlich",
        "responsible",
        "Verantwortlich",
        "Responsible",
    )
    settings = PortalSettings.for_site(home.get_site())
    settings.imprint_page = imprint
    settings.privacy_page = privacy
    settings.accessibility_page = accessibility
    settings.save()
    return SimpleNamespace(
        imprint=imprint, privacy=privacy, accessibility=accessibility
    )


def _business(home):
    index = _both(
        home, BusinessIndexPage, "wirtschaft", "business", "Wirtschaft", "Business"
    )
    directory = _both(
        index,
        BusinessDirectoryPage,
        "verzeichnis",
        "directory",
        "Verzeichnis",
        "Directory",
    )
    entry = _both(
        directory,
        BusinessEntryPage,
        "hofladen",
        "farm-shop",
        "Hofladen",
        "Farm shop",
        intro="Obst und Gemüse vom Hof.",
        municipality=tourism.municipality("Crivitz"),
        street="Dorfstraße 1",
        postal_code="19089",
        city="Crivitz",
        latitude="53.576000",
        longitude="11.650700",
        phone="03863 5550",
        email="hofladen@example.org",
        products="Äpfel\nKartoffeln",
        direct_sale=True,
    )
    projects = _both(
        index, ProjectIndexPage, "projekte", "projects", "Projekte", "Projects"
    )
    project = factories.add_page(
        projects,
        ProjectPage,
        slug="regionalmarkt",
        title="Regionalmarkt",
        intro="Ein Markt für die Region.",
        contact_email="projekt@example.org",
    )
    ProjectItem.objects.create(project=project, title="Pavillons")
    factories.translate(project, slug="regional-market", title="Regional market")
    return SimpleNamespace(
        index=index,
        directory=directory,
        entry=entry,
        projects=projects,
        project=project,
    )


def _consultations():
    index = consultations.consultation_index()
    consultation, _english = consultations.translated_consultation()
    process = consultations.proposal_process(index)
    consultations.proposal(process)
    budget = consultations.budget(index, projects=[("Spielplatz", 4000)])
    implementation = consultations.implementation_page(index)
    for page, title in ((process, "Ideas"), (budget, "Citizens' budget")):
        factories.translate(page, title=title)
    return SimpleNamespace(
        index=index,
        consultation=consultation,
        process=process,
        budget=budget,
        implementation=implementation,
    )


def _tourism(now):
    section = tourism.tourism_section()
    attraction = tourism.attraction(
        section.index, "badesee", "Badesee", en={"title": "Bathing lake"}
    )
    accommodation = tourism.accommodation(
        section.index, "pension", "Pension am See", en={"title": "Lakeside inn"}
    )
    event = tourism.event(
        section.events,
        "dorffest",
        "Dorffest",
        tourism.day_at(5, now=now),
        en={"title": "Village fair"},
    )
    route = tourism.route(
        section.routes,
        "seerunde",
        "Seerunde",
        tourism.track_line([(53.57, 11.65), (53.58, 11.66)]),
        en={"title": "Lake loop"},
    )
    return SimpleNamespace(
        section=section,
        attraction=attraction,
        accommodation=accommodation,
        event=event,
        route=route,
    )


def _services():
    index = services.service_index()
    topic = services.service_topic(
        "Dokumente", "dokumente", english={"title": "Documents", "slug": "documents"}
    )
    service, _english = services.translated_service()
    return SimpleNamespace(index=index, topic=topic, service=service)


def _open_data(home):
    index = datasets.data_index()
    factories.translate(index, slug="data", title="Data")
    dataset = datasets.dataset(
        "badestellen", files=[("badestellen.csv", "name;ort\nSee;Crivitz\n")]
    )
    return SimpleNamespace(index=index, dataset=dataset)


def build(now=None):
    """The world: one live page of every creatable page type below the home page,
    each in German and, where the portal translates it, English; the editorial
    groups' permissions and workflows on top (``setup_roles``)."""
    now = now or timezone.now()
    home = factories.home_page()
    news, archive = news_section(home)
    world = SimpleNamespace(
        home=home,
        legal=_legal_pages(home),
        news=news,
        news_item=news_item(news, title="Neue Bänke am See"),
        archive=archive,
        announcement=announcement(archive, title="Haushaltssatzung"),
        council=council_section(home),
        meeting=MeetingFactory(start=now + datetime.timedelta(days=3)),
        business=_business(home),
        consultations=_consultations(),
        tourism=_tourism(now),
        services=_services(),
        data=_open_data(home),
    )
    factories.translate(world.news_item, title="New benches by the lake")
    # groups, section permissions and workflows, as a deployment sets them up
    setup_roles()
    return world


class SharedWorld:
    """``build()`` once for all the modules that use it, not once per module.

    The world is created in a transaction that stays open while modules using
    the ``world`` fixture run one after another; each test runs in its own
    savepoint inside it (pytest-django's ``db``), and a module's own additions
    (``world_data``) in a savepoint of the module, so no test or module sees what
    another one changed. ``tests/conftest.py`` runs those modules next to each
    other (``pytest_collection_modifyitems``) and rolls the transaction back as
    soon as the next test is not in such a module (``pytest_runtest_teardown``), so
    no test of another module ever sees it; a later user builds it afresh. Under pytest-xdist
    each worker builds it once per run of world tests it receives.

    Page objects in the world may be stale after a test changed them in the
    database: tests that change pages fetch them again, and no test assigns to
    the world's attributes.
    """

    def __init__(self):
        self.value = None
        self._atomic = None
        self._blocker = None
        self.builds = 0
        self.modules = set()  # paths of the test modules using it (conftest)

    def acquire(self, blocker):
        if self._atomic is None:
            with blocker.unblock():
                atomic = transaction.atomic()
                atomic.__enter__()
                try:
                    self.value = build()
                except BaseException:
                    transaction.set_rollback(True)
                    atomic.__exit__(None, None, None)
                    raise
            self._atomic, self._blocker = atomic, blocker
            self.builds += 1
        return self.value

    def release(self):
        if self._atomic is None:
            return
        atomic, blocker = self._atomic, self._blocker
        self._atomic = self._blocker = self.value = None
        with blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


SHARED = SharedWorld()


def uses_shared_world(item):
    """Whether a collected test gets the shared world (``shared_world`` fixture)."""
    return "shared_world" in getattr(item, "fixturenames", ())


def world_data(builder):
    """A module-scoped fixture: ``builder(world)``'s additions to the shared world,
    in a savepoint of the module rolled back after its last test. Return a new
    object rather than changing the world's attributes."""

    @pytest.fixture(scope="module")
    def fixture(world, django_db_blocker):
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                yield builder(world)
            finally:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)

    return fixture
