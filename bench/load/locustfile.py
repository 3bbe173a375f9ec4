"""The load test's visitors (bench/load/run.sh; docs/reliability.md).

Three kinds of virtual users against the demo content:

- ``Reader``: home pages, every page of the sitemap (sections, listings, details),
  listing filters, feeds and the open data interfaces, search queries.
- ``Participant``: an anonymous visitor who answers the questionnaire of the
  consultation open to anyone (``radweg-crivitz-banzkow``), comments on it and
  sends citizen reports with an e-mail address (the double opt-in link is mailed;
  the report is stored, unconfirmed, when the portal acknowledges it).
- ``Citizen`` (``LOAD_CITIZENS`` of them, one account each from bench/load/setup.py):
  ``LOAD_LOGINS`` of them log in through the form, the others start with a session, answers the consultation for account holders (``spielplatz-plate``) and
  changes the answer, sometimes sends the form twice at the same moment (a double
  click), comments (pre-moderated), sends citizen reports signed in (confirmed at
  once) and reads with a session (no page cache).

Reports use the form's no-JavaScript path: category, municipality, street or place
and description, sometimes with a photo (a small generated JPEG); the reference of
an acknowledged report is the number its "sent" page names.

Every submission carries a unique token (in a text answer, the comment text or the
report's description). Each
attempt is written to ``LOAD_RESULTS/submissions.jsonl`` before it is sent, and again
with its outcome, ``ack`` true when the portal acknowledged it (a redirect to the
receipt or back to the comments);
bench/load/check.py then looks each one up in the database. Status codes of all
requests go to ``LOAD_RESULTS/status.json``.
"""

import collections
import io
import itertools
import json
import os
import random
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task
from PIL import Image

RUN_ID = os.environ.get("LOAD_RUN_ID") or f"LT{int(time.time())}"
RESULTS = Path(os.environ.get("LOAD_RESULTS", "."))
PASSWORD = os.environ.get("LOAD_PASSWORD", "")
CITIZENS = int(os.environ.get("LOAD_CITIZENS", "20"))
TIMEOUT = float(os.environ.get("LOAD_TIMEOUT", "60"))

OPEN_TO_ANYONE = "/beteiligung/radweg-crivitz-banzkow/"
OPEN_TO_ACCOUNTS = "/beteiligung/spielplatz-plate/"
RECEIPT = re.compile(r"/receipt/(B-[A-Z0-9]{5}-[A-Z0-9]{5})/$")
REPORT_FORM = "/beteiligung/meldungen/neu/"
REPORT_SENT = "/beteiligung/meldungen/gesendet/"
REPORT_NUMBER = re.compile(r'class="report-number">(\d+)<')
PHOTO_SHARE = 0.3  # of the reports carry a photo
SEARCH_TERMS = [
    "Kita",
    "Sperrmüll",
    "Hund",
    "Radweg",
    "Bauantrag",
    "Wahl",
    "Schwerin",
    "Führerschein",
    "Müll",
    "Veranstaltung",
    "Hofladen",
    "Datensatz",
    "Gemeindevertretung",
    "Meldebescheinigung",
    "xyzzy",  # no hit
]
FIXED_PAGES = [
    "/",
    "/en/",
    "/aktuelles/?page=2",
    "/tourismus/veranstaltungen/",
    "/wirtschaft/verzeichnis/?type=farm",
    "/beteiligung/?status=open",
    "/beteiligung/dorfplatz-banzkow/results/",
]
FEEDS = [
    "/feeds/news.xml",
    "/events.ics",
    "/sitzungen.ics",
    "/catalog.ttl",
    "/api/3/action/package_search?rows=20",
]
SITEMAP_PATHS = []  # filled from /sitemap.xml when the test starts
STATUS = collections.Counter()
CACHE = collections.Counter()  # the page cache's X-Portal-Cache header: hit, miss
SERVER_ERRORS = []  # (name, status, url) of every 5xx
_accounts = itertools.count(1)
SESSIONS = {"cookie": "sessionid", "sessions": {}}
if (RESULTS / "sessions.json").exists():
    SESSIONS = json.loads((RESULTS / "sessions.json").read_text())
_tokens = itertools.count(1)
_log = None


def new_token(kind):
    return f"{RUN_ID}-{kind}-{next(_tokens):06d}"


def record(**entry):
    _log.write(json.dumps({"t": round(time.time(), 3), **entry}) + "\n")
    _log.flush()


@events.test_start.add_listener
def on_test_start(environment, **kwargs):
    global _log
    RESULTS.mkdir(parents=True, exist_ok=True)
    _log = (RESULTS / "submissions.jsonl").open("a")
    import requests

    sitemap = requests.get(environment.host + "/sitemap.xml", timeout=60).text
    for loc in re.findall(r"<loc>(.*?)</loc>", sitemap):
        path = "/" + loc.split("://", 1)[-1].split("/", 1)[-1]
        SITEMAP_PATHS.append(path)


@events.request.add_listener
def on_request(name, response, exception, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    STATUS[status] += 1
    headers = getattr(response, "headers", None) or {}
    CACHE[headers.get("X-Portal-Cache", "not cacheable or with cookie")] += 1
    if status >= 500:
        SERVER_ERRORS.append((name, status, getattr(response, "url", "")))


@events.test_stop.add_listener
def on_test_stop(environment, **kwargs):
    (RESULTS / "status.json").write_text(
        json.dumps(
            {
                "run_id": RUN_ID,
                "status": {str(k): v for k, v in sorted(STATUS.items())},
                "server_errors": SERVER_ERRORS[:200],
                "sitemap_pages": len(SITEMAP_PATHS),
                "page_cache": dict(CACHE),
            },
            indent=1,
        )
    )
    if _log is not None:
        _log.close()


class PostForms(HTMLParser):
    """The fields of every ``method="post"`` form of a page."""

    def __init__(self, html):
        super().__init__()
        self.forms = []
        self._select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "").lower() == "post":
                self.forms.append({"inputs": [], "selects": {}, "textareas": []})
            else:
                self.forms.append(None)
            return
        if not self.forms or self.forms[-1] is None:
            return
        if tag == "option" and self._select is not None:  # options have no name
            self._select.append(attrs.get("value", ""))
            return
        if not attrs.get("name"):
            return
        form = self.forms[-1]
        if tag == "input":
            form["inputs"].append(attrs)
        elif tag == "textarea":
            form["textareas"].append(attrs["name"])
        elif tag == "select":
            self._select = form["selects"].setdefault(attrs["name"], [])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def form_with(self, field):
        for form in self.forms:
            if form is None:
                continue
            names = [attrs["name"] for attrs in form["inputs"]] + form["textareas"]
            if any(name.startswith(field) for name in names):
                return form
        return None


def fill_questionnaire(form, token):
    """Answers for every question the form shows: random choices, the token as text."""
    data = {}
    radios = collections.defaultdict(list)
    for attrs in form["inputs"]:
        name, kind = attrs["name"], attrs.get("type", "text")
        if kind == "hidden":
            data[name] = attrs.get("value", "")
        elif kind == "radio":
            radios[name].append(attrs.get("value", ""))
        elif kind == "checkbox" and random.random() < 0.5:
            data.setdefault(name, []).append(attrs.get("value", "on"))
        elif kind == "text" and name.startswith("q-"):
            if name.endswith("-lat"):
                data[name] = f"{53.5 + random.random() / 10:.5f}"
            elif name.endswith("-lon"):
                data[name] = f"{11.6 + random.random() / 10:.5f}"
            else:
                data[name] = token
    for name, values in radios.items():
        data[name] = random.choice(values)
    rankings = collections.defaultdict(list)
    for name, options in form["selects"].items():
        rankings[name.rsplit("-", 1)[0]].append((name, [o for o in options if o]))
    for fields in rankings.values():
        ranks = list(fields[0][1])
        random.shuffle(ranks)
        for (name, _options), rank in zip(fields, ranks, strict=False):
            data[name] = rank
    for name in form["textareas"]:
        data[name] = f"Lasttest: bitte an die Querung denken. {token}"
    data["website"] = ""  # the honeypot stays empty
    return data


def photo_bytes():
    """A small JPEG, as a phone's photo resized (made once per locust process)."""
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 130, 110)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


PHOTO = photo_bytes()


def fill_report(form, token, user=None):
    """The no-JavaScript report: category, municipality, place text, description."""
    data = {
        a["name"]: a.get("value", "")
        for a in form["inputs"]
        if a.get("type") == "hidden"
    }
    data["category"] = random.choice([v for v in form["selects"]["category"] if v])
    data["municipality"] = random.choice(
        [v for v in form["selects"]["municipality"] if v]
    )
    data["place"] = f"Lasttest-Straße {random.randint(1, 200)}"
    data["description"] = f"Lasttest-Meldung: Laterne defekt. {token}"
    if user is None:
        data["name"] = "Lasttest"
        data["email"] = f"lasttest-{token.lower()}@example.org"
    data["website"] = ""
    return data


def fill_comment(form, token):
    data = {
        a["name"]: a.get("value", "")
        for a in form["inputs"]
        if a.get("type") == "hidden"
    }
    sections = form["selects"].get("section")
    if sections:
        data["section"] = random.choice(sections)
    data["text"] = f"Lasttest-Kommentar zum Entwurf. {token}"
    data["author_name"] = "Lasttest"
    data["website"] = ""
    return data


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(5, 15)  # a person reading a page

    def keep_cookies(self):
        """The production settings mark the session and CSRF cookies Secure; the test
        talks plain HTTP on loopback, so they must be sent anyway, as a browser does
        for its HTTPS site."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def get(self, path, name=None, expect=(200,)):
        with self.client.get(
            path, name=name or path, timeout=TIMEOUT, catch_response=True
        ) as response:
            self.keep_cookies()
            if response.status_code not in expect:
                response.failure(f"status {response.status_code}")
            return response

    def read_page(self):
        if SITEMAP_PATHS and random.random() < 0.8:
            self.get(random.choice(SITEMAP_PATHS), name="page (sitemap)")
        else:
            self.get(random.choice(FIXED_PAGES), name="page (listing)")

    def search(self):
        term = random.choice(SEARCH_TERMS)
        page = "&page=2" if random.random() < 0.2 else ""
        self.get(f"/suche/?q={term}{page}", name="search", expect=(200, 404))

    def post_form(self, path, data, name, expect_location, files=None):
        """POST; the acknowledgement is a redirect whose target matches."""
        with self.client.post(
            path,
            data=data,
            files=files,
            name=name,
            timeout=TIMEOUT,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            self.keep_cookies()
            location = response.headers.get("Location", "")
            if response.status_code == 302 and expect_location(location):
                return response, location
            if response.status_code == 409:  # the other half of a double submit won
                response.success()
                return response, None
            response.failure(f"status {response.status_code} {location}")
            return response, None

    def answer(self, consultation, user=None, round_=0, form=None):
        if form is None:
            form = self.questionnaire(consultation)
            if form is None:
                return
        token = new_token("answer")
        data = fill_questionnaire(form, token)
        entry = {"kind": "answer", "consultation": consultation, "token": token}
        entry.update(user=user, round=round_)
        record(**entry, sent=True)  # before sending: an answer may never come back
        # a timeout or a closed connection comes back as status 0: not acknowledged
        response, location = self.post_form(
            consultation + "answer/",
            data,
            "answer (POST)",
            lambda loc: RECEIPT.search(loc) is not None,
        )
        if location is None:
            record(**entry, ack=False, status=response.status_code)
            return
        receipt = RECEIPT.search(location).group(1)
        record(**entry, ack=True, status=302, receipt=receipt)
        page = self.get(location, name="receipt")
        if page.status_code == 200 and receipt not in page.text:
            page.failure("receipt page without its number")

    def questionnaire(self, consultation):
        page = self.get(consultation + "answer/", name="answer (form)")
        if page.status_code != 200:
            return None
        return PostForms(page.text).form_with("q-")

    def report(self, user=None):
        page = self.get(REPORT_FORM, name="report (form)")
        form = (
            PostForms(page.text).form_with("description")
            if page.status_code == 200
            else None
        )
        if form is None:
            return
        token = new_token("report")
        data = fill_report(form, token, user)
        files = None
        if random.random() < PHOTO_SHARE:
            files = {"photos": ("foto.jpg", PHOTO, "image/jpeg")}
        entry = {"kind": "report", "token": token, "user": user, "photo": bool(files)}
        record(**entry, sent=True)
        response, location = self.post_form(
            REPORT_FORM,
            data,
            "report (POST)",
            lambda loc: loc.endswith(REPORT_SENT),
            files=files,
        )
        if location is None:
            record(**entry, ack=False, status=response.status_code)
            return
        record(**entry, ack=True, status=302)
        sent = self.get(location, name="report sent")
        match = REPORT_NUMBER.search(sent.text) if sent.status_code == 200 else None
        if sent.status_code == 200 and match is None:
            sent.failure("sent page without the report's number")
        if match:
            record(**entry, ack=True, status=302, number=int(match.group(1)))

    def comment(self, consultation, user=None):
        page = self.get(consultation + "comment/", name="comment (form)")
        form = (
            PostForms(page.text).form_with("text") if page.status_code == 200 else None
        )
        if form is None:
            return
        token = new_token("comment")
        entry = {"kind": "comment", "consultation": consultation, "token": token}
        entry["user"] = user
        record(**entry, sent=True)
        response, location = self.post_form(
            consultation + "comment/",
            fill_comment(form, token),
            "comment (POST)",
            lambda loc: loc.endswith(consultation + "#comments"),
        )
        record(**entry, ack=location is not None, status=response.status_code)


class Reader(PortalUser):
    weight = 6

    @task(3)
    def home(self):
        self.get(random.choice(["/", "/en/"]), name="home")

    @task(8)
    def page(self):
        self.read_page()

    @task(1)
    def feed(self):
        self.get(random.choice(FEEDS), name="feed / open data")

    @task(3)
    def search_task(self):
        self.search()


class Participant(PortalUser):
    weight = 3

    @task(2)
    def consultation(self):
        self.get(OPEN_TO_ANYONE, name="consultation")

    @task(2)
    def answer_task(self):
        self.answer(OPEN_TO_ANYONE)

    @task(1)
    def comment_task(self):
        self.comment(OPEN_TO_ANYONE)

    @task(1)
    def report_task(self):
        self.report()

    @task(2)
    def read(self):
        self.read_page()

    @task(1)
    def search_task(self):
        self.search()


class Citizen(PortalUser):
    fixed_count = CITIZENS
    weight = 1

    def on_start(self):
        self.username = f"lasttest-{next(_accounts):03d}"
        self.round = 0
        self.logged_in = False
        session = SESSIONS["sessions"].get(self.username)
        if session:  # signed in before the run (bench/load/setup.py)
            self.client.cookies.set(SESSIONS["cookie"], session)
            self.logged_in = True
        else:
            self.login()

    def login(self):
        page = self.get("/konto/login/", name="login (form)")
        form = PostForms(page.text).form_with("login") if page.ok else None
        if form is None:
            return
        data = {
            a["name"]: a.get("value", "")
            for a in form["inputs"]
            if a.get("type") == "hidden"
        }
        data.update(login=self.username, password=PASSWORD)
        response, _location = self.post_form(
            "/konto/login/", data, "login (POST)", lambda loc: bool(loc)
        )
        self.logged_in = response.status_code == 302

    def next_round(self):
        self.round += 1
        return self.round

    @task(3)
    def answer_task(self):
        if not self.logged_in:
            return self.login()
        self.answer(OPEN_TO_ACCOUNTS, self.username, self.next_round())

    @task(1)
    def double_submit(self):
        """The same form sent twice at once: one response, both acknowledged or one
        refused with 409 (never two rows, never a 500)."""
        if not self.logged_in:
            return self.login()
        form = self.questionnaire(OPEN_TO_ACCOUNTS)
        if form is None:
            return
        round_ = self.next_round()
        gevent.joinall(
            [
                gevent.spawn(self.answer, OPEN_TO_ACCOUNTS, self.username, round_, form)
                for _ in range(2)
            ]
        )

    @task(1)
    def comment_task(self):
        if not self.logged_in:
            return self.login()
        self.comment(OPEN_TO_ACCOUNTS, self.username)

    @task(2)
    def report_task(self):
        if not self.logged_in:
            return self.login()
        self.report(self.username)

    @task(1)
    def my_responses(self):
        if self.logged_in:
            self.get("/beteiligung/meine-antworten/", name="my responses")

    @task(2)
    def read(self):
        self.read_page()

    @task(1)
    def search_task(self):
        self.search()
