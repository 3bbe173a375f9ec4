"""Translations go through the approval workflow like every other change.

wagtail-localize's views check only the ``submit_translation`` permission
before they write a translation, and writing a translation of a page that is
already live changes the live page: ``Translation.save_target()`` saves the
page row (which is what visitors see) even when it is asked for a draft, and
"Sync translated pages" with *Publish immediately* publishes every target.
So an editor without the *publish* permission could put unreviewed text live,
also in another section's tree (issue #19, finding 1).

The rule this module enforces: **no translation path lets a user make content
live that they could not publish directly**, and section permissions are
checked on the source and on every target.

- *Translate* (submit a page or snippet): the user must be able to edit the
  source; every object the operation writes (the page, with "include
  subtree" its descendants) must be writable by them: a new page needs the
  right to add pages below its translated parent (and that parent must
  exist: the library would otherwise create live aliases of the parents); an
  existing translation that is live (or an alias, which mirrors a live page)
  may be overwritten only by someone who may publish it. Related snippets the
  library would translate along (a municipality, a category) are left out
  when the user may not write them; the page then shows the existing
  translation or the source, as wagtail-localize does for anything
  untranslated.
- *Sync translated pages*: the user must be able to edit the source and
  every target. With *Publish immediately*, a target the user may publish is
  published as before; for any other target the option reads *Submit for
  approval*: the translated text is saved as a new draft revision (the live
  page stays as it is) and submitted to the page's workflow.
- The translation editor's *Publish* needs the publish permission (the
  library checks it too); *Start synced translation* is refused while the
  page waits for approval; *Convert to alias* needs the publish permission
  when it would change a live page.

The guarded views subclass wagtail-localize's and are registered for the same
admin URLs ahead of the library's (``portal/wagtail_hooks.py``); the library
is not patched. String, override, PO-file and machine-translation views of the
library already require the right to edit the target and change only the
translation memory, never a page.
"""

import contextlib

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import DraftStateMixin, Page
from wagtail.snippets.permissions import get_permission_name
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import TranslationCreator
from wagtail_localize.tasks import background
from wagtail_localize.views import convert, submit_translations, update_translations

SUBMIT_PERMISSION = "wagtail_localize.submit_translation"


class TranslationRefused(PermissionDenied):
    """A translation operation the user may not carry out; the message says why."""


def refused(request, reasons, to=None):
    """Refuse as the Wagtail admin does, but say why: the reasons as error
    messages, and back to ``to`` (the form) or to the admin's start page."""
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        raise PermissionDenied(" ".join(str(reason) for reason in reasons))
    for reason in reasons:
        messages.error(request, str(reason))
    return redirect(to or reverse("wagtailadmin_home"))


# --- the policy ------------------------------------------------------------------------
def can_publish(user, obj):
    """May ``user`` make ``obj`` live directly (outside any workflow)?"""
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_publish()
    model = type(obj)
    if isinstance(obj, DraftStateMixin):
        return user.is_superuser or user.has_perm(get_permission_name("publish", model))
    # A model without drafts is live as soon as it is saved.
    return user.has_perm(get_permission_name("change", model))


def can_edit(user, obj):
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_edit()
    return user.has_perm(get_permission_name("change", type(obj)))


def _names(obj, locale):
    return {"title": str(obj), "language": locale.get_display_name()}


def translation_of(obj, locale):
    """The translation of ``obj`` into ``locale`` (aliases included), or ``None``."""
    model = obj.specific_class if isinstance(obj, Page) else type(obj)
    try:
        found = model._default_manager.get(
            translation_key=obj.translation_key, locale=locale
        )
    except model.DoesNotExist:
        return None
    return found.specific if isinstance(found, Page) else found


def target_refusal(user, obj, locale, parent_planned=False):
    """Why ``user`` may not write ``obj``'s translation into ``locale``, or ``None``.

    Writing a translation saves the target's row, which is the live version of
    a live page or snippet (and of any model without drafts): that needs the
    right to publish. A draft needs the right to edit it; a new page the right
    to add pages below its translated parent, which must exist.
    ``parent_planned``: the translated parent page does not exist yet but is
    created as a draft by the same operation (translating a subtree).
    """
    target = translation_of(obj, locale)
    names = _names(obj, locale)
    if target is not None:
        is_draft = isinstance(target, DraftStateMixin) and not target.live
        if is_draft:
            return None if can_edit(user, target) else _no_edit(names)
        if can_publish(user, target):
            return None
        if isinstance(target, Page):
            return (
                _(
                    "The %(language)s version of “%(title)s” is live; only someone "
                    "who may publish it can overwrite it. Edit it in the page editor "
                    "and submit it for approval instead."
                )
                % names
            )
        if isinstance(target, DraftStateMixin):
            return (
                _(
                    "The %(language)s version of “%(title)s” is live; only someone "
                    "who may publish it can overwrite it."
                )
                % names
            )
        return _no_edit(names)

    if not isinstance(obj, Page):
        if user.has_perm(get_permission_name("add", type(obj))):
            return None
        return _no_edit(names)
    if parent_planned:
        return None
    parent = obj.get_parent()
    translated_parent = parent if parent.is_root() else translation_of(parent, locale)
    if translated_parent is None:
        return _(
            "Translate the page “%(parent)s” into %(language)s first: "
            "“%(title)s” needs a translated parent page."
        ) % {**names, "parent": parent.get_admin_display_title()}
    if not translated_parent.permissions_for_user(user).can_add_subpage():
        return _("You may not add pages below “%(parent)s” (%(language)s).") % {
            **names,
            "parent": translated_parent.get_admin_display_title(),
        }
    return None


def may_publish_translation(user, obj, locale):
    """May ``user`` publish ``obj``'s translation into ``locale`` directly?

    For a translation that does not exist yet: the right to publish below its
    translated parent (Wagtail's page permissions hold for the whole subtree),
    or to add (and, with drafts, publish) snippets of the model.
    """
    target = translation_of(obj, locale)
    if target is not None:
        return can_publish(user, target)
    if isinstance(obj, Page):
        parent = obj.get_parent()
        parent = parent if parent.is_root() else translation_of(parent, locale)
        return parent is not None and (
            parent.permissions_for_user(user).can_publish_subpage()
        )
    model = type(obj)
    if isinstance(obj, DraftStateMixin) and not can_publish(user, obj):
        return False
    return user.has_perm(get_permission_name("add", model))


def _no_edit(names):
    return _("You may not change the %(language)s version of “%(title)s”.") % names


def submit_refusals(user, obj, locales, include_subtree=False):
    """Every reason why translating ``obj`` (and its subtree) is refused."""
    refusals = []
    targets = [locale for locale in locales if locale.pk != obj.locale_id]
    for locale in targets:
        refusal = target_refusal(user, obj, locale)
        if refusal:
            refusals.append(refusal)
    if include_subtree and isinstance(obj, Page):
        planned = {obj.translation_key}
        for page in obj.get_descendants().specific().order_by("path"):
            parent_key = page.get_parent().translation_key
            for locale in targets:
                parent_missing = translation_of(page.get_parent(), locale) is None
                refusal = target_refusal(
                    user,
                    page,
                    locale,
                    parent_planned=parent_missing and parent_key in planned,
                )
                if refusal:
                    refusals.append(refusal)
            planned.add(page.translation_key)
    return refusals


class GuardedTranslationCreator(TranslationCreator):
    """wagtail-localize's creator, leaving out what the user may not write.

    The views check the objects the user asked for before anything is
    written; what the library adds on its own (related snippets) is skipped
    when the user may not write it, and anything else refused raises.
    """

    def __init__(self, user, target_locales):
        super().__init__(user, target_locales)
        self.skipped = []

    def create_translations(self, instance, include_related_objects=True):
        if isinstance(instance, Page):
            instance = instance.specific
        if instance.translation_key not in self.seen_objects:
            refusals = [
                refusal
                for locale in self.target_locales
                if locale.pk != instance.locale_id
                and (refusal := target_refusal(self.user, instance, locale))
            ]
            if refusals:
                if include_related_objects:
                    raise TranslationRefused(refusals[0])
                # a related object: the translated page falls back to it
                self.seen_objects.add(instance.translation_key)
                self.skipped.append(instance)
                return
        super().create_translations(instance, include_related_objects)


def translate_object(instance, locales, components=None, user=None):
    translator = GuardedTranslationCreator(user, locales)
    translator.create_translations(instance)
    if components is not None:
        components.save(translator, sources_and_translations=translator.mappings)
    return translator


@transaction.atomic
def translate_page_subtree(page_id, locales, components, user):
    """The library's subtree translation, with the guarded creator."""
    page = Page.objects.get(id=page_id)
    translator = GuardedTranslationCreator(user, locales)
    for child in page.get_descendants().order_by("path"):
        translator.create_translations(child)
    if components is not None:
        components.save(translator, sources_and_translations=translator.mappings)


# --- submitting a translation for approval instead of publishing it ----------------------
def submit_for_approval(translation, user):
    """Save the translated text as a draft revision and start the workflow.

    The live page is left as it is; the reviewers see the revision in the
    normal page editor: the synced translation is stopped (as "Stop synced
    translation" does), the translator starts it again after the approval.
    Raises :class:`TranslationRefused` with the reason if this is not possible.
    """
    source = translation.source
    locale = translation.target_locale
    source_instance = source.get_source_instance()
    if not isinstance(source_instance, Page):
        raise TranslationRefused(
            _("Only someone who may publish “%(title)s” can update its translations.")
            % {"title": str(source_instance)}
        )
    target = translation_of(source_instance, locale)
    names = _names(source_instance, locale)
    if target is None:
        refusal = target_refusal(user, source_instance, locale)
        if refusal:
            raise TranslationRefused(refusal)
        try:
            # a new page: the library creates it as a draft (never live)
            translation.save_target(user=user, publish=False)
        except ValidationError as error:
            raise _invalid(names, error) from error
        target = translation_of(source_instance, locale)
    else:
        if target.alias_of_id:
            raise TranslationRefused(
                _(
                    "The %(language)s version of “%(title)s” is an alias of the "
                    "original; only someone who may publish it can convert it."
                )
                % names
            )
        if target.workflow_in_progress:
            raise TranslationRefused(
                _(
                    "The %(language)s version of “%(title)s” is already waiting for "
                    "approval. Wait for the decision, then sync again."
                )
                % names
            )
        if target.permissions_for_user(user).page_locked():
            raise TranslationRefused(
                _("The %(language)s version of “%(title)s” is locked.") % names
            )
        draft = source.get_ephemeral_translated_instance(locale, fallback=True)
        try:
            # save_revision() stores only the revision and the draft markers:
            # the page row (the live version) keeps its content
            draft.save_revision(user=user, log_action=True)
        except ValidationError as error:
            raise _invalid(names, error) from error
    workflow = target.get_workflow()
    if workflow is None:
        # nothing saved stays: the caller's transaction is rolled back
        raise TranslationRefused(
            _(
                "The %(language)s version of “%(title)s” has no approval workflow; "
                "only someone who may publish it can update it."
            )
            % names
        )
    Translation.objects.filter(pk=translation.pk).update(enabled=False)
    workflow.start(target, user)
    return target


def _invalid(names, error):
    return TranslationRefused(
        _("The %(language)s version of “%(title)s” is not valid: %(errors)s")
        % {**names, "errors": "; ".join(error.messages)}
    )


# --- the guarded views -----------------------------------------------------------------
class GuardedSubmitMixin:
    """Checks of the "Translate" views (page and snippet)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(SUBMIT_PERMISSION):
            raise PermissionDenied
        obj = self.get_object()
        if not can_edit(request.user, obj):
            return refused(
                request, [_("You may not change “%(title)s”.") % {"title": str(obj)}]
            )
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        locales = list(form.cleaned_data["locales"])
        include_subtree = isinstance(self.object, Page) and form.cleaned_data.get(
            "include_subtree"
        )
        refusals = submit_refusals(
            self.request.user, self.object, locales, include_subtree
        )
        if refusals:
            return refused(self.request, refusals, self.request.get_full_path())
        try:
            with transaction.atomic():
                translator = translate_object(
                    self.object, locales, self.components, self.request.user
                )
                if include_subtree:
                    background.enqueue(
                        translate_page_subtree,
                        [self.object.id, locales, self.components, self.request.user],
                        {},
                    )
        except TranslationRefused as refusal:
            return refused(self.request, [refusal], self.request.get_full_path())
        for skipped in translator.skipped:
            messages.warning(
                self.request,
                _(
                    "“%(title)s” was not translated along: you may not change it. "
                    "The translation uses the existing version."
                )
                % {"title": str(skipped)},
            )
        single = None
        if len(locales) == 1:
            language = locales[0].get_display_name()
            single = self.object.get_translation(locales[0])
        else:
            language = _("{} locales").format(len(locales))
        messages.success(self.request, self.get_success_message(language))
        return redirect(self.get_success_url() or self.get_default_success_url(single))


class SubmitPageTranslationView(
    GuardedSubmitMixin, submit_translations.SubmitPageTranslationView
):
    pass


class SubmitSnippetTranslationView(
    GuardedSubmitMixin, submit_translations.SubmitSnippetTranslationView
):
    pass


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """The view behind "Sync translated pages": publishes only what the user may
    publish, and submits the rest for approval."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(SUBMIT_PERMISSION):
            raise PermissionDenied
        source = self.get_object()
        try:
            instance = source.get_source_instance()
        except ObjectDoesNotExist as error:
            raise Http404 from error
        if isinstance(instance, Page):
            instance = instance.specific
        if not can_edit(request.user, instance):
            return refused(
                request,
                [_("You may not change “%(title)s”.") % {"title": str(instance)}],
            )
        self.targets = []
        for translation in source.translations.filter(enabled=True).select_related(
            "target_locale"
        ):
            locale = translation.target_locale
            target = translation_of(instance, locale)
            if target is not None and not can_edit(request.user, target):
                return refused(request, [_no_edit(_names(instance, locale))])
            publishes = may_publish_translation(request.user, instance, locale)
            self.targets.append((translation, publishes))
        self.may_publish_all = all(publishes for _t, publishes in self.targets)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        form = super().get_form()
        if not self.may_publish_all:
            field = form.fields["publish_translations"]
            field.label = gettext_lazy("Submit for approval")
            field.help_text = gettext_lazy(
                "Save the updated translations as drafts and submit them to the "
                "approval workflow. The live pages stay as they are until the "
                "translations are approved."
            )
        return form

    def form_valid(self, form):
        try:
            with transaction.atomic():
                outcome = self.apply(form)
        except TranslationRefused as refusal:
            return refused(self.request, [refusal], self.request.get_full_path())
        if outcome["submitted"]:
            messages.success(
                self.request,
                _(
                    "Submitted for approval: %(pages)s. The live pages stay as they "
                    "are until the translations are approved."
                )
                % {"pages": ", ".join(outcome["submitted"])},
            )
        else:
            messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url() or self.get_default_success_url())

    def apply(self, form):
        user = self.request.user
        self.object.update_from_db()
        enabled = [translation for translation, _publishes in self.targets]
        if form.cleaned_data.get("use_machine_translation"):
            machine_translator = update_translations.get_machine_translator()
            for translation in enabled:
                update_translations.apply_machine_translation(
                    translation.id, user, machine_translator
                )
        submitted = []
        publish = form.cleaned_data["publish_translations"]
        for translation, publishes in self.targets:
            if publish and publishes:
                with contextlib.suppress(ValidationError):
                    translation.save_target(user=user, publish=True)
            elif publish:
                page = submit_for_approval(translation, user)
                submitted.append(
                    f"{page.get_admin_display_title()} "
                    f"({translation.target_locale.get_display_name()})"
                )
            elif publishes:
                # view restrictions are the publisher's business, as in Wagtail
                with contextlib.suppress(ValidationError):
                    translation.source.update_target_view_restrictions(
                        translation.target_locale
                    )
        self.components.save(
            self.object, sources_and_translations={self.object: enabled}
        )
        return {"submitted": submitted}


def convert_to_alias(request, page_id):
    """The library's "Convert to alias page", for those who may publish the page.

    An alias shows its original's live content at once, so converting a
    translation changes (or makes) a live page.
    """
    page = get_object_or_404(Page, id=page_id, alias_of_id__isnull=True).specific
    source = (
        TranslationSource.objects.filter(
            object_id=page.translation_key,
            specific_content_type=page.content_type_id,
            translations__target_locale=page.locale_id,
        )
        .select_related("locale")
        .first()
    )
    original = translation_of(page, source.locale) if source else None
    changes_live = original is not None and (page.live or original.live)
    if changes_live and not can_publish(request.user, page):
        return refused(
            request,
            [
                _(
                    "Converting “%(title)s” into an alias would change a live page; "
                    "only someone who may publish it can do that."
                )
                % {"title": page.get_admin_display_title()}
            ],
        )
    return convert.convert_to_alias(request, page_id)


# --- the translation editor (it replaces the page and snippet editors) -----------------
def guard_translation_editor(request, obj):
    """``before_edit_page`` / ``before_edit_snippet``, ahead of wagtail-localize's."""
    if request.method != "POST" or not hasattr(obj, "translation_key"):
        return None
    if "localize-restart-translation" in request.POST and getattr(
        obj, "workflow_in_progress", False
    ):
        return refused(
            request,
            [
                _(
                    "“%(title)s” is waiting for approval; start the synced "
                    "translation again after the decision."
                )
                % {"title": str(obj)}
            ],
            request.get_full_path(),
        )
    if request.POST.get("action") == "publish":
        synced = Translation.objects.filter(
            source__object_id=obj.translation_key,
            target_locale_id=obj.locale_id,
            enabled=True,
        ).exists()
        if synced and not can_publish(request.user, obj):
            return refused(
                request,
                [
                    _(
                        "You may not publish “%(title)s”. Stop the synced "
                        "translation, edit the page and submit it for approval."
                    )
                    % {"title": str(obj)}
                ],
                request.get_full_path(),
            )
    return None


def admin_urls():
    """The guarded views, for the same paths as wagtail-localize's (registered first)."""
    return [
        path(
            "localize/",
            include(
                (
                    [
                        path(
                            "submit/page/<int:page_id>/",
                            SubmitPageTranslationView.as_view(),
                            name="submit_page_translation",
                        ),
                        path(
                            "submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
                            SubmitSnippetTranslationView.as_view(),
                            name="submit_snippet_translation",
                        ),
                        path(
                            "update/<int:translation_source_id>/",
                            UpdateTranslationsView.as_view(),
                            name="update_translations",
                        ),
                        path(
                            "page/<int:page_id>/convert_to_alias/",
                            convert_to_alias,
                            name="convert_to_alias",
                        ),
                    ],
                    "portal_translations",
                ),
                namespace="portal_translations",
            ),
        )
    ]
