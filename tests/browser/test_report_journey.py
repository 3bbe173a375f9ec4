"""Citizen reports in a real browser: report without JavaScript-only steps (the
position from the photo's GPS tags instead of a pin on the map, which needs a tile
server), confirm by e-mail, staff release and answer, and the public report page
shows the answer and the photo, stripped of its metadata; the pages on the way are
axe-clean."""

import io
import json
import re

import pytest
from PIL import Image

from tests.reports.factories import jpeg_with_exif

from .conftest import run_axe
from .test_journeys import (
    admin_login,
    wait_for_admin_url,
    wait_for_mail,
)

pytestmark = pytest.mark.browser

DESCRIPTION = "Tiefes Schlagloch vor der Bushaltestelle, Radfahrer weichen aus."
ANSWER = "Der Bauhof füllt das Schlagloch am Montag."


def test_citizen_reports_a_problem_staff_answer_and_the_public_sees_it(
    desktop, portal_url, mailbox, axe_source
):
    page = desktop
    page.goto(portal_url + "/beteiligung/meldungen/neu/")
    assert run_axe(page, axe_source) == []
    page.select_option("main select[name=category]", label="Straßenschaden")
    page.select_option("main select[name=municipality]", label="Crivitz")
    page.fill("main input[name=place]", "Bahnhofstraße, Haltestelle Markt")
    page.fill("main textarea[name=description]", DESCRIPTION)
    photo = jpeg_with_exif("schlagloch.jpg", size=(800, 600))
    page.set_input_files(
        "main input[name=photos]",
        files=[{"name": photo.name, "mimeType": "image/jpeg", "buffer": photo.read()}],
    )
    page.check("main input[name=use_photo_location]")
    page.fill("main input[name=email]", "melder.journey@example.org")
    page.locator("main form button[type=submit]").last.click()
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

    # the position came from the photo (53.576 N, 11.6507 E), as Open311 clients see
    detail = page.request.get(f"{portal_url}/open311/v2/requests/{number}.json")
    (served,) = json.loads(detail.body())
    assert served["lat"] == pytest.approx(53.576, abs=0.001)
    assert served["long"] == pytest.approx(11.6507, abs=0.001)
