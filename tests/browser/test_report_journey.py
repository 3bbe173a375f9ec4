"""Citizen reports in a real browser: report with a pin on the consent-first map
(tiles from the loopback stub of conftest.tile_server) and a photo, confirm by
e-mail, staff release and answer, and the public report page shows the answer and
the photo, stripped of its metadata; the stored position is where the pin was set,
inside the Amt's area; the pages on the way are axe-clean."""

import io
import json
import re
import sqlite3

import pytest
from PIL import Image

from reports.geo import distance_m
from tests.reports.factories import jpeg_with_exif

from .conftest import SCREENSHOT_DIR, BlankTiles, run_axe
from .test_journeys import (
    admin_login,
    wait_for_admin_url,
    wait_for_mail,
)

pytestmark = pytest.mark.browser

DESCRIPTION = "Tiefes Schlagloch vor der Bushaltestelle, Radfahrer weichen aus."
ANSWER = "Der Bauhof füllt das Schlagloch am Montag."


def set_pin(page, x_share=0.5, y_share=0.5):
    """Open the report form's map ("Karte anzeigen"), click it at the given share of
    its width and height; return the clicked point's (lat, lon) as Leaflet sees it
    and the pin's position the form will send (the same point, give or take the
    map still settling after it opened)."""
    page.evaluate(
        """() => document.querySelector('.report-pin').addEventListener(
            'portal-map:ready', (event) => { window.reportMap = event.detail.map; })"""
    )
    page.locator(".report-pin .portal-map__load").click()
    canvas = page.locator(".report-pin .portal-map__canvas")
    canvas.wait_for(state="visible")
    page.wait_for_function("() => window.reportMap !== undefined")
    page.wait_for_selector(".report-pin .leaflet-tile-loaded")
    # the map has settled (fitted to the open reports, sized) when its view stays
    page.wait_for_function(
        """() => { const map = window.reportMap;
            const view = map.getCenter().toString() + map.getZoom() + map.getSize();
            const same = window.reportMapView === view;
            window.reportMapView = view; return same; }""",
        polling=500,
    )
    # a free spot: a click on an open report's dot sets the pin on that report
    canvas.scroll_into_view_if_needed()
    x, y = page.evaluate(
        """(shares) => {
            const canvas = document.querySelector('.report-pin .portal-map__canvas');
            const box = canvas.getBoundingClientRect();
            for (const [xs, ys] of shares) {
                const x = box.width * xs, y = box.height * ys;
                const hit = document.elementFromPoint(box.left + x, box.top + y);
                if (hit && hit.classList.contains('leaflet-tile')) { return [x, y]; }
            }
            return [box.width * shares[0][0], box.height * shares[0][1]];
        }""",
        [
            [x_share, y_share],
            [0.5, 0.5],
            [0.3, 0.3],
            [0.7, 0.3],
            [0.3, 0.7],
            [0.7, 0.7],
            [0.15, 0.5],
            [0.85, 0.5],
            [0.5, 0.15],
            [0.5, 0.85],
        ],
    )
    clicked = page.evaluate(
        "([x, y]) => { const p = window.reportMap.containerPointToLatLng([x, y]);"
        " return [p.lat, p.lng]; }",
        [x, y],
    )
    canvas.click(position={"x": x, "y": y})
    page.locator(".report-pin__status").filter(has_text="Markierung").wait_for()
    pinned = (
        float(page.locator("main input[name=latitude]").input_value()),
        float(page.locator("main input[name=longitude]").input_value()),
    )
    assert distance_m(*clicked, *pinned) < 150  # a few pixels at the zoom shown
    return tuple(clicked), pinned


def attach_photo(page):
    photo = jpeg_with_exif("schlagloch.jpg", size=(800, 600))
    page.set_input_files(
        "main input[name=photos]",
        files=[{"name": photo.name, "mimeType": "image/jpeg", "buffer": photo.read()}],
    )


def municipality_centres(portal_workdir):
    """The member municipalities' centres in the portal's (demo) database."""
    with sqlite3.connect(portal_workdir / "db.sqlite3") as db:
        return db.execute(
            "SELECT latitude, longitude FROM portal_municipality"
            " WHERE latitude IS NOT NULL"
        ).fetchall()


def test_the_pin_form_at_phone_width(browser, portal_url):
    """The map, the pin and its status fit a 390 px phone (screenshot for review)."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="de-DE", is_mobile=True
    )
    page = context.new_page()
    try:
        page.goto(portal_url + "/beteiligung/meldungen/neu/")
        set_pin(page)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390
        page.locator(".report-pin").screenshot(
            path=SCREENSHOT_DIR / "report-pin-390.png"
        )
    finally:
        context.close()


def test_citizen_reports_a_problem_staff_answer_and_the_public_sees_it(
    desktop, portal_url, portal_workdir, mailbox, axe_source
):
    page = desktop
    page.goto(portal_url + "/beteiligung/meldungen/neu/")
    assert run_axe(page, axe_source) == []
    page.select_option("main select[name=category]", label="Straßenschaden")
    page.fill("main input[name=place]", "Bahnhofstraße, Haltestelle Markt")
    page.fill("main textarea[name=description]", DESCRIPTION)
    attach_photo(page)
    tiles_before = len(BlankTiles.requested)
    clicked, pinned = set_pin(page, 0.4, 0.6)
    assert len(BlankTiles.requested) > tiles_before  # the map came from the stub
    assert run_axe(page, axe_source) == []
    page.locator(".report-pin").screenshot(path=SCREENSHOT_DIR / "report-pin-1280.png")
    page.fill("main input[name=email]", "melder.journey@example.org")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    if page.locator("#nearby-title").count():  # an open report close by: a new one
        attach_photo(page)
        page.locator("main form.report-form button[type=submit]").click()
        page.wait_for_load_state()
    assert "/beteiligung/meldungen/" in page.url
    assert page.locator("main").get_by_text("E-Mail", exact=False).first.is_visible()

    # double opt-in: the link in the e-mail, then the confirm button
    message = wait_for_mail(mailbox, DESCRIPTION)
    link = next(
        url for url in re.findall(r"https?://\S+", message) if "/meldungen/" in url
    )
    page.goto(link)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator("main [role=status]").is_visible()

    # the department (Bauhof: the demo user pruefung) is told, with the admin link
    notice = wait_for_mail(mailbox, "pruefung@example.org")
    edit_url = re.search(r"https?://\S+/admin/\S+/edit/(\d+)/", notice)
    number = edit_url.group(1)
    # not public before release (pre-moderation)
    page.context.clear_cookies()
    response = page.goto(f"{portal_url}/beteiligung/meldungen/{number}/")
    assert response.status == 404

    admin_login(page, portal_url, "pruefung")
    page.goto(edit_url.group(0))
    page.select_option("select[name=status]", "in_progress")
    page.select_option("select[name=moderation]", "released")
    page.fill("textarea[name=public_answer]", ANSWER)
    page.locator("form button[type=submit]").filter(
        has_text=re.compile("Speichern|Save")
    ).first.click()
    wait_for_admin_url(page, r".*/admin/citizen_reports/(\?.*)?$")

    # the reporter is told, and the public page shows the answer
    news = wait_for_mail(mailbox, ANSWER)
    report_url = next(
        url for url in re.findall(r"https?://\S+", news) if f"/{number}/" in url
    )
    page.context.clear_cookies()
    page.goto(report_url)
    main = page.locator("main")
    assert main.get_by_text(ANSWER).first.is_visible()
    assert main.get_by_text("in Bearbeitung", exact=False).first.is_visible()
    assert "melder.journey@example.org" not in page.content()
    assert run_axe(page, axe_source) == []

    # the photo is public, without camera tags or GPS position
    src = main.locator("ul.report-photos img").first.get_attribute("src")
    stored = page.request.get(portal_url + src)
    assert stored.status == 200
    assert stored.headers["content-type"] == "image/jpeg"
    assert dict(Image.open(io.BytesIO(stored.body())).getexif()) == {}

    # the position is the pin's (not the photo's GPS tags: 53.576 N, 11.6507 E),
    # inside the Amt's area (5 km around a member municipality), as Open311 shows it
    detail = page.request.get(f"{portal_url}/open311/v2/requests/{number}.json")
    (served,) = json.loads(detail.body())
    assert distance_m(served["lat"], served["long"], *pinned) < 1
    assert distance_m(served["lat"], served["long"], *clicked) < 150
    assert distance_m(served["lat"], served["long"], 53.576, 11.6507) > 1
    assert any(
        distance_m(served["lat"], served["long"], lat, lon) <= 5000
        for lat, lon in municipality_centres(portal_workdir)
    )
