"""Admin screens are Wagtail viewsets: only Wagtail's report pattern and the
translation guard (which takes wagtail-localize's own paths) add admin URLs
through ``register_admin_urls``."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.viewsets import viewsets

# module of the hook → why it is not a viewset
ALLOWED_ADMIN_URL_HOOKS = {
    "portal.translation_guard": "replaces wagtail-localize's views on their own paths",
    "portal.wagtail_hooks": "the approval report (Wagtail's ReportView pattern)",
    "search.wagtail_hooks": "the zero-result report (Wagtail's ReportView pattern)",
}


def test_custom_admin_screens_are_viewsets():
    # the admin's URLs register the viewsets
    assert reverse("consultations_admin:overview") == "/admin/consultations/"
    names = {viewset.name for viewset in viewsets.viewsets}
    assert {"consultations_admin", "paper_ballots", "services_admin"} <= names
    assert reverse("paper_ballots:index") == "/admin/consultations/paper-ballots/"
    assert reverse("services_admin:queue") == "/admin/applications/"


def test_no_other_app_registers_admin_urls_by_hand():
    modules = {fn.__module__ for fn in hooks.get_hooks("register_admin_urls")}
    ours = {m for m in modules if not m.startswith(("wagtail", "wagtail_localize"))}
    assert ours <= set(ALLOWED_ADMIN_URL_HOOKS), ours - set(ALLOWED_ADMIN_URL_HOOKS)
