"""The demo data loader (``portal.demo_loader``) with tiny YAML files of its own."""

import datetime as dt
import textwrap

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Revision

from home.models import StandardPage
from portal.demo import Demo
from portal.demo_loader import DemoDataError, DemoLoader, relative_date, stable_uuid
from portal.models import Municipality, PortalDocument, PortalSettings

TODAY = dt.date(2026, 12, 2)  # a Wednesday


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("today", (TODAY, None)),
        ("+14d", (dt.date(2026, 12, 16), None)),
        ("-3d 10:00", (dt.date(2026, 11, 29), dt.time(10, 0))),
        ("+2w", (dt.date(2026, 12, 16), None)),
        ("+1m", (dt.date(2027, 1, 2), None)),
        ("-1y", (dt.date(2025, 12, 2), None)),
        ("next monday", (dt.date(2026, 12, 7), None)),
        ("next wednesday", (dt.date(2026, 12, 9), None)),
        ("last wednesday", (dt.date(2026, 11, 25), None)),
        ("last friday", (dt.date(2026, 11, 27), None)),
        ("this sunday 19:30", (dt.date(2026, 12, 6), dt.time(19, 30))),
        ("first day of next month", (dt.date(2027, 1, 1), None)),
        ("last day of this month", (dt.date(2026, 12, 31), None)),
        ("last monday of next month", (dt.date(2027, 1, 25), None)),
        ("first friday of last month +1w", (dt.date(2026, 11, 13), None)),
        ("2026-05-01 +1d 9:05", (dt.date(2026, 5, 2), dt.time(9, 5))),
        ("05-01", (dt.date(2026, 5, 1), None)),
        ("12-31 +1d", (dt.date(2027, 1, 1), None)),
    ],
)
def test_relative_date(expression, expected):
    assert relative_date(expression, TODAY) == expected


def test_relative_date_month_end_is_clamped():
    assert relative_date("+1m", dt.date(2027, 1, 31)) == (dt.date(2027, 2, 28), None)


@pytest.mark.parametrize("expression", ["tomorrowish", "+3x", "next moonday"])
def test_relative_date_rejects_unknown_expressions(expression):
    with pytest.raises(ValueError, match="Unknown date expression"):
        relative_date(expression, TODAY)


PAGES = """
- page: ueber-uns
  parent: /
  type: home.StandardPage
  fields:
    title: Über uns
    intro: Wer wir sind.
    body:
      - heading: {text: Team, level: h2}
      - paragraph: "<p>Seit <b>heute</b>.</p>"
  en:
    slug: about-us
    title: About us
    intro: Who we are.
    body:
      - paragraph: "<p>Since today.</p>"

- page: unterseite
  parent: /ueber-uns
  type: home.StandardPage
  fields: {title: Unterseite}
  en: {slug: subpage, title: Subpage}

- object: portal.Municipality
  key: {slug: testdorf}
  fields:
    name: Testdorf
    ags: "13076999"
    ars: "130765668999"
    latitude: "53.5"
    longitude: "11.5"
  en: {}

- settings: portal.PortalSettings
  fields:
    imprint_page: !page /ueber-uns
    tagline: Ein Testportal

- append_to: /
  field: teasers
  unless_same: page
  block:
    section: {page: !page /ueber-uns, title: Über uns, text: Wer wir sind., icon: town-hall}
  en:
    block:
      section: {page: !page /ueber-uns, title: About us, text: Who we are., icon: town-hall}
"""


@pytest.fixture
def data_file(tmp_path):
    def write(text, name="pages.yaml"):
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def loader(db, home):
    return DemoLoader(Demo(), today=TODAY)


def _counts():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        Municipality.objects.count(),
    )


def test_creates_pages_translations_objects_settings_and_blocks(
    loader, data_file, home, home_en, site
):
    assert loader.load_file(data_file(PAGES)) == 5

    about = StandardPage.objects.get(slug="ueber-uns", locale__language_code="de")
    assert about.get_parent().pk == home.pk
    assert about.live and about.title == "Über uns"
    assert [block.block_type for block in about.body] == ["heading", "paragraph"]
    assert about.body[0].value["text"] == "Team"

    about_en = about.get_translation(loader.demo.en)
    assert about_en.live
    assert (about_en.slug, about_en.title, about_en.intro) == (
        "about-us",
        "About us",
        "Who we are.",
    )
    assert about_en.get_parent().pk == home_en.pk
    assert [block.block_type for block in about_en.specific.body] == ["paragraph"]

    sub = StandardPage.objects.get(slug="unterseite")
    assert sub.get_parent().pk == about.pk
    assert sub.get_translation(loader.demo.en).url_path.endswith("/about-us/subpage/")

    village = Municipality.objects.get(slug="testdorf", locale=loader.demo.de)
    assert village.get_translation(loader.demo.en).name == "Testdorf"

    settings = PortalSettings.for_site(site)
    assert settings.imprint_page.pk == about.pk
    assert settings.tagline == "Ein Testportal"

    home = home.specific_class.objects.get(pk=home.pk)
    home_en = home_en.specific_class.objects.get(pk=home_en.pk)
    assert [b.value["title"] for b in home.teasers] == ["Über uns"]
    assert home.teasers[0].value["page"].pk == about.pk
    assert [b.value["title"] for b in home_en.teasers] == ["About us"]
    assert home_en.teasers[0].value["page"].pk == about_en.pk


def test_loading_twice_changes_nothing(loader, data_file, site):
    path = data_file(PAGES)
    loader.load_file(path)
    before = _counts()
    PortalSettings.objects.filter(site=site).update(tagline="Von Hand geändert")

    loader.load_file(path)

    assert _counts() == before
    assert PortalSettings.for_site(site).tagline == "Von Hand geändert"


def test_existing_pages_are_left_alone(loader, data_file):
    path = data_file(PAGES)
    loader.load_file(path)
    page = StandardPage.objects.get(slug="ueber-uns")
    page.title = "Redaktionell geändert"
    page.save_revision().publish()

    loader.load_file(path)

    assert StandardPage.objects.get(pk=page.pk).title == "Redaktionell geändert"


def test_dates_are_relative_to_the_day_of_loading(loader, data_file):
    loader.load_file(
        data_file(
            """
            - page: barrierefreiheit
              type: home.AccessibilityStatementPage
              fields:
                title: Barrierefreiheit
                status: partial
                assessment_date: !date -3d
                statement_date: !date first day of this month
                feedback_email: a11y@example.org
                enforcement_body: Schlichtungsstelle
            """
        )
    )
    page = Page.objects.get(slug="barrierefreiheit").specific
    assert page.assessment_date == dt.date(2026, 11, 29)
    assert page.statement_date == dt.date(2026, 12, 1)


def test_datetime_is_aware_in_the_portal_time_zone(loader):
    from portal.demo_loader import DateTimeExpr

    moment = loader.resolve(DateTimeExpr("next monday 19:00"), loader.demo.de)
    assert timezone.is_aware(moment)
    local = timezone.localtime(moment)
    assert (local.date(), local.time()) == (dt.date(2026, 12, 7), dt.time(19, 0))


def test_time_tag(loader):
    from portal.demo_loader import TimeExpr

    assert loader.resolve([TimeExpr("9:30"), TimeExpr("18:00")], loader.demo.de) == [
        dt.time(9, 30),
        dt.time(18, 0),
    ]


def test_a_bad_entry_names_file_and_entry_and_stops_the_load(loader, data_file):
    path = data_file(
        """
        - page: gut
          type: home.StandardPage
          fields: {title: Gut}
        - page: schlecht
          parent: /gibt-es-nicht
          type: home.StandardPage
          fields: {title: Schlecht}
        - page: danach
          type: home.StandardPage
          fields: {title: Danach}
        """
    )
    with pytest.raises(
        DemoDataError, match=r"entry 2 \(page: schlecht\).*gibt-es-nicht"
    ):
        loader.load_file(path)
    # Entries before the bad one are kept (a second run after the fix goes on
    # from there); the bad one and those after it are not loaded.
    assert Page.objects.filter(slug="gut").exists()
    assert not Page.objects.filter(slug__in=["schlecht", "danach"]).exists()


def test_a_bad_value_saves_nothing_of_its_entry(loader, data_file):
    path = data_file(
        """
        - page: halb
          type: home.StandardPage
          fields: {title: Halb}
          en: {slug: half, title: Half, no_such_field: x}
        """
    )
    with pytest.raises(DemoDataError, match="no_such_field"):
        loader.load_file(path)
    assert not Page.objects.filter(slug__in=["halb", "half"]).exists()


def test_invalid_values_are_refused_in_both_languages(loader, data_file):
    # Validated once each: the German page as it is saved, the translation by
    # its revision (no separate full_clean).
    for language, fields in (("de", "{title: ''}"), ("en", "{title: Gut}")):
        english = "{slug: good, title: ''}" if language == "en" else "{title: Good}"
        path = data_file(
            f"""
            - page: leer-{language}
              type: home.StandardPage
              fields: {fields}
              en: {english}
            """
        )
        with pytest.raises(DemoDataError, match="title"):
            loader.load_file(path)
        assert not Page.objects.filter(slug__in=[f"leer-{language}", "good"]).exists()


def test_a_page_found_once_is_read_again_by_its_id(
    loader, data_file, django_assert_num_queries
):
    loader.load_file(data_file(PAGES))
    first = loader.page_at("/ueber-uns")
    with django_assert_num_queries(1):
        again = loader.page_at("/ueber-uns/")
    assert again == first
    assert type(again) is type(first)
    assert again is not first  # a fresh object, not a cached one


def test_demo_users_get_the_demo_password_hashed_once(db, monkeypatch, tmp_path):
    from portal import demo as demo_module

    calls = []
    real = demo_module.make_password
    monkeypatch.setattr(
        demo_module, "make_password", lambda raw: calls.append(raw) or real(raw)
    )
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=name, password="!") for name in ("ada", "bo")]
    )
    path = tmp_path / "users.yaml"
    path.write_text(
        "".join(
            f"- object: accounts.User\n  key: {{username: {user.username}}}\n"
            for user in users
        )
    )
    loaded = Demo().data_users(path)
    assert calls == [demo_module.DEMO_PASSWORD]
    for user in loaded.values():
        user.refresh_from_db()
        assert user.check_password(demo_module.DEMO_PASSWORD)


def test_unknown_entry_kind_is_refused(loader, data_file):
    with pytest.raises(DemoDataError, match="needs site_root, page, object, settings"):
        loader.load_file(data_file("- thing: x\n"))


FIRST = """
- page: zuerst
  type: home.StandardPage
  position: first
  fields: {title: Zuerst}
  en: {slug: first, title: First}

- append_to: /
  field: teasers
  unless_same: page
  position: first
  block:
    section: {page: !page /zuerst, title: Zuerst, text: Vorne., icon: services}
  en:
    block:
      section: {page: !page /zuerst, title: First, text: In front., icon: services}
"""


def test_position_first_puts_page_translation_and_block_in_front(
    loader, data_file, home, home_en, django_capture_on_commit_callbacks
):
    loader.load_file(data_file(PAGES))
    redirects = set(Redirect.objects.values_list("old_path", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        loader.load_file(data_file(FIRST, name="first.yaml"))

    # One redirect, for the translation's German slug; none for the pages of
    # the sibling that took its old place in the tree.
    new = set(Redirect.objects.values_list("old_path", flat=True)) - redirects
    assert new == {"/en/zuerst"}

    first = StandardPage.objects.get(slug="zuerst")
    home = home.specific_class.objects.get(pk=home.pk)  # fresh tree counters
    assert home.get_first_child().pk == first.pk
    assert home.get_last_child().slug == "ueber-uns"
    assert [b.value["title"] for b in home.teasers] == ["Zuerst", "Über uns"]
    home_en = home_en.specific_class.objects.get(pk=home_en.pk)
    assert home_en.get_first_child().slug == "first"
    assert [b.value["title"] for b in home_en.teasers] == ["First", "About us"]
    assert (
        home_en.teasers[0].value["page"].pk == first.get_translation(loader.demo.en).pk
    )
    assert Page.find_problems() == ([], [], [], [], [])


def test_an_unknown_position_is_refused(loader, data_file):
    path = data_file(
        """
        - page: irgendwo
          type: home.StandardPage
          position: middle
          fields: {title: Irgendwo}
        """
    )
    with pytest.raises(DemoDataError, match="position is first or last"):
        loader.load_file(path)
    assert not Page.objects.filter(slug="irgendwo").exists()


def test_stored_form_blocks_keep_their_stable_ids(loader, data_file):
    path = data_file(
        """
        - page: mit-ids
          type: home.StandardPage
          fields:
            title: Mit IDs
            body:
              - {type: paragraph, id: !uuid mit-ids-1, value: "<p>Eins</p>"}
              - {type: paragraph, id: !uuid mit-ids-2, value: "<p>Zwei</p>"}
        """
    )
    loader.load_file(path)
    page = StandardPage.objects.get(slug="mit-ids")
    assert [block.id for block in page.body] == [
        stable_uuid("mit-ids-1"),
        stable_uuid("mit-ids-2"),
    ]
    assert page.body[1].value.source == "<p>Zwei</p>"
    # The same name gives the same id in every database, another name another.
    assert stable_uuid("mit-ids-1") == stable_uuid("mit-ids-1")
    assert stable_uuid("mit-ids-1") != stable_uuid("mit-ids-2")


def test_stored_form_blocks_need_an_id(loader, data_file):
    path = data_file(
        """
        - page: ohne-id
          type: home.StandardPage
          fields:
            title: Ohne ID
            body:
              - {type: paragraph, value: "<p>Eins</p>"}
        """
    )
    with pytest.raises(DemoDataError, match="type, id and value"):
        loader.load_file(path)
    assert not Page.objects.filter(slug="ohne-id").exists()


def test_a_file_beside_the_data_goes_into_a_file_field(loader, data_file, tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "plan.csv").write_bytes(b"Jahr;Wert\r\n2025;1\r\n")
    path = data_file(
        """
        - object: portal.PortalDocument
          key: {title: Plan (CSV)}
          fields: {description: Demo, file: !file files/plan.csv}
        """
    )
    loader.load_file(path)
    loader.load_file(path)

    document = PortalDocument.objects.get()
    assert document.file.name.startswith("documents/plan")
    assert document.file.name.endswith(".csv")
    with document.file.open("rb") as handle:
        assert handle.read() == b"Jahr;Wert\r\n2025;1\r\n"


def test_add_puts_many_to_many_values_also_on_an_existing_object(loader, data_file):
    group = Group.objects.create(name="Bauhof")
    existing = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="view_page"
    )
    group.permissions.add(existing)
    path = data_file(
        """
        - object: auth.Group
          key: {name: Bauhof}
          department: true
          fields:
            permissions: [!ref {model: auth.Permission, content_type__app_label: wagtailcore, codename: add_page}]
          add:
            permissions: [!ref {model: auth.Permission, content_type__app_label: wagtailcore, codename: change_page}]
        """
    )
    loader.load_file(path)
    loader.load_file(path)

    assert Group.objects.filter(name="Bauhof").count() == 1
    assert set(group.permissions.values_list("codename", flat=True)) == {
        "view_page",
        "change_page",
    }


def test_a_drawn_image_is_keyed_by_title_and_needs_a_known_subject(loader, data_file):
    from portal.models import PortalImage

    path = data_file(
        """
        - page: bild
          type: home.StandardPage
          fields:
            title: Bild
            teaser_image: !image {title: Kirche, alt: "Illustration: Kirche", subject: church}
        - page: bild-zwei
          type: home.StandardPage
          fields:
            title: Bild zwei
            teaser_image: !image {title: Kirche, alt: "Illustration: Kirche", subject: church}
        """
    )
    loader.load_file(path)
    image = PortalImage.objects.get(title="Kirche")
    assert image.alt_text == "Illustration: Kirche"
    assert image.width == 1600
    assert StandardPage.objects.get(slug="bild-zwei").teaser_image == image
    loader.load_file(path)
    assert PortalImage.objects.filter(title="Kirche").count() == 1

    bad = data_file(
        """
        - page: schloss
          type: home.StandardPage
          fields:
            title: Schloss
            teaser_image: !image {title: Schloss, alt: Schloss, subject: castle}
        """,
        name="bad.yaml",
    )
    with pytest.raises(DemoDataError, match="subject 'castle' is not one of"):
        loader.load_file(bad)
    assert not PortalImage.objects.filter(title="Schloss").exists()


SITE_ROOT = """
- site_root: neue-startseite
  type: home.StandardPage
  site_name: Testamt
  fields: {title: Neue Startseite, intro: Willkommen.}
  en: {title: New home, intro: Welcome.}
"""


def test_site_root_becomes_the_default_sites_root_and_replaces_the_welcome_page(
    loader, data_file, site, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example:8443"
    root = Page.get_first_root_node()
    welcome = root.add_child(instance=Page(title="Welcome", slug="welcome"))
    site.root_page = welcome
    site.save()
    path = data_file(SITE_ROOT)

    loader.load_file(path)
    new = StandardPage.objects.get(slug="neue-startseite")
    site.refresh_from_db()
    assert new.get_parent().pk == root.pk and new.live
    assert (site.root_page_id, site.site_name) == (new.pk, "Testamt")
    assert (site.hostname, site.port) == ("portal.example", 8443)
    assert not Page.objects.filter(pk=welcome.pk).exists()
    translation = new.get_translation(loader.demo.en)
    assert translation.get_parent().pk == root.pk
    assert (translation.title, translation.specific.intro) == ("New home", "Welcome.")

    before = (Page.objects.count(), Revision.objects.count())
    loader.load_file(path)
    assert (Page.objects.count(), Revision.objects.count()) == before
    site.refresh_from_db()
    assert site.root_page_id == new.pk


def test_an_existing_site_root_of_the_type_is_kept(loader, data_file, home, site):
    loader.load_file(data_file(SITE_ROOT.replace("home.StandardPage", "home.HomePage")))

    site.refresh_from_db()
    assert site.root_page_id == home.pk
    assert not Page.objects.filter(slug="neue-startseite").exists()


def test_settings_fill_what_is_empty_or_still_the_models_default(
    loader, data_file, site
):
    PortalSettings.objects.filter(site=site).delete()  # as on a fresh database
    assert PortalSettings.for_site(site).authority_name == "Amt"  # model default
    path = data_file(
        """
        - settings: portal.PortalSettings
          fields:
            authority_name: Testamt
            phone: 01234 5678
            postal_code: "19089"
            opening_hours: |-
              Mo 9–12 Uhr
              Di 13–18 Uhr
        """
    )

    loader.load_file(path)

    settings = PortalSettings.for_site(site)
    assert (settings.authority_name, settings.phone, settings.postal_code) == (
        "Testamt",
        "01234 5678",
        "19089",
    )
    assert settings.opening_hours == "Mo 9–12 Uhr\nDi 13–18 Uhr"

    # An editor's values survive a second run; an emptied field is set again.
    PortalSettings.objects.filter(site=site).update(
        authority_name="Amt Anderswo", phone=""
    )
    loader.load_file(path)
    settings = PortalSettings.for_site(site)
    assert (settings.authority_name, settings.phone) == ("Amt Anderswo", "01234 5678")


def test_settings_of_a_model_that_is_no_site_setting_are_refused(loader, data_file):
    path = data_file("- settings: portal.Municipality\n  fields: {name: X}\n")
    with pytest.raises(
        DemoDataError,
        match=r"entry 1 \(settings: portal.Municipality\).*not a site settings model",
    ):
        loader.load_file(path)


def test_settings_values_are_validated(loader, data_file, site):
    PortalSettings.objects.filter(site=site).delete()
    path = data_file(
        "- settings: portal.PortalSettings\n  fields: {email: kein-mail}\n"
    )
    with pytest.raises(DemoDataError, match="email"):
        loader.load_file(path)
    assert PortalSettings.for_site(site).email == ""


def test_role_groups_and_declared_departments_are_accepted(loader, data_file):
    loader.load_file(
        data_file(
            """
            - object: auth.Group
              key: {name: Fachamt}
            - object: auth.Group
              key: {name: Bauhof}
              department: true
            - object: accounts.User
              key: {username: hanna}
              fields: {password: "!"}  # pragma: allowlist secret
              add:
                groups:
                  - !ref {model: auth.Group, name: Fachamt}
                  - !ref {model: auth.Group, name: Bauhof}
            """
        )
    )
    user = get_user_model().objects.get(username="hanna")
    assert set(user.groups.values_list("name", flat=True)) == {"Fachamt", "Bauhof"}


def test_an_unknown_group_entry_is_refused_with_file_and_entry(loader, data_file):
    path = data_file(
        """
        - object: auth.Group
          key: {name: Fachamt}
        - object: auth.Group
          key: {name: Redaktion Tourism}
        """,
        name="users.yaml",
    )
    with pytest.raises(
        DemoDataError,
        match=r"users\.yaml, entry 2 \(object: auth\.Group\): "
        r"unknown group 'Redaktion Tourism'.*portal/roles\.py",
    ):
        loader.load_file(path)
    assert not Group.objects.filter(name="Redaktion Tourism").exists()


def test_an_unknown_group_reference_is_refused_even_if_the_group_exists(
    loader, data_file
):
    Group.objects.create(name="Redaktion Tourism")  # made by hand, not declared
    path = data_file(
        """
        - object: accounts.User
          key: {username: rita}
          fields: {password: "!"}  # pragma: allowlist secret
          add:
            groups: [!ref {model: auth.Group, name: Redaktion Tourism}]
        """,
        name="staff.yaml",
    )
    with pytest.raises(
        DemoDataError,
        match=r"staff\.yaml, entry 1 \(object: accounts\.User\): "
        r"unknown group 'Redaktion Tourism'",
    ):
        loader.load_file(path)
    assert not get_user_model().objects.filter(username="rita").exists()


def test_department_is_only_for_groups(loader, data_file):
    path = data_file(
        "- object: portal.Municipality\n  key: {slug: x}\n  department: true\n"
    )
    with pytest.raises(DemoDataError, match="department: true is for auth.Group"):
        loader.load_file(path)


def test_every_group_of_the_roles_is_known(loader):
    from portal import roles

    assert set(roles.EDITOR_GROUPS) <= set(roles.ROLE_GROUPS)
    for name in roles.ROLE_GROUPS:
        loader.check_group(name)  # no error
