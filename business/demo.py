"""Demo content of the business app: what is not plain data.

The section, the directory with about 40 actors, the regional projects and the
home teaser are data (``business/demo/pages.yaml``, loaded before this module).
Here the demo company ``unternehmen`` gets three entries; one of them has a
change waiting for approval. ``load_scale`` adds 5,000 entries for benchmarks
(bulk inserts, fixed seed).
"""

import datetime
from io import StringIO

from django.core.management import call_command
from django.db import transaction

from accounts.permissions import grant_owner, user_is_owner

from .models import (
    BusinessDirectoryPage,
    BusinessEntryPage,
)

T = datetime.time
OWNED_BY_COMPANY = ["hofladen-banzkow", "ferienhof-sukow", "imkerei-barnin"]
PENDING_CHANGE = "hofladen-banzkow"

# Tags are shown as they are written: the scale rows use short keys, these are


def weekly(days, opens, closes):
    return ("weekly", {"days": days, "opens": opens, "closes": closes})


def give_company_its_entries(demo, pages):
    user = demo.users.get("unternehmen")
    if user is None:
        return
    for slug in OWNED_BY_COMPANY:
        if not user_is_owner(user, pages[slug]):
            grant_owner(pages[slug], user)
    page = BusinessEntryPage.objects.get(pk=pages[PENDING_CHANGE].pk)
    if page.current_workflow_state is not None or page.has_unpublished_changes:
        return
    # The standard workflow is assigned by setup_roles (idempotent).
    call_command("setup_roles", stdout=StringIO())
    from .services import submit_for_approval

    draft = page.get_latest_revision_as_object()
    draft.opening_hours = [
        weekly(["tu", "fr"], T(14), T(19)),
        weekly(["sa"], T(8), T(13)),
    ]
    draft.intro = (
        "Eier, Kartoffeln, Honig und Wurst vom eigenen Hof – neu: samstags ab 8 Uhr."
    )
    submit_for_approval(draft, user)


@transaction.atomic
def load(demo):
    directory = BusinessDirectoryPage.objects.get(locale=demo.de)
    pages = {
        page.slug: page
        for page in BusinessEntryPage.objects.child_of(directory).filter(
            slug__in=OWNED_BY_COMPANY
        )
    }
    give_company_its_entries(demo, pages)
    demo.log(
        f"  business: {BusinessEntryPage.objects.child_of(directory).count()}"
        " directory entries"
    )
