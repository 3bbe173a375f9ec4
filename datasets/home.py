"""The home page section "New datasets"."""

from django.utils.translation import gettext as _

from datasets.catalogue import public_datasets
from datasets.models import DatasetIndexPage
from portal.home_sections import HomeSection

HOME_SECTION_SIZE = 3


def new_datasets(request, home_page):
    index = DatasetIndexPage.objects.live().child_of(home_page).first()
    if index is None:
        return None
    datasets = list(
        public_datasets(locale=home_page.locale)
        .child_of(index)
        .select_related("publisher")
        .order_by("-first_published_at", "-pk")[:HOME_SECTION_SIZE]
    )
    if not datasets:
        return None
    return HomeSection(
        title=_("New datasets"),
        template="datasets/includes/home_section.html",
        context={"datasets": datasets},
        order=60,
        more_url=index.url,
        more_label=_("All datasets"),
    )
