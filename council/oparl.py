"""Synchronise council data from an OParl 1.1 endpoint.

Walks ``System`` → ``body`` list → each body's ``organization``, ``person``,
``meeting`` and ``paper`` lists, following ``links.next``. Each page of a
list is imported in one transaction, and the list's :class:`SyncState` records
where to resume: a failure in the middle leaves only complete pages behind,
and the next run continues with the page that failed. A complete run stores
its start time; the next run asks only for objects ``modified_since`` then.
Objects the source marks ``deleted`` stay here with ``deleted=True``.

Embedded lists are mirrored exactly: when a meeting, person or paper is synced,
its agenda items, memberships, file uses and consultations are what the source
sends *now*. An agenda item or membership that is no longer embedded is marked
deleted (OParl 1.0 servers drop them, 1.1 servers send ``deleted: true``); a file
no longer used anywhere is marked deleted. See docs/news-and-council.md.
"""

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from council.models import (
    AgendaItem,
    Body,
    File,
    FileLink,
    FileRole,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
    SyncState,
)

logger = logging.getLogger(__name__)


class OParlError(Exception):
    """The endpoint answered with an error, invalid JSON or an invalid object."""


# --- transport --------------------------------------------------------------------------
class LocalDirectoryAdapter(requests.adapters.BaseAdapter):
    """Answers requests below ``base_url`` from JSON files in ``directory``.

    Used by the demo (and usable offline) so that fixture files go through the
    same code path as a real endpoint. ``<base>/body/1/meeting?page=2`` is read
    from ``body_1_meeting__page=2.json``; ``modified_since`` is ignored.
    """

    def __init__(self, base_url, directory):
        super().__init__()
        self.base_url = base_url
        self.directory = Path(directory)

    def send(self, request, **kwargs):
        parts = urlsplit(request.url)
        path = unquote(request.url.split("?")[0][len(self.base_url) :]).strip("/")
        query = "&".join(
            part
            for part in parts.query.split("&")
            if part and not part.startswith("modified_since=")
        )
        name = path.replace("/", "_") + (f"__{query}" if query else "") + ".json"
        response = requests.Response()
        response.url = request.url
        response.request = request
        file = self.directory / name
        if file.is_file() and file.resolve().parent == self.directory.resolve():
            response.status_code = 200
            response._content = file.read_bytes()
            response.headers["Content-Type"] = "application/json"
        else:
            response.status_code = 404
            response._content = b""
        return response

    def close(self):
        pass


class Client:
    def __init__(self, session=None, timeout=None):
        self.session = session or requests.Session()
        self.timeout = timeout or getattr(settings, "OPARL_TIMEOUT", 30)

    def get(self, url, params=None):
        try:
            response = self.session.get(
                url,
                params=params,
                timeout=self.timeout,
                headers={"Accept": "application/json"},
            )
        except requests.RequestException as error:
            raise OParlError(f"{url}: {error}") from error
        if response.status_code != 200:
            raise OParlError(f"{url}: HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError as error:
            raise OParlError(f"{url}: invalid JSON ({error})") from error
        if not isinstance(data, dict):
            raise OParlError(f"{url}: expected a JSON object")
        return data

    @staticmethod
    def full_url(url, params):
        return requests.Request("GET", url, params=params).prepare().url


# --- field helpers ---------------------------------------------------------------------
def _text(item, key):
    """A string value, complete (for text fields without a length limit)."""
    value = item.get(key)
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value).strip()


def _str(item, key, limit):
    """A string value for a field of ``limit`` characters: longer values are
    shortened visibly (with "…") and logged, never cut silently."""
    value = _text(item, key)
    if len(value) > limit:
        logger.warning(
            "%s: %s has %d characters, shortened to %d",
            item.get("id"),
            key,
            len(value),
            limit,
        )
        value = value[: limit - 1].rstrip() + "…"
    return value


URL_LIMIT = 2000


def _url(item, key):
    value = item.get(key)
    if not isinstance(value, str) or not value.startswith("http"):
        return ""
    if len(value) > URL_LIMIT:
        # A shortened URL would point somewhere else: leave it out instead.
        logger.warning(
            "%s: %s longer than %d characters, left out", item.get("id"), key, URL_LIMIT
        )
        return ""
    return value


def _datetime(item, key):
    value = item.get(key)
    if not isinstance(value, str):
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        return None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _date(item, key):
    value = item.get(key)
    if not isinstance(value, str):
        return None
    try:
        return parse_date(value[:10])
    except ValueError:
        return None


def _check(item, expected_type):
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        raise OParlError(f"invalid {expected_type} object: {str(item)[:200]}")
    if len(item["id"]) > 500:
        raise OParlError(f"{item['id'][:200]}…: id longer than 500 characters")
    item_type = item.get("type", "")
    if item_type and not item_type.rstrip("/").endswith(expected_type):
        raise OParlError(f"{item['id']}: expected {expected_type}, got {item_type}")


def upsert(model, item, expected_type, **fields):
    """Create or update ``model`` from an OParl object; deleted objects keep their data."""
    _check(item, expected_type)
    common = {
        "modified": _datetime(item, "modified"),
        "created": _datetime(item, "created"),
    }
    if item.get("deleted") is True:
        obj, _created = model.objects.update_or_create(
            oparl_id=item["id"],
            defaults={"deleted": True, "modified": common["modified"]},
            create_defaults={"deleted": True, **common, **fields},
        )
        return obj
    defaults = {
        **common,
        "name": _text(item, "name"),
        "web": _url(item, "web"),
        "deleted": False,
        **fields,
    }
    obj, _created = model.objects.update_or_create(
        oparl_id=item["id"], defaults=defaults
    )
    return obj


def _files(value):
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [entry for entry in value if isinstance(entry, dict)]
    return []


def upsert_file(item):
    _check(item, "File")
    access_url = _url(item, "accessUrl")
    if not access_url and not item.get("deleted"):
        if not isinstance(item.get("accessUrl"), str):
            raise OParlError(f"{item['id']}: File without accessUrl")
        # Present but unusable (too long): the download URL or the id stands in.
        access_url = _url(item, "downloadUrl") or item["id"]
    size = item.get("size")
    return upsert(
        File,
        item,
        "File",
        file_name=_text(item, "fileName"),
        mime_type=_str(item, "mimeType", 100),
        size=size if isinstance(size, int) and size >= 0 else None,
        access_url=access_url or item["id"],
        download_url=_url(item, "downloadUrl"),
    )


def file_uses(item, roles, **owner):
    """``(file item, role, owner)`` for every file embedded in ``item`` under the
    keys of ``roles`` (``{key: role}``)."""
    uses = []
    for key, role in roles.items():
        for file in _files(item.get(key)):
            uses.append((file, role, owner))
    return uses


def replace_file_links(old_links, uses):
    """Make the file uses of one owner exactly ``uses``; mark files that are no
    longer used anywhere as deleted."""
    old_file_ids = set(old_links.values_list("file_id", flat=True))
    old_links.delete()
    seen = set()
    links = []
    for order, (item, role, owner) in enumerate(uses):
        file = upsert_file(item)
        key = (file.pk, role, tuple(sorted((k, v.pk) for k, v in owner.items())))
        if file.deleted or key in seen:
            continue
        seen.add(key)
        links.append(
            FileLink(
                file=file, role=role, name=_text(item, "name"), order=order, **owner
            )
        )
    FileLink.objects.bulk_create(links)
    File.objects.filter(pk__in=old_file_ids, links__isnull=True).update(deleted=True)


MEETING_FILES = {
    "invitation": FileRole.INVITATION,
    "resultsProtocol": FileRole.RESULTS,
    "verbatimProtocol": FileRole.VERBATIM,
    "auxiliaryFile": FileRole.AUXILIARY,
}
AGENDA_ITEM_FILES = {
    "resolutionFile": FileRole.RESOLUTION,
    "auxiliaryFile": FileRole.AUXILIARY,
}
PAPER_FILES = {"mainFile": FileRole.MAIN, "auxiliaryFile": FileRole.AUXILIARY}


def _ids(entries):
    """The ids of an embedded list whose entries are objects or URLs."""
    ids = set()
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, str):
            ids.add(entry)
        elif isinstance(entry, dict) and isinstance(entry.get("id"), str):
            ids.add(entry["id"])
    return ids


# --- one handler per list --------------------------------------------------------------
def handle_organization(item, body):
    upsert(
        Organization,
        item,
        "Organization",
        body=body,
        short_name=_str(item, "shortName", 200),
        organization_type=_str(item, "organizationType", 200),
        classification=_str(item, "classification", 200),
        start_date=_date(item, "startDate"),
        end_date=_date(item, "endDate"),
    )


def handle_person(item, body):
    person = upsert(
        Person,
        item,
        "Person",
        body=body,
        family_name=_str(item, "familyName", 200),
        given_name=_str(item, "givenName", 200),
        form_of_address=_str(item, "formOfAddress", 100),
    )
    memberships = item.get("membership") or []
    if item.get("deleted") is True:
        person.memberships.update(deleted=True)
        return
    if isinstance(memberships, list):
        # The embedded list is complete: a membership it no longer holds is gone.
        person.memberships.exclude(oparl_id__in=_ids(memberships)).update(deleted=True)
    for membership in memberships if isinstance(memberships, list) else []:
        if isinstance(membership, str):
            continue  # only a reference; the membership list is not synced
        organization = Organization.objects.filter(
            oparl_id=membership.get("organization") or ""
        ).first()
        voting = membership.get("votingRight")
        upsert(
            Membership,
            membership,
            "Membership",
            person=person,
            organization=organization,
            role=_str(membership, "role", 200),
            voting_right=voting if isinstance(voting, bool) else None,
            start_date=_date(membership, "startDate"),
            end_date=_date(membership, "endDate"),
        )


def _location(item):
    """The meeting place as one line without repeated parts, and its address.

    Real systems repeat themselves: SD.NET RIM sends the description
    "Rathaus, Alter Postweg 113, 26670 Ort, Sitzungssaal" *and* the room
    "Rathaus, Sitzungssaal", street, postal code and locality. A part is
    added to the line only if it is not already contained in it.
    """
    location = item.get("location")
    fields = {
        "location": "",
        "location_room": "",
        "street_address": "",
        "postal_code": "",
        "locality": "",
    }
    if not isinstance(location, dict) or location.get("deleted") is True:
        return fields
    fields.update(
        location_room=_text(location, "room"),
        street_address=_text(location, "streetAddress"),
        postal_code=_str(location, "postalCode", 20),
        locality=_text(location, "locality"),
    )
    town = " ".join(
        part for part in (fields["postal_code"], fields["locality"]) if part
    )
    parts = []
    for value in (
        _text(location, "description"),
        fields["location_room"],
        fields["street_address"],
        town,
    ):
        for part in value.split(","):
            part = " ".join(part.split())
            if part and not any(part.casefold() in kept.casefold() for kept in parts):
                parts.append(part)
    fields["location"] = ", ".join(parts)
    return fields


def handle_meeting(item, body):
    meeting = upsert(
        Meeting,
        item,
        "Meeting",
        body=body,
        meeting_state=_str(item, "meetingState", 100),
        cancelled=item.get("cancelled") is True,
        start=_datetime(item, "start"),
        end=_datetime(item, "end"),
        **_location(item),
    )
    links = FileLink.objects.filter(meeting=meeting) | FileLink.objects.filter(
        agenda_item__meeting=meeting
    )
    if item.get("deleted") is True:
        meeting.agenda_items.update(deleted=True)
        replace_file_links(links, [])
        return
    organizations = [
        url for url in item.get("organization") or [] if isinstance(url, str)
    ]
    meeting.organizations.set(Organization.objects.filter(oparl_id__in=organizations))
    uses = file_uses(item, MEETING_FILES, meeting=meeting)
    agenda = item.get("agendaItem") or []
    if isinstance(agenda, list):
        # The embedded agenda is complete: an item it no longer holds was withdrawn.
        meeting.agenda_items.exclude(oparl_id__in=_ids(agenda)).update(deleted=True)
    for position, agenda_item in enumerate(agenda if isinstance(agenda, list) else []):
        if isinstance(agenda_item, str):
            continue
        order = agenda_item.get("order") if isinstance(agenda_item, dict) else None
        public = agenda_item.get("public") if isinstance(agenda_item, dict) else None
        saved = upsert(
            AgendaItem,
            agenda_item,
            "AgendaItem",
            meeting=meeting,
            number=_str(agenda_item, "number", 50),
            order=order if isinstance(order, int) else position,
            # OParl: "public" is optional without a default; missing is unknown.
            public=public if isinstance(public, bool) else None,
            result=_text(agenda_item, "result"),
            resolution_text=_text(agenda_item, "resolutionText"),
        )
        if not saved.deleted:
            uses += file_uses(agenda_item, AGENDA_ITEM_FILES, agenda_item=saved)
    replace_file_links(links, uses)


def handle_paper(item, body):
    paper = upsert(
        Paper,
        item,
        "Paper",
        body=body,
        reference=_str(item, "reference", 200),
        date=_date(item, "date"),
        paper_type=_str(item, "paperType", 200),
    )
    links = FileLink.objects.filter(paper=paper)
    if item.get("deleted") is True:
        replace_file_links(links, [])
        AgendaItem.objects.filter(paper=paper).update(paper=None)
        return
    replace_file_links(links, file_uses(item, PAPER_FILES, paper=paper))
    agenda_items = set()
    for consultation in item.get("consultation") or []:
        if (
            isinstance(consultation, dict)
            and consultation.get("deleted") is not True
            and isinstance(consultation.get("agendaItem"), str)
        ):
            agenda_items.add(consultation["agendaItem"])
    AgendaItem.objects.filter(oparl_id__in=agenda_items).update(paper=paper)
    AgendaItem.objects.filter(paper=paper).exclude(oparl_id__in=agenda_items).update(
        paper=None
    )


LISTS = [
    ("organization", handle_organization),
    ("person", handle_person),
    ("meeting", handle_meeting),
    ("paper", handle_paper),
]


# --- walking the lists ---------------------------------------------------------------------
def sync_list(client, list_url, handler, body=None, report=None):
    """Import every page of one list; resumable, one transaction per page."""
    state, _created = SyncState.objects.get_or_create(list_url=list_url)
    state.last_run_at = timezone.now()
    if state.resume_url:
        url = state.resume_url
    else:
        state.pending_since = timezone.now()
        params = (
            {"modified_since": state.last_synced_at.isoformat(timespec="seconds")}
            if state.last_synced_at
            else None
        )
        url = Client.full_url(list_url, params)
    count = 0
    while url:
        state.resume_url = url
        state.save()
        try:
            data = client.get(url)
            items = data.get("data")
            if not isinstance(items, list):
                raise OParlError(f"{url}: a list page needs a 'data' array")
            links = data.get("links") if isinstance(data.get("links"), dict) else {}
            next_url = links.get("next") if isinstance(links.get("next"), str) else ""
            with transaction.atomic():
                for item in items:
                    handler(item, body)
                state.resume_url = next_url
                state.last_error = ""
                state.save()
        except OParlError as error:
            state.last_error = str(error)
            state.save(update_fields=["last_error", "last_run_at"])
            raise
        count += len(items)
        url = next_url
    state.last_synced_at = state.pending_since
    state.pending_since = None
    state.save()
    if report is not None:
        report.append((list_url, count))
    return count


def sync(system_url, client=None):
    """Synchronise everything below ``system_url``; returns ``[(list url, objects)]``."""
    client = client or Client()
    report = []
    system = client.get(system_url)
    if not str(system.get("type", "")).rstrip("/").endswith("System"):
        raise OParlError(f"{system_url}: not an OParl System object")
    body_list = system.get("body")
    if not isinstance(body_list, str):
        raise OParlError(f"{system_url}: the System has no body list")

    def handle_body(item, _body):
        lists = {key: item[key] for key, _h in LISTS if isinstance(item.get(key), str)}
        upsert(
            Body,
            item,
            "Body",
            short_name=_str(item, "shortName", 200),
            website=_url(item, "website"),
            system_url=system_url,
            lists=lists,
        )

    # The body list is small; it is read completely every time.
    SyncState.objects.filter(list_url=body_list).update(last_synced_at=None)
    sync_list(client, body_list, handle_body, report=report)
    bodies = Body.objects.filter(system_url=system_url, deleted=False).order_by("pk")
    for body in bodies:
        for key, handler in LISTS:
            list_url = body.lists.get(key)
            if list_url:
                sync_list(client, list_url, handler, body=body, report=report)
    return report
