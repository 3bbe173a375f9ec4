from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessConfig(AppConfig):
    name = "business"
    verbose_name = _("Business and actor directory")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # connect the receivers and register the page views (portal.view_registry)
        from . import directory, export, signals  # noqa: F401

        signals.connect()
