from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # connect the receivers and register the page views (portal.view_registry)
        from . import (  # noqa: F401
            budget_views,
            implementation_views,
            proposal_views,
            signals,
            views,
        )
