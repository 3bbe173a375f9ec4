"""Admin shape of the catalogue and its home page section."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from datasets.home import new_datasets
from datasets.models import Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Data publishers")
    menu_order = 300
    add_to_admin_menu = False
    list_display = ["name", "slug", "email"]
    search_fields = ["name"]


register_snippet(OrganisationViewSet)


@hooks.register("portal_home_sections")
def new_datasets_section(request, home_page):
    return new_datasets(request, home_page)
