"""Shared fixtures.

Tests build the world they need with the factories in ``tests/factories.py``
and ``tests/<app>/factories.py``. Every test session starts from migrated,
empty tables plus the home page in German and English (the site root that
``load_demo`` would create, with nothing below it); each test's own changes
are rolled back afterwards.

Tests that check the demo content itself are marked ``@pytest.mark.demo``.
They need the whole demo loaded, so they run in a pytest session of their
own: ``make test`` runs ``-m "not demo"`` and then ``-m demo``. A session that
selects both kinds refuses to start rather than run factory tests against a
populated database.
"""

import gc
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import setup_databases, teardown_databases
from django.utils import timezone, translation
from wagtail.models import Locale, Site

from tests import database_template, demo_selection, demo_template, factories
from tests import world as shared


def pytest_configure(config):
    """Fewer runs of Python's cyclic garbage collector. A test process makes
    millions of short-lived objects (querysets, templates, requests): with the
    default threshold (700) the collector ran about 1,600 times in 65 s of
    tests, and each full run walked every module, model and URL pattern loaded
    at start-up. Those are frozen (never collected, they live as long as the
    process), and the young generation is collected every 50,000 allocations:
    the same garbage is freed, only less often (docs/architecture.md)."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _selects_demo(session):
    return [item for item in session.items if item.get_closest_marker("demo")]


def pytest_collection_finish(session):
    demo = _selects_demo(session)
    if demo and len(demo) != len(session.items):
        browser = [i for i in session.items if i.get_closest_marker("browser")]
        if len(demo) + len(browser) != len(session.items):
            raise pytest.UsageError(
                "This selection mixes demo tests (marked 'demo') with tests that "
                "build their own data; run them apart: -m 'not demo' and -m demo."
            )


def pytest_ignore_collect(collection_path, config):
    """A session that selects only demo tests collects only the test files that
    name the demo marker (``tests/demo_selection.py``)."""
    return demo_selection.ignore(collection_path, config)


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    report = yield
    demo_selection.check(report)
    return report


def pytest_sessionstart(session):
    """One line when the committed snapshot of the migrated SQLite test database is
    stale, so that the session migrates (``tests/database_template.py``); said by
    the controlling process only, not by every pytest-xdist worker."""
    config = session.config
    if hasattr(config, "workerinput") or config.getoption("create_db"):
        return
    if database_template.applies():
        message = database_template.stale_snapshot()
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if message and reporter is not None:
            reporter.write_line(message, yellow=True, bold=True)


def pytest_collection_modifyitems(session, config, items):
    """The modules of the shared world (``tests/world.py``) run next to each other,
    where the first of them was collected, so that it is built once for all of
    them (once per worker under pytest-xdist). Whole modules move, in their
    order: the world stays while a module's other tests run, as a module's own
    data would. Deterministic: every xdist worker must collect the same order."""
    shared.SHARED.modules = {
        item.path for item in items if shared.uses_shared_world(item)
    }
    if not shared.SHARED.modules:
        return
    ours = [item for item in items if item.path in shared.SHARED.modules]
    first = items.index(ours[0])
    others = [item for item in items if item.path not in shared.SHARED.modules]
    items[:] = others[:first] + ours + others[first:]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Roll the shared world back once the next test is not in a module of it
    (after the test's and its module's fixtures are torn down). After the last
    test, ``_shared_world_holder`` does it, before the test database goes."""
    result = yield
    if nextitem is not None and nextitem.path not in shared.SHARED.modules:
        shared.SHARED.release()
    return result


@pytest.fixture(scope="session")
def _shared_world_holder(django_db_setup):
    yield shared.SHARED
    shared.SHARED.release()


@pytest.fixture(scope="module")
def shared_world(_shared_world_holder, django_db_blocker):
    """The world of ``tests/world.py``, built once for a run of modules that use it."""
    return _shared_world_holder.acquire(django_db_blocker)


@pytest.fixture(scope="module")
def world(shared_world):
    """One live page of every page type (``tests/world.py``); modules that need a
    world of their own define a ``world`` fixture instead."""
    return shared_world


@pytest.fixture(scope="session")
def production_process(django_db_setup, tmp_path_factory, django_db_blocker):
    """The answers of one real process under ``portal.settings.production``
    (``tests/production_process.py``), started once per test process that asks."""
    from tests.production_process import production_answers

    return production_answers(tmp_path_factory.mktemp("production"), django_db_blocker)


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """The session's test database (pytest-django's fixture of the same name, but
    on SQLite restored from a migrated copy: ``tests/database_template.py``),
    then the site root or the whole demo (on SQLite restored from today's
    demo-loaded copy: ``tests/demo_template.py``).

    Under pytest-xdist (``make test`` runs ``-n $(PYTEST_WORKERS)``) every worker
    is a process with a database of its own: on SQLite its own in-memory copy of
    the one migrated file, on PostgreSQL ``test_<name>_gw0``, ``_gw1``, ... (the
    suffix comes from ``django_db_modify_db_settings``, requested above)."""
    verbosity = request.config.option.verbose
    keepdb = django_db_keepdb and not django_db_createdb
    demo = bool(_selects_demo(request.session))
    with django_db_blocker.unblock():
        if database_template.applies():
            if demo:  # today's demo-loaded copy, or migrated + load_demo
                old_name = demo_template.create_test_db(verbosity, django_db_createdb)
            else:
                old_name = database_template.create_test_db(
                    verbosity, django_db_createdb
                )
            config = [(connection, old_name, True)]
        else:
            config = setup_databases(
                verbosity=verbosity,
                interactive=False,
                keepdb=keepdb,
                aliases={"default"},
                serialized_aliases=set(),
            )
            if demo:
                call_command("load_demo", stdout=StringIO())
        if not demo:
            factories.build_site_root()
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            teardown_databases(config, verbosity=verbosity)


@pytest.fixture(autouse=True)
def clean_global_state():
    """Each test starts with an empty cache and the default language: its
    database changes are rolled back, and neither may leak into the next test."""
    cache.clear()
    translation.activate("de")
    yield
    translation.deactivate()


class PinnedClock:
    """What ``timezone.now()`` answers under the ``pinned_clock`` fixture:
    ``now``; assign to it to move the clock."""

    def __init__(self, now):
        self.now = now


@pytest.fixture
def pinned_clock(monkeypatch):
    """``django.utils.timezone.now`` pinned to ``pinned_clock.now``: at first the
    current time to the whole minute (listings use "now" to the minute), set
    it to a fixed moment or move it (``pinned_clock.now += timedelta(days=3)``).
    Code that reads the time through ``timezone.now`` (or ``localtime``,
    ``localdate``) sees it; the patch ends with the test."""
    clock = PinnedClock(timezone.now().replace(second=0, microsecond=0))
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home(site):
    return site.root_page.specific


@pytest.fixture
def home_en(home):
    return home.get_translation(Locale.objects.get(language_code="en")).specific


@pytest.fixture
def locale_de(db):
    return Locale.objects.get(language_code="de")


@pytest.fixture
def locale_en(db):
    return Locale.objects.get(language_code="en")


@pytest.fixture
def demo_user(django_user_model):
    """A user of the demo content (tests marked ``demo`` only)."""

    def get(username):
        return django_user_model.objects.get(username=username)

    return get
