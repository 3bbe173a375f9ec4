"""Building blocks of the demo content: the ``Demo`` helpers.

``manage.py load_demo`` passes a :class:`Demo` to the ``load(demo)`` function of
every installed app that has a ``demo`` module, in ``INSTALLED_APPS`` order.
Every helper is idempotent: it looks for what it would create (by slug, title
or username) and leaves existing content alone.

The site-wide part of the demo is data: the municipalities and the portal
settings are ``portal/demo/*.yaml``, the site's home page is the home app's
(``home/demo/00-site-root.yaml``), the demo users are the accounts app's
(``accounts/demo/users.yaml``).
"""

import random
import zlib

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from wagtail.models import Locale, Site

from portal import demo_pictures
from portal.demo_loader import read
from portal.models import Licence, Municipality, PortalImage

DEMO_PASSWORD = "demo"  # noqa: S105 - demo users exist only under dev settings


DEMO_SEED = 20261128  # fixed: the same demo every time


class Demo:
    """Helpers that app demo modules use; each is idempotent."""

    def __init__(self, stdout=None):
        self.stdout = stdout
        self.de = Locale.objects.get(language_code="de")
        self.en = Locale.objects.get(language_code="en")
        self.rng = random.Random(DEMO_SEED)
        self.users = {}  # username -> user, filled by the accounts demo
        self._password_hash = None

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
        parent.add_child(instance=page)  # validated as it is saved (a live page)
        page.save_revision(clean=not page.live).publish()
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
        translation.save_revision().publish()  # validates (full_clean) first
        return translation

    # --- users ---------------------------------------------------------------------
    def data_users(self, path):
        """The users of the data file ``path`` (its ``accounts.User`` entries, made
        with the unusable password ``"!"``): those without a usable password get
        the demo password; all are added to ``users`` and returned by username."""
        names = [
            entry["key"]["username"]
            for entry in read(path)
            if entry.get("object") == get_user_model()._meta.label
        ]
        found = get_user_model().objects.in_bulk(names, field_name="username")
        users = {name: found[name] for name in names if name in found}  # file order
        for user in users.values():
            if not user.has_usable_password():
                user.password = self.demo_password_hash()
                user.save(update_fields=["password"])
        self.users.update(users)
        return users

    def demo_password_hash(self):
        """The demo password hashed once per load with the configured hasher
        (PBKDF2 under the development settings: about 0.35 s of CPU per hash)
        and given to every demo user: one salt for all of them protects
        nothing less, the password is the published ``demo``."""
        if self._password_hash is None:
            self._password_hash = make_password(DEMO_PASSWORD)
        return self._password_hash

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
        # Stored first and given by name with its known size: an unsaved file
        # made Django's ImageField read the size twice (on creating the object
        # and on saving the file), and Willow decodes the whole JPEG for it
        # (about 5 ms each). The same file name, size and content (#23).
        field = PortalImage._meta.get_field("file")
        name = field.storage.save(
            field.generate_filename(PortalImage(), f"demo-{key:08x}.jpg"),
            ContentFile(data),
            max_length=field.max_length,
        )
        image = PortalImage(
            title=title,
            alt_text=alt_text,
            credit=credit,
            licence=Licence.CC0,
            file=name,
            width=demo_pictures.WIDTH,
            height=demo_pictures.HEIGHT,
        )
        image.full_clean(exclude=["file"])
        image.save()
        return image

    # --- municipalities ------------------------------------------------------------------
    def municipality(self, slug, locale=None):
        return Municipality.objects.get(slug=slug, locale=locale or self.de)
