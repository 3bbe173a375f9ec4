"""The portal's user model.

A custom user model from the first migration, as Django recommends, so that
identity attributes can be added without swapping the model later.
"""

from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"
