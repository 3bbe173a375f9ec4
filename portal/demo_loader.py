"""The demo content as data: one loader for the YAML files under ``<app>/demo/``.

``manage.py load_demo`` reads, for every installed app in ``INSTALLED_APPS``
order, the files ``<app>/demo/*.yaml`` (sorted by name), then calls the
``load(demo)`` function of the app's ``demo.py`` module, if it has one (what
must be computed: GPX tracks, generated files, responses), then reads the
files ``<app>/demo/after/*.yaml`` (data that refers to what ``load`` made).

A file holds a list of entries; every entry has one of these kinds::

    - page: amt                     # slug; created below ``parent`` if missing
      parent: /                     # path of German slugs below the home page
      type: home.StandardPage
      fields: {title: Amt & Gemeinden, body: [{paragraph: "<p>…</p>"}]}
      en: {slug: administration, title: Administration & villages}

    - object: portal.Licence        # any model (a snippet, a category …)
      key: {slug: cc0}              # natural key: looked up, created if missing
      fields: {name: CC0}
      en: {name: CC0}               # translatable models: the English copy
      add: {permissions: [!ref …]}  # many-to-many: added also to an existing
                                    # object (a group another app made first)

    - site_root: startseite         # slug; the default site's root page, a child
      type: home.HomePage           # of Wagtail's root; the first page of ``type``
      site_name: Amt Crivitz        # there (any slug) counts as existing
      fields: {title: Startseite, hero_image: !image {…}}
      en: {title: Home}

    - settings: portal.PortalSettings   # site settings of the default site
      fields: {imprint_page: !page /impressum}   # only fields still empty or
                                                 # at the model's default are set

    - append_to: /                  # a page's stream field gets one more block,
      field: teasers                # unless a block of that type already
      block: {section: {page: !page /wirtschaft, title: Wirtschaft}}
      unless_same: page             # refers to the same page (translation key)
      en: {block: {section: {page: !page /wirtschaft, title: Business}}}

``position: first`` in a page entry puts a new page (and its new English
translation) first among its siblings, e.g. first in the main navigation; in an
``append_to`` entry it puts the new block first in the stream field.

Group names are checked: an ``object: auth.Group`` entry and a ``!ref {model:
auth.Group, name: …}`` name one of the role groups of ``portal/roles.py``
(``roles.ROLE_GROUPS``), or a department that a data file declared before with
``department: true`` on its ``object: auth.Group`` entry (a group of staff that
processes things: applications, reports); any other name stops the load.

A ``site_root`` entry makes its page the default site's root (the site gets
``site_name`` and the host and port of ``WAGTAILADMIN_BASE_URL``) and deletes
Wagtail's empty welcome page; it comes before every entry that names a page.

Idempotent: every entry is found by its stable key (parent and slug, the
``key`` fields, the block's page) and what exists is left alone, so that a
second run changes nothing and an editor's changes survive.

Values: stream fields are lists of one-key mappings ``{block_type: value}``;
child relations (inline panels) lists of mappings; many-to-many and tag
fields lists (of tag names or references). Tags resolve references:

- ``!date EXPR`` / ``!datetime EXPR`` – a date relative to the day of loading,
  see :func:`relative_date` (``!date +14d``, ``!datetime "next monday 19:00"``);
- ``!time 9:30`` – a time of day (plain ``9:30`` would be a number in YAML);
- ``!page /path`` – a page by its German slug path below the home page (in an
  ``en`` section: its English translation, if there is one);
- ``!ref {model: app.Model, field: value …}`` – an object by natural key
  (translatable models in the section's locale);
- ``!image {title: …, alt: …, subject: church, file: picture.jpg}`` – a
  ``PortalImage`` by title; created from ``file`` (beside the YAML file) or,
  without a file, an illustration of ``subject`` drawn locally (``Demo.image``,
  subjects in ``portal.demo_pictures.SUBJECTS``; optional ``sky: evening`` and
  ``seed``);
- ``!file name.pdf`` – the bytes of a file beside the YAML file; given to a
  file field (``file: !file files/plan.csv`` of a ``portal.PortalDocument``
  object) it is stored under its own name, e.g. the sample files of the
  datasets demo (``datasets/demo/``);
- ``!uuid NAME`` – a stable id, the same for the same name in every database
  (:func:`stable_uuid`), e.g. for stream blocks that data refers to.

A stream block that needs a stable id is written in Wagtail's stored form,
``{type: …, id: !uuid …, value: …}`` (the value as stored: rich text as an HTML
string, pages and images as ids); see ``consultations/demo/pages.yaml``.
"""

import calendar
import datetime as dt
import re
import uuid
from pathlib import Path
from urllib.parse import urlparse

import yaml
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import models, transaction
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.fields import StreamField
from wagtail.models import Page, Site, TranslatableMixin

from portal import roles
from portal.demo_pictures import SUBJECTS

WEEKDAYS = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
]
_OFFSET = re.compile(r"([+-])(\d+)([dwmy])")
_TIME = re.compile(r"(?:^|\s)(\d{1,2}):(\d{2})$")
_NTH_OF_MONTH = re.compile(
    rf"^(first|last) (day|{'|'.join(WEEKDAYS)}) of (this|next|last) month$"
)
_WEEKDAY = re.compile(rf"^(next|last|this) ({'|'.join(WEEKDAYS)})$")
# The namespace of ``!uuid`` (first used by the consultations demo: its block
# ids stay what they were).
GROUP_MODEL = "auth.Group"
UUID_NAMESPACE = uuid.UUID("6f1c1f0e-8a53-4e0e-9a57-2b5d0c1e7a11")


def stable_uuid(name):
    """The id ``!uuid name`` stands for: a UUID 5 of ``name``, as a string."""
    return str(uuid.uuid5(UUID_NAMESPACE, str(name)))


class DemoDataError(ValueError):
    """A demo data file that cannot be loaded (names the file and entry)."""


def _add_months(day, months):
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(
        year=year,
        month=month,
        day=min(day.day, calendar.monthrange(year, month)[1]),
    )


def relative_date(expression, today):
    """The date and time (or ``None``) that ``expression`` names, seen from ``today``.

    An expression is an optional anchor, any number of offsets and an
    optional time of day, separated by spaces::

        today | 2026-05-01                      anchor (default: today)
        05-01                                   that day in this year
        next monday | last friday | this sunday  the next/previous such day
                                                 (strictly after/before today;
                                                 ``this`` = in this week, Mon-Sun)
        first day of next month | last day of this month
        first monday of next month | last sunday of last month
        +14d  -3d  +2w  +1m  -1y                 offsets: days, weeks, months, years
        10:00                                    time of day (24 h), at the end

    Examples: ``+14d``, ``-3d 10:00``, ``next monday``, ``first day of next month
    +1w 19:30``. Returns ``(date, time_or_None)``; raises ``ValueError``.
    """
    text = " ".join(str(expression).lower().split())
    clock = None
    match = _TIME.search(text)
    if match:
        clock = dt.time(int(match.group(1)), int(match.group(2)))
        text = text[: match.start()].strip()
    offsets = []
    while True:
        match = re.search(r"(?:^|\s)([+-]\d+[dwmy])$", text)
        if not match:
            break
        offsets.insert(0, match.group(1))
        text = text[: match.start()].strip()
    day = today
    if text in ("", "today"):
        pass
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        day = dt.date.fromisoformat(text)
    elif re.fullmatch(r"\d{2}-\d{2}", text):
        day = dt.date.fromisoformat(f"{today.year}-{text}")
    elif match := _WEEKDAY.match(text):
        which, weekday = match.group(1), WEEKDAYS.index(match.group(2))
        if which == "next":
            day = today + dt.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
        elif which == "last":
            day = today - dt.timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
        else:
            day = today + dt.timedelta(days=weekday - today.weekday())
    elif match := _NTH_OF_MONTH.match(text):
        position, what, which = match.groups()
        month = _add_months(
            today.replace(day=1), {"this": 0, "next": 1, "last": -1}[which]
        )
        last = calendar.monthrange(month.year, month.month)[1]
        if what == "day":
            day = month if position == "first" else month.replace(day=last)
        else:
            weekday = WEEKDAYS.index(what)
            if position == "first":
                day = month + dt.timedelta(days=(weekday - month.weekday()) % 7)
            else:
                end = month.replace(day=last)
                day = end - dt.timedelta(days=(end.weekday() - weekday) % 7)
    else:
        raise ValueError(f"Unknown date expression: {expression!r}")
    for offset in offsets:
        sign, amount, unit = _OFFSET.fullmatch(offset).groups()
        amount = int(amount) * (1 if sign == "+" else -1)
        if unit == "d":
            day += dt.timedelta(days=amount)
        elif unit == "w":
            day += dt.timedelta(weeks=amount)
        else:
            day = _add_months(day, amount * (12 if unit == "y" else 1))
    return day, clock


# --- YAML tags: markers resolved when an entry is loaded --------------------------------
class _Tagged:
    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return f"{type(self).__name__}({self.value!r})"


class DateExpr(_Tagged):
    pass


class DateTimeExpr(_Tagged):
    pass


class TimeExpr(_Tagged):
    pass


class PageRef(_Tagged):
    pass


class ObjectRef(_Tagged):
    pass


class ImageRef(_Tagged):
    pass


class FileRef(_Tagged):
    pass


class UuidRef(_Tagged):
    pass


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe loader with the tags above; libyaml's parser when PyYAML has it
    (about ten times faster than the pure-Python one, the same results)."""


def _scalar_or_mapping(loader, node):
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    return loader.construct_scalar(node)


for _tag, _cls in (
    ("!date", DateExpr),
    ("!datetime", DateTimeExpr),
    ("!time", TimeExpr),
    ("!page", PageRef),
    ("!ref", ObjectRef),
    ("!image", ImageRef),
    ("!file", FileRef),
    ("!uuid", UuidRef),
):
    _Loader.add_constructor(
        _tag, lambda loader, node, cls=_cls: cls(_scalar_or_mapping(loader, node))
    )


def read(path):
    """The list of entries in the YAML file ``path``."""
    with open(path, encoding="utf-8") as handle:
        entries = yaml.load(handle, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise DemoDataError(f"{path}: expected a list of entries")
    return entries


def app_data_files(app_config, stage="before"):
    """The app's data files: ``<app>/demo/*.yaml`` (``before`` its ``demo.py``)
    or ``<app>/demo/after/*.yaml`` (``after``, for data that refers to what the
    Python part computed)."""
    folder = Path(app_config.path) / "demo"
    if stage == "after":
        folder = folder / "after"
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


class DemoLoader:
    """Loads entries into the database through Wagtail's APIs (see module doc)."""

    def __init__(self, demo, today=None):
        self.demo = demo
        self.today = today or timezone.localdate()
        self.base = Path(".")
        # Departments declared by ``object: auth.Group`` entries with
        # ``department: true`` in the files read so far (see ``check_group``).
        self.departments = set()
        # German slug path -> (id, specific model) of the pages found by
        # ``page_at`` (a fresh object is read every time, by id).
        self._pages = {}

    # --- files ------------------------------------------------------------------------
    def load_file(self, path):
        self.base = Path(path).parent
        count = 0
        for number, entry in enumerate(read(path), start=1):
            # One transaction per entry, not per file: Wagtail sends
            # ``page_slug_changed`` on commit, and a translation renamed from
            # the German slug must be committed before its children exist, or
            # it gets a redirect for every child that never had the old path.
            try:
                with transaction.atomic():
                    self.load_entry(entry)
            except Exception as error:
                raise DemoDataError(
                    f"{path}, entry {number} ({self._describe(entry)}): {error}"
                ) from error
            count += 1
        return count

    def load_app(self, app_config):
        return sum(self.load_file(path) for path in app_data_files(app_config))

    @staticmethod
    def _describe(entry):
        if not isinstance(entry, dict):
            return repr(entry)[:60]
        for kind in ("site_root", "page", "object", "settings", "append_to"):
            if kind in entry:
                return f"{kind}: {entry[kind]}"
        return "unknown kind"

    def load_entry(self, entry):
        if "site_root" in entry:
            return self.load_site_root(entry)
        if "page" in entry:
            return self.load_page(entry)
        if "object" in entry:
            return self.load_object(entry)
        if "settings" in entry:
            return self.load_settings(entry)
        if "append_to" in entry:
            return self.append_block(entry)
        raise DemoDataError(
            "an entry needs site_root, page, object, settings or append_to"
        )

    # --- references -------------------------------------------------------------------
    def page_at(self, path, locale=None):
        """The page at the German slug ``path`` below the home page (``/`` = home)."""
        slugs = [part for part in str(path).split("/") if part]
        found = self._pages.get("/".join(slugs))
        page = found and found[1].objects.filter(pk=found[0]).first()
        if page is None:
            page = self.demo.home
            for slug in slugs:
                child = page.get_children().filter(slug=slug).first()
                if child is None:
                    raise DemoDataError(f"no page at {path!r} (missing {slug!r})")
                page = child
            page = page.specific
            # One query the next time instead of one per slug and the site's.
            self._pages["/".join(slugs)] = (page.pk, type(page))
        if locale is not None and locale != self.demo.de:
            translation = page.get_translation_or_none(locale)
            if translation is not None:
                return translation.specific
        return page

    def resolve(self, value, locale):
        if isinstance(value, DateExpr):
            day, _clock = relative_date(value.value, self.today)
            return day
        if isinstance(value, DateTimeExpr):
            day, clock = relative_date(value.value, self.today)
            naive = dt.datetime.combine(day, clock or dt.time())
            return timezone.make_aware(naive)
        if isinstance(value, TimeExpr):
            return dt.time.fromisoformat(str(value.value).zfill(5))
        if isinstance(value, PageRef):
            return self.page_at(value.value, locale)
        if isinstance(value, ObjectRef):
            lookup = dict(value.value)
            model = apps.get_model(lookup.pop("model"))
            lookup = {k: self.resolve(v, locale) for k, v in lookup.items()}
            if model._meta.label == GROUP_MODEL and "name" in lookup:
                self.check_group(lookup["name"])
            if issubclass(model, TranslatableMixin) and "locale" not in lookup:
                lookup["locale"] = locale
            return model._default_manager.get(**lookup)
        if isinstance(value, ImageRef):
            return self.image(value.value)
        if isinstance(value, FileRef):
            return (self.base / value.value).read_bytes()
        if isinstance(value, UuidRef):
            return stable_uuid(value.value)
        if isinstance(value, list):
            return [self.resolve(item, locale) for item in value]
        if isinstance(value, dict):
            return {key: self.resolve(item, locale) for key, item in value.items()}
        return value

    def image(self, spec):
        from portal.models import Licence, PortalImage

        if isinstance(spec, str):
            return PortalImage.objects.get(title=spec)
        title = spec["title"]
        if "file" not in spec:
            subject = spec.get("subject")
            if subject not in SUBJECTS:
                raise ValueError(
                    f"image {title!r}: subject {subject!r} is not one of "
                    f"{', '.join(sorted(SUBJECTS))} (portal.demo_pictures)"
                )
            return self.demo.image(
                title,
                spec.get("alt", ""),
                subject=subject,
                credit=spec.get("credit", "Amt (Demo-Grafik)"),
                seed=spec.get("seed", 0),
                sky=spec.get("sky", "day"),
            )
        existing = PortalImage.objects.filter(title=title).first()
        if existing is not None:
            return existing
        path = self.base / spec["file"]
        with open(path, "rb") as handle:
            image = PortalImage(
                title=title,
                alt_text=spec.get("alt", ""),
                credit=spec.get("credit", ""),
                licence=spec.get("licence", Licence.CC0),
                file=ImageFile(handle, name=path.name),
            )
            image.full_clean(exclude=["file"])
            image.save()
        return image

    # --- field values -----------------------------------------------------------------
    def assign(self, instance, fields, locale):
        """Set ``fields`` on ``instance``; returns the relations to set after saving."""
        later = {}
        for name, raw in fields.items():
            value = self.resolve(raw, locale)
            field = instance._meta.get_field(name)
            if isinstance(field, StreamField):
                setattr(instance, name, self.stream(value))
            elif isinstance(field, ClusterTaggableManager | ParentalManyToManyField):
                getattr(instance, name).set(value)
            elif isinstance(field, models.ManyToManyField):
                later[name] = value
            elif isinstance(field, models.FileField) and isinstance(raw, FileRef):
                setattr(instance, name, ContentFile(value, name=Path(raw.value).name))
            elif field.one_to_many and isinstance(
                getattr(field, "remote_field", None), ParentalKey
            ):
                related = field.related_model
                setattr(instance, name, [related(**row) for row in value])
            else:
                setattr(instance, name, value)
        return later

    @staticmethod
    def stream(blocks):
        """``[{type: value}, …]`` as the ``[(type, value), …]`` that StreamField
        takes; blocks in the stored form (``{type, id, value}``) as they are."""
        blocks = blocks or []
        stored = [isinstance(b, dict) and {"type", "value"} <= set(b) for b in blocks]
        if any(stored):
            for block, ok in zip(blocks, stored, strict=True):
                if not ok or set(block) != {"type", "id", "value"}:
                    raise DemoDataError(
                        "blocks in the stored form all have type, id and value: "
                        f"{block!r}"
                    )
            return list(blocks)
        result = []
        for block in blocks:
            if not isinstance(block, dict) or len(block) != 1:
                raise DemoDataError(f"a stream block is a one-key mapping: {block!r}")
            result.append(next(iter(block.items())))
        return result

    # --- entries ----------------------------------------------------------------------
    def load_page(self, entry):
        parent = self.page_at(entry.get("parent", "/"))
        model = apps.get_model(entry["type"])
        slug = str(entry["page"])
        page = parent.get_children().filter(slug=slug).first()
        if page is None:
            page = model(slug=slug, locale=parent.locale)
            later = self.assign(page, entry.get("fields", {}), self.demo.de)
            parent.add_child(instance=page)
            self._set_later(page, later)
            # ``add_child`` saved the page validated (``full_clean``, as
            # Wagtail's ``Page.save`` does for a live page); the revision of
            # the same values needs no second validation.
            page.save_revision(clean=not page.live).publish()
            self._place(page, entry)
        return self._translate(page.specific, entry)

    def _translate(self, page, entry):
        """The English translation of a page entry, made from its ``en`` section."""
        if "en" in entry and page.get_translation_or_none(self.demo.en) is None:
            translation = page.copy_for_translation(self.demo.en, copy_parents=False)
            # Placed before its slug changes: the redirect Wagtail makes for the
            # old slug (on commit) must see the page where it is, or it finds
            # the descendants of the sibling that took its old tree path.
            if self._place(translation, entry):
                translation = type(translation).objects.get(pk=translation.pk)
            later = self.assign(translation, entry["en"] or {}, self.demo.en)
            self._set_later(translation, later)
            # ``save_revision`` validates the translated values (``full_clean``).
            translation.save_revision().publish()
        return page

    def load_site_root(self, entry):
        model = apps.get_model(entry["type"])
        root = Page.get_first_root_node()
        page = model.objects.child_of(root).filter(locale=self.demo.de).first()
        if page is None:
            page = model(slug=str(entry["site_root"]), locale=self.demo.de)
            later = self.assign(page, entry.get("fields", {}), self.demo.de)
            root.add_child(instance=page)
            self._set_later(page, later)
            page.save_revision(clean=not page.live).publish()
        self._pages.clear()  # the home page may have changed
        base_url = urlparse(settings.WAGTAILADMIN_BASE_URL)
        port = base_url.port or (443 if base_url.scheme == "https" else 80)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname=base_url.hostname or "localhost",
                port=port,
                root_page=page,
                is_default_site=True,
                site_name=entry.get("site_name", ""),
            )
        elif site.root_page_id != page.pk:
            old_root = site.root_page
            site.root_page = page
            site.site_name = entry.get("site_name", site.site_name)
            # Absolute URLs (feeds, APIs, JSON-LD) use the configured base URL.
            site.hostname = base_url.hostname or site.hostname
            site.port = port
            site.save()
            if type(old_root.specific) is Page and not old_root.get_children().exists():
                old_root.delete()
        return self._translate(page.specific, entry)

    @staticmethod
    def _place(page, entry):
        """A new page goes first among its siblings with ``position: first``;
        True if it was moved."""
        position = entry.get("position", "last")
        if position not in ("first", "last"):
            raise DemoDataError(f"position is first or last, not {position!r}")
        if position == "first":
            first = page.get_parent().get_first_child()
            if first.pk != page.pk:
                page.move(first, pos="left")
                return True
        return False

    def check_group(self, name, declares_department=False):
        """Refuse a group name that is neither a role of ``portal/roles.py`` nor
        a department declared by the data (``department: true``)."""
        if declares_department:
            self.departments.add(name)
            return
        if name in roles.ROLE_GROUPS or name in self.departments:
            return
        known = ", ".join(sorted({*roles.ROLE_GROUPS, *self.departments}))
        raise DemoDataError(
            f"unknown group {name!r}: a group is one of the roles of portal/roles.py "
            f"or a department declared before with department: true (known: {known})"
        )

    def load_object(self, entry):
        model = apps.get_model(entry["object"])
        key = self.resolve(entry.get("key", {}), self.demo.de)
        if model._meta.label == GROUP_MODEL:
            self.check_group(key.get("name"), bool(entry.get("department")))
        elif "department" in entry:
            raise DemoDataError("department: true is for auth.Group entries only")
        translatable = issubclass(model, TranslatableMixin)
        if translatable:
            key.setdefault("locale", self.demo.de)
        instance = model._default_manager.filter(**key).first()
        if instance is None:
            instance = model(**key)
            later = self.assign(instance, entry.get("fields", {}), self.demo.de)
            instance.full_clean()
            instance.save()
            self._set_later(instance, later)
        for name, raw in entry.get("add", {}).items():
            getattr(instance, name).add(*self.resolve(raw, self.demo.de))
        if (
            translatable
            and "en" in entry
            and instance.get_translation_or_none(self.demo.en) is None
        ):
            translation = instance.copy_for_translation(self.demo.en)
            later = self.assign(translation, entry["en"] or {}, self.demo.en)
            translation.full_clean()
            translation.save()
            self._set_later(translation, later)
        return instance

    def load_settings(self, entry):
        """The site settings (``BaseSiteSetting``) of the default site. A field
        is set only while it is empty or still has the model's default
        (``authority_name`` starts as "Amt"), so that a second run and an
        editor's values leave it alone."""
        model = apps.get_model(entry["settings"])
        if not issubclass(model, BaseSiteSetting):
            raise DemoDataError(f"{entry['settings']} is not a site settings model")
        instance = model.for_site(self.demo.site)
        unset = {}
        for name, raw in entry.get("fields", {}).items():
            field = instance._meta.get_field(name)
            current = getattr(instance, field.attname)
            if current in (None, "") or (
                field.has_default() and current == field.get_default()
            ):
                unset[name] = raw
        if unset:
            later = self.assign(instance, unset, self.demo.de)
            instance.full_clean()
            instance.save()
            self._set_later(instance, later)
        return instance

    def append_block(self, entry):
        page = self.page_at(entry["append_to"])
        self._append(page, entry, entry["block"], self.demo.de)
        if "en" in entry:
            translation = page.get_translation_or_none(self.demo.en)
            if translation is not None:
                self._append(
                    translation.specific, entry, entry["en"]["block"], self.demo.en
                )

    def _append(self, page, entry, block, locale):
        page = page.specific_class.objects.get(pk=page.pk)  # fresh tree counters
        ((block_type, raw),) = block.items()
        value = self.resolve(raw, locale)
        stream = getattr(page, entry["field"])
        same = entry.get("unless_same")
        for existing in stream:
            if existing.block_type != block_type:
                continue
            if same is None:
                return
            old, new = existing.value.get(same), value.get(same)
            if old == new or (
                getattr(old, "translation_key", None) is not None
                and getattr(old, "translation_key", None)
                == getattr(new, "translation_key", None)
            ):
                return
        if entry.get("position") == "first":
            stream.insert(0, (block_type, value))
        else:
            stream.append((block_type, value))
        page.save_revision().publish()

    @staticmethod
    def _set_later(instance, later):
        for name, value in later.items():
            getattr(instance, name).set(value)
