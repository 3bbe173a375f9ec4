from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        # Register the on_serve_page hook and the cache invalidation receivers.
        from portal import locales, notifications, page_cache, shell  # noqa: F401

        notifications.register()
        locales.install()
