"""The OParl sync against a real HTTP endpoint on loopback."""

import json
import socket
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from council.models import (
    AgendaItem,
    Body,
    File,
    Meeting,
    Membership,
    Organization,
    Paper,
    SyncState,
)
from council.oparl import Client, OParlError, sync
from tests.council.oparl_server import OParlServer, T

pytestmark = pytest.mark.django_db


@pytest.fixture
def server():
    server = OParlServer()
    server.install_default()
    yield server
    server.stop()


def first_run(server):
    return sync(server.url("system"))


def test_first_run_imports_everything_and_follows_paging(server):
    report = first_run(server)
    assert dict(report)[server.url("body/1/meetings")] == 3
    assert Body.objects.get(oparl_id=server.url("body/1")).name == "Gemeinde Testdorf"
    meetings = Meeting.objects.filter(oparl_id__startswith=server.base)
    assert meetings.count() == 3  # two pages
    assert "body/1/meetings?page=2" in server.paths()
    meeting = meetings.get(oparl_id=server.url("meeting/2"))
    assert meeting.location == "Gemeindehaus"
    assert list(meeting.organizations.values_list("name", flat=True)) == [
        "Gemeindevertretung Testdorf"
    ]
    assert meeting.agenda_items.count() == 2
    paper = Paper.objects.get(oparl_id=server.url("paper/1"))
    assert (
        AgendaItem.objects.get(oparl_id=server.url("meeting/2/item/1")).paper == paper
    )
    assert File.objects.get(oparl_id=server.url("file/1")).links.get().paper == paper
    assert File.objects.get(oparl_id=server.url("file/102")).links.get().role == (
        "invitation"
    )
    membership = Membership.objects.get(oparl_id=server.url("membership/1"))
    assert membership.organization.oparl_id == server.url("org/1")
    assert membership.voting_right is True
    # Missing optional fields are tolerated.
    assert Organization.objects.get(oparl_id=server.url("org/2")).name == ""
    assert Paper.objects.get(oparl_id=server.url("paper/2")).date is None
    # No modified_since on a first run; every list is marked complete.
    assert all("modified_since" not in params for _path, params in server.requests)
    for state in SyncState.objects.filter(list_url__startswith=server.base):
        assert state.last_synced_at is not None
        assert state.resume_url == ""


def test_incremental_run_uses_modified_since_and_keeps_deleted_objects(server):
    first_run(server)
    started = SyncState.objects.get(
        list_url=server.url("body/1/meetings")
    ).last_synced_at
    since = {
        state.list_url.removeprefix(server.base): state.last_synced_at.isoformat(
            timespec="seconds"
        )
        for state in SyncState.objects.filter(list_url__startswith=server.base)
    }
    server.requests.clear()
    # The endpoint now reports one changed meeting and one deleted paper.
    server.routes["/oparl/body/1/meetings#incremental"] = (
        200,
        json.dumps(
            server.page(
                [
                    server.meeting(
                        2, "Nächste Sitzung (verlegt)", "2030-01-05T18:00:00+01:00"
                    )
                ]
            )
        ).encode(),
    )
    server.routes["/oparl/body/1/papers#incremental"] = (
        200,
        json.dumps(
            server.page(
                [
                    {
                        "id": server.url("paper/1"),
                        "type": T + "Paper",
                        "deleted": True,
                        "modified": "2026-11-27T10:00:00+01:00",
                    }
                ]
            )
        ).encode(),
    )
    sync(server.url("system"))
    list_requests = [
        (path, params) for path, params in server.requests if "/body/1/" in path
    ]
    assert list_requests
    for path, params in list_requests:
        # Each list asks from the start of its own last complete run.
        assert params["modified_since"] == since[path.removeprefix("/oparl/")]
    assert "body/1/meetings?page=2" not in server.paths()
    meeting = Meeting.objects.get(oparl_id=server.url("meeting/2"))
    assert meeting.name == "Nächste Sitzung (verlegt)"
    assert meeting.start.year == 2030
    # Untouched objects stay as they were.
    assert Meeting.objects.get(oparl_id=server.url("meeting/3")).name == (
        "Übernächste Sitzung"
    )
    paper = Paper.objects.get(oparl_id=server.url("paper/1"))
    assert paper.deleted
    assert paper.name == "Neubau des Spielplatzes"  # kept, only marked
    assert (
        SyncState.objects.get(list_url=server.url("body/1/meetings")).last_synced_at
        > started
    )


def test_failure_in_the_middle_keeps_complete_pages_and_resumes(server):
    server.set("body/1/meetings?page=2", {"error": "boom"}, status=500)
    with pytest.raises(OParlError, match="HTTP 500"):
        first_run(server)
    ids = set(Meeting.objects.values_list("oparl_id", flat=True))
    assert {server.url("meeting/1"), server.url("meeting/2")} <= ids
    assert server.url("meeting/3") not in ids
    state = SyncState.objects.get(list_url=server.url("body/1/meetings"))
    assert state.resume_url == server.url("body/1/meetings?page=2")
    assert "HTTP 500" in state.last_error
    assert state.last_synced_at is None
    # Papers were never reached.
    assert not Paper.objects.filter(oparl_id__startswith=server.base).exists()

    server.install_default()
    server.requests.clear()
    first_run(server)
    meeting_requests = [p for p in server.paths() if p.startswith("body/1/meetings")]
    assert meeting_requests == ["body/1/meetings?page=2"]  # resumed, not restarted
    assert Meeting.objects.filter(oparl_id=server.url("meeting/3")).exists()
    assert Paper.objects.filter(oparl_id=server.url("paper/1")).exists()
    state.refresh_from_db()
    assert state.resume_url == "" and state.last_error == ""
    assert state.last_synced_at is not None


def test_invalid_json_imports_nothing_of_that_page(server):
    server.set("body/1/meetings", b'{"data": [ {"id": "x"')
    with pytest.raises(OParlError, match="invalid JSON"):
        first_run(server)
    assert not Meeting.objects.filter(oparl_id__startswith=server.base).exists()


def test_an_invalid_object_rolls_back_its_whole_page(server):
    data = server.page(
        [
            server.meeting(1, "Gute Sitzung", "2026-10-01T18:00:00+02:00"),
            {"type": T + "Meeting", "name": "Ohne ID"},
        ]
    )
    server.set("body/1/meetings", data)
    with pytest.raises(OParlError, match="invalid Meeting"):
        first_run(server)
    assert not Meeting.objects.filter(oparl_id=server.url("meeting/1")).exists()


def test_wrong_type_is_refused(server):
    server.set("system", {"id": server.url("system"), "type": T + "Body"})
    with pytest.raises(OParlError, match="not an OParl System"):
        first_run(server)


def test_unreachable_endpoint():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(OParlError):
        Client(timeout=2).get(f"http://127.0.0.1:{port}/oparl/system")


def test_management_command(server):
    output = StringIO()
    call_command("sync_oparl", server.url("system"), stdout=output)
    assert "OParl synchronisation complete." in output.getvalue()
    server.set("body/1/papers", b"not json")
    with pytest.raises(CommandError, match="next run resumes"):
        call_command("sync_oparl", server.url("system"), stdout=StringIO())


def test_command_needs_a_url(settings):
    settings.OPARL_SYSTEM_URL = ""
    with pytest.raises(CommandError, match="OPARL_SYSTEM_URL"):
        call_command("sync_oparl", stdout=StringIO())
