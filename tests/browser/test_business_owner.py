"""An owner edits a directory entry in the front end and sees it pending,
while the public page keeps the approved version."""

import pytest

from .conftest import run_axe

pytestmark = pytest.mark.browser

ENTRY = "/wirtschaft/verzeichnis/ferienhof-sukow/"


def test_owner_edits_entry_and_sees_it_pending(desktop, portal_url, axe_source):
    page = desktop
    page.goto(portal_url + "/konto/login/")
    page.fill("input[name=login]", "unternehmen")
    page.fill("input[name=password]", "demo")
    page.click("main form button[type=submit]")
    page.goto(portal_url + "/konto/")
    row = page.locator(".account-entries li", has_text="Ferienhof Sukow")
    assert row.count() == 1, page.text_content("main")
    row.locator("a[href$='/bearbeiten/']").click()
    assert run_axe(page, axe_source) == []
    page.fill("textarea[name=intro]", "Neu: Ferienwohnungen mit Hofsauna.")
    page.fill("input[name=sa_opens_1]", "10:00")
    page.fill("input[name=sa_closes_1]", "12:00")
    page.click("form.entry-form button[type=submit]")
    body = page.text_content("main")
    assert "Änderung wurde an die Verwaltung gesendet" in body
    row = page.locator(".account-entries li", has_text="Ferienhof Sukow")
    assert "Änderung wartet auf Freigabe" in row.text_content()
    page.goto(portal_url + ENTRY)
    assert "Neu: Ferienwohnungen mit Hofsauna." not in page.text_content("main")
