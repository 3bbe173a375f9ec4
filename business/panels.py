"""An admin panel that shows staff a logo waiting for approval (issue #19)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class PendingLogoPanel(Panel):
    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Logo waiting for approval"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "business/admin/pending_logo_panel.html"

        def pending_logo(self):
            return self.instance.waiting_logo()

        def is_shown(self):
            return self.pending_logo() is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["pending_logo"] = self.pending_logo()
            return context
