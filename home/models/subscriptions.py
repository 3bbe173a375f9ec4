"""E-mail subscriptions to news and announcements (double opt-in).

We store only what sending needs: the address, the choices, the language and
when the address was confirmed. Unconfirmed subscriptions are deleted once
their confirmation link has expired; unsubscribing deletes the row.
"""

import secrets

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality

CONFIRM_SALT = "home.subscription.confirm"


def new_unsubscribe_token():
    return secrets.token_urlsafe(32)


def confirm_max_age():
    """Seconds a confirmation link stays valid (``NEWSLETTER_CONFIRM_MAX_AGE``)."""
    return getattr(settings, "NEWSLETTER_CONFIRM_MAX_AGE", 7 * 24 * 3600)


class Subscription(models.Model):
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    news = models.BooleanField(_("news"), default=True)
    announcements = models.BooleanField(_("official announcements"), default=True)
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("municipalities"),
        blank=True,
        related_name="+",
        help_text=_("None chosen: all municipalities."),
    )
    categories = models.ManyToManyField(
        "home.NewsCategory",
        verbose_name=_("news categories"),
        blank=True,
        related_name="+",
        help_text=_("None chosen: all categories."),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribe_token = models.CharField(
        max_length=64, unique=True, default=new_unsubscribe_token, editable=False
    )

    class Meta:
        verbose_name = _("e-mail subscription")
        verbose_name_plural = _("e-mail subscriptions")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def make_confirmation_token(self):
        return signing.dumps({"id": self.pk, "email": self.email}, salt=CONFIRM_SALT)

    @classmethod
    def from_confirmation_token(cls, token):
        """The subscription a token belongs to.

        Raises ``signing.SignatureExpired`` for an expired link,
        ``signing.BadSignature`` for a forged or mangled one and
        ``cls.DoesNotExist`` when the subscription is gone (unsubscribed, purged).
        """
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=confirm_max_age())
        return cls.objects.get(pk=data["id"], email=data["email"])


class NewsletterDelivery(models.Model):
    """That the subscribers were notified of a page: never twice for one page."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="newsletter_delivery",
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent = models.PositiveIntegerField(_("sent"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")

    def __str__(self):
        return str(self.page)
