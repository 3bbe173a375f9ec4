"""The editable, translatable category list of attractions and events."""

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from portal.shell import versioned_key


class TourismCategory(TranslatableMixin, index.Indexed, models.Model):
    """A category such as "Museums", "Nature" or "Concerts" (a snippet)."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_("Used in filter URLs; keep it the same in every language."),
    )
    description = models.TextField(_("description"), blank=True, max_length=300)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("tourism category")
        verbose_name_plural = _("tourism categories")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_tourism_category_slug"
            )
        ]

    def __str__(self):
        return self.name


def localized_map(model, objects, locale):
    """``{pk: object in locale}`` for translatable snippets or pages.

    Pages copied for translation may still point at the source-language
    snippet; listings show the snippet in the visitor's language. Snippets
    (categories, municipalities: short lists) come from ``localized_snippets``,
    pages from one query.
    """
    objects = [obj for obj in objects if obj is not None]
    keys = {obj.translation_key for obj in objects if obj.locale_id != locale.pk}
    translated = {}
    if keys and issubclass(model, Page):
        translated = {
            obj.translation_key: obj
            for obj in model.objects.filter(translation_key__in=keys, locale=locale)
        }
    elif keys:
        translated = localized_snippets(model, locale)
    return {
        obj.pk: obj
        if obj.locale_id == locale.pk
        else translated.get(obj.translation_key, obj)
        for obj in objects
    }


def localized_snippets(model, locale):
    """``{translation_key: snippet}`` of every snippet of ``model`` in ``locale``,
    kept in the cache until content changes (saving a snippet bumps the content
    version), so listings in a translated language need no query for them."""
    key = versioned_key("localized-snippets", model._meta.label_lower, locale.pk)
    found = cache.get(key)
    if found is None:
        found = {
            obj.translation_key: obj for obj in model.objects.filter(locale=locale)
        }
        cache.set(key, found, 60 * 60)
    return found
