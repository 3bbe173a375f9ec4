"""The OParl sync mirrors what the source holds *now*, inside objects too.

Fixtures: the OParl 1.1 specification's example meeting and an anonymised
meeting in the shape of a STERNBERG SD.NET RIM server (tests/council/fixtures/).
No demo data: each test serves its own endpoint on loopback.
"""

import copy
import datetime
import json
import logging
from pathlib import Path

import pytest
from django.utils import timezone

from council.models import (
    AgendaItem,
    CouncilIndexPage,
    File,
    FileLink,
    Meeting,
    Membership,
    Paper,
    SyncState,
)
from council.oparl import sync
from tests import factories
from tests.council.oparl_server import OParlServer, T

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
SPEC = "https://oparl.example.org/"
SDNET = "https://musterhausen.ratsinfomanagement.example/webservice/oparl/v1.1/body/1/"


def fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def server():
    server = OParlServer()
    yield server
    server.stop()


def serve(server, meetings=(), papers=(), people=(), incremental=False):
    """System → one body → its lists; ``incremental`` sets what the endpoint
    answers to a request with ``modified_since``."""
    u = server.url
    lists = {
        "meeting": ("body/1/meetings", meetings),
        "paper": ("body/1/papers", papers),
        "person": ("body/1/people", people),
    }
    if not incremental:
        server.set(
            "system", {"id": u("system"), "type": T + "System", "body": u("bodies")}
        )
        server.set(
            "bodies",
            server.page(
                [
                    {
                        "id": u("body/1"),
                        "type": T + "Body",
                        "name": "Gemeinde Musterhausen",
                        **{key: u(path) for key, (path, _items) in lists.items()},
                    }
                ]
            ),
        )
    for path, items in lists.values():
        key = "/oparl/" + path + ("#incremental" if incremental else "")
        server.routes[key] = (200, json.dumps(server.page(list(items))).encode())


def build_council():
    return factories.add_page(
        factories.home_page(),
        CouncilIndexPage,
        title="Gremien",
        slug="gremien",
        source_name="RIS",
    )


council = factories.module_data(build_council)


def meeting_html(client, council, oparl_id):
    meeting = Meeting.objects.get(oparl_id=oparl_id)
    response = client.get(f"{council.url}sitzung/{meeting.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def roles(file_id):
    return sorted(
        FileLink.objects.filter(file__oparl_id=file_id).values_list("role", flat=True)
    )


# --- the specification's example ------------------------------------------------------------
def test_spec_example_file_keeps_every_role(server, client, council):
    serve(server, meetings=[fixture("spec_meeting.json")])
    sync(server.url("system"))
    file_id = SPEC + "files/57739"
    assert File.objects.filter(oparl_id=file_id).count() == 1
    assert roles(file_id) == ["auxiliary", "invitation", "results", "verbatim"]
    names = dict(
        FileLink.objects.filter(file__oparl_id=file_id).values_list("role", "name")
    )
    assert names["invitation"] == "Einladung"
    assert names["verbatim"] == "Wortprotokoll"
    html = meeting_html(client, council, SPEC + "meeting/281")
    for label in ("Einladung", "Protokoll", "Wortprotokoll", "Nachtrags-Tagesordnung"):
        assert f'rel="external">{label}</a>' in html
    assert html.count('href="https://oparl.example.org/files/57739.pdf"') == 4
    # A second run with the same data does not multiply the uses.
    SyncState.objects.update(last_synced_at=None)
    sync(server.url("system"))
    assert len(roles(file_id)) == 4


# --- a real system's shape (SD.NET RIM) -----------------------------------------------------
def test_sdnet_meeting_agenda_item_files_location_and_public(server, client, council):
    serve(server, meetings=[fixture("sdnet_meeting.json")])
    sync(server.url("system"))
    meeting = Meeting.objects.get(oparl_id=SDNET + "meeting/1853")
    # The location once, although description, room, street and town repeat it.
    assert meeting.location == (
        "Rathaus der Gemeinde Musterhausen, Lindenweg 3, 12345 Musterhausen, "
        "Sitzungssaal"
    )
    assert (meeting.street_address, meeting.postal_code, meeting.locality) == (
        "Lindenweg 3",
        "12345",
        "Musterhausen",
    )
    # Files on agenda items: resolutions and attachments.
    item = AgendaItem.objects.get(oparl_id=SDNET + "agendaitem/7597")
    assert [(link.role, link.file.oparl_id) for link in item.file_links.all()] == [
        ("resolution", SDNET + "file/1-23370"),
        ("auxiliary", SDNET + "file/1-23380"),
        ("auxiliary", SDNET + "file/1-23381"),
    ]
    assert FileLink.objects.filter(agenda_item__meeting=meeting).count() == 5
    assert FileLink.objects.filter(meeting=meeting).count() == 2
    # The source leaves out "public" (its non-public items are not published):
    # unknown, not assumed.
    assert set(meeting.agenda_items.values_list("public", flat=True)) == {None}
    # Names longer than any limit arrive complete.
    assert item.name.endswith("b) Auslegungsbeschluss für die formelle Beteiligung")

    html = meeting_html(client, council, meeting.oparl_id)
    assert "nicht öffentlich" not in html
    assert html.count("Rathaus der Gemeinde Musterhausen") == 2  # page and JSON-LD
    agenda = html.split('class="agenda"')[1].split("</ol>")[0]
    assert "Anlage 2 - Begründung" in agenda
    assert "files/download" not in html  # the access URL is the link
    assert (
        f"{SDNET}files/QWxwaGFUb2tlbjA1/Beschlusstext.pdf" in agenda
    )  # resolution of item 4.
    assert (
        "Bekanntmachung (Bau- und Entwicklungsausschuss)"
        in html.split('id="files-title"')[1]
    )


def test_public_true_false_and_missing(server, client, council):
    meeting = server.meeting(1, "Sitzung", "2026-10-01T18:00:00+02:00", items=3)
    meeting["agendaItem"][0]["public"] = True
    meeting["agendaItem"][1]["public"] = False
    meeting["agendaItem"][2]["public"] = "ja"  # not a boolean: unknown
    serve(server, meetings=[meeting])
    sync(server.url("system"))
    values = Meeting.objects.get().agenda_items.values_list("public", flat=True)
    assert list(values) == [True, False, None]
    html = meeting_html(client, council, server.url("meeting/1"))
    assert html.count("nicht öffentlich") == 1


# --- removals inside objects --------------------------------------------------------------
def with_files(server, meeting, invitation=101):
    meeting["invitation"] = server.file(invitation)
    meeting["agendaItem"][0]["resolutionFile"] = server.file(201)
    meeting["agendaItem"][0]["auxiliaryFile"] = [server.file(202)]
    return meeting


def person(server, memberships):
    return {
        "id": server.url("person/1"),
        "type": T + "Person",
        "name": "Erika Muster",
        "membership": [
            {
                "id": server.url(f"membership/{number}"),
                "type": T + "Membership",
                "role": "Mitglied",
                **extra,
            }
            for number, extra in memberships
        ],
    }


def test_removals_inside_objects_are_mirrored_incrementally(server, client, council):
    meeting = with_files(
        server, server.meeting(1, "Sitzung", "2030-01-10T18:00:00+01:00", items=3)
    )
    serve(
        server,
        meetings=[meeting],
        people=[person(server, [(1, {}), (2, {}), (3, {})])],
    )
    sync(server.url("system"))
    assert Meeting.objects.get().agenda_items.filter(deleted=False).count() == 3
    assert Membership.objects.current().count() == 3
    since = {
        state.list_url.removeprefix(server.base): state.last_synced_at.isoformat(
            timespec="seconds"
        )
        for state in SyncState.objects.filter(list_url__startswith=server.base)
    }

    # At the source: item 2 withdrawn (left out, as OParl 1.0 servers do), item 3
    # deleted (OParl 1.1), the invitation replaced by a new file, the attachment
    # of item 1 removed; membership 2 removed, membership 3 ended.
    changed = with_files(server, copy.deepcopy(meeting), invitation=102)
    changed["agendaItem"][0].pop("auxiliaryFile")
    changed["agendaItem"][2] = {
        "id": changed["agendaItem"][2]["id"],
        "type": T + "AgendaItem",
        "deleted": True,
        "modified": "2026-12-01T10:00:00+01:00",
    }
    del changed["agendaItem"][1]
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    serve(
        server,
        meetings=[changed],
        people=[person(server, [(1, {}), (3, {"endDate": yesterday})])],
        incremental=True,
    )
    server.requests.clear()
    sync(server.url("system"))
    for path, params in server.requests:
        if "/body/1/" in path:  # each list asks for what changed since its last run
            assert params["modified_since"] == since[path.removeprefix("/oparl/")]

    items = dict(
        AgendaItem.objects.values_list("oparl_id", "deleted").order_by("order")
    )
    assert items == {
        server.url("meeting/1/item/1"): False,
        server.url("meeting/1/item/2"): True,
        server.url("meeting/1/item/3"): True,
    }
    assert roles(server.url("file/101")) == []
    assert File.objects.get(oparl_id=server.url("file/101")).deleted
    assert roles(server.url("file/102")) == ["invitation"]
    assert File.objects.get(oparl_id=server.url("file/202")).deleted
    assert roles(server.url("file/201")) == ["resolution"]
    html = meeting_html(client, council, server.url("meeting/1"))
    assert "Tagesordnungspunkt 1" in html
    assert "Tagesordnungspunkt 2" not in html
    assert "Tagesordnungspunkt 3" not in html
    assert "dokument/101.pdf" not in html and "dokument/202.pdf" not in html
    assert "dokument/102.pdf" in html and "dokument/201.pdf" in html

    memberships = dict(Membership.objects.values_list("oparl_id", "deleted"))
    assert memberships[server.url("membership/2")] is True
    assert memberships[server.url("membership/3")] is False
    assert set(Membership.objects.current().values_list("oparl_id", flat=True)) == {
        server.url("membership/1")
    }


def test_deleted_meeting_and_person_take_their_contents_along(server, client, council):
    meeting = with_files(
        server, server.meeting(1, "Sitzung", "2030-01-10T18:00:00+01:00", items=2)
    )
    serve(server, meetings=[meeting], people=[person(server, [(1, {})])])
    sync(server.url("system"))
    gone = {"type": T + "Meeting", "deleted": True, "id": meeting["id"]}
    gone_person = {"type": T + "Person", "deleted": True, "id": server.url("person/1")}
    serve(server, meetings=[gone], people=[gone_person], incremental=True)
    sync(server.url("system"))
    meeting = Meeting.objects.get()
    assert meeting.deleted and meeting.name == "Sitzung"
    assert not meeting.agenda_items.filter(deleted=False).exists()
    assert not FileLink.objects.exists()
    assert not File.objects.filter(deleted=False).exists()
    assert not Membership.objects.current().exists()
    assert client.get(f"{council.url}sitzung/{meeting.pk}/").status_code == 404


def test_a_file_used_by_a_paper_and_an_agenda_item_keeps_both(server, client, council):
    meeting = server.meeting(1, "Sitzung", "2030-01-10T18:00:00+01:00", items=1)
    meeting["agendaItem"][0]["auxiliaryFile"] = [server.file(7)]
    paper = {
        "id": server.url("paper/1"),
        "type": T + "Paper",
        "name": "Vorlage",
        "reference": "BV/1/2030",
        "mainFile": server.file(7),
        "consultation": [
            {
                "id": server.url("consultation/1"),
                "type": T + "Consultation",
                "agendaItem": server.url("meeting/1/item/1"),
            }
        ],
    }
    serve(server, meetings=[meeting], papers=[paper])
    sync(server.url("system"))
    assert roles(server.url("file/7")) == ["auxiliary", "main"]
    item = AgendaItem.objects.get()
    assert item.paper.reference == "BV/1/2030"

    # The paper drops its main file and its consultation: the agenda item keeps
    # the file, and no longer points at the paper.
    changed = {**paper, "consultation": []}
    del changed["mainFile"]
    serve(server, papers=[changed], incremental=True)
    sync(server.url("system"))
    assert roles(server.url("file/7")) == ["auxiliary"]
    assert not File.objects.get(oparl_id=server.url("file/7")).deleted
    item.refresh_from_db()
    assert item.paper is None
    html = meeting_html(client, council, server.url("meeting/1"))
    assert "dokument/7.pdf" in html and "BV/1/2030" not in html


# --- lengths -----------------------------------------------------------------------------
def test_long_values_are_kept_or_visibly_shortened(server, caplog):
    long_name = "Bebauungsplan " + "sehr lang " * 120
    meeting = server.meeting(1, long_name, "2030-01-10T18:00:00+01:00", items=1)
    meeting["agendaItem"][0]["name"] = long_name
    meeting["agendaItem"][0]["number"] = "1" * 80
    meeting["invitation"]["name"] = long_name
    meeting["invitation"]["accessUrl"] = "https://ris.example/" + "x" * 2100
    paper = {
        "id": server.url("paper/1"),
        "type": T + "Paper",
        "name": long_name,
        "reference": "R" * 300,
    }
    serve(server, meetings=[meeting], papers=[paper])
    with caplog.at_level(logging.WARNING, logger="council.oparl"):
        sync(server.url("system"))
    assert len(long_name) > 1000
    assert Meeting.objects.get().name == long_name.strip()
    assert AgendaItem.objects.get().name == long_name.strip()
    assert FileLink.objects.get().name == long_name.strip()
    reference = Paper.objects.get().reference
    assert len(reference) == 200 and reference.endswith("…")
    number = AgendaItem.objects.get().number
    assert len(number) == 50 and number.endswith("…")
    # A URL that does not fit is not cut into another address: the file's id
    # stands in for it.
    assert File.objects.get().access_url == server.url("file/101")
    assert "reference has 300 characters, shortened to 200" in caplog.text
    assert "accessUrl longer than 2000 characters" in caplog.text


# --- structured data and sitemap ------------------------------------------------------------
def json_ld(html, type_):
    for chunk in html.split('<script type="application/ld+json">')[1:]:
        data = json.loads(chunk.split("</script>")[0])
        if data.get("@type") == type_:
            return data
    raise AssertionError(f"no {type_} in the page")


def test_meeting_event_has_a_place_with_address_and_an_image(
    server, client, council, settings
):
    serve(
        server, meetings=[fixture("sdnet_meeting.json"), fixture("spec_meeting.json")]
    )
    sync(server.url("system"))
    event = json_ld(meeting_html(client, council, SDNET + "meeting/1853"), "Event")
    assert event["location"] == {
        "@type": "Place",
        "name": "Rathaus der Gemeinde Musterhausen, Sitzungssaal",
        "address": {
            "@type": "PostalAddress",
            "addressCountry": "DE",
            "streetAddress": "Lindenweg 3",
            "postalCode": "12345",
            "addressLocality": "Musterhausen",
        },
    }
    assert event["organizer"]["name"] == "Gemeinde Musterhausen"
    assert "image" not in event  # neither a teaser image nor a logo yet
    # Only a description at the source: the address is that text.
    event = json_ld(meeting_html(client, council, SPEC + "meeting/281"), "Event")
    assert event["location"]["address"] == (
        "Rathaus der Beispielstadt, Ratshausplatz 1, 12345 Beispielstadt"
    )


def test_meeting_image_falls_back_to_the_portal_logo(server, client, council, site):
    from portal.models import PortalSettings
    from tests.factories import ImageFactory

    serve(server, meetings=[fixture("spec_meeting.json")])
    sync(server.url("system"))
    settings_ = PortalSettings.for_site(site)
    settings_.logo = ImageFactory(title="Wappen")
    settings_.save()
    event = json_ld(meeting_html(client, council, SPEC + "meeting/281"), "Event")
    assert event["image"][0]["name"] == "Wappen"
    assert event["image"][0]["contentUrl"].startswith("http://testserver/")
    council = CouncilIndexPage.objects.get(pk=council.pk)  # the module's is shared
    council.teaser_image = ImageFactory(title="Ratssaal")
    council.save_revision().publish()
    event = json_ld(meeting_html(client, council, SPEC + "meeting/281"), "Event")
    assert event["image"][0]["name"] == "Ratssaal"


def test_sitemap_lists_meeting_and_paper_pages(server, client, council):
    meetings = [
        server.meeting(1, "Sitzung", "2030-01-10T18:00:00+01:00"),
        server.meeting(2, "Gelöscht", "2030-01-11T18:00:00+01:00"),
    ]
    papers = [{"id": server.url("paper/1"), "type": T + "Paper", "name": "Vorlage"}]
    serve(server, meetings=meetings, papers=papers)
    sync(server.url("system"))
    Meeting.objects.filter(oparl_id=server.url("meeting/2")).update(deleted=True)
    sitemap = client.get("/sitemap.xml").content.decode()
    kept, gone = (
        Meeting.objects.get(oparl_id=server.url(f"meeting/{n}")) for n in (1, 2)
    )
    paper = Paper.objects.get()
    assert f"<loc>http://testserver/gremien/sitzung/{kept.pk}/</loc>" in sitemap
    assert f"/gremien/sitzung/{gone.pk}/<" not in sitemap
    assert f"<loc>http://testserver/gremien/vorlage/{paper.pk}/</loc>" in sitemap
