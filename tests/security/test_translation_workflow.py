"""Translations go through the approval workflow (issue #19, finding 1).

Regression tests of the outside test's findings and of what the guarded
wagtail-localize views do instead (``portal/translation_guard.py``); the
per-role matrix of every translation path is in ``test_translation_matrix.py``.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, Workflow

from home.models import StandardPage
from portal import roles
from portal.models import Municipality
from tests import factories
from tests.consultations.factories import consultation, consultation_index
from tests.portal.workflow_helpers import messages_of, workflow_action

from .translations import (
    ENGLISH_INTRO,
    UNREVIEWED,
    World,
    build_world,
    edit_url,
    is_refusal,
    locale,
    public_text,
    reload,
    segment,
    set_string,
    submit_page_url,
    translation_for,
    update_url,
)

pytestmark = pytest.mark.django_db


def build_sections():
    world = build_world(factories.home_page())
    return {
        "tourism": world.tourism.pk,
        "tourism_en": world.tourism_en.pk,
        "business": world.business.pk,
        "translator": world.translator.pk,
    }


sections = factories.module_data(build_sections)


@pytest.fixture
def world(sections):
    """``build_world``'s sections, roles and translator, built once for the module
    (each test's changes rolled back) and fetched afresh; the people per role are
    the test's own."""
    pages = {
        key: Page.objects.get(pk=sections[key]).specific
        for key in ("tourism", "tourism_en", "business")
    }
    translator = get_user_model().objects.get(pk=sections["translator"])
    return World(**pages, translator=translator)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """wagtail-localize publishes in ``on_commit``: run those callbacks."""
    with django_capture_on_commit_callbacks(execute=True):
        yield


def de(message, **params):
    """A text as the admin shows it (in German, the users' default language)."""
    with translation.override("de"):
        params = {key: str(value) for key, value in params.items()}
        text = translation.gettext(message)
        return text % params if params else text


def english_name():
    with translation.override("de"):
        return str(locale("en").get_display_name())


def said(response, message, **params):
    """Did the admin show ``message`` (as in German) after ``response``?"""
    return de(message, **params) in messages_of(response)


def approve_both_steps(client, world, page):
    client.force_login(world.user("reviewer"))
    response = workflow_action(client, page, "approve", "Fachlich geprüft.")
    assert response.status_code == 302, response.status_code
    client.force_login(world.user("approver"))
    response = workflow_action(client, page, "approve", "Freigegeben.")
    assert response.status_code == 302, response.status_code


# --- the findings ----------------------------------------------------------------------
def test_an_editor_cannot_publish_a_new_translation_by_syncing(
    client, world, run_on_commit
):
    """Finding 1 as reported: English draft → German translation → sync + publish."""
    english = factories.add_page(
        world.tourism_en, StandardPage, live=False, title="Canoe trip"
    )
    world.login(client, "editor")
    response = client.post(submit_page_url(english), {"locales": [locale("de").pk]})
    assert response.status_code == 302, response.status_code
    german = english.get_translation(locale("de"))
    assert not german.live

    response = client.post(update_url(english), {"publish_translations": "on"})

    assert response.status_code == 302, response.status_code
    german = reload(german)
    assert not german.live
    assert public_text(german) is None
    assert german.current_workflow_task.name == roles.REVIEW_TASK
    assert german.current_workflow_state.requested_by == world.user("editor")


def test_edited_strings_of_a_live_translation_wait_for_both_approvals(
    client, world, run_on_commit
):
    """Finding 1, variant: strings of a live translation edited, then synced."""
    german, english = world.translated_page()
    translation = translation_for(german, "en")
    world.login(client, "editor")
    response = client.put(
        reverse(
            "wagtail_localize:edit_string_translation",
            args=[translation.pk, segment(translation, "intro").pk],
        ),
        f"value={UNREVIEWED}",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200, response.status_code

    response = client.post(update_url(german), {"publish_translations": "on"})

    assert response.status_code == 302, response.status_code
    assert said(
        response,
        "Submitted for approval: %(pages)s. The live pages stay as they are until "
        "the translations are approved.",
        pages=f"Canoe trip ({english_name()})",
    )
    english = reload(english)
    assert english.intro == ENGLISH_INTRO  # the live page is untouched
    assert UNREVIEWED not in public_text(english)
    assert english.get_latest_revision_as_object().intro == UNREVIEWED
    assert english.current_workflow_task.name == roles.REVIEW_TASK
    # the reviewers get the normal editor (with the approval actions)
    assert not translation_for(german, "en").enabled

    approve_both_steps(client, world, english)

    english = reload(english)
    assert english.intro == UNREVIEWED
    assert UNREVIEWED in public_text(english)


def test_an_editor_of_another_section_cannot_sync_and_publish(
    client, world, run_on_commit
):
    """Finding 1, variant: sync-and-publish outside one's own section."""
    german, english = world.translated_page()
    set_string(translation_for(german, "en"), "intro", UNREVIEWED, None)
    world.login(client, "other_editor")

    assert is_refusal(client.get(update_url(german)))
    response = client.post(update_url(german), {"publish_translations": "on"})

    assert is_refusal(response)
    assert said(response, "You may not change “%(title)s”.", title="Kanutour")
    english = reload(english)
    assert english.intro == ENGLISH_INTRO
    assert english.get_latest_revision_as_object().intro == ENGLISH_INTRO
    assert not english.workflow_in_progress


# --- what the guarded views do ---------------------------------------------------------
def test_the_sync_form_offers_publishing_only_to_those_who_may_publish(client, world):
    german, _english = world.translated_page()
    world.login(client, "editor")
    html = client.get(update_url(german)).content.decode()
    assert de("Submit for approval") in html
    assert de("Publish immediately") not in html
    world.login(client, "administrator")
    html = client.get(update_url(german)).content.decode()
    assert de("Publish immediately") in html
    assert de("Submit for approval") not in html


def test_a_translation_waiting_for_approval_is_not_submitted_twice(
    client, world, run_on_commit
):
    german, english = world.translated_page()
    translation = translation_for(german, "en")
    world.login(client, "editor")
    client.post(update_url(german), {"publish_translations": "on"})
    translation.enabled = True  # someone started the synced translation again
    translation.save(update_fields=["enabled"])
    revisions = english.revisions.count()

    response = client.post(update_url(german), {"publish_translations": "on"})

    assert is_refusal(response, back_to=update_url(german))
    assert said(
        response,
        "The %(language)s version of “%(title)s” is already waiting for approval. "
        "Wait for the decision, then sync again.",
        language=english_name(),
        title="Kanutour",
    )
    assert english.revisions.count() == revisions


def test_starting_the_synced_translation_again_waits_for_the_decision(
    client, world, run_on_commit
):
    german, english = world.translated_page()
    world.login(client, "editor")
    client.post(update_url(german), {"publish_translations": "on"})

    response = client.post(edit_url(english), {"localize-restart-translation": "1"})

    assert is_refusal(response, back_to=edit_url(english))
    assert said(
        response,
        "“%(title)s” is waiting for approval; start the synced translation again "
        "after the decision.",
        title="Canoe trip",
    )
    assert not translation_for(german, "en").enabled


def test_translating_into_a_live_alias_needs_the_publish_permission(client, world):
    german = world.german_page()
    alias = german.copy_for_translation(locale("en"), alias=True)
    assert reload(alias).live  # an alias mirrors the live original

    world.login(client, "editor")
    response = client.post(submit_page_url(german), {"locales": [locale("en").pk]})

    assert is_refusal(response, back_to=submit_page_url(german))
    assert said(
        response,
        "The %(language)s version of “%(title)s” is live; only someone who may "
        "publish it can overwrite it. Edit it in the page editor and submit it for "
        "approval instead.",
        language=english_name(),
        title="Kanutour",
    )
    assert reload(alias).alias_of_id == german.pk

    world.login(client, "administrator")
    response = client.post(submit_page_url(german), {"locales": [locale("en").pk]})
    assert response["Location"] == edit_url(alias)
    assert reload(alias).alias_of_id is None


def test_a_subtree_is_translated_as_drafts(client, world):
    parent = world.german_page(title="Wasserwandern")
    child = world.german_page(parent=parent, title="Kanutour")
    world.login(client, "editor")

    response = client.post(
        submit_page_url(parent),
        {"locales": [locale("en").pk], "include_subtree": "on"},
    )

    assert response.status_code == 302, response.status_code
    for page in (parent, child):
        english = page.get_translation(locale("en"))
        assert not english.live
        assert public_text(english) is None


def test_a_subtree_with_a_live_translation_inside_is_refused_to_editors(client, world):
    parent = world.german_page(title="Wasserwandern")
    child = world.german_page(parent=parent, title="Kanutour")
    # the child's English version lives elsewhere in the English tree (moved)
    moved = child.copy(
        to=world.tourism_en,
        update_attrs={"locale": locale("en"), "slug": "canoe-trip"},
        reset_translation_key=False,
        keep_live=True,
    )
    assert reload(moved).live
    world.login(client, "editor")

    response = client.post(
        submit_page_url(parent),
        {"locales": [locale("en").pk], "include_subtree": "on"},
    )

    assert is_refusal(response, back_to=submit_page_url(parent))
    assert parent.get_translation_or_none(locale("en")) is None
    assert reload(moved).title == child.title


def test_translating_a_page_whose_parent_is_untranslated_is_refused(client, world):
    parent = world.german_page(title="Wasserwandern")
    child = world.german_page(parent=parent, title="Kanutour")
    world.login(client, "editor")

    response = client.post(submit_page_url(child), {"locales": [locale("en").pk]})

    # the library would create a live alias of the parent in the English tree
    assert is_refusal(response, back_to=submit_page_url(child))
    assert said(
        response,
        "Translate the page “%(parent)s” into %(language)s first: “%(title)s” needs "
        "a translated parent page.",
        parent="Wasserwandern",
        language=english_name(),
        title="Kanutour",
    )
    assert parent.get_translation_or_none(locale("en")) is None


def test_related_snippets_are_translated_along_only_by_those_who_may_change_them(
    client, world
):
    municipality = factories.translated_municipality(name="Banzkow")
    english_municipality = municipality.get_translation(locale("en"))
    english_municipality.name = "Banzkow (English)"
    english_municipality.save()
    consultation_index()
    roles.setup_roles()
    page = consultation(municipality=municipality)
    editor = factories.StaffFactory(groups=["Redaktion Beteiligung"])
    client.force_login(editor)

    response = client.post(submit_page_url(page), {"locales": [locale("en").pk]})

    assert response.status_code == 302, response.status_code
    assert said(
        response,
        "“%(title)s” was not translated along: you may not change it. The "
        "translation uses the existing version.",
        title="Banzkow",
    )
    assert Municipality.objects.get(pk=english_municipality.pk).name == (
        "Banzkow (English)"
    )
    english = page.get_translation(locale("en")).specific
    assert not english.live
    assert english.municipality_id == english_municipality.pk

    # without the guard the library overwrites the live snippet (fallback text)
    superuser = factories.StaffFactory(is_superuser=True)
    client.force_login(superuser)
    english.delete()
    client.post(submit_page_url(page), {"locales": [locale("en").pk]})
    assert Municipality.objects.get(pk=english_municipality.pk).name == "Banzkow"


def test_an_editor_cannot_translate_a_page_of_another_section(client, world):
    german = world.german_page(parent=world.business, title="Gewerbegebiet")
    world.login(client, "editor")
    assert is_refusal(client.get(submit_page_url(german)))
    response = client.post(submit_page_url(german), {"locales": [locale("en").pk]})
    assert is_refusal(response)
    assert german.get_translation_or_none(locale("en")) is None


def test_the_library_views_are_the_guarded_ones():
    """The guarded views answer wagtail-localize's own URL names."""
    from django.urls import resolve

    from portal import translation_guard

    for name, args, view in [
        ("submit_page_translation", [1], translation_guard.SubmitPageTranslationView),
        (
            "submit_snippet_translation",
            ["portal", "municipality", "1"],
            translation_guard.SubmitSnippetTranslationView,
        ),
        ("update_translations", [1], translation_guard.UpdateTranslationsView),
    ]:
        match = resolve(reverse(f"wagtail_localize:{name}", args=args))
        assert match.func.view_class is view
    match = resolve(reverse("wagtail_localize:convert_to_alias", args=[1]))
    assert match._func_path == "portal.translation_guard.convert_to_alias"


def test_without_a_workflow_a_sync_by_an_editor_saves_nothing(client, world):
    german, english = world.translated_page()
    set_string(translation_for(german, "en"), "intro", UNREVIEWED, None)
    Workflow.objects.update(active=False)
    revisions = english.revisions.count()
    world.login(client, "editor")

    response = client.post(update_url(german), {"publish_translations": "on"})

    assert is_refusal(response, back_to=update_url(german))
    assert said(
        response,
        "The %(language)s version of “%(title)s” has no approval workflow; only "
        "someone who may publish it can update it.",
        language=english_name(),
        title="Kanutour",
    )
    assert english.revisions.count() == revisions
    assert reload(english).intro == ENGLISH_INTRO
    assert translation_for(german, "en").enabled
