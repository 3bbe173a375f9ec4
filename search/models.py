"""Search statistics that hold no personal data (only the query text and a daily
count), the vocabulary of the indexed content and the editors' synonyms."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import TranslatableMixin
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string

from portal.shell import invalidate


class ZeroResultQuery(models.Model):
    """A query that found nothing, per day and language: what content is missing."""

    query_string = models.CharField(_("query"), max_length=MAX_QUERY_STRING_LENGTH)
    language = models.CharField(_("language"), max_length=8)
    date = models.DateField(_("date"))
    hits = models.PositiveIntegerField(_("searches"), default=0)

    class Meta:
        verbose_name = _("query without results")
        verbose_name_plural = _("queries without results")
        constraints = [
            models.UniqueConstraint(
                fields=["query_string", "language", "date"],
                name="unique_zero_result_day",
            )
        ]

    def __str__(self):
        return self.query_string

    @classmethod
    def record(cls, query_string, language, day=None, number=1):
        entry, _created = cls.objects.get_or_create(
            query_string=normalise_query_string(query_string)[:MAX_QUERY_STRING_LENGTH],
            language=language,
            date=day or timezone.localdate(),
        )
        cls.objects.filter(pk=entry.pk).update(hits=F("hits") + number)


@receiver(post_save, sender=SearchPromotion, dispatch_uid="search-promotion-saved")
@receiver(post_delete, sender=SearchPromotion, dispatch_uid="search-promotion-deleted")
def _promotions_changed(sender, **kwargs):
    """Promoted results show on cached search pages: a change makes them stale."""
    invalidate()


class SearchWord(models.Model):
    """A word of the indexed content in one language: the search's vocabulary.

    Filled while objects are indexed (``search.vocabulary``). The query side
    looks up what citizens type against it: other spellings ("Strassen" →
    "Straßen"), inflected forms ("Badestellen" → "Badestelle"), compounds that
    contain a word ("Müll" → "Müllabfuhr") and close words for typos ("Kitta"
    → "Kita"). ``key`` is the word folded for matching (lower case, umlauts
    and ß written out and then reduced: "Straße" and "Strasse" → "strase").
    """

    language = models.CharField(_("language"), max_length=8)
    word = models.CharField(_("word"), max_length=64)
    key = models.CharField(_("key"), max_length=64)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "word"], name="unique_search_word"
            )
        ]
        indexes = [models.Index(fields=["language", "key"], name="search_word_key")]

    def __str__(self):
        return self.word


class SynonymGroup(TranslatableMixin, models.Model):
    """Words that citizens use for the same thing ("Müll, Abfall, Abfuhr").

    A snippet that editors keep per language. A search for any word of a group
    also finds pages with the other words (applied when the query is read, so
    a change works at once, without re-indexing).
    """

    terms = models.TextField(
        _("words"),
        help_text=_(
            "Words with the same meaning for a search, separated by commas, e.g. "
            "“Müll, Abfall, Abfuhr”. A word may consist of several words "
            "(“Zelten am See”)."
        ),
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("For editors only: why the group exists."),
    )

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("search synonyms")
        verbose_name_plural = _("search synonyms")
        ordering = ["terms"]

    def __str__(self):
        return self.terms[:80]

    def term_list(self):
        """The group's words, stripped, without empty ones or duplicates."""
        seen = []
        for term in re.split(r"[,;\n]", self.terms):
            term = " ".join(term.split())
            if term and term.lower() not in {item.lower() for item in seen}:
                seen.append(term)
        return seen

    def clean(self):
        super().clean()
        if len(self.term_list()) < 2:
            raise ValidationError(
                {"terms": _("Give at least two words, separated by commas.")}
            )
