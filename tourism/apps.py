from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TourismConfig(AppConfig):
    name = "tourism"
    verbose_name = _("Tourism")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: these modules import the models, which
        # exist only once the app registry is ready.
        from tourism import views  # noqa: F401 - registers the page views (portal.view_registry)
        from tourism.submissions import connect_signals

        connect_signals()
