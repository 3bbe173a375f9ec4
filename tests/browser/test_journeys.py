"""The main journeys of visitors and editors, in a real browser.

Each journey starts from a page a visitor would start from and uses only what the
page offers (links, forms, buttons), as a person would.
"""

import re
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "demo"  # noqa: S105 (the demo logins, dev settings only)


def test_visitor_finds_an_event_and_downloads_its_calendar_file(desktop, portal_url):
    desktop.goto(portal_url + "/tourismus/veranstaltungen/")
    desktop.get_by_role("link", name=re.compile("Wochenmarkt")).first.click()
    desktop.wait_for_url("**/veranstaltungen/wochenmarkt-crivitz/")
    with desktop.expect_download() as download_info:
        desktop.get_by_role("link", name=re.compile(r"\.ics")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = Path(download.path()).read_text(encoding="utf-8")
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:Wochenmarkt" in calendar
    assert "RRULE:" in calendar  # the market recurs every week


def test_visitor_searches_with_autocomplete(desktop, portal_url):
    desktop.goto(portal_url + "/suche/")
    field = desktop.locator("#search-q")
    field.press_sequentially("Wochenm", delay=30)
    options = desktop.locator("#search-suggestions option")
    options.first.wait_for(state="attached", timeout=5000)
    assert any(
        "Wochenmarkt" in value
        for value in options.evaluate_all("nodes => nodes.map(node => node.value)")
    )
    field.fill("Wochenmarkt")
    field.press("Enter")
    desktop.wait_for_url("**/suche/?q=Wochenmarkt*")
    assert desktop.get_by_role("link", name=re.compile("Wochenmarkt")).count() >= 1


def test_visitor_previews_and_downloads_a_dataset(desktop, portal_url):
    desktop.goto(portal_url + "/daten/")
    desktop.get_by_role(
        "link", name=re.compile("Einwohner nach Gemeinden")
    ).first.click()
    desktop.wait_for_url("**/daten/einwohner-nach-gemeinden/")
    desktop.get_by_text("Vorschau").first.click()  # a <details> disclosure
    preview = desktop.locator("table.preview-table").first
    assert preview.is_visible()
    assert "Crivitz" in preview.inner_text()
    with desktop.expect_download() as download_info:
        desktop.get_by_role(
            "link", name=re.compile("^(Download|Herunterladen)")
        ).first.click()
    content = Path(download_info.value.path()).read_bytes()
    assert b"Crivitz" in content


def admin_login(page, portal_url, username):
    page.context.clear_cookies()
    page.goto(portal_url + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo")
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/$"))


def workflow_action(page, label):
    """Open the footer's action menu if needed and press a workflow button.

    The admin speaks German to the demo staff, so the labels are Wagtail's German ones.
    """
    button = page.get_by_role("button", name=label, exact=True)
    for _ in range(20):
        if button.is_visible():
            break
        # The toggle only opens the menu once the admin's script has connected it.
        page.locator("footer .w-dropdown__toggle").first.click()
        time.sleep(0.5)
    button.click()


def fill_title_and_wait_for_slug(page, title, slug):
    """Type the title and wait until Wagtail's script has copied it into the slug.

    The script connects once the admin's JavaScript has loaded; on a busy machine that
    can be after the first blur, so the title is entered again until the slug follows.
    """
    slug_field = page.locator("#id_slug")
    for _ in range(20):
        page.fill("#id_title", title)
        page.locator("#id_title").blur()
        if slug_field.input_value() == slug:
            return
        time.sleep(0.5)
    raise AssertionError(f"the slug stayed {slug_field.input_value()!r}")


def wait_for_admin_url(page, pattern):
    """Wait for the admin to redirect; on a timeout, say what the page showed instead."""
    try:
        page.wait_for_url(re.compile(pattern), timeout=60_000)
    except Exception as error:
        messages = page.locator(".messages, .error-message, .w-field__errors")
        raise AssertionError(
            f"stayed on {page.url}: {messages.all_inner_texts()}"
        ) from error


def test_editor_creates_a_page_reviewer_and_approver_approve_it(desktop, portal_url):
    title = "Neue Sprechzeiten"
    admin_login(desktop, portal_url, "redaktion")
    # The editor starts from the public page: its user bar links to the admin.
    desktop.goto(portal_url + "/amt/")
    edit_link = desktop.locator("a[href*='/admin/pages/'][href$='/edit/']").first
    page_id = re.search(r"/pages/(\d+)/", edit_link.get_attribute("href")).group(1)
    desktop.goto(f"{portal_url}/admin/pages/add/home/standardpage/{page_id}/")
    fill_title_and_wait_for_slug(desktop, title, "neue-sprechzeiten")
    workflow_action(desktop, "Zur Freigabe einreichen (Fachprüfung und Amtsleitung)")
    wait_for_admin_url(desktop, r".*/admin/pages/\d+/$")

    # Reviewer and approver open the page from their dashboard's list.
    admin_login(desktop, portal_url, "pruefung")
    desktop.get_by_role("link", name=title).click()
    workflow_action(desktop, "Freigeben")
    wait_for_admin_url(desktop, r".*/admin/$")

    admin_login(desktop, portal_url, "amtsleitung")
    desktop.get_by_role("link", name=title).click()
    workflow_action(desktop, "Mit Begründung freigeben und Veröffentlichen")
    dialog = desktop.get_by_role("dialog")
    dialog.get_by_label("Begründung").fill("Sachlich richtig, Fachprüfung erfolgt.")
    dialog.get_by_role("button", name=re.compile("Freigeben|Mit Begründung")).click()
    wait_for_admin_url(desktop, r".*/admin/$")

    desktop.context.clear_cookies()
    response = desktop.goto(portal_url + "/amt/neue-sprechzeiten/")
    assert response.status == 200
    assert desktop.get_by_role("heading", level=1).inner_text() == title


MAIN_PAGES = ["/", "/amt/", "/tourismus/", "/tourismus/veranstaltungen/", "/daten/"]


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_400_percent_zoom_reflows_without_horizontal_scrolling(
    browser, portal_url, path
):
    # A 1280 × 1024 screen at 400 % zoom leaves 320 × 256 CSS pixels.
    context = browser.new_context(
        viewport={"width": 320, "height": 256}, device_scale_factor=4, locale="de-DE"
    )
    page = context.new_page()
    page.goto(portal_url + path)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert scroll_width <= 320, (path, scroll_width)


def test_keyboard_alone_reaches_the_footer_with_visible_focus_and_no_trap(
    desktop, portal_url
):
    desktop.goto(portal_url + "/")
    seen = []
    for _ in range(120):
        desktop.keyboard.press("Tab")
        focused = desktop.evaluate(
            """() => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                return {
                    key: Array.prototype.indexOf.call(document.querySelectorAll("*"), el)
                        + " " + el.outerHTML.slice(0, 80),
                    inFooter: !!el.closest("footer"),
                    outlined: style.outlineStyle !== "none" || style.boxShadow !== "none",
                };
            }"""
        )
        assert focused["outlined"], focused["key"]
        seen.append(focused["key"])
        if focused["inFooter"]:
            break
    else:
        raise AssertionError("the footer was never reached by tabbing")
    # no trap: focus kept moving to new elements on its way
    assert len(set(seen)) == len(seen)


def portal_login(page, portal_url, username, password=DEMO_PASSWORD):
    page.context.clear_cookies()
    page.goto(portal_url + "/konto/login/")
    page.fill("main input[name=login]", username)
    page.fill("main input[name=password]", password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def wait_for_mail(mailbox, needle, timeout=10):
    for _ in range(timeout * 10):
        for message in reversed(mailbox()):
            if needle in message:
                return message
        time.sleep(0.1)
    raise AssertionError(f"no e-mail containing {needle!r}")


def test_citizen_registers_and_answers_a_consultation(desktop, portal_url, mailbox):
    password = "Lindenallee-2027!"
    desktop.goto(portal_url + "/konto/signup/")
    desktop.fill("main input[name=email]", "neu.buergerin@example.org")
    desktop.fill("main input[name=username]", "neubuergerin")
    desktop.fill("main input[name=password1]", password)
    desktop.fill("main input[name=password2]", password)
    desktop.locator("main form button[type=submit]").first.click()
    desktop.wait_for_load_state()

    message = wait_for_mail(mailbox, "neu.buergerin@example.org")
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", message).group(0)
    desktop.goto(link)
    desktop.locator("main form button[type=submit]").first.click()
    desktop.wait_for_load_state()
    portal_login(desktop, portal_url, "neubuergerin", password)

    # The playground consultation needs an account.
    desktop.goto(portal_url + "/beteiligung/spielplatz-plate/")
    desktop.get_by_role(
        "link", name=re.compile("Mitmachen|Antworten|teilnehmen", re.I)
    ).first.click()
    statement = "Bitte mehr Schatten und eine Bank für Großeltern."
    desktop.locator("main textarea").first.fill(statement)
    desktop.locator("main form button[type=submit]").last.click()
    # the required questions are missing: an error summary, and nothing typed is lost
    assert desktop.locator("[role=alert], .error-summary").first.is_visible()
    assert desktop.locator("main textarea").first.input_value() == statement

    for question in desktop.locator("main fieldset").all():
        radios = question.locator("input[type=radio]")
        if radios.count():
            radios.first.check()
    desktop.locator("main form button[type=submit]").last.click()
    desktop.wait_for_load_state()
    receipt = desktop.locator(".receipt__number").inner_text().strip()
    assert len(receipt) >= 8
    wait_for_mail(mailbox, receipt)  # the receipt number is also sent by e-mail


def test_citizen_applies_for_a_service_and_pays_with_the_test_provider(
    desktop, portal_url
):
    portal_login(desktop, portal_url, "buerger")
    desktop.goto(portal_url + "/service/wohnen-und-meldewesen/beglaubigung/")
    desktop.get_by_role("link", name="Antrag starten").click()
    desktop.get_by_label("Dokument").fill("Abiturzeugnis")
    desktop.get_by_label("Anzahl der Kopien").fill("3")
    desktop.locator("main form button[type=submit]").last.click()
    desktop.wait_for_load_state()
    # the draft: answers to check, the fee computed by the server (3 × 3,00 EUR)
    assert "9,00" in desktop.locator("main").inner_text()
    desktop.get_by_role("button", name="Einreichen und bezahlen").click()
    desktop.wait_for_load_state()
    desktop.get_by_role("button", name=re.compile(r"Jetzt .* EUR bezahlen")).click()
    desktop.wait_for_load_state()
    desktop.select_option("main select[name=status]", "confirmed")
    desktop.select_option("main select[name=fraud_status]", "accept")
    desktop.locator("main form button[type=submit]").last.click()
    desktop.wait_for_load_state()
    assert re.search("bezahlt", desktop.locator("main").inner_text(), re.I)
