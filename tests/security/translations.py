"""A small editorial world for the translation tests (issue #19, finding 1).

Two sections in both languages (tourism and business, stand-ins for the feature
apps' section pages), the portal's roles and workflows (``setup_roles``), one
user per role, and a German page of the tourism section whose English
translation was made with wagtail-localize, with translated strings, and is
live.
"""

from dataclasses import dataclass, field

from django.test import Client
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.operations import translate_object

from home.models import StandardPage
from portal import roles
from tests import factories
from tests.portal.workflow_helpers import make_section

GERMAN_INTRO = "Paddeln auf der Warnow."
ENGLISH_INTRO = "Paddling on the Warnow."
UNREVIEWED = "Unreviewed text typed into the translation editor."

# role -> the groups of its user (None: an anonymous visitor; [] a citizen)
ROLE_GROUPS = {
    "anonymous": None,
    "citizen": [],
    "editor": ["Redaktion Tourismus"],
    "other_editor": ["Redaktion Wirtschaft"],
    "reviewer": [roles.REVIEWERS],
    "approver": [roles.APPROVERS],
    "administrator": [roles.ADMINISTRATORS],
}
ROLES = list(ROLE_GROUPS)


def locale(code):
    return Locale.objects.get(language_code=code)


def reload(page):
    return Page.objects.get(pk=page.pk).specific


def user_for(role):
    groups = ROLE_GROUPS[role]
    if groups is None:
        return None
    if not groups:
        return factories.UserFactory()
    return factories.StaffFactory(groups=groups)


@dataclass
class World:
    tourism: Page
    tourism_en: Page
    business: Page
    translator: object  # the administrator who made the existing translations
    users: dict = field(default_factory=dict)

    def user(self, role):
        if role not in self.users:
            self.users[role] = user_for(role)
        return self.users[role]

    def login(self, client, role):
        user = self.user(role)
        if user is not None:
            client.force_login(user)
        return user

    # --- content ---------------------------------------------------------------------
    def german_page(self, live=True, parent=None, **fields):
        fields.setdefault("title", "Kanutour")
        fields.setdefault("intro", GERMAN_INTRO)
        return factories.add_page(
            parent or self.tourism, StandardPage, live=live, **fields
        )

    def translated_page(self, parent=None, **fields):
        """A live German page and its live English translation (wagtail-localize)."""
        german = self.german_page(parent=parent, **fields)
        translate_object(german, [locale("en")], user=self.translator)
        translation = translation_for(german, "en")
        set_string(translation, "intro", ENGLISH_INTRO, self.translator)
        set_string(translation, "title", "Canoe trip", self.translator)
        translation.save_target(user=self.translator, publish=False)
        english = german.get_translation(locale("en")).specific
        english.save_revision(user=self.translator).publish()
        return german, reload(english)


def build_world(home):
    tourism = make_section(home, "tourismus", "Tourismus", "tourism", "Tourism")
    business = make_section(home, "wirtschaft", "Wirtschaft", "business", "Business")
    roles.setup_roles()
    return World(
        tourism=tourism,
        tourism_en=tourism.get_translation(locale("en")).specific,
        business=business,
        translator=factories.StaffFactory(groups=[roles.ADMINISTRATORS]),
    )


def translation_for(page, language_code):
    return Translation.objects.get(
        source__object_id=page.translation_key,
        target_locale__language_code=language_code,
    )


def source_of(page):
    return TranslationSource.objects.get(
        object_id=page.translation_key, locale_id=page.locale_id
    )


def segment(translation, path):
    return StringSegment.objects.get(source=translation.source, context__path=path)


def set_string(translation, path, value, user):
    """A translated string in the translation memory, as the editor stores it."""
    found = segment(translation, path)
    StringTranslation.objects.update_or_create(
        translation_of_id=found.string_id,
        locale=translation.target_locale,
        context_id=found.context_id,
        defaults={
            "data": value,
            "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            "last_translated_by": user,
        },
    )


# --- URLs --------------------------------------------------------------------------------
def submit_page_url(page):
    return reverse("wagtail_localize:submit_page_translation", args=[page.pk])


def update_url(page):
    return reverse("wagtail_localize:update_translations", args=[source_of(page).pk])


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def is_login_redirect(response):
    return response.status_code == 302 and "/login/" in response["Location"]


def is_refusal(response, back_to=None):
    """The admin's refusal: a redirect to the admin's start page (Wagtail's own
    "permission denied") or, for a form, back to the form, with the reason."""
    expected = back_to or reverse("wagtailadmin_home")
    return response.status_code == 302 and response["Location"] == expected


def public_text(page):
    """What an anonymous visitor reads on the page (None if it is not served)."""
    response = Client().get(reload(page).url)
    if response.status_code != 200:
        return None
    return response.content.decode()
