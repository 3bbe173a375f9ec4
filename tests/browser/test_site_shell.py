"""The site shell in a real browser: languages, keyboard, reflow, privacy, axe."""

from urllib.parse import urlparse

import pytest

from .conftest import SCREENSHOT_DIR, run_axe

pytestmark = pytest.mark.browser

# (name, German path, English path) of one page per page type of the shell.
PAGE_TYPES = [
    ("home", "/", "/en/"),
    ("standard", "/amt/", "/en/administration/"),
    ("accessibility", "/barrierefreiheit/", "/en/accessibility/"),
    ("not-found", "/gibt-es-nicht/", "/en/does-not-exist/"),
    ("news-index", "/aktuelles/", "/en/news/"),
    ("news", "/aktuelles/neue-kita-plate/", "/en/news/new-day-care-plate/"),
    ("announcements", "/aktuelles/bekanntmachungen/", "/en/news/announcements/"),
    (
        "announcement",
        "/aktuelles/bekanntmachungen/strassenreinigungssatzung-plate/",
        "/aktuelles/bekanntmachungen/bebauungsplan-7-banzkow/",
    ),
    ("newsletter", "/newsletter/", "/en/newsletter/"),
    ("council", "/gremien/", "/en/council/"),
    ("tourism", "/tourismus/", "/en/tourism/"),
    (
        "attraction",
        "/tourismus/stadtkirche-crivitz/",
        "/en/tourism/stadtkirche-crivitz/",
    ),
    (
        "accommodation",
        "/tourismus/hotel-am-see-raben-steinfeld/",
        "/en/tourism/hotel-am-see-raben-steinfeld/",
    ),
    ("events", "/tourismus/veranstaltungen/", "/en/tourism/events/"),
    (
        "event",
        "/tourismus/veranstaltungen/wochenmarkt-crivitz/",
        "/en/tourism/events/wochenmarkt-crivitz/",
    ),
    ("routes", "/tourismus/touren/", "/en/tourism/routes/"),
    (
        "route",
        "/tourismus/touren/radtour-schweriner-see-ostufer/",
        "/en/tourism/routes/radtour-schweriner-see-ostufer/",
    ),
    ("services", "/service/", "/en/services/"),
    (
        "service-topic",
        "/service/wohnen-und-meldewesen/",
        "/en/services/housing-and-registration/",
    ),
    (
        "service",
        "/service/wohnen-und-meldewesen/meldebescheinigung/",
        "/en/services/housing-and-registration/registration-certificate/",
    ),
    ("datasets", "/daten/", "/en/data/"),
    (
        "dataset",
        "/daten/einwohner-nach-gemeinden/",
        "/en/data/population-by-municipality/",
    ),
    ("search", "/suche/?q=See", "/en/search/?q=lake"),
    ("login", "/konto/login/", "/en/account/login/"),
    ("signup", "/konto/signup/", "/en/account/signup/"),
    ("consultations", "/beteiligung/", "/en/participation/"),
    (
        "consultation",
        "/beteiligung/radweg-crivitz-banzkow/",
        "/en/participation/radweg-crivitz-banzkow/",
    ),
    (
        "consultation-questionnaire",
        "/beteiligung/radweg-crivitz-banzkow/answer/",
        "/en/participation/radweg-crivitz-banzkow/answer/",
    ),
    (
        "consultation-results",
        "/beteiligung/dorfplatz-banzkow/results/",
        "/en/participation/dorfplatz-banzkow/results/",
    ),
    ("business", "/wirtschaft/", "/en/business/"),
    ("business-directory", "/wirtschaft/verzeichnis/", "/en/business/directory/"),
    (
        "business-entry",
        "/wirtschaft/verzeichnis/fischerei-cambs/",
        "/en/business/directory/fischerei-cambs/",
    ),
    ("projects", "/wirtschaft/projekte/", "/en/business/projects/"),
    (
        "project",
        "/wirtschaft/projekte/regionalmarkt-crivitz/",
        "/en/business/projects/regionalmarkt-crivitz/",
    ),
]


@pytest.mark.parametrize("name, path_de, path_en", PAGE_TYPES)
def test_no_serious_accessibility_violations(
    desktop, phone, portal_url, axe_source, name, path_de, path_en
):
    for page in (desktop, phone):
        for path in (path_de, path_en):
            page.goto(portal_url + path)
            assert run_axe(page, axe_source) == [], (name, path, page.viewport_size)


@pytest.mark.parametrize("name, path_de, path_en", PAGE_TYPES)
def test_reflow_at_320_px_without_horizontal_scrolling(
    phone, portal_url, name, path_de, path_en
):
    for path in (path_de, path_en):
        phone.goto(portal_url + path)
        scroll_width = phone.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 320, (path, scroll_width)


def test_visitor_switches_language_on_a_page(desktop, portal_url):
    desktop.goto(portal_url + "/amt/")
    desktop.get_by_role("link", name="English").click()
    desktop.wait_for_url("**/en/administration/")
    assert desktop.locator("html").get_attribute("lang") == "en"
    desktop.get_by_role("link", name="Deutsch").click()
    desktop.wait_for_url("**/amt/")


def test_keyboard_skip_link_and_visible_focus(desktop, portal_url):
    desktop.goto(portal_url + "/amt/")
    desktop.keyboard.press("Tab")
    focused = desktop.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert desktop.locator(".skip-link").is_visible()
    outline = desktop.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    desktop.keyboard.press("Enter")
    assert desktop.evaluate("document.activeElement.id") == "main-content"


def test_navigation_collapses_on_phones_and_opens(phone, portal_url):
    phone.goto(portal_url + "/")
    menu_link = phone.locator(".main-nav__list a").first
    assert not menu_link.is_visible()
    phone.get_by_text("Menü").click()
    assert menu_link.is_visible()


def test_reading_pages_contacts_no_other_host_and_sets_no_cookie(desktop, portal_url):
    hosts = set()
    desktop.on("request", lambda request: hosts.add(urlparse(request.url).hostname))
    for path in ("/", "/amt/", "/en/", "/barrierefreiheit/"):
        desktop.goto(portal_url + path)
        desktop.wait_for_load_state("networkidle")
    assert hosts == {"127.0.0.1"}
    assert desktop.context.cookies() == []


def test_screenshots_for_reviewers(browser, portal_url):
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    for width, label in ((1280, "desktop"), (390, "phone")):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, locale="de-DE"
        )
        page = context.new_page()
        for name, path in (
            ("home", "/"),
            ("home-en", "/en/"),
            ("content-page", "/amt/"),
            ("tourism", "/tourismus/"),
            ("event", "/tourismus/veranstaltungen/wochenmarkt-crivitz/"),
            ("open-data", "/daten/einwohner-nach-gemeinden/"),
            ("directory", "/wirtschaft/verzeichnis/"),
            ("consultation", "/beteiligung/radweg-crivitz-banzkow/"),
            ("consultation-results", "/beteiligung/dorfplatz-banzkow/results/"),
            ("service", "/service/wohnen-und-meldewesen/meldebescheinigung/"),
            ("search", "/suche/?q=See"),
            ("search-service", "/suche/?q=Antrag+Hund"),
            ("search-typo", "/suche/?q=Kitta"),
        ):
            page.goto(portal_url + path)
            page.screenshot(path=SCREENSHOT_DIR / f"{name}-{label}.png", full_page=True)
        context.close()
    assert (SCREENSHOT_DIR / "home-desktop.png").stat().st_size > 10_000
