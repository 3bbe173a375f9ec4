from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Online services")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # registers the system checks and connects the signal receivers
        from services import checks, signals  # noqa: F401
