from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("Council information (OParl)")

    def ready(self):
        from . import views  # noqa: F401 - registers the page views (portal.view_registry)
