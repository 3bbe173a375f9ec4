"""Building blocks of the demo content, and the site-wide part of it.

``manage.py load_demo`` calls :func:`load` of this module first, then the
``load(demo)`` function of every installed app that has a ``demo`` module, in
``INSTALLED_APPS`` order. Every step is idempotent: it looks for what it would
create (by slug, title or username) and leaves existing content alone.
"""

import io
import random
import zlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.models import Locale, Site

from portal import demo_pictures
from portal.models import Licence, Municipality, PortalImage, PortalSettings

DEMO_PASSWORD = "demo"  # noqa: S105 - demo users exist only under dev settings

DEMO_USERS = [
    # username, first name, last name, e-mail, is_superuser
    ("admin", "Ada", "Admin", "admin@example.org", True),
    ("redaktion", "Rieke", "Redaktion", "redaktion@example.org", False),
    ("pruefung", "Paul", "Prüfer", "pruefung@example.org", False),
    ("amtsleitung", "Anke", "Amtsleiterin", "amtsleitung@example.org", False),
    ("buerger", "Bernd", "Bürger", "buerger@example.org", False),
    ("unternehmen", "Ute", "Unternehmerin", "unternehmen@example.org", False),
]

DEMO_SEED = 20261128  # fixed: the same demo every time


class Demo:
    """Helpers that app demo modules use; each is idempotent."""

    def __init__(self, stdout=None):
        self.stdout = stdout
        self.de = Locale.objects.get(language_code="de")
        self.en = Locale.objects.get(language_code="en")
        self.rng = random.Random(DEMO_SEED)

    def seed_for(self, app_label):
        """Give ``rng`` a fixed seed of its own for the app ``app_label``: the same
        demo every time, and what one app draws does not change another app's."""
        self.rng = random.Random(f"{DEMO_SEED}-{app_label}")

    def log(self, message):
        if self.stdout is not None:
            self.stdout.write(message)

    # --- site ---------------------------------------------------------------------
    @property
    def site(self):
        return Site.objects.get(is_default_site=True)

    @property
    def home(self):
        return self.site.root_page.specific

    def home_en(self):
        return self.translation(self.home, self.en)

    # --- pages ---------------------------------------------------------------------
    def page(self, parent, model, slug, **fields):
        """The live child ``slug`` of ``parent``; created and published if missing."""
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            return existing.specific
        page = model(slug=slug, locale=parent.locale, **fields)
        parent.add_child(instance=page)
        page.full_clean()
        page.save_revision().publish()
        return page

    def translation(self, page, locale):
        return page.get_translation_or_none(locale)

    def translate(self, page, locale=None, **fields):
        """The translation of ``page`` into ``locale`` (English by default).

        Created with Wagtail's ``copy_for_translation`` (the parent must be
        translated first), given the translated field values and published.
        """
        locale = locale or self.en
        existing = page.get_translation_or_none(locale)
        if existing is not None:
            return existing.specific
        translation = page.copy_for_translation(locale, copy_parents=False)
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.full_clean()
        translation.save_revision().publish()
        return translation

    # --- images ----------------------------------------------------------------------
    def image(
        self,
        title,
        alt_text,
        subject="lake",
        credit="Amt (Demo-Grafik)",
        seed=0,
        sky="day",
    ):
        """An illustration of ``subject`` drawn locally (no network, no third-party
        photos; ``portal.demo_pictures``), found again by its title."""
        existing = PortalImage.objects.filter(title=title).first()
        if existing is not None:
            return existing
        key = zlib.crc32(title.encode())
        data = demo_pictures.jpeg(subject, seed or key, sky=sky)
        image = PortalImage(
            title=title,
            alt_text=alt_text,
            credit=credit,
            licence=Licence.CC0,
            file=ImageFile(io.BytesIO(data), name=f"demo-{key:08x}.jpg"),
        )
        image.full_clean(exclude=["file"])
        image.save()
        return image

    # --- municipalities ------------------------------------------------------------------
    def municipality(self, slug, locale=None):
        return Municipality.objects.get(slug=slug, locale=locale or self.de)


def create_users():
    User = get_user_model()
    users = {}
    for username, first, last, email, is_superuser in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=email,
                is_superuser=is_superuser,
                is_staff=is_superuser
                or username in {"redaktion", "pruefung", "amtsleitung"},
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        users[username] = user
    return users


# username -> groups created by ``setup_roles`` (see docs/workflows.md)
DEMO_ROLES = {
    "redaktion": ["Redaktion Allgemein und Aktuelles", "Redaktion Tourismus"],
    "pruefung": ["Fachamt"],
    "amtsleitung": ["Amtsleitung"],
}


def assign_demo_roles(demo):
    """Give the demo staff their groups; runs after ``setup_roles``."""
    from django.contrib.auth.models import Group

    for username, group_names in DEMO_ROLES.items():
        user = demo.users.get(username) or get_user_model().objects.get(
            username=username
        )
        user.groups.add(*Group.objects.filter(name__in=group_names))


def configure_settings(demo):
    portal_settings = PortalSettings.for_site(demo.site)
    if portal_settings.authority_name in ("", "Amt"):
        portal_settings.authority_name = "Amt Crivitz"
        portal_settings.tagline = "Regionalportal am Schweriner See"
        portal_settings.street = "Amtsstraße 5"
        portal_settings.postal_code = "19089"
        portal_settings.city = "Crivitz"
        portal_settings.phone = "03863 5550"
        portal_settings.email = "info@amt-crivitz.example"
        portal_settings.opening_hours = (
            "Mo 9–12 Uhr\nDi 9–12 und 13–18 Uhr\nDo 9–12 und 13–16 Uhr\nFr 9–12 Uhr"
        )
        portal_settings.save()
    return portal_settings


@transaction.atomic
def load(demo):
    if not getattr(settings, "PORTAL_DEMO_ALLOWED", False):
        raise RuntimeError(
            "The demo content is only available under development settings."
        )
    demo.users = create_users()
    configure_settings(demo)
