"""Participation that citizens start, in a real browser (#25): a citizen
proposes, another supports, staff answer in the admin and the proposal page
shows the answer; a knapsack budget voted with JavaScript (the running total
follows the ticks) and without (the server recalculates), and the counted
result (paper ballots are covered by tests/consultations/test_paper_ballots.py). The data are built with the tests'
factories in the served portal's database (``seed``); pages are axe-clean."""

import os
import re
import tempfile
from pathlib import Path

import pytest

from .conftest import run_axe
from .test_journeys import admin_login, portal_login, wait_for_admin_url

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", tempfile.gettempdir()))
WIDTHS = {"1280": 1280, "390": 390}

PROPOSAL_SEED = """
from tests import factories
from tests.consultations.factories import proposal_process
from portal.roles import MODERATORS
page = proposal_process(
    title="Ideen für Barnin", slug="ideen-barnin", support_threshold=1
)
factories.UserFactory(username="vorschlagende", password="demo")
factories.UserFactory(username="unterstuetzer", password="demo")
factories.StaffFactory(username="bewertung", password="demo", groups=[MODERATORS])
print(page.url)
"""

BUDGET_SEED = """
from tests import factories
from tests.consultations.factories import budget
from portal.roles import PARTICIPATION_EDITORS
page = budget(
    title="Bürgerbudget Barnin",
    slug="buergerbudget-barnin",
    projects=[("Spielplatz am See", 6000), ("Neue Bänke", 3000), ("Trinkbrunnen", 5000)],
)
factories.UserFactory(username="waehlerin-js", password="demo")
factories.UserFactory(username="waehler-ohne-js", password="demo")
factories.StaffFactory(
    username="stimmzettel", password="demo", groups=[PARTICIPATION_EDITORS]
)
print(page.url)
"""

CLOSE_BUDGET = """
from datetime import timedelta
from django.utils import timezone
from consultations.models import Ballot, BudgetPage
page = BudgetPage.objects.get(slug="buergerbudget-barnin")
now = timezone.now()
page.opens_at = now - timedelta(days=10)
page.closes_at = now - timedelta(days=2)
page.results_published_at = now - timedelta(days=1)
page.save_revision().publish()
print(sorted(Ballot.objects.filter(budget=page).values_list("channel", flat=True)))
"""


def test_citizen_proposes_another_supports_and_staff_answer_in_public(
    desktop, portal_url, seed, axe_source
):
    page = desktop
    process = portal_url + seed(PROPOSAL_SEED)

    portal_login(page, portal_url, "vorschlagende")
    page.goto(process + "new/")
    assert run_axe(page, axe_source) == []
    page.fill("main input[name=title]", "Fahrradständer am Dorfgemeinschaftshaus")
    page.fill(
        "main textarea[name=text]",
        "Vor dem Dorfgemeinschaftshaus fehlen überdachte Fahrradständer.",
    )
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert re.search(r"/ideen-barnin/\d+/$", page.url), page.url
    proposal_url = page.url

    portal_login(page, portal_url, "unterstuetzer")
    page.goto(proposal_url)
    assert run_axe(page, axe_source) == []
    page.locator("main form[action$='/support/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert "Sie unterstützen diesen Vorschlag." in page.locator("main").inner_text()

    admin_login(page, portal_url, "bewertung")
    number = re.search(r"/(\d+)/$", proposal_url).group(1)
    page.goto(f"{portal_url}/admin/proposals/edit/{number}/")
    page.select_option("select[name=assessment]", "feasible")
    page.fill(
        "textarea[name=assessment_text]",
        "Das Amt stellt im Frühjahr vier überdachte Bügel auf.",
    )
    page.locator("form button[type=submit]").filter(
        has_text=re.compile("Speichern|Save")
    ).first.click()
    wait_for_admin_url(page, r".*/admin/proposals/(\?.*)?$")

    page.context.clear_cookies()
    page.goto(proposal_url)
    answer = page.locator("section[aria-labelledby=assessment-title]").inner_text()
    assert "Umsetzbar" in answer or "Feasible" in answer
    assert "vier überdachte Bügel" in answer
    assert run_axe(page, axe_source) == []


def vote_page(page, url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)


def test_knapsack_budget_with_and_without_javascript_and_results(
    browser, desktop, portal_url, seed, axe_source
):
    budget = portal_url + seed(BUDGET_SEED)
    total = desktop.locator(".budget-total")

    # with JavaScript: the total follows the ticks, over the budget is said at once
    portal_login(desktop, portal_url, "waehlerin-js")
    desktop.goto(budget + "vote/")
    assert run_axe(desktop, axe_source) == []
    desktop.get_by_label(re.compile("Spielplatz am See")).check()
    assert "6.000 € von 10.000 €" in total.inner_text()
    desktop.get_by_label(re.compile("Trinkbrunnen")).check()
    assert "11.000 € von 10.000 €" in total.inner_text()
    assert desktop.locator(".budget-total__over").is_visible()
    desktop.get_by_label(re.compile("Trinkbrunnen")).uncheck()
    desktop.get_by_label(re.compile("Neue Bänke")).check()
    assert "9.000 € von 10.000 €" in total.inner_text()
    assert not desktop.locator(".budget-total__over").is_visible()
    for name, width in WIDTHS.items():
        desktop.set_viewport_size({"width": width, "height": 900})
        desktop.screenshot(
            path=SHOTS / f"buergerbudget-abstimmen-{name}.png", full_page=True
        )
    desktop.set_viewport_size({"width": 1280, "height": 900})
    desktop.locator("main button[value=vote]").click()
    desktop.wait_for_load_state()
    assert desktop.url == budget

    # without JavaScript: the button recalculates the total on the server
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="de-DE",
        java_script_enabled=False,
    )
    plain = context.new_page()
    portal_login(plain, portal_url, "waehler-ohne-js")
    plain.goto(budget + "vote/")
    plain.get_by_label(re.compile("Spielplatz am See")).check()
    plain.get_by_label(re.compile("Trinkbrunnen")).check()
    assert "0 € von 10.000 €" in plain.locator(".budget-total").inner_text()
    plain.locator("main button[value=recalculate]").click()
    plain.wait_for_load_state()
    assert "11.000 € von 10.000 €" in plain.locator(".budget-total").inner_text()
    assert plain.locator(".budget-total__over").is_visible()
    plain.locator("main button[value=vote]").click()  # refused, the ticks kept
    plain.wait_for_load_state()
    assert plain.locator("main .kern-alert, main [role=alert]").first.is_visible()
    assert plain.get_by_label(re.compile("Trinkbrunnen")).is_checked()
    plain.get_by_label(re.compile("Trinkbrunnen")).uncheck()
    plain.locator("main button[value=vote]").click()
    plain.wait_for_load_state()
    assert plain.url == budget
    context.close()

    # the vote closes and the results count every ballot
    channels = seed(CLOSE_BUDGET)
    assert channels == "['online', 'online']"
    desktop.context.clear_cookies()
    desktop.set_viewport_size({"width": 1280, "height": 900})
    desktop.goto(budget + "results/")
    assert run_axe(desktop, axe_source) == []
    votes = {
        row.locator("th").inner_text().strip(): row.locator("td").nth(1).inner_text()
        for row in desktop.locator("main table tbody tr").all()
    }
    assert votes["Spielplatz am See"] == "2"
    assert votes["Neue Bänke"] == "1"
