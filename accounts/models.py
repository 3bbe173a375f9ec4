"""The portal's user model, verified identity and roles of outside users.

A custom user model from the first migration, as Django recommends, so that
identity attributes can be added without swapping the model later.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class IdentityLevel(models.IntegerChoices):
    """How sure the portal is about who is behind an account (ascending)."""

    NONE = 0, _("none")
    EMAIL = 10, _("e-mail confirmed")
    BASIC = 20, _("basic")
    SUBSTANTIAL = 30, _("substantial")
    HIGH = 40, _("high")


class VerificationMethod(models.TextChoices):
    EMAIL = "email", _("e-mail confirmation")
    BUNDID = "bundid", _("BundID (SAML)")
    DEV_SIMULATION = "dev-simulation", _("simulation (development only)")


class User(AbstractUser):
    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    @cached_property
    def identity_level(self):
        """The highest identity level this account has reached (kept for the
        lifetime of this object, e.g. a request)."""
        return self.current_identity_level()

    def current_identity_level(self):
        """The highest identity level, read now: a confirmed e-mail address
        (allauth's ``EmailAddress``) or a verified identity."""
        level = IdentityLevel.NONE
        if self.emailaddress_set.filter(verified=True).exists():
            level = IdentityLevel.EMAIL
        verification = IdentityVerification.objects.filter(user=self).first()
        if verification is not None and verification.level > level:
            level = IdentityLevel(verification.level)
        return level


class IdentityVerification(models.Model):
    """How and when a user's identity was verified above e-mail level.

    Only what is needed is kept: the level, the method, the time, a salted
    hash of the BundID pseudonym (bPK2) and the municipality if the identity
    provider named one. The unique hash means one real person can verify only
    one account.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="identity_verification",
        verbose_name=_("user"),
    )
    level = models.PositiveSmallIntegerField(
        _("identity level"), choices=IdentityLevel.choices
    )
    method = models.CharField(
        _("method"), max_length=20, choices=VerificationMethod.choices
    )
    verified_at = models.DateTimeField(_("verified at"), default=timezone.now)
    person_hash = models.CharField(
        _("person pseudonym hash"),
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Salted hash of the bPK2 pseudonym; never the pseudonym itself."),
    )
    municipality_ags = models.CharField(
        _("municipality key (AGS)"), max_length=8, blank=True
    )

    class Meta:
        verbose_name = _("identity verification")
        verbose_name_plural = _("identity verifications")

    def __str__(self):
        return f"{self.user} – {self.get_level_display()} ({self.get_method_display()})"


class UsedAssertion(models.Model):
    """SAML assertion ids already consumed, so that a replay is refused."""

    assertion_id = models.CharField(max_length=255, unique=True)
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("used SAML assertion")
        verbose_name_plural = _("used SAML assertions")

    def __str__(self):
        return self.assertion_id


class RoleKind(models.TextChoices):
    ACTOR = "actor", _("actor representative")
    COUNCIL = "council", _("council member")


class UserRole(models.Model):
    """A role of an outside user; it counts once staff have confirmed it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="portal_roles",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    organisation = models.CharField(
        _("organisation or body"),
        max_length=200,
        blank=True,
        help_text=_("The business, association or council the user represents."),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organisation"], name="unique_user_role"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def confirm(self, by):
        self.confirmed_by = by
        self.confirmed_at = timezone.now()
        self.save(update_fields=["confirmed_by", "confirmed_at"])


class PendingVerification(models.Model):
    """A BundID login in progress: the request we sent, and its checked result.

    The identity provider posts its answer cross-site, where the browser does
    not send the session cookie; so the request is remembered here, and the
    result is applied only when the same signed-in user comes back.
    """

    request_id = models.CharField(max_length=255, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    requested_level = models.PositiveSmallIntegerField(choices=IdentityLevel.choices)
    next_url = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    achieved_level = models.PositiveSmallIntegerField(
        choices=IdentityLevel.choices, null=True, blank=True
    )
    person_hash = models.CharField(max_length=64, blank=True)
    municipality_ags = models.CharField(max_length=8, blank=True)

    class Meta:
        verbose_name = _("identity verification in progress")
        verbose_name_plural = _("identity verifications in progress")

    def __str__(self):
        return self.request_id


class PersonMarker(models.Model):
    """That a verified person has done something once, kept after their account.

    Rules that hold per person (one response to a consultation, one support of
    a proposal) outlive account deletion through these markers; see
    :mod:`accounts.markers`. ``digest`` is a keyed hash of the person's
    pseudonym hash, the scope and the object: no personal data, no link to an
    account, a response or another marker, and no time stamp or sequence.
    """

    digest = models.CharField(max_length=64, primary_key=True)
    scope = models.CharField(_("scope"), max_length=50)
    object_key = models.CharField(_("object"), max_length=64)

    class Meta:
        verbose_name = _("person marker")
        verbose_name_plural = _("person markers")
        indexes = [models.Index(fields=["scope", "object_key"])]

    def __str__(self):
        return f"{self.scope} {self.object_key}"
