from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home and content pages")

    def ready(self):
        # Imported here, not at the top: these modules import the models, which
        # exist only once the app registry is ready.
        from wagtail.signals import page_published

        from home import views  # noqa: F401 - registers the page views (portal.view_registry)
        from home.announcement_pdf import on_page_published as issue_signed_pdf
        from home.newsletter import on_page_published

        page_published.connect(on_page_published, dispatch_uid="home_newsletter")
        page_published.connect(issue_signed_pdf, dispatch_uid="home_announcement_pdf")
