"""Layout check on every public form and page type, at 1280 and 390 px.

Fails on overlapping form controls, text wrapped to one syllable per line,
inputs and selects without a visible border (or a select without its arrow),
selects that cut their text off, buttons that touch, and horizontal scrolling. The measuring is in
tests/browser/layout.py; docs/frontend.md explains the rules.

The pages come from the browser suite's demo portal (conftest.py), reached as
a visitor would: anonymous, as the citizen "buerger" and as the business owner
"unternehmen" (who also submits events).
"""

import pytest

from .layout import LAYOUT_CHECK, layout_problems

pytestmark = pytest.mark.browser

WIDTHS = [1280, 390]

FILTER_BARS = [
    "/aktuelles/?municipality=banzkow&category=bauen",
    "/aktuelles/bekanntmachungen/?municipality=amt&type=statute",
    "/en/news/announcements/",
    "/tourismus/?type=accommodation&municipality=plate",
    "/tourismus/veranstaltungen/?date_from=2030-01-10&date_to=2030-01-01",
    "/en/tourism/events/?category=nonsense",
    "/wirtschaft/verzeichnis/?q=Hof&direct_sale=1&letter=H",
    "/en/business/directory/?type=farm",
    "/beteiligung/?status=open&topic=traffic",
    "/beteiligung/ideen-fuer-crivitz/?sort=newest&topic=traffic",
    "/beteiligung/umsetzung/?status=done",
    "/en/participation/implementation/",
    "/daten/?q=Wasser&sort=title",
    "/beteiligung/meldungen/?date_from=2030-01-01&date_to=nonsense",
    "/gremien/mitglieder/?party=nonsense",
]

# (who, how to get there): a path, or (path, link selector) to follow the first
# matching link from a listing to a detail page, or (path, "submit") to send
# the form empty and check the page with its errors.
VISITS = [
    (None, "/"),
    (None, "/amt/"),
    (None, "/aktuelles/"),
    (None, ("/aktuelles/", "main .card-grid a")),
    (None, "/tourismus/"),
    (None, "/tourismus/touren/radtour-schweriner-see-ostufer/"),
    (None, "/tourismus/veranstaltungen/"),
    (None, ("/tourismus/veranstaltungen/", "main .event-list a")),
    (None, "/wirtschaft/verzeichnis/"),
    (None, "/wirtschaft/verzeichnis/ferienhof-sukow/"),
    (None, "/beteiligung/"),
    (None, "/beteiligung/spielplatz-plate/"),
    (None, "/beteiligung/dorfplatz-banzkow/results/"),
    (None, "/beteiligung/buergerbudget-crivitz/"),
    (None, "/beteiligung/buergerbudget-2026/results/"),
    (None, "/daten/"),
    (None, "/daten/einwohner-nach-gemeinden/"),
    (None, "/service/"),
    (None, "/service/wohnen-und-meldewesen/beglaubigung/"),
    (None, "/gremien/"),
    (None, ("/gremien/", "main .committee-list a")),
    (None, "/gremien/mitglieder/?name=M%C3%B6ller"),
    (None, "/en/council/mitglieder/"),
    (None, "/beteiligung/meldungen/"),
    (None, "/beteiligung/meldungen/neu/"),
    (None, "/suche/?q=Hofladen"),
    (None, "/newsletter/"),
    (None, ("/newsletter/", "submit")),
    (None, "/konto/login/"),
    (None, "/konto/signup/"),
    ("buerger", "/konto/"),
    ("buerger", "/konto/profile/"),
    (
        "buerger",
        (
            "/service/wohnen-und-meldewesen/beglaubigung/",
            "main a[href*='/antraege/neu/']",
        ),
    ),
    ("buerger", "/beteiligung/spielplatz-plate/answer/"),
    ("buerger", ("/beteiligung/spielplatz-plate/answer/", "submit")),
    ("buerger", "/beteiligung/spielplatz-plate/comment/"),
    ("buerger", "/beteiligung/buergerbudget-crivitz/vote/"),
    ("unternehmen", "/verzeichnis-eintraege/neu/"),
    ("unternehmen", ("/konto/", ".account-entries a[href$='/bearbeiten/']")),
    ("unternehmen", "/konto/veranstaltungen/neu/"),
    ("unternehmen", ("/konto/veranstaltungen/neu/", "submit")),
    # every listing's filter bar (portal/includes/filter_bar.html) with a
    # filter chosen (its reset link) or a wrong value (the error summary)
    *((None, where) for where in FILTER_BARS),
]


def visit_id(visit):
    who, where = visit
    if isinstance(where, tuple):
        where = f"{where[0]}->{where[1].split()[-1]}"
    return f"{who or 'visitor'}:{where}"


def log_in(page, portal_url, username):
    page.context.clear_cookies()
    page.goto(portal_url + "/konto/login/")
    page.fill("main input[name=login]", username)
    page.fill("main input[name=password]", "demo")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def open_visit(page, portal_url, where):
    """Go where the visit says; return the URL reached."""
    if isinstance(where, str):
        response = page.goto(portal_url + where)
        assert response.status == 200, (where, response.status)
        return page.url
    path, action = where
    page.goto(portal_url + path)
    if action == "submit":
        page.locator("main form[method=post] button[type=submit]").last.click()
    else:
        link = page.locator(action).first
        assert link.count(), f"no link {action} on {path}"
        link.click()
    page.wait_for_load_state()
    return page.url


@pytest.fixture(scope="module")
def sized_pages(browser):
    pages = {}
    for width in WIDTHS:
        context = browser.new_context(
            viewport={"width": width, "height": 900}, locale="de-DE"
        )
        pages[width] = context.new_page()
    yield pages
    for page in pages.values():
        page.context.close()


@pytest.mark.parametrize("visit", VISITS, ids=[visit_id(v) for v in VISITS])
def test_layout(sized_pages, portal_url, visit):
    who, where = visit
    found = {}
    for width, page in sized_pages.items():
        if who:
            log_in(page, portal_url, who)
        else:
            page.context.clear_cookies()
        url = open_visit(page, portal_url, where)
        problems = layout_problems(page)
        if problems:
            found[f"{width}px {url}"] = problems
    assert found == {}


def test_the_check_finds_what_it_is_for(browser):
    """The check itself: a page with each fault is refused. A page of its own: the
    shared pages carry the portal's state (cookies, focus) from the visits."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_content(
        """<main>
        <form>
          <label for="a">First</label><input id="a" style="border:0">
          <div style="height:0">
            <label for="b">Second</label><input id="b" style="border:1px solid">
          </div>
          <label for="c">Third</label><input id="c" style="border:1px solid">
          <select id="s" style="border:0;width:4rem"><option>Hof / Direktverkauf</option></select>
          <div style="display:grid;grid-template-columns:32px auto">
            <input type="checkbox" id="d"><label for="d">Hofladen</label>
            <span class="kern-hint" style="word-break:break-all">Verkauft eigene Erzeugnisse direkt an Kunden.</span>
          </div>
          <div><button id="b1" style="display:block">Update</button><button id="b2" style="display:block">Vote</button></div>
          <div class="filter-bar" style="display:flex;justify-content:space-between">
            <label for="q">Search</label><input id="q" style="border:1px solid;width:10rem">
            <div class="filter-bar__actions"><button>Search</button></div>
          </div>
          <fieldset class="kern-fieldset"><legend style="float:left">Repetition</legend>
            <fieldset class="kern-fieldset"><legend style="float:left">Does it repeat?</legend>
              <div class="kern-fieldset__body"><input type="radio" id="r" style="border:1px solid"><label for="r">No</label></div>
            </fieldset>
          </fieldset>
        </form></main>"""
    )
    problems = " | ".join(page.evaluate(LAYOUT_CHECK))
    assert "overlap: label" in problems
    assert "no visible border: input#a" in problems
    assert "no visible border: select#s" in problems
    assert "select without the KERN wrapper" in problems
    assert "select text cut off: select#s" in problems
    assert "one syllable per line" in problems
    assert 'legend beside its question: legend "Repetition"' in problems
    assert 'buttons touch: button#b1 "Update" and button#b2 "Vote"' in problems
    assert "gap before the filter button: input#q" in problems
    context.close()
