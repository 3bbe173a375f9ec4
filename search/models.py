"""Search statistics that hold no personal data: only the query text and a daily count."""

from django.db import models
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string


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
    def record(cls, query_string, language):
        entry, _created = cls.objects.get_or_create(
            query_string=normalise_query_string(query_string)[:MAX_QUERY_STRING_LENGTH],
            language=language,
            date=timezone.localdate(),
        )
        cls.objects.filter(pk=entry.pk).update(hits=F("hits") + 1)


@receiver(post_save, sender=SearchPromotion, dispatch_uid="search-promotion-saved")
@receiver(post_delete, sender=SearchPromotion, dispatch_uid="search-promotion-deleted")
def _promotions_changed(sender, **kwargs):
    """Promoted results show on cached search pages: a change makes them stale."""
    from portal.shell import invalidate

    invalidate()
