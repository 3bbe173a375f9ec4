"""Every translation path × every role → the expected answer and the live page.

Issue #19, finding 1: no path lets a user make content live that they could
not publish directly. Each test is one path requested by one role; it checks
the exact answer (a login redirect, Wagtail's refusal to the admin's start
page, a refusal back to the form, a status code, or the success redirect) and
then what an anonymous visitor reads. The translation memory holds unreviewed
text for the live English page all along, so any path that published it would
show it.

The world is built once per class (``setUpTestData``); every test runs in a
savepoint that is rolled back, so the paths cannot influence each other.
"""

from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from wagtail.models import WorkflowState

from portal.models import Municipality
from tests import factories

from .translations import (
    ENGLISH_INTRO,
    ROLES,
    UNREVIEWED,
    build_world,
    edit_url,
    locale,
    reload,
    segment,
    set_string,
    submit_page_url,
    translation_for,
    update_url,
)

LOGIN = "login"  # 302 to the admin's login page
REFUSED = "refused"  # 302 to the admin's start page (Wagtail's "permission denied")
BACK = "back"  # 302 back to the form, with the reason as a message
OK = "ok"  # the path's own success answer (see each case)

MACHINE_TRANSLATOR = {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"
}


def row(editor, other_editor, reviewer, approver, administrator, outside=LOGIN):
    """One matrix row: anonymous visitors and citizens get ``outside``."""
    return {
        "anonymous": outside,
        "citizen": outside,
        "editor": editor,
        "other_editor": other_editor,
        "reviewer": reviewer,
        "approver": approver,
        "administrator": administrator,
    }


@dataclass
class Case:
    name: str
    expected: dict
    # roles for whom the path publishes (or submits to review) by design
    publishes_for: set = field(default_factory=set)
    submits_for: set = field(default_factory=set)


CASES = [
    # "Translate": a German page without English version
    Case("submit_page", row(OK, REFUSED, REFUSED, OK, OK)),
    Case("submit_subtree", row(OK, REFUSED, REFUSED, OK, OK)),
    # "Translate" where the English version is a live alias of the German page
    Case("submit_into_live_alias", row(BACK, REFUSED, REFUSED, BACK, OK)),
    # "Translate" a snippet (a municipality): only who may change municipalities
    Case("submit_snippet", row(REFUSED, REFUSED, REFUSED, REFUSED, REFUSED)),
    # "Sync translated pages"
    Case(
        "sync_and_publish",
        row(OK, REFUSED, REFUSED, OK, OK),
        publishes_for={"administrator"},
        submits_for={"editor", "approver"},
    ),
    Case("sync", row(OK, REFUSED, REFUSED, OK, OK)),
    Case("sync_with_machine_translation", row(OK, REFUSED, REFUSED, OK, OK)),
    # the translation editor and its API (translation memory only)
    Case("edit_string", row(200, 403, 403, 200, 200)),
    Case("edit_override", row(201, 403, 403, 201, 201)),
    Case("upload_po_file", row(OK, REFUSED, REFUSED, OK, OK)),
    Case("download_po_file", row(200, REFUSED, REFUSED, 200, 200)),
    Case("machine_translate", row(OK, REFUSED, REFUSED, OK, OK)),
    Case("preview", row(200, REFUSED, REFUSED, 200, 200)),
    Case(
        "translation_editor_publish",
        row(BACK, REFUSED, REFUSED, BACK, OK),
        publishes_for={"administrator"},
    ),
    Case("stop_synced_translation", row(OK, REFUSED, REFUSED, OK, OK)),
    Case("restart_synced_translation", row(OK, REFUSED, REFUSED, OK, OK)),
    Case(
        "convert_to_alias",
        row(REFUSED, REFUSED, REFUSED, REFUSED, OK),
        publishes_for={"administrator"},
    ),
    # Wagtail's bulk publishing of a translation with an unreviewed draft: the
    # same redirect for everyone, but only publishers' pages are published
    Case(
        "bulk_publish",
        row(OK, OK, OK, OK, OK),
        publishes_for={"administrator"},
    ),
    # locale settings (synchronising a locale creates aliases of live pages)
    Case("locale_settings", row(REFUSED, REFUSED, REFUSED, REFUSED, 200)),
    # the APIs are read-only
    Case("snippets_api_write", row(405, 405, 405, 405, 405)),
    Case("pages_api_write", row(405, 405, 405, 405, 405, outside=405)),
]


class TranslationPathMatrix(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world(factories.home_page())
        for role in ROLES:
            cls.world.user(role)
        world = cls.world
        cls.image = factories.ImageFactory()
        cls.german, cls.english = world.translated_page(teaser_image=cls.image)
        cls.translation = translation_for(cls.german, "en")
        # the unreviewed text waits in the translation memory
        set_string(cls.translation, "intro", UNREVIEWED, world.translator)
        cls.untranslated = world.german_page(title="Radtour")
        cls.parent = world.german_page(title="Wasserwandern")
        cls.child = world.german_page(parent=cls.parent, title="Floßfahrt")
        cls.aliased = world.german_page(title="Angeln")
        cls.alias = cls.aliased.copy_for_translation(locale("en"), alias=True)
        cls.municipality = factories.MunicipalityFactory(name="Banzkow")
        # a translation with an unreviewed draft revision (for bulk publishing)
        cls.bulk_german, cls.bulk_english = world.translated_page(title="Segeln")
        draft = cls.bulk_english
        draft.intro = UNREVIEWED
        draft.save_revision(user=world.translator)

    # --- running one cell ---------------------------------------------------------------
    def run_case(self, case, role):
        client = Client()
        self.world.login(client, role)
        with self.captureOnCommitCallbacks(execute=True):
            response = getattr(self, f"act_{case.name}")(client)
        expected = case.expected[role]
        self.check_answer(case, role, response, expected)
        self.check_live(case, role)

    def check_answer(self, case, role, response, expected):
        location = response.get("Location", "")
        if expected == LOGIN:
            self.assertEqual(response.status_code, 302)
            self.assertIn("/login/", location)
        elif expected == REFUSED:
            self.assertEqual(response.status_code, 302)
            self.assertEqual(location, reverse("wagtailadmin_home"))
        elif expected == BACK:
            self.assertEqual(response.status_code, 302)
            self.assertEqual(location, self.back_url)
            self.assertTrue(list(response.wsgi_request._messages))
        elif expected == OK:
            self.assertEqual(response.status_code, 302, location)
            self.assertEqual(location, self.success_url(case))
        else:
            self.assertEqual(response.status_code, expected, location)

    def check_live(self, case, role):
        """What an anonymous visitor reads afterwards."""
        english = reload(self.english)
        public = Client().get(english.url)
        self.assertEqual(public.status_code, 200)
        if role in case.publishes_for:
            return getattr(self, f"published_{case.name}")()
        self.assertEqual(english.intro, ENGLISH_INTRO)
        self.assertIsNone(english.alias_of_id)
        self.assertNotIn(UNREVIEWED, public.content.decode())
        self.assertEqual(reload(self.bulk_english).intro, ENGLISH_INTRO)
        alias = reload(self.alias)
        if not (case.name == "submit_into_live_alias" and role == "administrator"):
            self.assertEqual(alias.alias_of_id, self.aliased.pk)
        for page in (self.untranslated, self.parent, self.child):
            translated = page.get_translation_or_none(locale("en"))
            self.assertTrue(translated is None or not translated.live)
        self.assertFalse(
            Municipality.objects.filter(
                translation_key=self.municipality.translation_key,
                locale=locale("en"),
            ).exists()
        )
        in_review = WorkflowState.objects.filter(
            object_id=str(english.pk), status=WorkflowState.STATUS_IN_PROGRESS
        ).exists()
        self.assertEqual(in_review, role in case.submits_for)
        if role in case.submits_for:
            self.assertEqual(english.get_latest_revision_as_object().intro, UNREVIEWED)

    def success_url(self, case):
        return getattr(self, f"success_{case.name}", lambda: self.back_url)()

    # --- the paths ------------------------------------------------------------------------
    def act_submit_page(self, client):
        self.back_url = submit_page_url(self.untranslated)
        return client.post(self.back_url, {"locales": [locale("en").pk]})

    def success_submit_page(self):
        english = self.untranslated.get_translation(locale("en"))
        return edit_url(english)

    def act_submit_subtree(self, client):
        self.back_url = submit_page_url(self.parent)
        return client.post(
            self.back_url, {"locales": [locale("en").pk], "include_subtree": "on"}
        )

    def success_submit_subtree(self):
        english = self.parent.get_translation(locale("en"))
        self.assertIsNotNone(self.child.get_translation_or_none(locale("en")))
        return edit_url(english)

    def act_submit_into_live_alias(self, client):
        self.back_url = submit_page_url(self.aliased)
        return client.post(self.back_url, {"locales": [locale("en").pk]})

    def success_submit_into_live_alias(self):
        converted = reload(self.alias)
        self.assertIsNone(converted.alias_of_id)
        return edit_url(converted)

    def act_submit_snippet(self, client):
        self.back_url = reverse(
            "wagtail_localize:submit_snippet_translation",
            args=["portal", "municipality", self.municipality.pk],
        )
        return client.post(self.back_url, {"locales": [locale("en").pk]})

    def act_sync_and_publish(self, client):
        self.back_url = update_url(self.german)
        return client.post(self.back_url, {"publish_translations": "on"})

    def success_sync_and_publish(self):
        return reverse("wagtailadmin_explore", args=[self.german.get_parent().pk])

    success_sync = success_sync_and_publish
    success_sync_with_machine_translation = success_sync_and_publish

    def published_sync_and_publish(self):
        english = reload(self.english)
        self.assertEqual(english.intro, UNREVIEWED)
        self.assertIn(UNREVIEWED, Client().get(english.url).content.decode())

    published_translation_editor_publish = published_sync_and_publish

    def act_sync(self, client):
        self.back_url = update_url(self.german)
        return client.post(self.back_url, {})

    def act_sync_with_machine_translation(self, client):
        self.back_url = update_url(self.german)
        with override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=MACHINE_TRANSLATOR):
            return client.post(self.back_url, {"use_machine_translation": "on"})

    def act_edit_string(self, client):
        self.back_url = None
        return client.put(
            reverse(
                "wagtail_localize:edit_string_translation",
                args=[self.translation.pk, segment(self.translation, "title").pk],
            ),
            f"value={UNREVIEWED}",
            content_type="application/x-www-form-urlencoded",
        )

    def act_edit_override(self, client):
        from wagtail_localize.models import OverridableSegment

        self.back_url = None
        overridable = OverridableSegment.objects.get(
            source=self.translation.source, context__path="teaser_image"
        )
        other_image = factories.ImageFactory()
        return client.put(
            reverse(
                "wagtail_localize:edit_override",
                args=[self.translation.pk, overridable.pk],
            ),
            f"value={other_image.pk}",
            content_type="application/x-www-form-urlencoded",
        )

    def act_upload_po_file(self, client):
        self.back_url = edit_url(self.english)
        po = self.translation.export_po()
        for entry in po:
            entry.msgstr = f"{UNREVIEWED} ({entry.msgid})"
        upload = SimpleUploadedFile(
            "translation.po", str(po).encode(), content_type="text/x-gettext"
        )
        return client.post(
            reverse("wagtail_localize:upload_pofile", args=[self.translation.pk]),
            {"file": upload, "next": self.back_url},
        )

    def act_download_po_file(self, client):
        return client.get(
            reverse("wagtail_localize:download_pofile", args=[self.translation.pk])
        )

    def act_machine_translate(self, client):
        self.back_url = edit_url(self.english)
        with override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=MACHINE_TRANSLATOR):
            return client.post(
                reverse(
                    "wagtail_localize:machine_translate", args=[self.translation.pk]
                ),
                {"next": self.back_url},
            )

    def act_preview(self, client):
        return client.get(
            reverse("wagtail_localize:preview_translation", args=[self.translation.pk])
        )

    def act_translation_editor_publish(self, client):
        self.back_url = edit_url(self.english)
        return client.post(self.back_url, {"action": "publish"})

    def act_stop_synced_translation(self, client):
        self.back_url = edit_url(self.english)
        return client.post(
            reverse("wagtail_localize:stop_translation", args=[self.translation.pk]),
            {"next": self.back_url},
        )

    def act_restart_synced_translation(self, client):
        self.translation.enabled = False
        self.translation.save(update_fields=["enabled"])
        self.back_url = edit_url(self.english)
        return client.post(self.back_url, {"localize-restart-translation": "1"})

    def act_convert_to_alias(self, client):
        self.back_url = edit_url(self.english)
        return client.post(
            reverse("wagtail_localize:convert_to_alias", args=[self.english.pk]), {}
        )

    def published_convert_to_alias(self):
        english = reload(self.english)
        self.assertEqual(english.alias_of_id, self.german.pk)

    def act_bulk_publish(self, client):
        self.back_url = edit_url(self.bulk_english)
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        return client.post(
            f"{url}?id={self.bulk_english.pk}&next={self.back_url}",
            {"include_descendants": ""},
        )

    def published_bulk_publish(self):
        self.assertEqual(reload(self.bulk_english).intro, UNREVIEWED)

    def act_locale_settings(self, client):
        return client.get(reverse("wagtaillocales:edit", args=[locale("en").pk]))

    def act_snippets_api_write(self, client):
        return client.post(
            reverse(
                "wagtail_localize:snippets_api_listing",
                args=["portal", "municipality"],
            ),
            {"name": "Forged"},
        )

    def act_pages_api_write(self, client):
        return client.post("/api/v2/pages/", {"title": "Forged"})


def _make_test(case, role):
    def test(self):
        self.run_case(case, role)

    test.__doc__ = f"{case.name} as {role}: {case.expected[role]}"
    return test


for _case in CASES:
    for _role in ROLES:
        setattr(
            TranslationPathMatrix,
            f"test_{_case.name}__{_role}",
            _make_test(_case, _role),
        )


def test_every_role_is_in_every_row():
    for case in CASES:
        assert set(case.expected) == set(ROLES), case.name
