from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatasetsConfig(AppConfig):
    name = "datasets"
    verbose_name = _("Open data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import catalogue  # noqa: F401 - registers the page views (portal.view_registry)
