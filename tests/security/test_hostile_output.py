"""Text typed by outsiders, shown back in every format the portal produces.

Business owners, event providers, citizens (comments, answers) and the council's
OParl server put text into the portal. Whatever it holds, the HTML escapes it,
the JSON-LD blocks stay one valid ``<script>`` element (a ``</script>`` inside
the text must not close it), the Atom feed and the iCalendar files parse back to
the same text (iCalendar lines escaped and folded at 75 octets), and CSV/XLSX
cells that a spreadsheet would run as a formula start with an apostrophe.
"""

import csv
import datetime
import io
import json
import re

import pytest
from defusedxml import ElementTree as ET
from django.contrib.auth.models import Group
from django.utils import timezone
from icalendar import Calendar
from openpyxl import load_workbook

from business.models import BusinessEntryPage
from consultations.models import (
    Channel,
    ModerationMode,
    Participation,
    Statement,
    StatementStatus,
)
from council.models import Meeting
from home.models import NewsIndexPage, NewsPage
from portal.spreadsheets import safe_cell
from tests.business.helpers import add_entry, directory
from tests.consultations.helpers import (
    Q_CHOICE,
    Q_TEXT,
    make_consultation,
    make_user,
    respond,
)
from tests.tourism.helpers import add_event, berlin, event_index

from .hostile import FORMULA, XSS_ATTRIBUTE, XSS_CLOSE_SCRIPT, assert_no_raw_markup

# the sections the text is shown in: directory, calendar, news, council, search;
# the shared ``world`` fixture (tests/world.py, built once for all the sweeps)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]

NAME = f"Hof {XSS_CLOSE_SCRIPT}"
LD_BLOCK = re.compile(
    r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL | re.IGNORECASE
)


def json_ld_texts(html):
    """Every JSON-LD block parsed; a block broken by a raw ``</script>`` fails here."""
    blocks = LD_BLOCK.findall(html)
    assert blocks, "no JSON-LD on the page"
    return [json.dumps(json.loads(block), ensure_ascii=False) for block in blocks]


def get_html(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    assert_no_raw_markup(response.content, url)
    return html


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def assert_folded(ics_bytes):
    for line in ics_bytes.split(b"\r\n"):
        assert len(line) <= 75, line


# --- business directory: entry page, JSON-LD, open data exports -----------------------


@pytest.fixture
def hostile_entry(db):
    page = add_entry(
        directory(),
        NAME,
        intro=XSS_ATTRIBUTE,
        street=FORMULA,
        city="@SUM(1+1)*cmd|' /C calc'!A0",
        phone="+49 3863 5550",
        products=f"{FORMULA}\n{XSS_CLOSE_SCRIPT}\n-2+3+cmd|' /C calc'!A0",
    )
    return BusinessEntryPage.objects.get(pk=page.pk)


def test_business_entry_page_and_json_ld(client, hostile_entry):
    html = get_html(client, hostile_entry.url)
    texts = json_ld_texts(html)
    assert any(NAME in text for text in texts)
    assert any(XSS_CLOSE_SCRIPT in text for text in texts)  # products, as offers


def test_business_directory_listing_and_search(client, hostile_entry):
    listing = directory().url
    assert NAME not in get_html(client, listing)  # escaped, not raw
    get_html(client, listing + "?q=" + "Hof")


def test_business_csv_export_neutralises_formulas(client, hostile_entry):
    response = client.get(directory().url + "export/csv/")
    assert response.status_code == 200
    text = body(response).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))  # German Excel
    row = next(row for row in rows if row["name"] == NAME)
    assert row["street"] == "'" + FORMULA
    assert row["city"].startswith("'@SUM")
    assert row["products"].startswith("'=HYPERLINK")
    assert row["phone"] == "+49 3863 5550"  # a phone number stays as it is
    for other in rows:
        for value in other.values():
            assert not value.startswith(("=", "@", "\t", "\r")), value


def test_business_json_exports_hold_the_text_as_data(client, hostile_entry):
    data = json.loads(body(client.get(directory().url + "export/json/")))
    entry = next(item for item in data["entries"] if item["name"] == NAME)
    assert entry["street"] == FORMULA  # JSON is data: no apostrophe
    geo = client.get(directory().url + "geojson/")
    assert geo.status_code == 200
    assert "json" in geo["Content-Type"]


# --- events: page, JSON-LD, iCalendar -------------------------------------------------


@pytest.fixture
def hostile_event(db):
    return add_event(
        event_index(),
        "boese-veranstaltung",
        berlin(2031, 5, 8, 10, 0),
        title=f"Fest {XSS_CLOSE_SCRIPT}; mit, Zeichen",
        intro=f"{XSS_ATTRIBUTE}\nZweite Zeile; mit Komma, und Backslash \\ " + "ä" * 80,
        venue_name=XSS_CLOSE_SCRIPT,
        organiser_name=FORMULA,
    )


def test_event_page_and_json_ld(client, hostile_event):
    html = get_html(client, hostile_event.url)
    assert any(hostile_event.title in text for text in json_ld_texts(html))


def test_event_icalendar_is_escaped_and_folded(client, hostile_event):
    for url in (f"/events/{hostile_event.pk}.ics", "/events.ics?from=2031-05-01"):
        response = client.get(url)
        assert response.status_code == 200, url
        content = body(response)
        assert_folded(content)
        calendar = Calendar.from_ical(content)
        events = [c for c in calendar.walk("VEVENT") if "Fest" in str(c["SUMMARY"])]
        assert len(events) == 1, url
        event = events[0]
        assert str(event["SUMMARY"]) == hostile_event.title
        assert hostile_event.intro.split("\n")[0] in str(event["DESCRIPTION"])
        # the separator characters of iCalendar are escaped in the raw text
        unfolded = content.replace(b"\r\n ", b"")
        assert b"SUMMARY:Fest </script><script>alert(1)</script>\\; mit\\, " in (
            unfolded
        )


# --- news: page, JSON-LD, Atom feed ---------------------------------------------------


@pytest.fixture
def hostile_news(db):
    index = NewsIndexPage.objects.get(locale__language_code="de")
    page = NewsPage(title=f"Nachricht {XSS_CLOSE_SCRIPT}", intro=XSS_ATTRIBUTE)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_news_page_and_atom_feed(client, hostile_news):
    html = get_html(client, hostile_news.url)
    assert any(hostile_news.title in text for text in json_ld_texts(html))
    response = client.get("/feeds/news.xml")
    assert response.status_code == 200
    assert b"<script>" not in response.content
    feed = ET.fromstring(response.content)
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [entry.findtext(f"{atom}title") for entry in feed.iter(f"{atom}entry")]
    assert hostile_news.title in titles
    summaries = [e.findtext(f"{atom}summary") for e in feed.iter(f"{atom}entry")]
    assert any(XSS_ATTRIBUTE in (summary or "") for summary in summaries)


def test_search_results_escape_titles_and_snippets(client, hostile_news):
    get_html(client, "/suche/?q=Nachricht+script")
    # JSON for the script, which sets the titles as option values (never as HTML)
    response = client.get("/suche/autocomplete/?q=Nachricht")
    assert response["Content-Type"] == "application/json"
    titles = [item["title"] for item in response.json()["suggestions"]]
    assert hostile_news.title in titles


# --- consultations: comments on the page, answers in CSV and XLSX ---------------------


def test_public_comment_is_escaped(client):
    page = make_consultation(
        participation=Participation.ANYONE,
        allow_comments=True,
        moderation=ModerationMode.POST,
    )
    Statement.objects.create(
        consultation=page,
        channel=Channel.COMMENT,
        text=f"{XSS_CLOSE_SCRIPT}\n{XSS_ATTRIBUTE}",
        author_name=XSS_ATTRIBUTE,
        status=StatementStatus.PUBLISHED,
        is_public=True,
    )
    html = get_html(client, page.url)
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    json_ld_texts(html)


def test_consultation_exports_neutralise_formulas(client):
    page = make_consultation(participation=Participation.ANYONE)
    respond(page, {f"q-{Q_CHOICE}": "1", f"q-{Q_TEXT}": FORMULA})
    respond(page, {f"q-{Q_CHOICE}": "0", f"q-{Q_TEXT}": "@SUM(1+1)"})
    staff = make_user("tabellen-pruefung")
    staff.is_staff = True
    staff.save()
    staff.groups.add(Group.objects.get(name="Redaktion Beteiligung"))
    client.force_login(staff)
    response = client.get(f"/admin/consultations/{page.pk}/export.csv")
    assert response.status_code == 200
    cells = [
        cell for row in csv.reader(io.StringIO(body(response).decode())) for cell in row
    ]
    assert "'" + FORMULA in cells and "'@SUM(1+1)" in cells
    response = client.get(f"/admin/consultations/{page.pk}/export.xlsx")
    workbook = load_workbook(io.BytesIO(body(response)))
    values = [v for row in workbook.worksheets[0].values for v in row if v]
    assert "'" + FORMULA in values and "'@SUM(1+1)" in values
    for value in values:
        assert not str(value).startswith(("=", "@", "\t", "\r")), value


# --- council (text from the OParl server) ----------------------------------------------


def test_council_meeting_text_is_escaped_in_html_and_icalendar(client):
    from council.models import CouncilIndexPage

    meeting = Meeting.objects.create(
        oparl_id="https://oparl.example/meeting/boese",
        name=f"Sitzung {XSS_CLOSE_SCRIPT}",
        location=XSS_ATTRIBUTE,
        start=timezone.now() + datetime.timedelta(days=3),
    )
    council = CouncilIndexPage.objects.live().get(locale__language_code="de")
    html = get_html(client, f"{council.url}sitzung/{meeting.pk}/")
    assert any(meeting.name in text for text in json_ld_texts(html))
    get_html(client, council.url)
    response = client.get("/sitzungen.ics")
    content = body(response)
    assert_folded(content)
    summaries = [str(c["SUMMARY"]) for c in Calendar.from_ical(content).walk("VEVENT")]
    assert meeting.name in summaries


# --- the spreadsheet rule itself ------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+HYPERLINK()", "'+HYPERLINK()"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("+49 3863 5550", "+49 3863 5550"),
        ("-12.5", "-12.5"),
        ("Hofladen", "Hofladen"),
        (12, 12),
        (None, None),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected
