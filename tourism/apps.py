from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TourismConfig(AppConfig):
    name = "tourism"
    verbose_name = _("Tourism")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from tourism.submissions import connect_signals

        connect_signals()
