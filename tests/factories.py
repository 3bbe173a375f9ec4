"""Factories for the whole suite: tests build the world they need.

The shared pieces live here (users and roles, municipalities, images, the
site root in both languages, pages); each app's own page and snippet
factories live in ``tests/<app>/factories.py`` and build on these. Nothing
here reads the demo content: a test that needs the demo is marked
``@pytest.mark.demo`` (see ``tests/conftest.py``).
"""

import io
import itertools
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image as PILImage
from wagtail.actions.base import BaseAction
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.log_actions import log
from wagtail.models import Locale, Page, Site

from accounts.models import (
    IdentityLevel,
    IdentityVerification,
    RoleKind,
    UserRole,
    VerificationMethod,
)
from home.models import HomePage
from portal.indexing import indexed_once
from portal.models import (
    Licence,
    Municipality,
    PortalDocument,
    PortalImage,
    PortalSettings,
)

PASSWORD = "test-password"  # noqa: S105 - test accounts only

_slugs = itertools.count(1)


def unique_slug(prefix="page"):
    return f"{prefix}-{next(_slugs)}"


def locale(language_code="de"):
    return Locale.objects.get(language_code=language_code)


# --- users and roles -------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    """A registered citizen with a confirmed e-mail address."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    # hashed before the user is saved (``make_password``, as ``set_password``
    # does), not set and saved again after it: one query less per user
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def email_confirmed(user, create, extracted, **kwargs):
        # the user was created just now, so it has no address yet: created
        # directly (one query) instead of looked up first (``get_or_create``)
        if create and user.email and extracted is not False:
            EmailAddress.objects.create(
                user=user, email=user.email, verified=True, primary=True
            )

    @factory.post_generation
    def groups(user, create, extracted, **kwargs):
        """``groups=["Fachamt"]``: group names (created if missing)."""
        if create and extracted:
            for name in extracted:
                group, _ = Group.objects.get_or_create(name=name)
                user.groups.add(group)


class StaffFactory(UserFactory):
    """Administration staff: may open the admin once given a group."""

    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True


def verified_citizen(level=IdentityLevel.SUBSTANTIAL, person_hash=None, **kwargs):
    """A citizen whose identity was verified (e.g. through BundID)."""
    municipality_ags = kwargs.pop("municipality_ags", "")
    user = UserFactory(**kwargs)
    IdentityVerification.objects.create(
        user=user,
        level=level,
        method=VerificationMethod.DEV_SIMULATION,
        person_hash=person_hash,
        municipality_ags=municipality_ags,
    )
    return user


def user_with_role(role, municipality=None, organisation="", confirmed=True, **kw):
    """A citizen with an actor or council-member role (``RoleKind``)."""
    user = UserFactory(**kw)
    user_role = UserRole.objects.create(
        user=user,
        role=role,
        municipality=municipality,
        organisation=organisation or f"Organisation of {user.username}",
    )
    if confirmed:
        user_role.confirm(by=None)
    return user


def council_member(municipality, **kwargs):
    return user_with_role(RoleKind.COUNCIL, municipality=municipality, **kwargs)


# --- municipalities, images --------------------------------------------------------


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality

    locale = factory.LazyFunction(lambda: locale("de"))
    name = factory.Sequence(lambda n: f"Gemeinde {n}")
    slug = factory.Sequence(lambda n: f"gemeinde-{n}")
    ags = factory.Sequence(lambda n: f"13076{n % 1000:03d}")
    ars = factory.Sequence(lambda n: f"130765668{n % 1000:03d}")
    latitude = Decimal("53.5760")
    longitude = Decimal("11.6507")
    population = 1000


def translated_municipality(**kwargs):
    """A municipality with its English translation (as the portal keeps them)."""
    municipality = MunicipalityFactory(**kwargs)
    municipality.copy_for_translation(locale("en")).save()
    return municipality


def image_file(name="test.jpg", size=(64, 48), colour=(90, 140, 200), fmt="JPEG"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format=fmt)
    buffer.seek(0)
    return ImageFile(buffer, name=name)


class ImageFactory(DjangoModelFactory):
    class Meta:
        model = PortalImage

    title = factory.Sequence(lambda n: f"Bild {n}")
    alt_text = factory.LazyAttribute(lambda image: f"Beschreibung von {image.title}")
    credit = "Test"
    licence = Licence.CC0
    file = factory.LazyFunction(image_file)


class DocumentFactory(DjangoModelFactory):
    """A document of the library; ``file`` is a ContentFile with a name."""

    class Meta:
        model = PortalDocument

    title = factory.Sequence(lambda n: f"Dokument {n}")
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4\n", name="test.pdf"))


# --- pages -------------------------------------------------------------------------


class _PublishNewPage(PublishPageRevisionAction):
    """Wagtail's ``revision.publish()`` of the revision just saved for a page
    created just now (``add_page``, ``translate``), without the work that is
    redundant for such a page (#23): rebuilding the page from the revision's
    content (``as_object``: the page at hand is what the revision was saved
    from), validating the page once more (``add_child`` or ``save_revision``
    just did, and only the publishing fields changed since), asking whether
    the revision is the latest (it was saved just now), which revision came
    before it (``title_before`` says what that told Wagtail) and clearing the
    go-live date of the page's other revisions (none has one).

    What it does is Wagtail's own: the same fields as ``_publish_revision``
    sets, the page saved (its URL path updated when the slug changed), the
    comments, signals (``page_published``, ``published``), workflow and aliases
    of ``_after_publish``, and the ``wagtail.rename`` and ``wagtail.publish``
    log entries. A page to go live in the future takes Wagtail's whole path.
    """

    def __init__(self, page, revision, title_before=None):
        BaseAction.__init__(self, page)
        self.object = page
        self.revision = revision
        self.changed = True
        self.log_action = True
        self.previous_revision = None
        self.title_before = title_before

    def _publish_revision(self, revision, object, user, changed, log_action, **kw):
        now = timezone.now()
        if object.go_live_at and object.go_live_at > now:
            return super()._publish_revision(
                revision, object, user, changed, log_action, **kw
            )
        object.live = True
        object.has_unpublished_changes = False
        object.expired = False
        object.last_published_at = now
        object.live_revision = revision
        if object.first_published_at is None:
            object.first_published_at = now
        object.save(clean=False)
        self._after_publish()
        data = None
        if self.title_before is not None and self.title_before != str(object):
            data = {"title": {"old": self.title_before, "new": str(object)}}
            log(
                instance=object,
                action="wagtail.rename",
                user=user,
                data=data,
                revision=revision,
            )
        log(
            instance=object,
            action="wagtail.publish",
            user=user,
            data=data,
            revision=revision,
            content_changed=changed,
        )


def add_page(parent, model, live=True, **fields):
    """Create a page of ``model`` below ``parent`` the way Wagtail's admin does.

    ``live=True`` publishes it through a revision (signals, cache purge and
    search index as in production; ``_PublishNewPage``); ``live=False``
    leaves a draft. Its three saves index it once, as the last of them would
    (``portal.indexing.indexed_once``).
    """
    fields.setdefault("title", model._meta.verbose_name.title())
    fields.setdefault("slug", unique_slug(model._meta.model_name))
    page = model(locale=parent.locale, live=live, **fields)
    with indexed_once(model):
        parent.add_child(instance=page)
        # a live page was validated in full by ``add_child``'s save, and nothing
        # changed since: the revision need not validate it again (a draft was
        # only checked for title and slug, so its revision validates it)
        revision = page.save_revision(clean=not live)
        if live:
            _PublishNewPage(page, revision).execute()
    if live:
        page.refresh_from_db()
    return page


def translate(page, language_code="en", publish=True, **fields):
    """The page's translation (parents must be translated first), as the portal
    creates it: a copy for the locale, given the translated fields (indexed
    once, as ``add_page``)."""
    with indexed_once(type(page.specific_deferred)):
        translation = page.copy_for_translation(
            locale(language_code), copy_parents=False
        )
        # the copy's title, which its row keeps until it is published: Wagtail
        # logs a rename when the published title differs from it
        title_before = str(translation)
        for name, value in fields.items():
            setattr(translation, name, value)
        revision = translation.save_revision()
        if publish:
            _PublishNewPage(translation, revision, title_before).execute()
    if publish:
        translation.refresh_from_db()
    return translation


def home_page():
    """The German home page of the default site (one query: the site's root
    as a ``HomePage``, which it is once ``build_site_root`` or ``load_demo``
    made it)."""
    home = HomePage.objects.filter(sites_rooted_here__is_default_site=True).first()
    if home is not None:
        return home
    return Site.objects.get(is_default_site=True).root_page.specific


def home_page_en():
    return home_page().get_translation(locale("en")).specific


def build_site_root():
    """The portal's home page in German and English as the default site's root.

    Runs once per test session (``tests/conftest.py``), as ``load_demo`` would,
    but with nothing below the home page.
    """
    site = Site.objects.get(is_default_site=True)
    if isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    old_root = site.root_page
    home = HomePage(
        title="Startseite",
        slug="startseite",
        locale=locale("de"),
        hero_title="Willkommen",
    )
    Page.get_first_root_node().add_child(instance=home)
    home.save_revision().publish()
    site.root_page = home
    site.hostname = "testserver"
    site.port = 80
    site.site_name = "Testamt"
    site.save()
    old_root.delete()
    translate(home, title="Home", hero_title="Welcome")
    settings = PortalSettings.for_site(site)
    settings.authority_name = "Testamt"
    settings.street = "Amtsstraße 1"
    settings.postal_code = "12345"
    settings.city = "Teststadt"
    settings.phone = "01234 5678"
    settings.email = "info@testamt.example"
    settings.save()
    return home


# --- data built once per module -------------------------------------------------------


def module_data(builder, scope="module"):
    """A module-scoped fixture holding what ``builder()`` creates, built once
    (``scope="class"``: once per test class that uses it, for modules where other
    tests must not see it).

    The data is created in a transaction that stays open for the module's tests
    and is rolled back after the last one; each test runs inside it in its own
    savepoint (pytest-django's ``db``), so a test's changes never reach the next
    test. Page objects in the returned value may be stale after a test changed
    them: tests that change pages fetch them again.

    Usage in a test module: ``world = factories.module_data(build_world)``.
    Not in a module with Django ``TestCase`` classes: their class teardown closes
    the database connection and with it the module's transaction (PostgreSQL).
    """
    import pytest
    from django.db import transaction

    @pytest.fixture(scope=scope)
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                yield builder()
            finally:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)

    return fixture
