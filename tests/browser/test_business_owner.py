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


def test_owner_sees_the_logo_waiting_for_approval(desktop, portal_url, axe_source):
    """A logo sent with a change is shown to the owner (from the private
    storage) and not on the public page (issue #19)."""
    import io
    import os
    import tempfile

    from PIL import Image

    shots = os.environ.get("SCREENSHOT_DIR", tempfile.gettempdir())
    buffer = io.BytesIO()
    Image.new("RGB", (160, 80), (30, 110, 60)).save(buffer, "PNG")
    page = desktop
    page.goto(portal_url + "/konto/login/")
    page.fill("input[name=login]", "unternehmen")
    page.fill("input[name=password]", "demo")
    page.click("main form button[type=submit]")
    page.goto(portal_url + "/konto/")
    row = page.locator(".account-entries li", has_text="Ferienhof Sukow")
    row.locator("a[href$='/bearbeiten/']").click()
    edit = page.url
    page.set_input_files(
        "input[name=logo_upload]",
        files=[
            {"name": "logo.png", "mimeType": "text/html", "buffer": buffer.getvalue()}
        ],
    )
    page.click("form.entry-form button[type=submit]")
    assert "Änderung wurde an die Verwaltung gesendet" in page.text_content("main")
    page.goto(edit)
    logo = page.locator(".entry-form__pending-logo img")
    assert logo.count() == 1
    assert (
        page.evaluate(
            "document.querySelector('.entry-form__pending-logo img').naturalWidth"
        )
        == 160
    )
    assert "wartet auf Freigabe" in page.text_content(".entry-form__pending-logo")
    assert run_axe(page, axe_source) == []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(
            path=os.path.join(shots, f"pending-logo-{width}.png"), full_page=False
        )
    page.goto(portal_url + ENTRY)
    assert "/verzeichnis-eintraege/logos/" not in page.content()
